"""Continuity between plans: an objective of the draft takes up actions of the previous plan (as they were, or
changed, and why) or the draft says why it drops them; every old action has a fate; approval keeps the lineage
on the new actions, whose first evaluation card starts with last cycle's indicators, and the API tells it.
The pages, the permissions and the demo are in test_continuity_pages.py."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from alembic.autogenerate import produce_migrations
from alembic.migration import MigrationContext

from app import lineage
from app.errors import DomainError, InvalidField
from app.extensions import db
from app.lineage_models import ActionLineage, Continuity
from app.models import AuditLog, Plan
from app.plans import import_plan
from evaluations import services as evaluations
from evaluations.models import CardIndicator
from plan_drafts import approval, continuity, services
from plan_drafts.continuity import Fate
from tests.cards_helpers import open_campaign
from tests.draft_helpers import make_draft
from tests.test_api import assert_matches


def _objective(draft, title="Obiettivo", axis=0):
    objective = services.create_objective(draft.axes[axis], services.ObjectiveData(title=title))
    db.session.commit()
    return objective


def _actions(plan) -> dict:
    return {action.code: action for action in plan.actions}


def _approve(draft) -> Plan:
    plan = approval.approve_draft(draft, by=None, assembly_date=date(2015, 6, 25), resolution_number="3/2015")
    db.session.commit()
    return plan


# --- the decisions ----------------------------------------------------------------------------------------

def test_an_objective_takes_up_old_actions_and_each_old_action_knows_its_objectives(app, plan):
    draft = make_draft(plan)
    old = _actions(plan)
    first, second = _objective(draft, "Osservatorio sociale"), _objective(draft, "Equipe integrate", axis=1)
    continuity.link_action(first, old["2.3"], fate=Continuity.CHANGED, reason="Più ampio dell'emarginazione")
    continuity.link_action(first, old["1.1"], fate="continued", reason="Prosegue")
    continuity.link_action(second, old["2.3"], fate=Continuity.CONTINUED, reason="Serve anche ai servizi")
    db.session.commit()

    assert [(link.action.code, link.fate) for link in first.continuities] == [
        ("2.3", Continuity.CHANGED), ("1.1", Continuity.CONTINUED)]
    rows = {row.action.code: row for row in continuity.cycle(plan)}
    assert [(t.kind, t.number, t.fate) for t in rows["2.3"].taken_up_by] == [
        ("objective", "1.1", Continuity.CHANGED), ("objective", "2.1", Continuity.CONTINUED)]
    assert rows["2.3"].taken_up_by[0].record == first
    assert rows["2.3"].fate == Fate.CHANGED            # taken up by two objectives: one of them changes it
    assert rows["1.1"].fate == Fate.CONTINUED and rows["1.1"].taken_up_by[0].reason == "Prosegue"
    assert rows["1.2"].fate == Fate.UNDECIDED and rows["1.2"].taken_up_by == []
    assert [row.action.code for row in continuity.cycle(plan)] == [a.code for a in plan.actions]


def test_taking_an_action_up_again_changes_its_fate_and_reason_and_removing_it_undecides_it(app, plan):
    draft = make_draft(plan)
    objective, action = _objective(draft), _actions(plan)["3.1"]
    continuity.link_action(objective, action, fate=Continuity.CONTINUED, reason="Prima")
    link = continuity.link_action(objective, action, fate=Continuity.CHANGED, reason="  Dopo  ")
    db.session.commit()
    assert len(objective.continuities) == 1 and (link.fate, link.reason) == (Continuity.CHANGED, "Dopo")
    continuity.unlink_action(link)
    db.session.commit()
    assert objective.continuities == []
    assert {row.action.code: row.fate for row in continuity.cycle(plan)}["3.1"] == Fate.UNDECIDED


def test_only_actions_of_the_plan_the_draft_follows_can_be_taken_up(app, plan):
    draft = make_draft(plan)
    objective = _objective(draft)
    later = make_draft(plan, title="Bozza senza piano precedente")
    later.previous_plan = None
    other_plan = import_plan({"district": {"name": plan.district.name},
                              "plan": {"title": "III Piano di Zona 2009-2011", "start_year": 2009, "end_year": 2011,
                                       "areas": [{"name": "Area", "actions": [{"code": "1.1", "title": "Vecchia"}]}]}})
    elsewhere = import_plan({"district": {"name": "Ambito di Lodi"},
                             "plan": {"title": "Piano di Lodi", "start_year": 2012, "end_year": 2014,
                                      "areas": [{"name": "Area", "actions": [{"code": "1.1", "title": "Lodi"}]}]}})
    db.session.commit()
    with pytest.raises(InvalidField, match="IV Piano di Zona 2012-2014") as refused:
        continuity.link_action(objective, other_plan.actions[0], fate=Continuity.CONTINUED, reason="No")
    assert refused.value.field == "action"
    with pytest.raises(InvalidField) as refused:
        continuity.link_action(objective, elsewhere.actions[0], fate=Continuity.CONTINUED, reason="No")
    assert refused.value.field == "action" and "Lodi" not in refused.value.message   # another district: not named
    with pytest.raises(InvalidField):
        continuity.drop_action(draft, elsewhere.actions[0], reason="No")
    with pytest.raises(DomainError) as refused:
        continuity.link_action(_objective(later), plan.actions[0], fate=Continuity.CONTINUED, reason="No")
    assert not isinstance(refused.value, InvalidField)     # no previous plan: nothing to choose from
    with pytest.raises(InvalidField) as missing:
        continuity.link_action(objective, plan.actions[0], fate=Continuity.CONTINUED, reason="   ")
    assert missing.value.field == "reason"
    with pytest.raises(InvalidField) as missing:
        continuity.link_action(objective, plan.actions[0], fate=None, reason="Perché")
    assert missing.value.field == "fate"
    db.session.rollback()
    assert objective.continuities == []


def test_an_action_is_dropped_with_its_reason_and_the_decision_can_be_taken_back(app, plan):
    draft = make_draft(plan)
    objective, old = _objective(draft), _actions(plan)
    row = continuity.drop_action(draft, old["1.3"], reason="Obiettivo troppo ambizioso per il Piano di Zona")
    db.session.commit()
    fates = {r.action.code: r for r in continuity.cycle(plan)}
    assert fates["1.3"].fate == Fate.DROPPED and fates["1.3"].dropped.reason.startswith("Obiettivo troppo")
    with pytest.raises(InvalidField, match="1.3"):
        continuity.link_action(objective, old["1.3"], fate=Continuity.CONTINUED, reason="Ci riproviamo")
    with pytest.raises(InvalidField) as missing:
        continuity.drop_action(draft, old["1.6"], reason="")
    assert missing.value.field == "reason"
    continuity.link_action(objective, old["1.6"], fate=Continuity.CHANGED, reason="Con l'ASL")
    with pytest.raises(InvalidField, match=r"1\.6.*1\.1"):
        continuity.drop_action(draft, old["1.6"], reason="Non più")
    db.session.rollback()
    continuity.undo_drop(row)
    db.session.commit()
    assert {r.action.code: r.fate for r in continuity.cycle(plan)}["1.3"] == Fate.UNDECIDED


def test_the_fate_of_every_old_action_in_numbers_and_for_the_export(app, plan):
    draft = make_draft(plan)
    old = _actions(plan)
    first, second = _objective(draft, "Conoscere il territorio"), _objective(draft, "Servizi", axis=1)
    continuity.link_action(first, old["2.3"], fate=Continuity.CHANGED, reason="Osservatorio più ampio")
    continuity.link_action(second, old["2.2"], fate=Continuity.CONTINUED, reason="Nessuna conclusa")
    continuity.drop_action(draft, old["1.3"], reason="Troppo ambizioso")
    db.session.commit()
    rows = continuity.cycle(plan)
    assert continuity.fate_counts(rows) == {Fate.CONTINUED: 1, Fate.CHANGED: 1, Fate.DROPPED: 1, Fate.UNDECIDED: 14}

    exported = continuity.cycle_actions(plan)
    assert [row["code"] for row in exported] == [a.code for a in plan.actions] and len(exported) == 17
    by_code = {row["code"]: row for row in exported}
    assert by_code["2.3"] == {"code": "2.3", "title": old["2.3"].title, "fate": "changed", "reason": None,
                              "taken_up_by": [{"kind": "objective", "number": "1.1", "title": "Conoscere il territorio",
                                               "fate": "changed", "reason": "Osservatorio più ampio"}]}
    assert by_code["1.3"]["fate"] == "dropped" and by_code["1.3"]["reason"] == "Troppo ambizioso"
    assert by_code["1.3"]["taken_up_by"] == [] and by_code["3.6"]["fate"] == "undecided"


def test_codes_come_in_numeric_order():
    codes = ["1.10", "2.1", "1.2", "A", "1.1"]
    assert sorted(codes, key=continuity._code_order) == ["1.1", "1.2", "1.10", "2.1", "A"]


def test_decisions_are_in_the_audit_log_of_the_district(app, plan):
    draft = make_draft(plan)
    objective = _objective(draft)
    continuity.link_action(objective, plan.actions[0], fate=Continuity.CONTINUED, reason="Prosegue")
    continuity.drop_action(draft, plan.actions[1], reason="Chiusa")
    db.session.commit()
    logged = {row.entity: row for row in db.session.scalars(db.select(AuditLog).where(
        AuditLog.entity.in_(["ObjectiveContinuity", "DroppedAction"])))}
    assert set(logged) == {"ObjectiveContinuity", "DroppedAction"}
    assert all(row.district_id == plan.district_id for row in logged.values())
    assert logged["ObjectiveContinuity"].after["reason"] == "Prosegue"


# --- approval: the new actions keep the lineage ---------------------------------------------------------

def _approved_with_links(plan):
    draft = make_draft(plan)
    old = _actions(plan)
    first, second = _objective(draft, "Conoscere il territorio"), _objective(draft, "Equipe integrate", axis=1)
    continuity.link_action(first, old["2.3"], fate=Continuity.CHANGED, reason="Osservatorio più ampio")
    continuity.link_action(second, old["2.2"], fate=Continuity.CONTINUED, reason="Nessuna conclusa")
    continuity.link_action(second, old["2.5"], fate=Continuity.CHANGED, reason="Con il terzo settore")
    continuity.drop_action(draft, old["1.3"], reason="Troppo ambizioso")
    db.session.commit()
    return draft, _approve(draft)


def test_approval_keeps_the_lineage_both_ways(app, plan):
    draft, new = _approved_with_links(plan)
    first, second = draft.objectives
    assert [(r.previous_action.code, r.fate, r.reason) for r in lineage.previous_actions(second.system_action)] == [
        ("2.2", Continuity.CONTINUED, "Nessuna conclusa"), ("2.5", Continuity.CHANGED, "Con il terzo settore")]
    continued = lineage.continued_actions(new)
    assert [r.previous_action.code for r in continued[first.system_action.id]] == ["2.3"]
    successors = lineage.successors(plan)
    assert [r.action for r in successors[_actions(plan)["2.5"].id]] == [second.system_action]

    rows = {row.action.code: row for row in continuity.cycle(plan)}   # the approved draft: the new actions
    assert [(t.kind, t.number, t.record) for t in rows["2.2"].taken_up_by] == [
        ("action", "2.1", second.system_action)]
    assert rows["1.3"].fate == Fate.DROPPED and rows["2.3"].fate == Fate.CHANGED
    assert {row["code"]: row["taken_up_by"] for row in continuity.cycle_actions(plan)}["2.3"] == [
        {"kind": "action", "code": "1.1", "title": "Conoscere il territorio", "fate": "changed",
         "reason": "Osservatorio più ampio"}]
    with pytest.raises(DomainError):
        continuity.link_action(first, _actions(plan)["1.1"], fate=Continuity.CONTINUED, reason="Tardi")


def test_a_lineage_needs_an_action_of_the_plan_before(app, plan):
    draft, new = _approved_with_links(plan)
    with pytest.raises(DomainError):
        lineage.record(new.actions[0], new.actions[1], fate=Continuity.CONTINUED)
    with pytest.raises(DomainError):
        lineage.record(plan.actions[0], plan.actions[1], fate=Continuity.CONTINUED)   # plan 1 follows none


def test_deleting_an_old_action_deletes_the_decisions_about_it(app, plan):
    from app.structure_actions import delete_action
    draft, new = _approved_with_links(plan)
    delete_action(_actions(plan)["2.5"])
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(ActionLineage)) == 2
    assert [link.action.code for link in draft.objectives[1].continuities] == ["2.2"]


# --- the first card of a carried-over action -----------------------------------------------------------

def test_the_first_card_of_an_action_carried_over_starts_with_last_cycles_indicators(app, plan):
    campaign = open_campaign(plan)          # every card has "Famiglie raggiunte": baseline 10, target 40
    cards = {card.action.code: card for card in campaign.cards}
    cards["2.2"].indicators.append(CardIndicator(position=1, name="Equipe attive", unit="equipe", baseline=Decimal(1),
                                                 target=Decimal(5), reached=None))
    cards["2.5"].indicators = [CardIndicator(position=0, name="famiglie raggiunte", reached=Decimal(3)),
                               CardIndicator(position=1, name="Operatori formati", reached=Decimal(12))]
    evaluations.close_campaign(campaign)
    db.session.commit()
    reached = cards["2.2"].indicators[0].reached
    draft, new = _approved_with_links(plan)

    second = draft.objectives[1].system_action        # carries on 2.2, then 2.5
    opened = evaluations.open_campaign(new, title="Valutazione 2015-2017", deadline=date(2018, 3, 1))
    db.session.commit()
    first_cards = {card.action_id: card for card in opened.cards}
    carried = [(i.position, i.name, i.unit, i.baseline, i.target, i.reached) for i in first_cards[second.id].indicators]
    assert carried == [(0, "Famiglie raggiunte", None, reached, None, None),       # the new baseline: what was reached
                       (1, "Equipe attive", "equipe", Decimal(1), None, None),     # nothing reached: the old baseline
                       (2, "Operatori formati", None, Decimal(12), None, None)]    # same name from 2.5 only once
    assert first_cards[draft.objectives[0].system_action.id].indicators[0].name == "Famiglie raggiunte"

    evaluations.close_campaign(opened)
    again = evaluations.open_campaign(new, title="Seconda valutazione", deadline=date(2018, 9, 1))
    db.session.commit()
    assert all(card.indicators == [] for card in again.cards)    # only the first card starts from the last cycle


def test_an_action_without_lineage_starts_with_no_indicators(app, plan):
    draft = make_draft(plan)
    _objective(draft, "Nuovo")
    new = _approve(draft)
    opened = evaluations.open_campaign(new, title="Valutazione", deadline=date(2018, 3, 1))
    assert [card.indicators for card in opened.cards] == [[]]


# --- the API -------------------------------------------------------------------------------------------

def test_the_api_gives_each_action_the_actions_it_continues(client, plan):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "continues" in spec["components"]["schemas"]["Action"]["required"]
    draft, new = _approved_with_links(plan)
    response = client.get(f"/api/v1/plans/{new.id}")
    assert_matches(spec, "/plans/{plan_id}", 200, response)
    actions = {a["code"]: a for area in response.get_json()["plan"]["areas"] for a in area["actions"]}
    old = _actions(plan)
    assert actions["2.1"]["continues"] == [
        {"id": old["2.2"].id, "code": "2.2", "title": old["2.2"].title, "fate": "continued"},
        {"id": old["2.5"].id, "code": "2.5", "title": old["2.5"].title, "fate": "changed"}]
    assert actions["1.1"]["continues"] == [{"id": old["2.3"].id, "code": "2.3", "title": old["2.3"].title,
                                            "fate": "changed"}]
    previous = client.get(f"/api/v1/plans/{plan.id}")
    assert_matches(spec, "/plans/{plan_id}", 200, previous)
    assert all(a["continues"] == [] for area in previous.get_json()["plan"]["areas"] for a in area["actions"])


# --- the schema ----------------------------------------------------------------------------------------

def test_migration_0021_matches_the_models(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        ops = produce_migrations(context, db.metadata).upgrade_ops

    def touched(op):
        if hasattr(op, "ops"):
            return set().union(*(touched(child) for child in op.ops)) if op.ops else set()
        return {getattr(op, "table_name", None) or getattr(getattr(op, "table", None), "name", None)}
    assert not touched(ops) & {"action_lineage", "objective_continuity", "dropped_action"}
