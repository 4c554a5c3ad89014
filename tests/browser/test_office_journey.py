"""The planning office edits a system action through the real form: a refused save keeps what was typed,
a good save shows on the public page; axe-core checks the form, its errors and the pages around it."""
import re

import pytest

from tests.browser.journey import submit

pytestmark = pytest.mark.browser


def test_the_planning_office_edits_an_action_and_the_public_sees_it(page, login, visit, assert_accessible,
                                                                      live_server):
    login()
    page.goto("/")
    plan_id = re.search(r"/piani/(\d+)$", page.locator("main a", has_text=live_server.plan_title)
                        .first.get_attribute("href")).group(1)
    visit(f"/gestione/{live_server.district_slug}/piani/{plan_id}")

    # An action of the second area, so the other journeys' data stays as they expect it.
    old_title = page.locator("main th a[href$='/modifica']").nth(7).inner_text()
    page.locator("main th a[href$='/modifica']", has_text=old_title).click()
    page.wait_for_url(re.compile(r"/azioni/\d+/modifica$"))
    action_id = re.search(r"/azioni/(\d+)/", page.url).group(1)
    assert page.input_value("input[name=title]") == old_title
    assert_accessible(page, "action form")
    form = page.locator("main form.pdz-form")
    save = form.locator("button.btn-primary[type=submit]")

    # A missing title is refused; what was typed elsewhere stays, and the errors are announced.
    page.fill("input[name=title]", "")
    page.fill("textarea[name=description]", "Una **nuova** descrizione, scritta nel browser.")
    assert submit(page, save) == 422
    assert page.locator("#form-errors[role=alert]").is_visible()
    assert page.input_value("textarea[name=description]") == "Una **nuova** descrizione, scritta nel browser."
    assert page.get_attribute("input[name=title]", "aria-invalid") == "true"
    assert_accessible(page, "action form with errors")

    # A good save, with a budget line added through the form's own button.
    new_title = old_title + " (rivista nel browser)"
    page.fill("input[name=title]", new_title)
    assert submit(page, form.locator("input[type=submit][name=add_budget]")) == 200
    page.locator("select[name$='-source']").last.select_option("municipalities")
    page.locator("input[name$='-amount']").last.fill("7.500")
    page.locator("input[name$='-description']").last.fill("Quota dei Comuni")
    assert submit(page, save) == 200
    assert re.search(rf"/gestione/{live_server.district_slug}/piani/{plan_id}", page.url)
    assert page.locator("main [role=status], main .alert-success").count() >= 1
    assert page.locator("main th a", has_text=new_title).count() == 1
    assert_accessible(page, "plan after saving the action")

    visit(f"/azioni/{action_id}")
    assert page.locator("h1").inner_text() == new_title
    assert page.locator("main strong", has_text="nuova").count() == 1
    assert "7.500" in page.locator("main table tfoot").inner_text()
