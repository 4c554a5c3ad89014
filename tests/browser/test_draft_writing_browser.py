"""Participatory writing in a real browser: a citizen comments on one paragraph of the public draft and
proposes an amendment; the planning office publishes the comment, accepts the amendment, and reads the change
in the objective's history and against the frozen version. axe-core checks every page (the colours of added
and removed text included)."""
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
from plan_drafts.writing_demo import load_demo_writing
app = create_app()
with app.app_context():
    plan = db.session.scalar(db.select(District)).current_plan
    load_demo_focus(plan)
    draft = load_demo_draft(plan)
    load_demo_writing(plan)
    db.session.commit()
    print(draft.id)
"""
CITIZEN = {"name": "Giulia Verdi", "email": "giulia@example.org"}
PROPOSAL = "Costruire con le famiglie un sistema di conoscenza dei bisogni"


@pytest.fixture(scope="module")
def server(serve):
    server = serve("writing", _sample_with_details(), seed=SEED)
    server.draft_id = int(server.seed_output.split()[-1])
    return server


def fill_citizen(form):
    form.locator("input[name=name]").fill(CITIZEN["name"])
    form.locator("input[name=email]").fill(CITIZEN["email"])
    form.locator("label[for=consent]").click()         # Bootstrap Italia draws the box over the input


def a_citizen_comments_a_paragraph_and_proposes_an_amendment(page, visit, assert_accessible, server):
    draft = server.draft_id
    visit(f"/bozze/{draft}/")
    first_chapter = page.locator("main section[id^=chapter-]").first
    first_chapter.locator("a.pdz-paragraph-link").first.click()
    page.wait_for_url(re.compile(r"/capitoli/\d+\?paragrafo=0#comments$"))
    assert page.locator(".pdz-paragraph-chosen").count() == 1
    assert_accessible(page, "chapter, comments on one paragraph")

    form = page.locator("#comment-form")
    form.locator("textarea[name=body]").fill("Aggiungerei i numeri della valutazione.")
    fill_citizen(form)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator(".alert-success").count() == 1
    assert "Aggiungerei i numeri" not in page.locator("#comments").inner_text()   # waits for moderation
    assert_accessible(page, "chapter after a comment")

    visit(f"/bozze/{draft}/")
    page.locator("main table a").first.click()
    page.wait_for_url(re.compile(r"/obiettivi/\d+$"))
    assert_accessible(page, "objective with amendments")
    form = page.locator("#amendment-form")
    form.locator("select[name=field]").select_option("title")
    form.locator("textarea[name=text]").fill(PROPOSAL)
    form.locator("textarea[name=reason]").fill("Le famiglie vedono i bisogni prima dei servizi.")
    fill_citizen(form)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator(".alert-success").count() == 1


def test_a_citizen_contributes_then_the_office_moderates_accepts_and_reads_the_change(page, visit, login,
                                                                                        assert_accessible, server):
    """One journey: the office's part needs the citizen's (two tests could be run in either order)."""
    a_citizen_comments_a_paragraph_and_proposes_an_amendment(page, visit, assert_accessible, server)
    draft = server.draft_id
    login()
    visit(f"/gestione/{server.district_slug}/bozze/{draft}/partecipazione")
    pending = page.locator("article", has_text="Aggiungerei i numeri della valutazione.")
    with page.expect_navigation():
        pending.locator("button[value=publish]").click()
    assert page.locator("article", has_text="Aggiungerei i numeri della valutazione.").count() == 0

    row = page.locator("main table tr", has_text=PROPOSAL[:40])
    row.locator("a").click()
    page.wait_for_url(re.compile(r"/emendamenti/\d+$"))
    assert page.locator(".pdz-diff ins").count() >= 1
    assert_accessible(page, "decision on an amendment")
    page.locator("label[for=decision-0]").click()        # "accept"
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator(".alert-success").count() == 1

    visit(f"/bozze/{draft}/")
    page.locator("main table a", has_text=PROPOSAL).click()
    page.wait_for_url(re.compile(r"/obiettivi/\d+$"))
    page.locator("main a[href$='/versioni']").click()
    page.wait_for_url(re.compile(r"/versioni$"))
    assert page.locator(".pdz-diff ins", has_text="Costruire").count() >= 1
    assert_accessible(page, "history of the objective with its differences")

    visit(f"/bozze/{draft}/")
    page.locator("nav a[href*='/congelate/']").first.click()
    page.wait_for_url(re.compile(r"/congelate/\d+$"))
    assert_accessible(page, "frozen version")
    page.locator("main a[href$='confronta=1']").click()
    page.wait_for_url(re.compile(r"confronta=1$"))
    assert page.locator(".pdz-diff ins", has_text="famiglie").count() >= 1
    assert_accessible(page, "frozen version against the current draft")
