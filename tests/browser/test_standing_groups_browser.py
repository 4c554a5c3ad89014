"""The office follows a standing working group: the demo's 2014 design group with its roster of nineteen and the
9 April 2014 meeting (15 present, 4 absent) and its open items; a place added to the roster (refused first, with
what was typed kept); the cycle's participation by role with the roles that were missing; axe-core on each page."""
import re

import pytest

from app.plans import sample_data, slugify
from tests.browser.journey import submit

pytestmark = pytest.mark.browser
DEMO_OFFICE, DEMO_PASSWORD = "ufficio@demo.pdz", "demo"


@pytest.fixture(scope="module")
def server(serve):
    return serve("standing-groups", None, pdz=[["demo", "--no-serve"]])


def test_the_office_follows_the_design_group_and_the_participation_by_role(page, login, visit, assert_accessible):
    slug = slugify(sample_data()["district"]["name"])
    login(DEMO_OFFICE, DEMO_PASSWORD)
    visit(f"/gestione/{slug}/")
    page.locator("main a", has_text="Gruppi di lavoro permanenti").first.click()
    page.wait_for_url(re.compile(r"/gruppi/$"))
    assert_accessible(page, "standing groups")
    page.locator("main a", has_text="Gruppo di progettazione").first.click()
    page.wait_for_url(re.compile(r"/gruppi/\d+/$"))
    assert page.locator("section[aria-labelledby=roster] tbody tr").count() == 19
    row = page.locator("section[aria-labelledby=meetings] tbody tr").first
    assert row.locator("td").nth(1).inner_text() == "15" and row.locator("td").nth(2).inner_text() == "4"
    assert page.locator("section[aria-labelledby=open-items] li").count() == 2
    assert_accessible(page, "the design group")

    page.fill("#name", "Partecipante 20")
    page.fill("#organization_name", "Cooperativa Esempio")
    page.fill("#email", "non-una-mail")
    form = page.locator("section[aria-labelledby=roster] form.pdz-form")
    assert submit(page, form.locator("button.btn-primary[type=submit]")) == 422
    assert page.input_value("#organization_name") == "Cooperativa Esempio"
    assert_accessible(page, "roster place refused")
    page.fill("#email", "")
    page.select_option("#role_id", label="Terzo settore")
    assert submit(page, form.locator("button.btn-primary[type=submit]")) == 200
    assert page.locator("section[aria-labelledby=roster] tbody tr").count() == 20

    visit(f"/gestione/{slug}/partecipazione/")
    assert page.locator("#absent-roles + ul li", has_text="Famiglia/cittadino").count() == 1
    assert page.locator("main", has_text="amministratori locali").count() == 1
    assert_accessible(page, "participation by role")
