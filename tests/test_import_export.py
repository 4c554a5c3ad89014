"""Importing and exporting plans: every problem listed, nothing written on any problem; the CLI and the office UI."""
from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.audit import actor_name
from app.cli import main
from app.extensions import db
from app.account_models import User
from app.models import Plan, Role
from app.plan_files import import_plan_file
from app.plan_dump import plan_to_dict
from app.plans import PlanImportError, find_or_create_district, import_plan, sample_data
from exports.plan_xlsx import plan_to_xlsx, template_xlsx
from tests.conftest import login

OTHER_DISTRICTS = Path("/work/shared/data/other-districts.json")
FUNDING_KINDS = {"foundation call": "foundation_calls", "regional/EU funds": "national_regional"}


def dalmine_plan() -> dict:
    """A plan of the Dalmine district built from what it published (organizations, foundation funding)."""
    if OTHER_DISTRICTS.exists():
        dalmine = json.loads(OTHER_DISTRICTS.read_text())["districts"][0]
    else:  # the shared folder is outside the repository: keep the facts used below
        dalmine = {"name": "Ambito territoriale di Dalmine", "province": "Bergamo", "actions": [
            {"title": "Autori del cambiamento", "area": "Minori e famiglie",
             "lead": {"name": "Cooperativa sociale L'Impronta", "type": "cooperativa"},
             "funding": [{"source": "Fondazione della Comunità Bergamasca, bando 2/2013", "kind": "foundation call",
                          "amount_eur": 14000}]},
            {"title": "Coprogettazione del sistema dei servizi per minori e famiglie", "area": "Minori e famiglie",
             "start": "2013-03"}]}
    actions = []
    for n, action in enumerate(dalmine["actions"], start=1):
        actions.append({
            "code": f"1.{n}", "title": action["title"], "planned_start": action.get("start"),
            "organizations": [dict(action["lead"], role="lead")] if action.get("lead") else [],
            "budget": [{"source": FUNDING_KINDS[f["kind"]], "amount": f["amount_eur"], "description": f["source"]}
                       for f in action.get("funding", [])],
            "referents": [{"email": "coordinamento@dalmine.example", "name": "Coordinamento"}],
        })
    return {"district": {"name": dalmine["name"], "province": dalmine["province"]},
            "plan": {"title": "Piano di Zona 2015-2017", "start_year": 2015, "end_year": 2017,
                     "theses": ["Dalla delega alla corresponsabilità"],
                     "areas": [{"name": dalmine["actions"][0]["area"], "actions": actions}]}}


def broken_plan() -> dict:
    data = dalmine_plan()
    first, second = data["plan"]["areas"][0]["actions"]
    first["planned_start"] = "31/02/2015"
    first["budget"][0]["amount"] = "-500"
    first["referents"] = [{"email": "not-an-address"}]
    second["code"] = "1.1"
    second["theses"] = [4]
    del data["plan"]["title"]
    return data


def table_counts() -> dict[str, int]:
    db.session.expire_all()
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


@pytest.fixture
def pdz(app):
    token = actor_name.set("system")
    runner = app.test_cli_runner()
    yield lambda *args: runner.invoke(main, [str(a) for a in args])
    actor_name.reset(token)


# ---- the service ------------------------------------------------------------------------------------------

def test_dalmine_plan_imports_with_organizations_budget_and_referents(app):
    plan = import_plan(dalmine_plan())
    db.session.commit()
    action = plan.actions[0]
    assert plan.district.name == "Ambito territoriale di Dalmine"
    assert [(i.organization.name, i.organization.type.value, i.role.value) for i in action.involvements] == [
        ("Cooperativa sociale L'Impronta", "cooperativa", "lead")]
    assert [(b.source.value, str(b.planned_amount)) for b in action.budget_lines] == [("foundation_calls", "14000.00")]
    assert plan.actions[1].planned_start.isoformat() == "2013-03-01"
    referent = db.session.scalar(select(User).filter_by(email="coordinamento@dalmine.example"))
    assert referent.roles_in(plan.district_id) == {Role.REFERENT} and len(referent.actions) == 2


def test_every_problem_is_listed_and_nothing_is_written(app, plan):
    before = table_counts()
    with pytest.raises(PlanImportError) as caught:
        import_plan(broken_plan())
    db.session.rollback()
    found = {(p.where, p.field) for p in caught.value.problems}
    assert found == {
        ("plan", "title"),
        ("plan.areas[0].actions[0]", "planned_start"),
        ("plan.areas[0].actions[0].budget[0]", "amount"),
        ("plan.areas[0].actions[0].referents[0]", "email"),
        ("plan.areas[0].actions[1]", "code"),
        ("plan.areas[0].actions[1]", "theses"),
    }
    assert table_counts() == before


def test_problems_found_against_the_database_also_write_nothing(app, plan):
    """A second import of the same plan is refused before anything (not even a district) is created."""
    before = table_counts()
    with pytest.raises(PlanImportError) as caught:
        import_plan(sample_data())
    db.session.rollback()
    assert [(p.where, p.field) for p in caught.value.problems] == [("plan", "title")]
    assert table_counts() == before


@pytest.mark.parametrize("change, where, field", [
    (lambda d: d["plan"]["areas"].append(copy.deepcopy(d["plan"]["areas"][0]) | {"actions": []}),
     "plan.areas[1]", "name"),
    (lambda d: d["plan"]["areas"][0]["actions"][0]["organizations"].append(
        {"name": "Cooperativa sociale L'Impronta"}), "plan.areas[0].actions[0].organizations[1]", "name"),
    (lambda d: d["plan"]["areas"][0]["actions"][0]["budget"][0].update(amount="1e20"),
     "plan.areas[0].actions[0].budget[0]", "amount"),
    (lambda d: d["plan"]["areas"][0]["actions"][0]["budget"][0].update(amount="NaN"),
     "plan.areas[0].actions[0].budget[0]", "amount"),
    (lambda d: d["plan"]["areas"][0]["actions"][0].update(code=None, planned_end="2014-01-01",
                                                          planned_start="2015-01-01"),
     "plan.areas[0].actions[0]", "planned_end"),
    (lambda d: d["plan"]["areas"][0]["actions"][0].update(code="1.2") or
     d["plan"]["areas"][0]["actions"][1].update(code=None), "plan.areas[0].actions[1]", "code"),
    (lambda d: d["plan"].update(start_year="duemila"), "plan", "start_year"),
    (lambda d: d["plan"]["areas"][0]["actions"][0]["organizations"][0].update(type="ente strano"),
     "plan.areas[0].actions[0].organizations[0]", "type"),
])
def test_each_kind_of_bad_value_is_a_problem(app, change, where, field):
    data = dalmine_plan()
    change(data)
    with pytest.raises(PlanImportError) as caught:
        import_plan(data)
    assert (where, field) in {(p.where, p.field) for p in caught.value.problems}, caught.value.problems


def test_italian_dates_and_amounts_are_understood(app):
    data = dalmine_plan()
    action = data["plan"]["areas"][0]["actions"][0]
    action.update(planned_start="05/03/2015", planned_end="2015-12-31T00:00:00")
    action["budget"][0].update(amount="6.000,50 €", source="foundation call")
    plan = import_plan(data)
    assert plan.actions[0].planned_start.isoformat() == "2015-03-05"
    assert str(plan.actions[0].budget_lines[0].planned_amount) == "6000.50"
    assert plan.actions[0].budget_lines[0].source.value == "foundation_calls"


@pytest.mark.parametrize("name, content, field", [
    ("plan.json", b'{"plan": {"title": "x",}', "JSON"),
    ("plan.json", b"\xff\xfe\x00binary", ""),
    ("plan.xlsx", b"this is not a workbook", ""),
    ("plan.json", b"[1, 2]", ""),
])
def test_unreadable_files_give_a_clear_problem(app, name, content, field):
    with pytest.raises(PlanImportError) as caught:
        import_plan_file(name, content)
    [problem] = caught.value.problems
    assert problem.field == field and problem.message


def test_xlsx_problems_of_the_reader_and_of_the_importer_come_together(app):
    data = dalmine_plan()
    data["plan"]["areas"][0]["actions"][0]["referents"] = [{"email": "bad address"}]
    data["plan"]["areas"][0]["actions"][1]["planned_start"] = "marzo"
    wb = load_workbook(io.BytesIO(plan_to_xlsx(data)))
    wb["Azioni"]["A3"] = "Area sconosciuta"
    wb["Budget"]["B2"] = "Regione Marte"
    buffer = io.BytesIO()
    wb.save(buffer)
    before = table_counts()
    with pytest.raises(PlanImportError) as caught:
        import_plan_file("piano.xlsx", buffer.getvalue())
    db.session.rollback()
    problems = [(p.where, p.field) for p in caught.value.problems]
    assert sorted(problems) == [("Azioni, riga 2", "Referenti"), ("Azioni, riga 3", "Area"),
                                ("Azioni, riga 3", "Inizio"), ("Budget, riga 2", "Fonte")]   # each once
    assert table_counts() == before


# ---- the CLI -------------------------------------------------------------------------------------------------

def test_cli_import_of_a_bad_json_lists_every_problem_and_writes_nothing(pdz, plan, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken_plan()))
    before = table_counts()
    result = pdz("import", "plan", path)
    assert result.exit_code == 1
    for text in ("plan – title", "actions[0] – planned_start", "budget[0] – amount", "referents[0] – email",
                 "actions[1] – code", "actions[1] – theses"):
        assert text in result.output
    assert "Traceback" not in result.output
    assert table_counts() == before


def test_cli_import_of_a_file_that_is_not_json(pdz, app, tmp_path):
    path = tmp_path / "plan.json"
    path.write_text("district: Crema\n")
    result = pdz("import", "plan", path)
    assert result.exit_code == 1 and "JSON" in result.output and "Traceback" not in result.output


def test_cli_import_and_export_round_trip_between_districts(pdz, plan, tmp_path, make_user):
    dalmine = import_plan(dalmine_plan()).district
    db.session.commit()
    for fmt in ("json", "xlsx"):
        path = tmp_path / f"crema.{fmt}"
        result = pdz("export", "plan", plan.id, "--format", fmt, "-o", path)
        assert result.exit_code == 0, result.output
        result = pdz("import", "plan", path, "--district", dalmine.slug)
        if fmt == "xlsx":   # the JSON copy is already there under the same title
            assert result.exit_code == 1 and "Piano, riga 4 – Titolo" in result.output
            continue
        assert result.exit_code == 0, result.output
    db.session.expire_all()
    copies = db.session.scalars(select(Plan).filter_by(district_id=dalmine.id, title=plan.title)).all()
    assert len(copies) == 1 and len(copies[0].areas) == 3 and len(copies[0].actions) == 17


def test_cli_import_xlsx_into_a_new_district(pdz, app, tmp_path):
    path = tmp_path / "dalmine.xlsx"
    path.write_bytes(plan_to_xlsx(dalmine_plan()))
    result = pdz("import", "plan", path)
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    plan = db.session.scalar(select(Plan))
    assert plan.district.name == "Ambito territoriale di Dalmine" and plan.actions[0].budget_total == 14000


def test_cli_export_json_to_stdout(pdz, plan):
    result = pdz("export", "plan", plan.id)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["plan"]["title"] == plan.title and len(data["plan"]["areas"]) == 3


def test_cli_export_of_an_unknown_plan_and_import_into_an_unknown_district(pdz, app, tmp_path):
    assert pdz("export", "plan", 999).exit_code == 1
    path = tmp_path / "p.json"
    path.write_text(json.dumps(dalmine_plan()))
    result = pdz("import", "plan", path, "--district", "nowhere")
    assert result.exit_code == 1 and "nowhere" in result.output


# ---- the office UI ---------------------------------------------------------------------------------------------

def upload(client, district, name: str, content: bytes):
    return client.post(f"/gestione/{district.slug}/importa",
                       data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def test_import_page_lists_plans_with_export_links(as_office, district, plan):
    page = as_office.get(f"/gestione/{district.slug}/importa")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert plan.title in html and f"/piani/{plan.id}/esporta.xlsx" in html and "modello.xlsx" in html


def test_office_imports_an_xlsx_into_its_district(as_office, district, plan):
    data = dalmine_plan()
    data["plan"]["title"] = "V Piano di Zona 2015-2017"
    response = upload(as_office, district, "nuovo.xlsx", plan_to_xlsx(data))
    assert response.status_code == 302
    new = db.session.scalar(select(Plan).filter_by(title="V Piano di Zona 2015-2017"))
    assert new.district_id == district.id        # the district of the URL, not the file's
    assert new.actions[0].involvements[0].organization.district_id == district.id


def test_office_import_with_problems_shows_every_one_and_writes_nothing(as_office, district, plan):
    before = table_counts()
    response = upload(as_office, district, "piano.json", json.dumps(broken_plan()).encode())
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for where in ("plan.areas[0].actions[0].budget[0]", "plan.areas[0].actions[0].referents[0]",
                  "plan.areas[0].actions[1]"):
        assert where in html
    assert html.count("<tr><td>") == 6
    assert table_counts() == before


def test_office_import_of_an_unreadable_file(as_office, district):
    response = upload(as_office, district, "piano.xlsx", b"not a spreadsheet")
    assert response.status_code == 422


def test_office_import_refuses_other_extensions(as_office, district):
    response = upload(as_office, district, "piano.csv", b"a,b")
    assert response.status_code == 422


def test_template_download(as_office, district):
    response = as_office.get(f"/gestione/{district.slug}/importa/modello.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "spreadsheetml" in response.mimetype
    assert load_workbook(io.BytesIO(response.data)).sheetnames == load_workbook(io.BytesIO(template_xlsx())).sheetnames


@pytest.mark.parametrize("fmt, mimetype", [("json", "application/json"), ("xlsx", "spreadsheetml")])
def test_export_downloads_named_after_the_plan(as_office, district, plan, fmt, mimetype):
    response = as_office.get(f"/gestione/{district.slug}/piani/{plan.id}/esporta.{fmt}")
    assert response.status_code == 200 and mimetype in response.mimetype
    assert response.headers["Content-Disposition"] == f"attachment; filename=iv-piano-di-zona-2012-2014.{fmt}"
    assert "no-store" in response.headers["Cache-Control"]
    if fmt == "json":
        assert json.loads(response.data)["plan"]["title"] == plan.title


def test_export_of_a_plan_of_another_district_is_not_found(as_office, district):
    other = import_plan(dalmine_plan())
    db.session.commit()
    assert as_office.get(f"/gestione/{district.slug}/piani/{other.id}/esporta.json").status_code == 404


URLS = ["/importa", "/importa/modello.xlsx", "/piani/{plan}/esporta.json", "/piani/{plan}/esporta.xlsx"]


@pytest.mark.parametrize("url", URLS)
def test_anonymous_users_are_sent_to_login(client, district, plan, url):
    response = client.get(f"/gestione/{district.slug}" + url.format(plan=plan.id))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("who", ["facilitator", "referent"])
def test_other_roles_are_refused(request, client, district, plan, url, who):
    login(client, request.getfixturevalue(who))
    assert client.get(f"/gestione/{district.slug}" + url.format(plan=plan.id)).status_code == 403


def test_the_planning_office_of_another_district_is_refused(client, district, plan, make_user):
    other = import_plan(dalmine_plan()).district
    db.session.commit()
    login(client, make_user("ufficio@dalmine.example", Role.PLANNING_OFFICE, other))
    assert client.get(f"/gestione/{district.slug}/importa").status_code == 403
    assert upload(client, district, "x.json", json.dumps(dalmine_plan()).encode()).status_code == 403
    assert client.get(f"/gestione/{district.slug}/piani/{plan.id}/esporta.json").status_code == 403


def test_office_import_of_an_xlsx_with_problems_names_sheet_row_and_column(as_office, district, plan):
    wb = load_workbook(io.BytesIO(template_xlsx()))
    wb["Aree"].append(["Lavoro di comunità"])
    wb["Azioni"].append(["Area che non c'è", "1.1", "Un titolo"])
    wb["Budget"].append(["1.1", "Comuni", None, -10])
    buffer = io.BytesIO()
    wb.save(buffer)
    before = table_counts()
    response = upload(as_office, district, "piano.xlsx", buffer.getvalue())
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for where, field in [("Piano, riga 4", "Titolo"), ("Azioni, riga 2", "Area"), ("Budget, riga 2", "Importo")]:
        assert f"<tr><td>{where}</td><td>{field}</td>" in html
    assert table_counts() == before


def test_unknown_district_is_not_found(as_office):
    assert as_office.get("/gestione/nowhere/importa").status_code == 404


def test_an_existing_title_is_listed_with_the_other_problems(app, plan):
    data = sample_data()
    data["plan"]["areas"][0]["actions"][0]["planned_end"] = "ieri"
    with pytest.raises(PlanImportError) as caught:
        import_plan(data)
    assert {(p.where, p.field) for p in caught.value.problems} == {
        ("plan", "title"), ("plan.areas[0].actions[0]", "planned_end")}


def test_xlsx_duplicate_codes_bad_dates_amounts_and_emails_are_found_at_their_cells(app):
    wb = load_workbook(io.BytesIO(template_xlsx()))
    for row in wb["Piano"].iter_rows(min_row=2):
        row[1].value = {"Ambito": "Ambito di prova", "Titolo": "Piano", "Anno di inizio": 2015,
                        "Anno di fine": 2017}.get(row[0].value)
    wb["Aree"].append(["Lavoro di comunità"])
    wb["Azioni"].append(["Lavoro di comunità", "A1", "Prima", None, None, None, "2015-02-30"])
    wb["Azioni"].append(["Lavoro di comunità", "a1", "Seconda", None, None, None, None, None, None,
                         "Anna Rossi <anna(at)example.org>"])
    wb["Budget"].append(["A1", "Comuni", None, "-1.000,00"])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(PlanImportError) as caught:
        import_plan_file("piano.xlsx", buffer.getvalue())
    assert sorted((p.where, p.field) for p in caught.value.problems) == [
        ("Azioni, riga 2", "Inizio"), ("Azioni, riga 3", "Codice"), ("Azioni, riga 3", "Referenti"),
        ("Budget, riga 2", "Importo")]


# ---- text that no database takes: lone surrogates, NUL, lengths past the column -------------------------------

def _json_with(title: str) -> bytes:
    """The Dalmine plan as a file whose title is written as JSON escapes (`\\ud800` stays a lone surrogate)."""
    data = dalmine_plan()
    data["plan"]["title"] = "@@TITLE@@"
    return json.dumps(data).replace("@@TITLE@@", title).encode()


def test_a_lone_surrogate_in_a_json_file_is_a_problem_not_a_crash(app, as_office, district, pdz, tmp_path):
    before = table_counts()
    with pytest.raises(PlanImportError) as error:
        import_plan_file("piano.json", _json_with("Piano \\ud800 2015"))
    assert [(p.where, p.field) for p in error.value.problems] == [("plan", "title")]
    assert "non è un testo Unicode valido" in error.value.problems[0].message   # Italian, the default language

    response = upload(as_office, district, "piano.json", _json_with("Piano \\udc00 2015"))
    assert response.status_code == 422 and "<td>plan</td><td>title</td>" in response.get_data(as_text=True)

    path = tmp_path / "piano.json"
    path.write_bytes(_json_with("Piano \\ud800 2015"))
    result = pdz("import", "plan", path)
    assert result.exit_code == 1 and "plan – title" in result.output and "Traceback" not in result.output
    assert table_counts() == before


def test_a_nul_in_an_imported_title_is_taken_out(app):
    plan = import_plan_file("piano.json", _json_with("Piano\\u0000 2015-2017"))
    db.session.commit()
    assert db.session.get(Plan, plan.id).title == "Piano 2015-2017"


def test_imported_lengths_count_the_spaces(app):
    data = dalmine_plan()
    data["plan"]["title"] = " " * 1000 + "Piano"
    data["plan"]["description"] = "x" * 200_001
    with pytest.raises(PlanImportError) as error:
        import_plan(data)
    assert sorted((p.where, p.field) for p in error.value.problems) == [("plan", "description"), ("plan", "title")]


def test_the_programme_of_a_budget_line_survives_the_round_trip_through_json_and_xlsx(app, plan, tmp_path):
    from app import funding
    from app.funding_models import FundingProgramme
    from app.models import BudgetLine, FundingSource
    from exports.plan_xlsx_read import read_plan_xlsx
    line = BudgetLine(action=plan.actions[0], source=FundingSource.NATIONAL_REGIONAL, planned_amount=6000)
    db.session.add(line)
    funding.add_programme(plan.district, name="FNPS 2013", kind=FundingSource.NATIONAL_REGIONAL, lines=[line])
    db.session.commit()
    data = plan_to_dict(plan, private=True)
    assert data["plan"]["areas"][0]["actions"][0]["budget"][0]["programme"] == "FNPS 2013"
    other = find_or_create_district("Ambito di Dalmine")
    copied = import_plan(data, district=other)
    db.session.commit()
    line = copied.actions[0].budget_lines[0]
    assert line.programme.name == "FNPS 2013" and line.programme.district_id == other.id
    read, problems = read_plan_xlsx(plan_to_xlsx(data))
    assert not problems and read["plan"]["areas"][0]["actions"][0]["budget"][0]["programme"] == "FNPS 2013"
    assert db.session.scalar(select(func.count(FundingProgramme.id))) == 2     # one per district
