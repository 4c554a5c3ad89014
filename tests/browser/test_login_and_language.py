"""The planning office logs in and out through the real form (CSRF on), and anyone switches the
interface to English and back; axe-core checks every page on the way."""
import re

import pytest

pytestmark = pytest.mark.browser


def test_a_wrong_password_is_refused_with_an_accessible_error(page, login, assert_accessible, live_server):
    login(live_server.office_email, "not-the-password")
    assert re.search(r"/login", page.url)
    assert page.input_value("input[name=email]") == live_server.office_email   # what was typed is kept
    assert page.input_value("input[name=password]") == ""
    assert page.locator("[role=alert]").count() >= 1
    assert_accessible(page, "login refused")
    assert page.locator(f"header >> text={live_server.office_name}").count() == 0


def test_the_planning_office_logs_in_reaches_its_district_and_logs_out(page, login, assert_accessible,
                                                                       live_server):
    login()
    page.wait_for_url(re.compile(rf"/gestione/{live_server.district_slug}/$"))
    assert page.locator("h1").inner_text() == live_server.district_name
    assert page.locator("header a", has_text=live_server.office_name).count() == 1
    assert page.locator("header a.nav-link[href='/gestione/']").count() == 1
    assert_accessible(page, "office district page")

    page.goto("/")
    assert_accessible(page, "home, logged in")
    page.locator("header form[action='/logout'] button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("header a", has_text=live_server.office_name).count() == 0
    response = page.goto(f"/gestione/{live_server.district_slug}/")
    assert re.search(r"/login", page.url), f"anonymous user reached {page.url} ({response.status})"


def test_anyone_switches_the_interface_to_english_and_back(page, context, visit, assert_accessible, live_server):
    area = live_server.area_names[1]
    visit("/")
    page.locator("main a", has_text=area).click()
    area_url = page.url
    assert page.locator("html").get_attribute("lang") == "it"

    page.locator("header a[hreflang=en]").click()
    page.wait_for_load_state("load")
    assert page.url == area_url, "the switch returns to the page the user was reading"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("header [aria-current=true]").inner_text() == "English"
    assert page.locator("main h2").first.inner_text() == "System actions"
    assert {c["name"]: c["value"] for c in context.cookies()}.get("lang") == "en"
    assert_accessible(page, "area in English")
    visit("/")
    assert page.locator("main h3", has_text="Priority areas").count() == 1

    page.locator("header a[hreflang=it]").click()
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "it"
    assert {c["name"]: c["value"] for c in context.cookies()}.get("lang") == "it"
    assert page.locator("main h3", has_text="Priority areas").count() == 0
    assert_accessible(page, "home back in Italian")
