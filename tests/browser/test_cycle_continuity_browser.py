"""The office follows the cycle from one plan to the next: the cycle view lists the 17 actions of the 2012-2014 plan
and what the draft does with each, an action is marked as not taken up (refused without a reason first); the
objective's page shows the old actions it takes up beside their cards; the co-design table with its two partners'
commitments; axe-core on each page."""
import re

import pytest

from app.plans import sample_data, slugify
from tests.browser.journey import submit

pytestmark = pytest.mark.browser
DEMO_OFFICE, DEMO_PASSWORD = "ufficio@demo.pdz", "demo"


@pytest.fixture(scope="module")
def server(serve):
    return serve("cycle-continuity", None, pdz=[["demo", "--no-serve"]])


def test_the_office_decides_what_becomes_of_each_old_action(page, login, visit, assert_accessible):
    slug = slugify(sample_data()["district"]["name"])
    login(DEMO_OFFICE, DEMO_PASSWORD)
    visit(f"/gestione/{slug}/bozze/1/ciclo")
    assert page.locator("main tbody tr").count() >= 17
    assert_accessible(page, "cycle view")
    form = page.locator("main form", has=page.locator("textarea")).last
    assert submit(page, form.locator("button[type=submit]")) == 422          # no action, no reason: refused
    assert_accessible(page, "cycle view refused")

    visit(f"/gestione/{slug}/coprogettazione/")
    page.locator("main a", has_text="4.1").first.click()
    page.wait_for_url(re.compile(r"/coprogettazione/\d+/$"))
    assert page.locator("main", has_text="Fondazione Cariplo").count() >= 1
    assert page.locator("main", has_text="Comune di Crema").count() >= 1
    assert_accessible(page, "co-design table")
