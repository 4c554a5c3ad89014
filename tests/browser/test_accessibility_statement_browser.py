"""A citizen who met a problem goes from the footer to the accessibility statement, sends the report by keyboard
and reads the confirmation; the planning office finds it in its list. axe-core on every page."""
import re

import pytest

from tests.browser.conftest import OFFICE_EMAIL

pytestmark = pytest.mark.browser


def test_from_the_footer_to_a_report_sent_by_keyboard(page, visit, assert_accessible, login, live_server):
    district_home = f"/ambiti/{live_server.district_slug}/"
    visit(district_home)
    page.locator("footer a[href$='/accessibilita']").click()
    page.wait_for_url(re.compile(rf"/ambiti/{live_server.district_slug}/accessibilita$"))
    assert page.locator("main a[href='https://form.agid.gov.it/']").count() == 1
    assert_accessible(page, "accessibility statement")

    page.locator("main a[href*='/accessibilita/segnala']").first.click()
    page.wait_for_url(re.compile(r"/accessibilita/segnala"))
    assert page.locator("#page").input_value() == district_home    # the page the visitor came from
    assert_accessible(page, "accessibility feedback form")

    page.locator("#description").focus()
    page.keyboard.type("Il filtro per tipo non si raggiunge con il tasto Tab.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "name"
    page.keyboard.type("Ada Rossi")
    page.keyboard.press("Tab")
    page.keyboard.type("ada.rossi@example.org")
    page.keyboard.press("Tab")                                      # the privacy notice's link
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/accessibilita/grazie$"))
    assert page.locator("main [role=status]").count() == 1
    assert page.locator("h1#report-sent").is_visible()
    assert_accessible(page, "report sent")

    login(OFFICE_EMAIL)
    listing = visit(f"/gestione/{live_server.district_slug}/accessibilita")
    report = listing.locator("main li", has_text="Il filtro per tipo non si raggiunge")
    assert report.count() == 1 and "ada.rossi@example.org" in report.inner_text()


def test_an_empty_report_is_refused_with_the_errors_listed_and_axe_clean(page, visit, assert_accessible):
    visit("/accessibilita/segnala")
    page.locator("#page").fill("")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("#form-errors li").count() == 2            # the page and the description
    assert page.locator("#description[aria-invalid=true]").count() == 1
    assert_accessible(page, "accessibility feedback form with errors")


def test_the_legal_notes_and_both_languages_of_the_statement_are_axe_clean(page, visit, live_server):
    district = f"/ambiti/{live_server.district_slug}"
    for path in ("/note-legali", district + "/note-legali", "/accessibilita"):
        visit(path)
    page.goto("/lingua/en")
    for path in (district + "/accessibilita", district + "/note-legali", district + "/accessibilita/segnala"):
        assert visit(path).locator("html").get_attribute("lang") == "en"
