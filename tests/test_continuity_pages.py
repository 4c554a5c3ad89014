"""Continuity between plans in the office's pages: the objective's edit page lists the old actions it takes up,
with the previous plan's cards beside it, and takes up one more; the cycle view lists every old action with its
fate and marks one dropped; only the planning office gets there. And the demo: every objective of the draft
takes up the old actions the sources tie to it, with the reason in their words; the rest stay undecided."""
from __future__ import annotations

import re
from datetime import date

from markupsafe import escape

from app.extensions import db
from app.lineage_models import Continuity
from plan_drafts import approval, continuity, services
from plan_drafts.continuity import Fate
from plan_drafts.continuity_models import DroppedAction, ObjectiveContinuity
from tests.cards_helpers import open_campaign
from tests.draft_helpers import BASE, make_draft
from tests.test_seed_fidelity import SEEDS, plain


def _objective(draft, title="Conoscere il territorio"):
    objective = services.create_objective(draft.axes[0], services.ObjectiveData(title=title))
    db.session.commit()
    return objective


def _actions(plan) -> dict:
    return {action.code: action for action in plan.actions}


def _english(client):
    client.get("/lingua/en")
    return client


def test_the_edit_page_takes_up_an_old_action_and_shows_its_cards_beside_the_objective(as_office, plan):
    open_campaign(plan)     # the card of 1.4: nobody could report, "too ambitious"; every card: "Timidezza decisionale"
    draft = make_draft(plan)
    objective, old = _objective(draft), _actions(plan)
    page = as_office.get(f"{BASE}/bozze/obiettivi/{objective.id}/modifica").get_data(as_text=True)
    assert 'id="continuity"' in page and 'id="continuity-form"' in page
    assert f'<option value="{old["1.4"].id}">1.4 {escape(old["1.4"].title)}</option>' in page
    assert f'<optgroup label="{escape(plan.areas[0].name)}">' in page

    version = objective.version
    response = as_office.post(f"{BASE}/bozze/obiettivi/{objective.id}/continuita", data={
        "continuity-action": old["1.4"].id, "continuity-fate": "changed",
        "continuity-reason": "Il gruppo lo ha ritenuto troppo ambizioso: lo riprendiamo più piccolo."})
    assert response.status_code == 302 and response.headers["Location"].endswith("/modifica#continuity")
    link = objective.continuities[0]
    assert (link.action, link.fate) == (old["1.4"], Continuity.CHANGED)
    assert objective.version == version        # the objective's form, autosaving in the same page, is not stale

    page = _english(as_office).get(f"{BASE}/bozze/obiettivi/{objective.id}/modifica").get_data(as_text=True)
    table = page.split('id="continuity-heading"', 1)[1]
    assert "<caption>" in table and '<th scope="row">1.4 ' in table and "lo riprendiamo più piccolo" in table
    aside = page.split('id="previous-cards-heading"', 1)[1]
    assert "Nobody could report on it" in aside and "troppo ambizioso" in aside   # what the card says
    assert "Timidezza decisionale" in aside and "Famiglie raggiunte" in aside     # its problems and indicators
    assert f'<option value="{old["1.4"].id}">' not in page                       # taken up: no longer a choice
    read_only = as_office.get(f"{BASE}/bozze/obiettivi/{objective.id}").get_data(as_text=True)
    assert "lo riprendiamo più piccolo" in read_only.split('id="continuity-heading"', 1)[1]


def test_what_is_missing_is_said_and_what_was_typed_is_kept(as_office, plan):
    draft = make_draft(plan)
    objective, old = _objective(draft), _actions(plan)
    response = as_office.post(f"{BASE}/bozze/obiettivi/{objective.id}/continuita", data={
        "continuity-action": old["2.2"].id, "continuity-fate": "continued", "continuity-reason": "  "})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'href="#continuity-reason"' in page and f'<option selected value="{old["2.2"].id}">' in page
    response = as_office.post(f"{BASE}/bozze/obiettivi/{objective.id}/continuita", data={
        "continuity-action": 999_999, "continuity-fate": "changed", "continuity-reason": "Perché"})
    assert response.status_code == 422 and objective.continuities == []     # not an action of the previous plan


def test_removing_a_link_asks_first(as_office, plan):
    draft = make_draft(plan)
    objective = _objective(draft)
    link = continuity.link_action(objective, plan.actions[0], fate=Continuity.CONTINUED, reason="Prosegue")
    db.session.commit()
    url = f"{BASE}/bozze/continuita/{link.id}/rimuovi"
    confirm = as_office.get(url)
    assert confirm.status_code == 200 and 'method="post"' in confirm.get_data(as_text=True)
    assert db.session.get(ObjectiveContinuity, link.id) is not None
    response = as_office.post(url)
    assert response.status_code == 302 and response.headers["Location"].endswith("/modifica#continuity")
    assert objective.continuities == []


def test_the_cycle_view_lists_every_old_action_and_marks_one_dropped(as_office, plan):
    open_campaign(plan)
    draft = make_draft(plan)
    objective, old = _objective(draft), _actions(plan)
    continuity.link_action(objective, old["2.3"], fate=Continuity.CHANGED, reason="Un osservatorio più ampio")
    db.session.commit()
    url = f"{BASE}/bozze/{draft.id}/ciclo"
    page = _english(as_office).get(url).get_data(as_text=True)
    assert len(re.findall(r'<tr id="old-action-\d+">', page)) == 17
    row = page.split(f'id="old-action-{old["2.3"].id}"', 1)[1].split("</tr>", 1)[0]
    assert "Changed" in row and "Objective 1.1" in row and "Un osservatorio più ampio" in row
    nobody = page.split(f'id="old-action-{old["1.4"].id}"', 1)[1].split("</tr>", 1)[0]
    assert "Undecided" in nobody and "troppo ambizioso" in nobody and "Mark as not taken up" in nobody
    assert page.count("<caption") == len(plan.areas)
    assert f"/bozze/{draft.id}/ciclo" in as_office.get(f"{BASE}/bozze/{draft.id}/").get_data(as_text=True)

    missing = as_office.post(f"{BASE}/bozze/{draft.id}/ciclo/abbandona", data={"action": old["1.4"].id})
    assert missing.status_code == 422 and 'href="#reason"' in missing.get_data(as_text=True)
    taken = as_office.post(f"{BASE}/bozze/{draft.id}/ciclo/abbandona", data={"action": old["2.3"].id,
                                                                               "reason": "No"})
    assert taken.status_code == 422                           # taken up by objective 1.1: not in the list
    response = as_office.post(f"{BASE}/bozze/{draft.id}/ciclo/abbandona", data={
        "action": old["1.4"].id, "reason": "Nessuno ha potuto rendicontarla: obiettivo troppo ambizioso."})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#old-action-{old['1.4'].id}")
    page = as_office.get(url).get_data(as_text=True)
    row = page.split(f'id="old-action-{old["1.4"].id}"', 1)[1].split("</tr>", 1)[0]
    assert "Dropped" in row and "obiettivo troppo ambizioso." in row
    dropped = db.session.scalar(db.select(DroppedAction))
    assert as_office.get(f"{BASE}/bozze/ciclo/non-riprese/{dropped.id}/annulla").status_code == 200
    assert as_office.post(f"{BASE}/bozze/ciclo/non-riprese/{dropped.id}/annulla").status_code == 302
    assert {r.action.code: r.fate for r in continuity.cycle(plan, draft)}["1.4"] == Fate.UNDECIDED


def test_the_plan_page_leads_to_the_cycle_view_of_the_draft_that_follows_it(as_office, plan):
    plan_page = f"/gestione/{plan.district.slug}/piani/{plan.id}"
    link = f"/gestione/{plan.district.slug}/bozze/ciclo/piano/{plan.id}"
    assert link in as_office.get(plan_page).get_data(as_text=True)
    response = as_office.get(link)
    assert response.status_code == 302 and response.headers["Location"].endswith(plan_page)   # no draft yet
    draft = make_draft(plan)
    response = as_office.get(link)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/bozze/{draft.id}/ciclo")


def test_once_approved_the_cycle_view_shows_the_new_actions_and_changes_nothing(as_office, plan):
    draft = make_draft(plan)
    objective, old = _objective(draft), _actions(plan)
    continuity.link_action(objective, old["2.3"], fate=Continuity.CHANGED, reason="Più ampio")
    db.session.commit()
    new = approval.approve_draft(draft, by=None, assembly_date=date(2015, 6, 25), resolution_number="3/2015")
    db.session.commit()
    page = _english(as_office).get(f"{BASE}/bozze/{draft.id}/ciclo").get_data(as_text=True)
    assert f'/piani/{new.id}#action-{objective.system_action.id}' in page and "Action 1.1" in page
    assert "/ciclo/abbandona" not in page and "Mark as not taken up" not in page
    refused = as_office.post(f"{BASE}/bozze/{draft.id}/ciclo/abbandona", data={"action": old["1.1"].id,
                                                                                "reason": "Tardi"})
    assert refused.status_code == 302 and db.session.scalar(db.select(DroppedAction)) is None


def test_only_the_planning_office_decides(client, as_referent, plan, make_user, district):
    """A referent (logged in by the fixture), then a facilitator, are refused every page and every change."""
    from app.models import Role
    from tests.conftest import login
    draft = make_draft(plan)
    objective = _objective(draft)
    link = continuity.link_action(objective, plan.actions[0], fate=Continuity.CONTINUED, reason="Prosegue")
    row = continuity.drop_action(draft, plan.actions[1], reason="Chiusa")
    db.session.commit()
    urls = [f"{BASE}/bozze/{draft.id}/ciclo", f"{BASE}/bozze/obiettivi/{objective.id}/continuita",
            f"{BASE}/bozze/continuita/{link.id}/rimuovi", f"{BASE}/bozze/ciclo/non-riprese/{row.id}/annulla"]
    posts = urls[1:] + [f"{BASE}/bozze/{draft.id}/ciclo/abbandona"]
    for person in (None, make_user("facilitatore@example.org", Role.FACILITATOR, district)):
        if person is not None:
            client.post("/logout")
            login(client, person)
        for url in urls:
            assert client.get(url).status_code in (302, 403), url
        for url in posts:
            assert client.post(url, data={"action": plan.actions[2].id, "reason": "x"}).status_code in (302, 403)
    assert len(objective.continuities) == 1 and len(draft.dropped_actions) == 1


def test_deleting_an_objective_says_its_decisions_go_with_it(as_office, plan):
    draft = make_draft(plan)
    objective = _objective(draft)
    continuity.link_action(objective, plan.actions[0], fate=Continuity.CONTINUED, reason="Prosegue")
    db.session.commit()
    page = _english(as_office).get(f"{BASE}/bozze/obiettivi/{objective.id}/elimina").get_data(as_text=True)
    assert "1 decision on an action of the previous plan" in page
    page = as_office.get(f"/gestione/{plan.district.slug}/azioni/{plan.actions[0].id}/elimina").get_data(as_text=True)
    assert "1 decision on continuity between plans" in page


# --- the demo --------------------------------------------------------------------------------------------

# What the demo's objectives take up: (the objective's development line, opening words) -> old actions.
DEMO_LINKS = {"arrivare ad una maggiore conoscenza": {"2.3": "changed"},
              "Promuovere sostenibilità al lavoro integrato": {"2.2": "continued", "2.5": "changed", "3.2": "changed"},
              "Si sente l’esigenza di ridefinire spazi/luoghi": {"3.3": "changed"},
              "Creare un coordinamento strategico": {"1.1": "changed", "1.5": "changed"}}


def test_the_demo_links_every_objective_to_the_old_actions_the_sources_tie_it_to(app):
    from app.cli import DEMO_ACCOUNTS
    from app.demo import load_demo
    from plan_drafts.models import PlanDraft
    plan = load_demo(DEMO_ACCOUNTS, "demo-password")
    load_demo(DEMO_ACCOUNTS, "demo-password")          # a second run adds nothing
    draft = db.session.scalar(db.select(PlanDraft).filter_by(previous_plan_id=plan.id))
    assert draft.objectives and all(objective.continuities for objective in draft.objectives)
    found = {}
    for objective in draft.objectives:
        line = next(opening for opening in DEMO_LINKS if objective.statements[0].text.startswith(opening))
        found[line] = {link.action.code: link.fate.value for link in objective.continuities}
    assert found == DEMO_LINKS

    source = plain(" ".join(path.read_text(encoding="utf-8") for path in SEEDS.glob("004_*.txt")))
    for objective in draft.objectives:
        for link in objective.continuities:
            quotes = re.findall(r"«([^»]+)»", link.reason)
            assert quotes, link.reason
            for part in (piece for quote in quotes for piece in quote.split("…")):
                assert plain(part) in source, part           # the reason in the sources' words

    rows = continuity.cycle(plan)
    assert len(rows) == 17 and len(continuity.cycle_actions(plan)) == 17
    fates = {row.action.code: row.fate for row in rows}
    assert {code for code, fate in fates.items() if fate == Fate.UNDECIDED} == {
        "1.2", "1.3", "1.4", "1.6", "2.1", "2.4", "3.1", "3.4", "3.5", "3.6"}    # the sources decide nothing on these
    assert Fate.DROPPED not in fates.values()


def test_the_demo_cycle_view_lists_the_17_old_actions(app, client):
    from app.cli import DEMO_ACCOUNTS
    from app.demo import load_demo
    from plan_drafts.models import PlanDraft
    from tests.conftest import login
    plan = load_demo(DEMO_ACCOUNTS, "demo-password")
    draft = db.session.scalar(db.select(PlanDraft).filter_by(previous_plan_id=plan.id))
    login(client, DEMO_ACCOUNTS[0][0], "demo-password")
    page = client.get(f"/gestione/{plan.district.slug}/bozze/{draft.id}/ciclo").get_data(as_text=True)
    assert len(re.findall(r'<tr id="old-action-\d+">', page)) == 17
    assert "troppo ambizioso" in page and "molto ambizioso" in page     # beside the undecided 1.3 and 1.6
