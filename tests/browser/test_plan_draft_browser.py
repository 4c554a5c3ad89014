"""The plan draft in a real browser: from the coverage of the development lines the planning office creates
an objective from a line, completes its row and finds the line and its keywords on the objective page; a
chapter autosaves while typed. axe-core checks every page on the way."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import _sample_with_details

pytestmark = pytest.mark.browser

SEED = """
from app import create_app
from app.extensions import db
from app.models import District
from focus_groups.demo import load_demo_focus
from plan_drafts.demo import load_demo_draft
app = create_app()
with app.app_context():
    plan = db.session.scalar(db.select(District)).current_plan
    load_demo_focus(plan)
    draft = load_demo_draft(plan)
    db.session.commit()
    print(draft.id)
"""


@pytest.fixture(scope="module")
def server(serve):
    server = serve("draft", _sample_with_details(), seed=SEED)
    server.draft_id = int(server.seed_output.split()[-1])
    return server


def test_an_objective_is_created_from_an_uncovered_development_line(page, visit, login, assert_accessible,
                                                                    server):
    login()
    base = f"/gestione/{server.district_slug}/bozze"
    visit(f"{base}/")
    visit(f"{base}/{server.draft_id}/")
    assert page.locator("#axes table.pdz-objectives").count() == 4      # three sample axes and governance
    visit(f"{base}/{server.draft_id}/copertura")
    uncovered = page.locator("li.pdz-line-uncovered")
    before = uncovered.count()
    assert before == 3 + 3 + 4        # the lines no demo objective takes up (plan_drafts/demo.py)
    chosen = uncovered.filter(has_text="Promuovere spazi di riflessione")        # a line without sub-points
    line = chosen.locator("p").first.inner_text()

    # Create the objective in the second axis from that uncovered line.
    chosen.locator("select[name=axis]").select_option(index=1)
    with page.expect_navigation():
        chosen.locator("button[type=submit]").click()
    assert re.search(r"/bozze/obiettivi/\d+/modifica$", page.url), page.url
    assert_accessible(page, "objective form from a line")
    assert page.locator("textarea[name=title]").input_value() == line
    page.fill("input[name=intervention_type]", "Formazione congiunta")
    page.fill("input[name=timing]", "2015–2016")
    with page.expect_navigation():
        page.locator("main form.pdz-form button.btn-primary[type=submit]").click()
    assert re.search(r"/bozze/obiettivi/\d+$", page.url), page.url
    assert_accessible(page, "objective page")
    heading = page.locator("h1").inner_text()
    assert heading.startswith("2.") and line in heading
    evidence = page.locator("#evidence")
    assert line in evidence.locator("blockquote").first.inner_text()
    # the focus group the line comes from (the sources link no keyword to a line, so there is no keyword table)
    assert any(title in evidence.inner_text()
               for title in ("Modello organizzativo", "Presa in carico integrata", "Lavoro di comunità"))

    visit(f"{base}/{server.draft_id}/copertura")
    assert page.locator("li.pdz-line-uncovered").count() == before - 1
    taken_up = page.locator("main a[href*='/bozze/obiettivi/']", has_text=re.compile(r"^2\.\d "))
    assert taken_up.count() >= 1


def test_a_chapter_autosaves_while_typed(page, visit, login, server):
    from playwright.sync_api import expect
    login()
    base = f"/gestione/{server.district_slug}/bozze/{server.draft_id}"
    visit(f"{base}/")
    page.locator("#chapters a").first.click()
    page.wait_for_url(re.compile(r"/capitoli/\d+$"))
    chapter_url = page.url
    body = page.locator("textarea[name=body]")
    body.fill("Il V Piano di Zona nasce dalla valutazione partecipata del IV.")
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"(Salvato alle|Saved at) \d\d:\d\d"),
                                                           timeout=15_000)
    page.evaluate("localStorage.clear()")
    visit(chapter_url.split(server.url, 1)[1])
    assert page.locator("textarea[name=body]").input_value() == \
        "Il V Piano di Zona nasce dalla valutazione partecipata del IV."


def test_the_approval_and_statement_pages_are_accessible(page, visit, login, server):
    login()
    base = f"/gestione/{server.district_slug}/bozze"
    visit(f"{base}/{server.draft_id}/approva")
    assert page.locator("main form button[type=submit]").count() == 1
    visit(f"{base}/{server.draft_id}/copertura")
    covered = page.locator("main a[href*='/bozze/obiettivi/']").first
    covered.click()
    page.wait_for_url(re.compile(r"/bozze/obiettivi/\d+$"))
    page.locator("#evidence a[href*='/bozze/affermazioni/']").first.click()
    page.wait_for_url(re.compile(r"/bozze/affermazioni/\d+$"))
    visit(page.url.split(server.url, 1)[1])
