"""A citizen finds a meeting in the public calendar's month view, moves between months from the keyboard,
opens the meeting (agenda, place, groups and slots with places left) - and the planning office's page of
the same meeting; axe-core on every page."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import _sample_with_details

pytestmark = pytest.mark.browser

SEED = """
from datetime import date
from app import create_app
from app.extensions import db
from app.models import District
from meetings.demo import load_demo_meetings
app = create_app()
with app.app_context(), app.test_request_context():
    district = db.session.scalar(db.select(District))
    load_demo_meetings(district.current_plan, today=date(2035, 3, 19))   # the trial meeting on 9 April 2035
    db.session.commit()
"""
SECOND_ROUND = "Incontro di prova: iscrizioni, fasce orarie e lista d'attesa"


@pytest.fixture(scope="module")
def server(serve):
    return serve("meetings", _sample_with_details(), seed=SEED)


def test_the_month_view_is_an_accessible_table_walked_from_the_keyboard(page, visit, assert_accessible):
    visit("/incontri/mese/2035/4")
    table = page.locator("table.pdz-month")
    assert "aprile 2035" in table.locator("caption").inner_text().lower()
    assert table.locator("thead th[scope=col]").count() == 7
    assert table.locator("thead th").first.inner_text().lower().startswith("lun")   # Monday first
    link = table.locator("a", has_text=SECOND_ROUND)
    assert link.count() == 1 and "15:00" in link.inner_text()
    assert link.locator(".visually-hidden").inner_text().startswith("9 aprile 2035")   # the day, read aloud

    # Tab to "previous month" and press Enter; then to "next month" twice, all without a mouse.
    page.locator("body").focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('rel')") == "prev":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/incontri/mese/2035/3$"))
    assert page.locator("table.pdz-month a", has_text=SECOND_ROUND).count() == 0
    assert_accessible(page, "March 2035")
    page.locator("a[rel=next]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/incontri/mese/2035/4$"))

    page.keyboard.press("PageDown")                      # the shortcut of month.js
    page.wait_for_url(re.compile(r"/incontri/mese/2035/5$"))
    page.keyboard.press("PageUp")
    page.wait_for_url(re.compile(r"/incontri/mese/2035/4$"))

    page.locator("table.pdz-month a", has_text=SECOND_ROUND).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/incontri/\d+$"))
    assert page.locator("h1").inner_text() == SECOND_ROUND


def test_the_meeting_page_shows_agenda_place_and_places_left(page, visit, assert_accessible):
    visit("/incontri")
    page.locator("main a", has_text=SECOND_ROUND).click()
    page.wait_for_url(re.compile(r"/incontri/\d+$"))
    assert_accessible(page, "meeting page")
    main = page.locator("main").inner_text()
    assert "Sala riunioni in via Manini" in main and "lista d'attesa" in main
    assert "Completo" in main                                       # the first slot is full
    assert re.search(r"\d+ posti? disponibil", main)                 # the second has places left
    assert page.locator("main a[href$='.ics']").count() == 1

    visit("/incontri/mese/2015/4")
    page.locator("table.pdz-month a", has_text="appuntamento aperto").click()
    page.wait_for_url(re.compile(r"/incontri/\d+$"))
    assert page.locator("main table tbody tr").count() == 9           # the programme, 09:30 to 16:30
    assert "Centro San Luigi" in page.locator("main").inner_text()
    assert_accessible(page, "open meeting of 9 April 2015")


def test_the_office_sees_the_meeting_with_who_comes_by_kind_of_organization(
        page, login, visit, assert_accessible, server):
    login()
    visit(f"/gestione/{server.district_slug}/incontri/?when=all")
    page.locator("main table a", has_text="Incontro di prova").click()
    page.wait_for_url(re.compile(r"/incontri/\d+/$"))
    page.wait_for_selector("#chart-participants-plot .main-svg")      # plotly drew the chart
    assert_accessible(page, "office meeting page")
    assert page.locator("main #agenda tbody tr").count() == 0
    page.locator("main a[href$='/ordine-del-giorno/nuovo']").click()
    page.wait_for_url(re.compile(r"/ordine-del-giorno/nuovo$"))
    assert_accessible(page, "agenda item form")
