"""The paper path: a referent downloads cards as XLSX, fills them offline and uploads them back; every cell is
checked and nothing is written unless all are valid. And the printable view of a card."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from markupsafe import escape
from openpyxl import load_workbook

from app.extensions import db
from cards_helpers import open_campaign
from evaluations.card_layout import Vocabulary
from evaluations.card_xlsx import cards_to_workbook, read_cards_workbook
from evaluations.models import EvaluationCard, ImplementationState


@pytest.fixture
def campaign(plan):
    return open_campaign(plan, filled=False)


@pytest.fixture
def my_card(campaign, referent, plan):
    return next(c for c in campaign.cards if c.action_id == plan.actions[0].id)


def url(district, path):
    return f"/gestione/{district.slug}/schede/{path}"


def row_of(ws, key):
    return next(r[0].row for r in ws.iter_rows(max_col=1) if r[0].value == key)


def put(ws, key, value, column="C", nth=0):
    rows = [r[0].row for r in ws.iter_rows(max_col=1) if r[0].value == key]
    ws[f"{column}{rows[nth]}"] = value
    return f"{column}{rows[nth]}"


def download(client, district, card):
    response = client.get(url(district, f"{card.id}/scheda.xlsx"))
    assert response.status_code == 200, response.status_code
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(response.data))


def upload(client, district, wb):
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return client.post(url(district, "carica"), data={"workbook": (buffer, "schede.xlsx")},
                       content_type="multipart/form-data")


def fresh(card):
    db.session.expire_all()
    return db.session.get(EvaluationCard, card.id)


def test_a_filled_in_workbook_updates_the_card(as_referent, district, my_card, plan):
    wb = download(as_referent, district, my_card)
    ws = wb[plan.actions[0].code]
    put(ws, "activities", "Sportello aperto due giorni a settimana")
    put(ws, "implementation_state", "running")          # the code works as well as the label
    put(ws, "progress_percent", 60)
    put(ws, "actual_start", date(2012, 3, 1))
    put(ws, "people", "20-50")
    put(ws, "resource", "Foundation calls")             # English label in an Italian file: understood
    put(ws, "resource", "Fondazione Cariplo", column="D")
    put(ws, "resource", "1.234,50", column="E")
    put(ws, "resource", 18000, column="H")
    put(ws, "organization", "Comune di Crema")
    put(ws, "organization", "Ente pubblico", column="D")
    put(ws, "thesis:1", 3)
    put(ws, "nobody_can_report", "no")
    as_referent.set_cookie("lang", "en")
    response = upload(as_referent, district, wb)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    card = fresh(my_card)
    assert card.activities == "Sportello aperto due giorni a settimana"
    assert card.implementation_state == ImplementationState.RUNNING
    assert (card.progress_percent, card.people_min, card.people_max) == (60, 20, 50)
    assert card.actual_start == date(2012, 3, 1)
    assert [(r.description, r.planned, r.attracted) for r in card.resources] == [
        ("Fondazione Cariplo", Decimal("1234.50"), Decimal("18000"))]
    assert [o.name for o in card.organizations] == ["Comune di Crema"]
    assert {r.thesis.position: r.rating for r in card.thesis_ratings}[plan.theses[0].position] == 3
    assert card.version > 1


def test_bad_cells_write_nothing_and_are_named_by_sheet_and_cell(as_referent, district, campaign, plan, referent):
    from app import people
    people.assign_referent(plan.actions[1], referent)
    db.session.commit()
    response = as_referent.get(url(district, "mie.xlsx"))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.data))
    first, second = wb[plan.actions[0].code], wb[plan.actions[1].code]
    put(first, "activities", "Testo valido")                      # valid, but must not be saved either
    bad = {put(second, "progress_percent", 150): "Progress",
           put(second, "actual_start", "31/02/2014"): "Actual start",
           put(second, "people", "molti"): "People",
           put(second, "organization", "Chi?", column="C").replace("C", "D"): "Kind",   # a name without kind
           put(second, "resource", "-5", column="E"): "Planned"}    # negative, and without a source:
    bad[f"C{row_of(second, 'resource')}"] = "Source"
    before = {c.id: (c.version, c.activities) for c in campaign.cards}
    as_referent.set_cookie("lang", "en")
    response = upload(as_referent, district, wb)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for cell in bad:
        assert f"<td>{cell}</td>" in html, cell
    assert f"<td>{plan.actions[1].code}</td>" in html                  # the sheet
    db.session.expire_all()
    assert {c.id: (c.version, c.activities) for c in campaign.cards} == before


def test_a_card_saved_since_the_download_is_refused(as_referent, district, my_card, plan, referent):
    wb = download(as_referent, district, my_card)
    put(wb[plan.actions[0].code], "activities", "Versione dal file")
    from evaluations import services
    services.save_card(my_card, {"activities": "Versione salvata nel frattempo"}, by=referent,
                       base_version=my_card.version)
    db.session.commit()
    response = upload(as_referent, district, wb)
    assert response.status_code == 422
    assert "<td>C3</td>" in response.get_data(as_text=True)
    assert fresh(my_card).activities == "Versione salvata nel frattempo"


def test_a_referent_cannot_download_or_upload_another_referents_card(as_referent, district, campaign, plan,
                                                                     my_card):
    other = next(c for c in campaign.cards if c.action_id == plan.actions[2].id)
    assert as_referent.get(url(district, f"{other.id}/scheda.xlsx")).status_code == 404
    assert as_referent.get(url(district, f"{other.id}/stampa")).status_code == 404
    wb = download(as_referent, district, my_card)
    wb[plan.actions[0].code]["C2"] = other.id      # pretend the sheet is the other card
    response = upload(as_referent, district, wb)
    assert response.status_code == 422
    assert fresh(other).version == other.version


def test_an_upload_that_is_not_a_workbook_is_refused(as_referent, district, campaign):
    response = as_referent.post(url(district, "carica"), data={"workbook": (io.BytesIO(b"PK\x03\x04junk"),
                                                                            "schede.xlsx")},
                                content_type="multipart/form-data")
    assert response.status_code == 422
    response = as_referent.post(url(district, "carica"), data={"workbook": (io.BytesIO(b"a,b"), "schede.csv")},
                                content_type="multipart/form-data")
    assert response.status_code == 422
    assert as_referent.get(url(district, "carica")).status_code == 200


def test_the_printable_view_shows_the_card(as_referent, district, my_card, plan):
    my_card.activities = "Laboratori con le **scuole**"
    db.session.commit()
    response = as_referent.get(url(district, f"{my_card.id}/stampa"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<strong>scuole</strong>" in html
    assert plan.actions[0].title in html
    assert "css/print.css" in html and "js/print.js" in html
    for thesis in plan.theses:
        assert str(escape(thesis.text)) in html


def test_the_office_prints_any_card_and_downloads_a_referents_cards(as_office, district, my_card, referent):
    assert as_office.get(url(district, f"{my_card.id}/stampa")).status_code == 200
    response = as_office.get(url(district, f"mie.xlsx?referente={referent.id}"))
    assert response.status_code == 200
    assert str(my_card.id) in [str(ws["C2"].value) for ws in load_workbook(io.BytesIO(response.data)).worksheets]


def test_pure_round_trip_reports_every_bad_cell():
    vocab = Vocabulary(choices={"implementation_state": {"running": "Running"}, "objective": {},
                                "organization.kind": {"public": "Public body"},
                                "resource.source": {"other": "Other"}})
    card = {"id": 5, "version": 2, "action_code": "1/1", "theses": [{"number": 1, "text": "T", "rating": 1}]}
    wb = load_workbook(io.BytesIO(cards_to_workbook([card], vocab)))
    ws = wb.worksheets[1]
    assert ws.title == "1-1"
    ws["C2"], ws["C3"] = 5.0, "2"                      # as some spreadsheets save whole numbers
    put(ws, "thesis:1", 7)
    put(ws, "implementation_state", "Sospesa")
    put(ws, "beneficiaries", "=A1*2")
    put(ws, "actual_start", "2014-05-01")
    put(ws, "actual_end", "01/01/2014")
    buffer = io.BytesIO()
    wb.save(buffer)
    cards, problems = read_cards_workbook(buffer.getvalue(), vocab)
    cells = {p.cell for p in problems}
    assert cells == {f"C{row_of(ws, k)}" for k in ("thesis:1", "implementation_state", "beneficiaries", "actual_end")}
    assert all(p.sheet == "1-1" for p in problems)
    assert cards[0].card_id == 5 and cards[0].version == 2


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (120 * 1024 * 1024))
    cards, problems = read_cards_workbook(buffer.getvalue(), Vocabulary())
    assert cards == [] and len(problems) == 1 and problems[0].sheet == "-"


def test_the_paper_path_is_linked_from_the_district_page_and_the_card_links(as_referent, district, my_card, app):
    html = as_referent.get(f"/gestione/{district.slug}/").get_data(as_text=True)
    assert url(district, "carica") in html
    from flask import g, render_template
    with app.test_request_context():
        g.district = district
        links = render_template("evaluations/offline_links.html", card=my_card)
    assert url(district, f"{my_card.id}/stampa") in links
    assert url(district, f"{my_card.id}/scheda.xlsx") in links
    assert url(district, "carica") in links
