"""A citizen reads the plan: home, plan, area, action, organizations, search, and an unknown page —
clicking through as a person would, with axe-core on every page."""
import re

import pytest

pytestmark = pytest.mark.browser


def test_a_citizen_reads_the_plan_from_the_home_page_down_to_an_organization(page, visit, assert_accessible,
                                                                            live_server):
    visit("/")
    assert page.locator("html").get_attribute("lang") == "it"
    assert page.locator("h1").inner_text() == live_server.district_name
    for name in live_server.area_names:
        assert page.locator("main a", has_text=name).count() == 1

    page.locator("main a", has_text=live_server.plan_title).first.click()
    assert re.search(r"/piani/\d+$", page.url)
    assert page.locator("h1").inner_text() == live_server.plan_title
    assert_accessible(page, "plan")

    first_area = live_server.area_names[0]
    page.locator("main h3 a", has_text=first_area).click()
    assert re.search(r"/aree/\d+$", page.url)
    assert page.locator("h1").inner_text() == first_area
    assert page.locator("main table caption").count() == 1
    assert_accessible(page, "area")

    action = live_server.detailed_action
    page.locator("main table a", has_text=action["title"]).click()
    assert re.search(r"/azioni/\d+$", page.url)
    assert page.locator("h1").inner_text() == action["title"]
    body = page.locator("main").inner_text()
    assert "Rita Referente" in body
    assert page.locator("main strong", has_text="vicinato").count() == 1      # the description's Markdown
    assert "36.000" in page.locator("main table tfoot").inner_text()      # 12,000 + 24,000 in Italian
    assert_accessible(page, "action")

    page.locator("main a", has_text="Cooperativa sociale Esempio").click()
    assert re.search(r"/enti/\d+$", page.url)
    assert page.locator("h1").inner_text() == "Cooperativa sociale Esempio"
    assert page.locator("main a", has_text=action["title"]).count() == 1
    assert_accessible(page, "organization")


def test_the_organization_directory_filters_by_type(page, visit, assert_accessible):
    visit("/enti")
    assert page.locator("header .nav-link[aria-current=page]").get_attribute("href") == "/enti"
    names = page.locator("main ul a").all_inner_texts()
    assert {"Comune di Crema", "Cooperativa sociale Esempio"} <= set(names)
    page.select_option("select[name=tipo]", "cooperativa")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"tipo=cooperativa"))
    assert page.locator("main ul a").all_inner_texts() == ["Cooperativa sociale Esempio"]
    assert_accessible(page, "organizations of one type")


def test_the_header_search_finds_actions_and_organizations(page, visit, assert_accessible, live_server):
    visit("/")
    page.fill("#site-search", "prossimità")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/search\?q="))
    assert page.locator("main a", has_text=live_server.detailed_action["title"]).count() == 1
    assert page.input_value("#q") == "prossimità"
    assert_accessible(page, "search results")

    visit("/search?q=Cooperativa")
    assert page.locator("main a", has_text="Cooperativa sociale Esempio").count() == 1
    visit("/search?q=nessun-risultato-possibile")
    assert page.locator("main ul a").count() == 0
    visit("/search")


def test_an_unknown_page_answers_404_with_an_accessible_page(page, visit):
    visit("/azioni/999999", status=404)
    assert page.locator("h1").inner_text() == "Pagina non trovata"          # in words, not a number
    assert page.locator("header .nav-link[aria-current]").count() == 0, "no menu item is current on an error"
    visit("/gestione/nessun-ambito/", status=404)


def test_on_a_phone_the_menu_opens_and_stays_accessible(context, assert_accessible):
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/")
    assert_accessible(page, "home on a phone")
    menu = page.locator("#main-menu")
    assert not menu.is_visible()
    page.locator("button[aria-controls=main-menu]").click()
    menu.locator("a.nav-link[href='/enti']").wait_for(state="visible")
    assert_accessible(page, "home on a phone, menu open")
    menu.locator("a.nav-link[href='/enti']").click()
    page.wait_for_url(re.compile(r"/enti$"))
    assert_accessible(page, "organizations on a phone")


def test_the_keyboard_reaches_the_content_first_with_a_visible_focus(page, visit):
    visit("/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible(), "the skip link shows when it has the focus"
    assert skip.evaluate("element => getComputedStyle(element).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.tagName, getComputedStyle(document.activeElement).outlineStyle,"
                            " !!document.activeElement.closest('main')]")
    assert focused == ["A", "solid", True], focused
