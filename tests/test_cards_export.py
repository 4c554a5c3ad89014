"""Exports of every card of a campaign: XLSX with one sheet per section and one row per action, CSV with
formulas neutralised, `pdz export cards`, and the API for the planning office."""
from __future__ import annotations

import io
from decimal import Decimal

import pandas as pd
import pytest
from openapi_schema_validator import OAS30Validator, oas30_format_checker

from app.audit import actor_name
from app.cli import main
from app.extensions import db
from cards_helpers import open_campaign
from exports.cards import ValueLabels, cards_to_csv, cards_to_xlsx

SECTIONS = 6


def card(code, **extra):
    return {"id": 1, "version": 1, "state": "draft", "action_code": code, "action_title": f"Azione {code}",
            "area": "Presa in carico", **extra}


def test_xlsx_has_one_sheet_per_section_and_one_row_per_action():
    cards = [card("1.1", theses=[{"number": 1, "rating": 2, "comment": "bene"}],
                  resources=[{"source": "foundation_calls", "planned": Decimal("6000.50"),
                              "attracted": Decimal(18000)}]),
             card("1.2"), card("2.1", people_min=20, people_max=50)]
    sheets = pd.read_excel(io.BytesIO(cards_to_xlsx(cards, ValueLabels(sources={"foundation_calls": "Bandi"}))),
                           sheet_name=None, dtype={"Code": str})
    assert len(sheets) == SECTIONS
    for name, frame in sheets.items():
        assert len(frame) == 3, name
        assert list(frame["Code"]) == ["1.1", "1.2", "2.1"]
    assert sheets["Resources"].loc[0, "Bandi: planned"] == 6000.5
    assert sheets["Resources"].loc[0, "Bandi: attracted"] == 18000
    assert sheets["Theses"].loc[0, "Thesis 1: score"] == 2
    assert sheets["People"].loc[2, "People involved"] == "20–50"


@pytest.mark.parametrize("attack", ["=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-3+4", "@SUM(A1)", "\tcmd"])
def test_formulas_are_neutralised_in_csv_and_xlsx(attack):
    cards = [card("1.1", activities=attack, strengths=attack, organizations=[{"name": attack, "kind": "public"}])]
    csv = cards_to_csv(cards).decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(csv), dtype=str)
    assert len(frame) == 1
    for value in frame.iloc[0].dropna():
        assert not value.startswith(("=", "+", "-", "@", "\t")), value
    assert frame.loc[0, "What was done – Activities carried out"] == "'" + attack
    xlsx = pd.read_excel(io.BytesIO(cards_to_xlsx(cards)), sheet_name=None)
    assert xlsx["What was done"].loc[0, "Activities carried out"] == "'" + attack


@pytest.fixture
def pdz(app):
    token = actor_name.set("system")
    runner = app.test_cli_runner()
    yield lambda *args: runner.invoke(main, list(args))
    actor_name.reset(token)


def test_pdz_export_cards_writes_an_xlsx_pandas_reads_back(pdz, plan, tmp_path):
    campaign = open_campaign(plan)
    target = tmp_path / "schede.xlsx"
    result = pdz("export", "cards", str(plan.id), "--format", "xlsx", "-o", str(target))
    assert result.exit_code == 0, result.output
    sheets = pd.read_excel(target, sheet_name=None, dtype=str)
    assert len(sheets) == SECTIONS
    codes = [a.code for a in plan.actions]
    for frame in sheets.values():
        assert list(frame.iloc[:, 0]) == codes          # one row per action, in plan order
    assert len(campaign.cards) == len(codes)


def test_pdz_export_cards_csv_and_errors(pdz, plan, tmp_path):
    assert pdz("export", "cards", str(plan.id), "-o", str(tmp_path / "x.xlsx")).exit_code == 1   # no campaign
    open_campaign(plan)
    target = tmp_path / "schede.csv"
    result = pdz("export", "cards", str(plan.id), "--format", "csv", "-o", str(target))
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(target, dtype=str, encoding="utf-8-sig")
    assert len(frame) == len(plan.actions)
    assert pdz("export", "cards", "9999", "-o", str(target)).exit_code == 1


def test_office_downloads_the_campaign_as_xlsx_and_csv(as_office, district, plan):
    campaign = open_campaign(plan)
    base = f"/gestione/{district.slug}/campagne/{campaign.id}/schede"
    xlsx = as_office.get(base + ".xlsx")
    assert xlsx.status_code == 200 and xlsx.mimetype.endswith("spreadsheetml.sheet")
    assert len(pd.read_excel(io.BytesIO(xlsx.data), sheet_name=0)) == len(plan.actions)
    csv = as_office.get(base + ".csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert as_office.get(base + ".pdf").status_code == 404


def test_referents_cannot_download_every_card(as_referent, district, plan):
    campaign = open_campaign(plan)
    assert as_referent.get(f"/gestione/{district.slug}/campagne/{campaign.id}/schede.xlsx").status_code == 403


# ---- the API ------------------------------------------------------------------------------------------------

def validate(client, body, status="200"):
    spec = client.get("/api/v1/openapi.json").get_json()
    schema = spec["paths"]["/plans/{plan_id}/cards"]["get"]["responses"][status]["content"]["application/json"]
    OAS30Validator({**schema["schema"], "components": spec["components"]},
                   format_checker=oas30_format_checker).validate(body)


def test_api_gives_the_planning_office_every_card(as_office, plan):
    campaign = open_campaign(plan)
    response = as_office.get(f"/api/v1/plans/{plan.id}/cards")
    assert response.status_code == 200
    body = response.get_json()
    validate(as_office, body)
    assert body["campaign"]["id"] == campaign.id
    assert [c["action_code"] for c in body["cards"]] == [a.code for a in plan.actions]
    filled = body["cards"][0]
    assert filled["resources"][0]["planned"] == "12000.00"
    assert len(filled["theses"]) == len(plan.theses)
    assert as_office.get(f"/api/v1/plans/{plan.id}/cards?campaign=999").status_code == 404


def test_api_without_a_campaign_answers_an_empty_list(as_office, plan):
    body = as_office.get(f"/api/v1/plans/{plan.id}/cards").get_json()
    assert body["cards"] == [] and body["campaign"] is None
    validate(as_office, body)


def test_api_refuses_anonymous_with_401_and_referents_with_403(client, referent, plan):
    open_campaign(plan)
    response = client.get(f"/api/v1/plans/{plan.id}/cards")
    assert response.status_code == 401 and response.get_json()["error"] == "authentication_required"
    from conftest import login
    login(client, referent)
    response = client.get(f"/api/v1/plans/{plan.id}/cards")
    assert response.status_code == 403 and response.get_json()["error"] == "forbidden"


def test_api_refuses_the_office_of_another_district(client, make_user, plan):
    from app.models import District, Role
    other = District(name="Ambito di Dalmine", slug="dalmine")
    db.session.add(other)
    db.session.commit()
    from conftest import login
    login(client, make_user("uff@dalmine.example.org", Role.PLANNING_OFFICE, other))
    assert client.get(f"/api/v1/plans/{plan.id}/cards").status_code == 403


def test_pdz_export_cards_of_a_chosen_campaign(pdz, plan, tmp_path):
    from datetime import date
    older = open_campaign(plan, title="Valutazione intermedia", deadline=date(2013, 6, 30), filled=False)
    newer = open_campaign(plan, title="Valutazione finale")
    target = tmp_path / "schede.csv"
    assert pdz("export", "cards", str(plan.id), "--format", "csv", "-o", str(target),
               "--campaign", str(older.id)).exit_code == 0
    frame = pd.read_csv(target, dtype=str, encoding="utf-8-sig")
    assert set(frame.iloc[:, 3]) == {"Valutazione intermedia"}     # the campaign column, in Italian here
    assert pdz("export", "cards", str(plan.id), "--format", "csv", "-o", str(target)).exit_code == 0
    assert set(pd.read_csv(target, dtype=str, encoding="utf-8-sig").iloc[:, 3]) == {newer.title}
    assert pdz("export", "cards", str(plan.id), "-o", str(target), "--campaign", "999").exit_code == 1


def test_api_gives_a_chosen_campaign(as_office, plan):
    older = open_campaign(plan, title="Valutazione intermedia", filled=False)
    open_campaign(plan, title="Valutazione finale")
    body = as_office.get(f"/api/v1/plans/{plan.id}/cards?campaign={older.id}").get_json()
    assert body["campaign"]["title"] == "Valutazione intermedia"
    assert all(card["state"] == "draft" and card["campaign"] == "Valutazione intermedia" for card in body["cards"])
    validate(as_office, body)
