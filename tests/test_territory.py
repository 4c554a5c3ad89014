"""A district's territory and governance: comuni checked against the ISTAT list, one lead comune, sub-areas,
the managing body, governance bodies with their seats, and the import from a workbook or JSON that writes
everything or nothing."""
from __future__ import annotations

import io
import json

import pytest
from openpyxl import Workbook, load_workbook

from app import istat, territory
from app.extensions import db
from app.structure import InvalidField
from app.territory_files import TerritoryFileError, import_territory, read, template_xlsx
from app.territory_models import BodyKind, BodyMember, ManagementForm, Municipality
from tests.conftest import login

BASE = "/gestione/{slug}/territorio/"


def test_the_istat_list_is_the_one_the_readme_names():
    assert len(istat.comuni()) == istat.LIST_SIZE
    crema = istat.by_code("019035")
    assert (crema.name, crema.province) == ("Crema", "CR")
    assert istat.by_code("19035") == crema                 # a spreadsheet dropped the leading zero
    assert istat.by_name("rivolta d adda", "cr")[0].name == "Rivolta d'Adda"
    assert istat.by_code("999999") is None


def test_a_comune_takes_its_name_and_province_from_the_istat_code(district):
    crema = territory.add_municipality(district, istat_code="019035", population=33786, population_year=2023,
                                       is_lead=True)
    assert (crema.name, crema.province, crema.is_lead) == ("Crema", "CR", True)
    with pytest.raises(InvalidField) as unknown:
        territory.add_municipality(district, istat_code="019999")
    assert unknown.value.field == "istat_code" and "019999" in unknown.value.message
    with pytest.raises(InvalidField) as wrong_name:
        territory.add_municipality(district, istat_code="019086", name="Soncino")
    assert wrong_name.value.field == "name" and "Romanengo" in wrong_name.value.message
    with pytest.raises(InvalidField) as twice:
        territory.add_municipality(district, istat_code="019035")
    assert "già" in twice.value.message
    with pytest.raises(InvalidField) as no_year:
        territory.add_municipality(district, istat_code="019097", population=7500)
    assert no_year.value.field == "population_year"


def test_one_lead_comune_and_sub_areas_that_group_comuni_once(district):
    crema = territory.add_municipality(district, istat_code="019035", is_lead=True)
    soncino = territory.add_municipality(district, istat_code="019097", is_lead=True)
    assert not crema.is_lead and soncino.is_lead
    north = territory.add_sub_area(district, "Nord", [crema, soncino])
    south = territory.add_sub_area(district, "Sud", [crema])
    assert crema.sub_area == south and soncino.sub_area == north
    held = territory.territory(district)
    assert held.lead == soncino and held.missing_population == 2
    territory.delete_sub_area(south)
    assert crema.sub_area is None


def test_bodies_keep_seats_for_comuni_of_the_district_only(district, make_user):
    crema = territory.add_municipality(district, istat_code="019035")
    assembly = territory.add_body(district, kind=BodyKind.MAYORS_ASSEMBLY, name="Assemblea dei Sindaci")
    territory.add_member(assembly, name="Sindaco di Crema", role="presidente", municipality=crema)
    other = territory.add_municipality(_other_district(), istat_code="016091")
    with pytest.raises(InvalidField):
        territory.add_member(assembly, name="Sindaco di Dalmine", municipality=other)
    with pytest.raises(InvalidField):
        territory.add_body(district, kind=BodyKind.COMMITTEE, name="Assemblea dei Sindaci")
    assert [m.name for m in assembly.members] == ["Sindaco di Crema"]


def _other_district():
    from app.plans import find_or_create_district
    return find_or_create_district("Ambito di Dalmine", "Bergamo")


def _workbook(comuni_rows, body_rows=()) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Comuni"
    sheet.append(["Codice ISTAT", "Comune", "Popolazione", "Anno popolazione", "Capofila", "Sub-ambito"])
    for row in comuni_rows:
        sheet.append(list(row))
    bodies = book.create_sheet("Organismi")
    bodies.append(["Organismo", "Tipo", "Componente", "Ruolo", "Comune (codice ISTAT)"])
    for row in body_rows:
        bodies.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_workbook_imports_whole_or_not_at_all(district):
    good = _workbook([("019035", "Crema", 33786, 2023, "sì", "Crema città"), (19097, "Soncino", "7.600", 2023, "", "")],
                     [("Assemblea dei Sindaci", "Mayors' assembly", "Sindaco di Crema", "sindaco", "019035"),
                      ("Assemblea dei Sindaci", "Mayors' assembly", "Sindaco di Soncino", "sindaco", "019097")])
    counts = import_territory(district, read("territorio.xlsx", good))
    assert counts == {"municipalities": 2, "bodies": 1, "members": 2, "figures": 0}
    soncino = db.session.scalar(db.select(Municipality).filter_by(istat_code="019097"))
    assert soncino.population == 7600 and soncino.sub_area is None
    db.session.commit()

    bad = _workbook([("019035", "Crema", 34000, 2024, "sì", ""), ("123", "Nessuno", "", "", "", ""),
                     ("019097", "Soncino", "molti", 2023, "", "")])
    with pytest.raises(TerritoryFileError) as refused:
        import_territory(district, read("territorio.xlsx", bad))
    db.session.rollback()
    assert len(refused.value.problems) == 2
    assert refused.value.problems[0].startswith("Comuni, riga 3") and "123" in refused.value.problems[0]
    assert "molti" in refused.value.problems[1]
    crema = db.session.scalar(db.select(Municipality).filter_by(istat_code="019035"))
    assert crema.population == 33786            # nothing of the bad file was written


def test_importing_again_updates_comuni_and_replaces_a_bodys_members(district):
    data = {"municipalities": [{"istat_code": "019035", "population": 33000, "population_year": 2022}],
            "bodies": [{"kind": "mayors_assembly", "name": "Assemblea", "members": [{"name": "A"}, {"name": "B"}]}]}
    import_territory(district, data)
    data["municipalities"][0]["population"] = 33786
    data["bodies"][0]["members"] = [{"name": "C", "municipality": "019035"}]
    import_territory(district, data)
    db.session.commit()
    assert db.session.scalar(db.select(Municipality.population)) == 33786
    assert [m.name for m in db.session.scalars(db.select(BodyMember))] == ["C"]


def test_unreadable_files_say_why():
    with pytest.raises(TerritoryFileError) as not_json:
        read("territorio.json", b"{nope")
    assert "JSON" in not_json.value.problems[0]
    with pytest.raises(TerritoryFileError):
        read("territorio.xlsx", b"not a workbook")
    with pytest.raises(TerritoryFileError):
        read("territorio.json", json.dumps([1, 2]).encode())


def test_the_demo_district_has_its_48_comuni_assembly_and_managing_body(app):
    from app.cli import DEMO_ACCOUNTS, DEMO_PASSWORD
    from app.demo import load_demo
    plan = load_demo(DEMO_ACCOUNTS, DEMO_PASSWORD)
    held = territory.territory(plan.district)
    assert len(held.municipalities) == 48 and held.lead.name == "Crema"
    assert held.population == 160402 and held.years == [2023]
    assert held.management.form == ManagementForm.SPECIAL_AGENCY
    assembly = next(b for b in held.bodies if b.kind == BodyKind.MAYORS_ASSEMBLY)
    assert len(assembly.members) == 48 and all(m.municipality for m in assembly.members)
    load_demo(DEMO_ACCOUNTS, DEMO_PASSWORD)                 # again: nothing doubled
    assert len(territory.territory(plan.district).municipalities) == 48


def test_the_office_keeps_the_territory_from_its_pages(client, office, district):
    login(client, office)
    base = BASE.format(slug=district.slug)
    assert client.get(base).status_code == 200
    bad = client.post(base + "comuni/nuovo", data={"istat_code": "12", "name": "Crema"})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "ISTAT" in page and 'value="Crema"' in page     # what was typed stays
    added = client.post(base + "comuni/nuovo", data={"istat_code": "019035", "population": "33786",
                                                     "population_year": "2023", "is_lead": "y"})
    assert added.status_code == 302
    crema = db.session.scalar(db.select(Municipality))
    edit = f"/gestione/{district.slug}/comuni/{crema.id}/modifica"
    stale = client.post(edit, data={"version": crema.version + 5, "istat_code": "019035", "population": "1",
                                    "population_year": "2023"})
    assert stale.status_code == 422 and "Qualcun altro" in stale.get_data(as_text=True)
    assert db.session.get(Municipality, crema.id).population == 33786
    management = client.post(base + "gestione", data={"form": "special_agency", "body": "Comunità Sociale"})
    assert management.status_code == 302
    body = client.post(base + "organismi/nuovo", data={"kind": "mayors_assembly", "name": "Assemblea dei Sindaci"})
    member = client.post(body.headers["Location"], data={"name": "Sindaco di Crema", "municipality_id": crema.id})
    assert member.status_code == 302
    overview = client.get(base).get_data(as_text=True)
    assert "Comunità Sociale" in overview and "33.786" in overview and "Assemblea dei Sindaci" in overview
    workbook = load_workbook(io.BytesIO(client.get(base + "territorio.xlsx").data))
    assert workbook["Comuni"]["A2"].value == "019035" and workbook["Organismi"]["C2"].value == "Sindaco di Crema"


def test_the_import_page_lists_every_problem_and_writes_nothing(client, office, district):
    login(client, office)
    data = _workbook([("019035", "Soncino", "", "", "", ""), ("999999", "", "", "", "", "")])
    answer = client.post(BASE.format(slug=district.slug) + "importa",
                         data={"file": (io.BytesIO(data), "territorio.xlsx")}, content_type="multipart/form-data")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "Comuni, riga 2" in page and "Comuni, riga 3" in page
    assert db.session.scalar(db.select(db.func.count(Municipality.id))) == 0
    template = template_xlsx(district)
    assert load_workbook(io.BytesIO(template)).sheetnames == ["Comuni", "Organismi", "Gestione"]


def test_sub_area_pages_refuse_bad_input_and_keep_it(client, office, district):
    login(client, office)
    crema = territory.add_municipality(district, istat_code="019035")
    north = territory.add_sub_area(district, "Nord", [crema])
    db.session.commit()
    edit = f"/gestione/{district.slug}/sottoambiti/{north.id}/"
    assert client.get(edit + "modifica").status_code == 200
    bad = client.post(edit + "modifica", data={"version": north.version, "name": "", "municipalities": ["x"]})
    assert bad.status_code == 422 and db.session.get(type(north), north.id).name == "Nord"
    no_version = client.post(edit + "salva", data={"name": "Sud"})
    assert no_version.status_code == 400 and no_version.json["error"] == "invalid"
    saved = client.post(edit + "salva", data={"version": north.version, "name": "Nord-est",
                                             "municipalities": [crema.id]})
    assert saved.status_code == 200 and saved.json["ok"]
    deleted = client.post(edit + "elimina", data={})
    assert deleted.status_code == 302 and db.session.get(Municipality, crema.id).sub_area_id is None
