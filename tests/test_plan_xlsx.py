"""The plan workbook: export, template, reading back, formula neutralisation, and the round trip."""
from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from exports import plan_sheets
from exports.cells import neutralise, restore, xlsx_value
from exports.plan_xlsx import plan_to_xlsx, read_plan_xlsx, template_xlsx

SHARED = Path("/work/shared/data")


def small_plan() -> dict:
    return {
        "district": {"name": "Ambito territoriale di Dalmine", "province": "Bergamo"},
        "plan": {
            "title": "Piano di Zona 2015-2017", "start_year": 2015, "end_year": 2017, "status": "draft",
            "description": "=HYPERLINK(\"http://evil\")",
            "theses": ["Dalla delega alla corresponsabilità", "Dalle gerarchie alle alleanze"],
            "areas": [{
                "name": "Minori e famiglie", "description": "- elenco puntato\n- secondo punto",
                "actions": [{
                    "code": "1.1", "title": "Autori del cambiamento", "description": "+39 una descrizione",
                    "expected_results": "@tutti", "projects": ["UNO CON", "CARI EURO"],
                    "planned_start": "2013-03-01", "planned_end": "2016-02-28", "theses": [1, 2],
                    "referents": [{"name": "Rossi, Anna", "email": "anna@example.org"},
                                  {"name": "Luca Bianchi", "email": "luca@example.org"}],
                    "organizations": [{"name": "Cooperativa sociale L'Impronta", "type": "cooperativa",
                                       "role": "lead"}],
                    "budget": [{"source": "foundation_calls", "amount": "14000.00",
                                "description": "Fondazione della Comunità Bergamasca, bando 2/2013"}],
                }],
            }],
        },
    }


def workbook(content: bytes):
    return load_workbook(io.BytesIO(content))


def without_source(value):
    if isinstance(value, dict):
        return {k: without_source(v) for k, v in value.items() if k != "_source"}
    if isinstance(value, list):
        return [without_source(v) for v in value]
    return value


# ---- cells ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["=1+1", "+39 0373", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_neutralised_and_restored(text):
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("value", ["Crema", "", 12, 3.5, None, date(2015, 3, 5), "'quoted already"])
def test_other_values_are_left_alone(value):
    assert neutralise(value) == value
    assert restore(value) == value


def test_xlsx_value_drops_control_characters_xml_cannot_hold():
    assert xlsx_value("a\x00b\x0bc\td") == "abc\td"


# ---- writing ---------------------------------------------------------------------------------------------

def test_export_has_the_italian_sheets_with_headers_and_values():
    wb = workbook(plan_to_xlsx(small_plan()))
    assert wb.sheetnames == ["Piano", "Tesi", "Aree", "Azioni", "Enti", "Budget"]
    piano = {row[0]: row[1] for row in wb["Piano"].iter_rows(min_row=2, values_only=True)}
    assert piano["Ambito"] == "Ambito territoriale di Dalmine"
    assert piano["Anno di inizio"] == 2015 and piano["Stato"] == "Bozza"
    azioni = list(wb["Azioni"].iter_rows(values_only=True))
    assert azioni[0] == ("Area", "Codice", "Titolo", "Descrizione", "Risultati attesi", "Progetti", "Inizio",
                         "Fine", "Tesi", "Referenti")
    row = azioni[1]
    assert row[0] == "Minori e famiglie" and row[1] == "1.1" and row[5] == "UNO CON; CARI EURO"
    assert row[6].date() == date(2013, 3, 1) and row[8] == "1, 2"
    assert row[9] == '"Rossi, Anna" <anna@example.org>, Luca Bianchi <luca@example.org>'
    assert list(wb["Enti"].iter_rows(min_row=2, values_only=True)) == [
        ("1.1", "Cooperativa sociale L'Impronta", "Cooperativa sociale", "Capofila")]
    assert list(wb["Budget"].iter_rows(min_row=2, values_only=True)) == [
        ("1.1", "Bandi di fondazioni", "Fondazione della Comunità Bergamasca, bando 2/2013", 14000, None)]
    header = wb["Azioni"]["A1"]
    assert header.font.bold and header.fill.fgColor.rgb.endswith("0066CC")
    assert wb["Azioni"].column_dimensions["C"].width == 50
    assert wb["Azioni"].freeze_panes == "A2"


def test_export_writes_no_formula():
    wb = workbook(plan_to_xlsx(small_plan()))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    description = {r[0]: r[1] for r in wb["Piano"].iter_rows(values_only=True)}["Descrizione"]
    assert description == "'=HYPERLINK(\"http://evil\")"


def test_enum_columns_offer_drop_down_lists():
    wb = workbook(template_xlsx())
    lists = {ws.title: [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
             for ws in wb.worksheets}
    assert '"Bozza,Attivo,In valutazione,Chiuso"' in lists["Piano"]
    assert any("Cooperativa sociale" in f for f in lists["Enti"]) and any("Capofila" in f for f in lists["Enti"])
    assert any("Bandi di fondazioni" in f for f in lists["Budget"])
    assert any("Aree!" in f for f in lists["Azioni"])


def test_template_is_empty_with_instructions_first():
    wb = workbook(template_xlsx())
    assert wb.sheetnames == ["Istruzioni", "Piano", "Tesi", "Aree", "Azioni", "Enti", "Budget"]
    assert "Modello" in wb["Istruzioni"]["A1"].value
    for title in ("Tesi", "Aree", "Azioni", "Enti", "Budget"):
        assert wb[title].max_row == 1 or all(v is None for r in wb[title].iter_rows(min_row=2, values_only=True)
                                              for v in r)
    labels = [r[0] for r in wb["Piano"].iter_rows(min_row=2, values_only=True)]
    assert labels == ["Ambito", "Provincia", "Titolo", "Anno di inizio", "Anno di fine", "Stato", "Descrizione"]


def test_italian_labels_cover_every_enum_value():
    from app.models import FundingSource, InvolvementRole, OrganizationType, PlanStatus
    for labels, enum_cls in [(plan_sheets.PLAN_STATUS, PlanStatus), (plan_sheets.FUNDING_SOURCE, FundingSource),
                             (plan_sheets.ORGANIZATION_TYPE, OrganizationType),
                             (plan_sheets.INVOLVEMENT_ROLE, InvolvementRole)]:
        assert set(labels) == {m.value for m in enum_cls}


def test_exports_do_not_import_flask():
    for name in ("cells.py", "plan_sheets.py", "plan_xlsx.py", "plan_xlsx_read.py"):
        source = (Path(__file__).parent.parent / "exports" / name).read_text()
        assert "flask" not in source.lower() and "from app" not in source


# ---- reading ---------------------------------------------------------------------------------------------

def test_reading_an_export_gives_back_the_plan():
    data, problems = read_plan_xlsx(plan_to_xlsx(small_plan()))
    assert problems == []
    expected = small_plan()
    expected["plan"]["areas"][0]["actions"][0]["budget"][0]["amount"] = 14000   # a number in the sheet
    expected["plan"]["areas"][0]["actions"][0]["budget"][0]["programme"] = None  # the sheet's empty column
    assert without_source(data) == expected
    action = data["plan"]["areas"][0]["actions"][0]
    assert action["_source"]["title"] == ["Azioni, riga 2", "Titolo"]


def test_the_filled_in_template_is_read_with_labels_codes_and_loose_typing():
    wb = workbook(template_xlsx())
    piano = wb["Piano"]
    for row in piano.iter_rows(min_row=2):
        row[1].value = {"Ambito": "Ambito 1 - Bergamo", "Titolo": "PdZ 2018-2020", "Anno di inizio": 2018,
                        "Anno di fine": "2020", "Stato": "attivo"}.get(row[0].value)
    wb["Tesi"].append([None, "Dalla delega alla corresponsabilità"])
    wb["Aree"].append(["Tutela minori", None])
    wb["Azioni"].append(["tutela  MINORI", 7, "Servizio Minori e Famiglie", None, None, "A\nB", "01/03/2011",
                         date(2013, 12, 31), 1, "coord@example.org; Anna <anna@example.org>"])
    wb["Enti"].append([7, "Comune di Bergamo", "comune", "partner"])
    wb["Enti"].append([7, "ASL di Bergamo", "ATS/ASST", None])
    wb["Budget"].append([7, "Comuni", None, "6.000,50 €"])
    buffer = io.BytesIO()
    wb.save(buffer)
    data, problems = read_plan_xlsx(buffer.getvalue())
    assert problems == []
    plan = data["plan"]
    assert plan["status"] == "active" and plan["start_year"] == 2018 and plan["end_year"] == "2020"
    action = plan["areas"][0]["actions"][0]
    assert action["code"] == "7" and action["projects"] == ["A", "B"] and action["theses"] == [1]
    assert action["planned_start"] == "01/03/2011" and action["planned_end"] == "2013-12-31"
    assert [o["type"] for o in action["organizations"]] == ["comune", "ats_asst"]
    assert action["organizations"][1]["role"] is None
    assert action["budget"][0]["amount"] == "6.000,50 €"


def sheet_with(rows_by_sheet: dict) -> bytes:
    wb = workbook(template_xlsx())
    for title, rows in rows_by_sheet.items():
        for row in rows:
            wb[title].append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_problems_name_sheet_row_and_column():
    content = sheet_with({
        "Tesi": [[1, "Una"], [1, "Doppia"], [2, None]],
        "Aree": [["Lavoro di comunità"]],
        "Azioni": [["Area che non c'è", "1.1", "Titolo"], [None, "1.2", "Senza area"],
                   ["Lavoro di comunità", "1.3", "Tesi sbagliate", None, None, None, None, None, "2, x, 9"]],
        "Enti": [["9.9", "Comune di Crema", "Comune", "Capo"]],
        "Budget": [["1.3", "Regione Marte", None, 10]],
    })
    _data, problems = read_plan_xlsx(content)
    found = {(p.where, p.field, p.code) for p in problems}
    assert found == {
        ("Tesi, riga 3", "Numero", "duplicate_thesis"),
        ("Tesi, riga 4", "Tesi", "required"),
        ("Azioni, riga 2", "Area", "unknown_area"),
        ("Azioni, riga 3", "Area", "required"),
        ("Azioni, riga 4", "Tesi", "bad_thesis_number"),
        ("Azioni, riga 4", "Tesi", "unknown_thesis"),
        ("Enti, riga 2", "Codice azione", "unknown_action"),
        ("Enti, riga 2", "Ruolo", "unknown_choice"),
        ("Budget, riga 2", "Fonte", "unknown_choice"),
    }
    assert "Area che non c'è" in next(p.message for p in problems if p.code == "unknown_area")


@pytest.mark.parametrize("content", [b"", b"not a workbook", b"PK\x03\x04broken zip", json.dumps({}).encode()])
def test_unreadable_files_give_one_clear_problem(content):
    data, problems = read_plan_xlsx(content)
    assert data is None and [p.code for p in problems] == ["not_xlsx"]


def test_missing_sheets_and_columns_are_problems():
    wb = Workbook()
    wb.active.title = "Piano"
    wb.create_sheet("Azioni").append(["Codice", "Titolo"])
    buffer = io.BytesIO()
    wb.save(buffer)
    data, problems = read_plan_xlsx(buffer.getvalue())
    assert [(p.where, p.code) for p in problems] == [("Aree", "missing_sheet")]
    wb.create_sheet("Aree").append(["Area"])
    buffer = io.BytesIO()
    wb.save(buffer)
    data, problems = read_plan_xlsx(buffer.getvalue())
    assert [(p.where, p.field, p.code) for p in problems] == [("Azioni, riga 1", "Area", "missing_column")]


# ---- round trip through the database ----------------------------------------------------------------------

def comparable(data: dict) -> dict:
    """The plan dump without database ids (which differ between two databases)."""
    data = json.loads(json.dumps(data))
    for container in (data["district"], data["plan"]):
        container.pop("id", None)
    data["plan"].pop("previous_plan_id", None)
    for area in data["plan"]["areas"]:
        area.pop("id")
        for action in area["actions"]:
            action.pop("id")
    return data


def empty_the_database():
    """Delete every plan, district and user (PostgreSQL tests share one database, so no second one is made)."""
    from app.extensions import db
    from app.account_models import User
    from app.models import District, Plan
    for model in (District, User):
        for obj in db.session.scalars(db.select(model)):
            db.session.delete(obj)
    db.session.commit()
    assert not db.session.scalars(db.select(Plan)).all()


def round_trip(data: dict):
    from app.extensions import db
    from app.plan_dump import plan_to_dict
    from app.plans import import_plan
    original = import_plan(data)
    db.session.commit()
    exported = plan_to_dict(original, private=True)
    read, problems = read_plan_xlsx(plan_to_xlsx(exported))
    assert problems == []
    empty_the_database()
    copy = import_plan(read)
    db.session.commit()
    assert comparable(plan_to_dict(copy, private=True)) == comparable(exported)
    return copy


def test_round_trip_export_read_import_gives_the_same_plan(app):
    copy = round_trip(small_plan())
    assert copy.actions[0].referents[0].name == "Luca Bianchi"      # names survive, not only e-mails


def test_round_trip_of_the_crema_sample(app):
    from app.plans import sample_data
    shared = SHARED / "crema-2012-2014.json"
    copy = round_trip(json.loads(shared.read_text()) if shared.exists() else sample_data())
    assert len(copy.areas) == 3 and len(copy.actions) == 17
