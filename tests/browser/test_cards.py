"""Evaluation cards in a real browser: autosave survives a closed tab, two sessions editing one card get the
conflict message with both versions, and axe-core checks every card page."""
from __future__ import annotations

import re
import textwrap

import pytest

from tests.browser.conftest import PASSWORD, _sample_with_details

pytestmark = pytest.mark.browser

REFERENT = "referente@example.org"

SEED = textwrap.dedent(f"""
    from datetime import date, timedelta
    from app import create_app, people
    from app.extensions import db
    from app.models import Plan
    from evaluations import services
    app = create_app()
    with app.app_context():
        plan = db.session.scalar(db.select(Plan))
        referent = people.find_user("referente@example.org")
        referent.set_password({PASSWORD!r})
        office = people.find_user("ufficio@example.org")
        services.open_campaign(plan, title="Valutazione", deadline=date.today() + timedelta(days=10),
                               intro="Compilate la scheda **entro** la scadenza.", opened_by=office)
        db.session.commit()
""")


@pytest.fixture(scope="module")
def server(serve):
    """The sample plan with a campaign open and the referent of action 1.1 able to log in."""
    return serve("cards", _sample_with_details(), seed=SEED)


def _new_context(browser, server, errors: list):
    context = browser.new_context(base_url=server.url, locale="it-IT", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.on("page", lambda page: page.on("pageerror", lambda error: errors.append(str(error))))
    return context


@pytest.fixture
def js_errors():
    errors: list[str] = []
    yield errors
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def context(browser, server, js_errors):
    context = _new_context(browser, server, js_errors)
    yield context
    context.close()


def _log_in(page, email, password=PASSWORD):
    page.goto("/login")
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("load")


def _open_my_card(page, server):
    page.goto(f"/gestione/{server.district_slug}/schede/")
    page.locator("main table a", has_text="1.1").first.click()
    page.wait_for_url(re.compile(r"/schede/\d+/$"))
    return page.url


def test_typed_text_survives_closing_the_tab(context, server, assert_accessible):
    page = context.new_page()
    _log_in(page, REFERENT)
    url = _open_my_card(page, server)
    assert_accessible(page, "card edit page")

    # Typed and autosaved a few seconds later: the server has it.
    with page.expect_response(lambda r: r.url.endswith("/salva")) as saved:
        page.fill("textarea[name=activities]", "Incontri mensili del tavolo di coordinamento.")
    assert saved.value.status == 200
    assert page.locator("#autosave-status").inner_text().strip() != ""

    # Typed and the tab closed at once, before the autosave delay: nothing is lost.
    page.fill("textarea[name=strengths]", "Una rete che prima non c'era.")
    page.close(run_before_unload=True)

    again = context.new_page()
    again.goto(url)
    from playwright.sync_api import expect
    # The copy kept in the browser is applied on load: wait for the field to hold it, not for a fixed time.
    expect(again.locator("textarea[name=strengths]")).to_have_value("Una rete che prima non c'era.")
    assert again.input_value("textarea[name=activities]") == "Incontri mensili del tavolo di coordinamento."
    assert_accessible(again, "card edit page after reopening")


def test_two_sessions_on_one_card_get_the_conflict_message_with_both_versions(browser, server,
                                                                               assert_accessible, js_errors):
    first_context = _new_context(browser, server, js_errors)
    second_context = _new_context(browser, server, js_errors)
    try:
        first, second = first_context.new_page(), second_context.new_page()
        _log_in(first, REFERENT)
        _log_in(second, REFERENT)
        _open_my_card(first, server)
        _open_my_card(second, server)

        with first.expect_response(lambda r: r.url.endswith("/salva")) as saved:
            first.fill("textarea[name=problems]", "Tempi decisionali lunghi (prima sessione).")
        assert saved.value.status == 200

        with second.expect_response(lambda r: r.url.endswith("/salva")) as refused:
            second.fill("textarea[name=problems]", "Poche risorse di personale (seconda sessione).")
        assert refused.value.status == 409
        box = second.locator("#autosave-conflict")
        box.wait_for(state="visible")
        text = box.inner_text()
        assert "Tempi decisionali lunghi (prima sessione)." in text
        assert "Poche risorse di personale (seconda sessione)." in text
        assert_accessible(second, "card with the conflict message")

        compare_url = box.locator("a").get_attribute("href")

        # Knowingly keeping one's own version saves it on top of the other.
        with second.expect_response(lambda r: r.url.endswith("/salva")) as kept:
            box.locator("button.btn-primary").click()
        assert kept.value.status == 200
        first.reload()
        first.wait_for_load_state("load")
        assert first.input_value("textarea[name=problems]") == "Poche risorse di personale (seconda sessione)."

        # The first session's text is not lost either: the comparison page still shows it.
        second.goto(compare_url)
        assert "Tempi decisionali lunghi (prima sessione)." in second.locator("main").inner_text()
        assert_accessible(second, "comparison page")
    finally:
        first_context.close()
        second_context.close()


def test_sending_an_incomplete_card_lists_what_is_missing(context, server, assert_accessible):
    page = context.new_page()
    _log_in(page, REFERENT)
    _open_my_card(page, server)
    with page.expect_navigation() as navigation:
        page.locator("button[name=action][value=submit]").click()
    assert navigation.value.status == 422
    assert page.locator("#missing[role=alert] li").count() >= 3
    assert_accessible(page, "card with missing items")
    page.goto(f"/gestione/{server.district_slug}/schede/")
    assert_accessible(page, "my cards")


def test_the_office_pages_of_a_campaign_are_accessible(context, server, assert_accessible):
    page = context.new_page()
    _log_in(page, server.office_email)
    page.goto(f"/gestione/{server.district_slug}/campagne/")
    assert_accessible(page, "campaigns")
    page.locator("main table a").first.click()
    page.wait_for_url(re.compile(r"/campagne/\d+/$"))
    assert_accessible(page, "campaign review list")
    page.goto(page.url + "?state=draft&late=1")
    assert_accessible(page, "campaign review list, filtered")
    page.locator("main table a", has_text="1.2").first.click()
    page.wait_for_url(re.compile(r"/schede/\d+/$"))
    assert_accessible(page, "a card seen by the office")
    page.locator("main a[href$='/storia']").first.click()
    page.wait_for_url(re.compile(r"/storia$"))
    assert_accessible(page, "history of a card")
    page.goto(f"/gestione/{server.district_slug}/campagne/nuova")
    assert_accessible(page, "new campaign form")


def test_rows_added_in_the_browser_are_saved(context, server):
    page = context.new_page()
    _log_in(page, REFERENT)
    url = _open_my_card(page, server)
    rows = page.locator("table[data-rows=organizations] tbody tr")
    before = rows.count()
    page.locator("div.table-responsive:has(table[data-rows=organizations]) + button").click()
    assert rows.count() == before + 1
    page.locator(f"input[name=organizations-{before}-name]").fill("Parrocchia di San Giacomo")
    with page.expect_response(lambda r: r.url.endswith("/salva")) as saved:
        page.locator(f"select[name=organizations-{before}-kind]").select_option("third_sector")
    assert saved.value.status == 200
    page.goto(url)
    names = [page.input_value(f"input[name=organizations-{i}-name]") for i in range(rows.count())]
    assert "Parrocchia di San Giacomo" in names
