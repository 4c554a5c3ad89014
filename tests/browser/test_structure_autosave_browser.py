"""A system action's edit page autosaves in a real browser: the texts go to the server while typing, a changed
budget line waits on this computer (across a reload) for "Save action", which then saves it - axe-core on the
pages."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import _sample_with_details

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(serve):
    return serve("structure", _sample_with_details())


def _autosaved(page, act):
    """Do `act` and wait for the autosave it causes; returns the answer's status."""
    with page.expect_response(lambda r: r.url.endswith("/salva") and r.request.method == "POST",
                              timeout=15_000) as answer:
        act()
    return answer.value.status


def test_an_action_autosaves_its_texts_and_keeps_its_rows_for_the_save_button(page, login, visit, server,
                                                                             assert_accessible):
    login()
    page.goto("/")
    plan_href = page.locator("main a", has_text=server.plan_title).first.get_attribute("href")
    plan_id = re.search(r"/piani/(\d+)$", plan_href).group(1)
    visit(f"/gestione/{server.district_slug}/piani/{plan_id}")
    page.locator("main th a[href$='/modifica']", has_text=server.detailed_action["title"]).first.click()
    page.wait_for_url(re.compile(r"/azioni/\d+/modifica$"))
    action_id = re.search(r"/azioni/(\d+)/", page.url).group(1)
    assert_accessible(page, "action form with autosave")

    description = "Reti di vicinato, **scritte** mentre l'ufficio digita."
    assert _autosaved(page, lambda: page.fill("textarea[name=description]", description)) == 200
    # The answer is in; the page writes the time once it has read it.
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"^Salvato alle \d\d:\d\d"))
    assert _autosaved(page, lambda: page.fill("input[name=budget-0-amount]", "15.000")) == 200

    # Closing or reloading the page: the text is on the server, the budget line on this computer.
    page.reload()
    assert page.input_value("textarea[name=description]") == description
    assert page.input_value("input[name=budget-0-amount]") == "15.000"
    assert page.locator("#autosave-restore").is_visible()
    assert "36.000" in page.locator("main table tfoot").inner_text()     # not saved yet: 12.000 + 24.000
    assert_accessible(page, "action form with a restored budget line")

    with page.expect_navigation() as navigation:
        page.locator("main form.pdz-form button.btn-primary[type=submit]").click()
    assert navigation.value.status == 200
    assert re.search(rf"/piani/{plan_id}", page.url)
    visit(f"/gestione/{server.district_slug}/azioni/{action_id}/modifica")
    assert "39.000" in page.locator("main table tfoot").inner_text()
    assert page.input_value("textarea[name=description]") == description
