"""Continuity between plans as the draft writes it: which actions of the previous plan each objective takes up
(continued as it was, or changed, and why), which the draft does not take up (and why), and what became of
every old action — the cycle view, the objective's page and `pdz export cycle` read it. Approval copies the
objectives' decisions to the new actions (`carry_into`). Services take plain values, only flush, and raise
DomainError (InvalidField when one field is to blame)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_pgettext
from sqlalchemy.orm import joinedload

from app import lineage
from app.errors import DomainError, InvalidField
from app.extensions import db
from app.lineage_models import ActionLineage, Continuity
from app.models import LabelledEnum, Plan, SystemAction
from evaluations.models import EvaluationCampaign, EvaluationCard

from . import gather
from .continuity_models import DroppedAction, ObjectiveContinuity
from .models import DraftAxis, DraftObjective, DraftStatus, PlanDraft

REASON_MAX_LENGTH = 5000


class Fate(LabelledEnum):
    """What became of an action of the previous plan (`pdz export cycle` writes the values)."""
    CONTINUED = "continued"
    CHANGED = "changed"
    DROPPED = "dropped"
    UNDECIDED = "undecided"

    @classmethod
    def labels(cls):
        # A context each: Italian agrees the participle with "azione" (feminine).
        return {cls.CONTINUED: lazy_pgettext("action of the previous plan", "Continued"),
                cls.CHANGED: lazy_pgettext("action of the previous plan", "Changed"),
                cls.DROPPED: lazy_pgettext("action of the previous plan", "Dropped"),
                cls.UNDECIDED: lazy_pgettext("action of the previous plan", "Undecided")}


# --- the decisions ---------------------------------------------------------------------------------------

def _editable(draft: PlanDraft) -> None:
    if not draft.is_editable:
        raise DomainError(_("The draft has been approved: it can no longer be changed."))


def _reason(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidField("reason", _("Say why: the next plan's readers will ask."))
    if len(text) > REASON_MAX_LENGTH:
        raise InvalidField("reason", _("Use at most %(num)d characters.", num=REASON_MAX_LENGTH))
    return text


def _old_action(draft: PlanDraft, action: SystemAction) -> None:
    """`action` must be an action of the plan the draft follows (and so of its district)."""
    if action.audit_district_id != draft.district_id:
        raise InvalidField("action", _("Only actions of this district can be taken up."))
    if draft.previous_plan_id is None:
        raise DomainError(_("This draft does not follow a plan: there are no earlier actions to take up."))
    if action.plan.id != draft.previous_plan_id:
        raise InvalidField("action", _("Choose an action of %(plan)s, the plan this draft follows.",
                                       plan=draft.previous_plan.title))


def link_action(objective: DraftObjective, action: SystemAction, *, fate: Continuity | str | None,
                reason: str | None) -> ObjectiveContinuity:
    """The objective takes up `action` of the previous plan, as it was or changed, for `reason` (a second call
    for the same action changes the fate and the reason)."""
    draft = objective.axis.draft
    _editable(draft)
    _old_action(draft, action)
    if fate in (None, ""):
        raise InvalidField("fate", _("Say whether the objective continues the action as it was or changes it."))
    fate, reason = Continuity(fate), _reason(reason)
    if dropped_decision(draft, action) is not None:
        raise InvalidField("action", _("%(code)s is marked as not taken up by this draft: take that decision back "
                                       "in the cycle view first.", code=action.code))
    link = next((c for c in objective.continuities if c.action_id == action.id), None)
    if link is None:
        link = ObjectiveContinuity(action=action, fate=fate, reason=reason)
        objective.continuities.append(link)
    link.fate, link.reason = fate, reason
    db.session.flush()
    return link


def unlink_action(link: ObjectiveContinuity) -> None:
    _editable(link.objective.axis.draft)
    link.objective.continuities.remove(link)
    db.session.flush()


def drop_action(draft: PlanDraft, action: SystemAction, *, reason: str | None) -> DroppedAction:
    """The draft does not take up `action` of the previous plan, for `reason` (again: a new reason)."""
    _editable(draft)
    _old_action(draft, action)
    reason = _reason(reason)
    taking = [link.objective for link in links_of(draft) if link.action_id == action.id]
    if taking:
        raise InvalidField("action", _("%(code)s is taken up by objective %(numbers)s: remove those links first.",
                                       code=action.code, numbers=", ".join(o.number for o in taking)))
    row = dropped_decision(draft, action)
    if row is None:
        row = DroppedAction(action=action, reason=reason)
        draft.dropped_actions.append(row)
    row.reason = reason
    db.session.flush()
    return row


def undo_drop(row: DroppedAction) -> None:
    """Take the decision back: the action is undecided again."""
    _editable(row.draft)
    row.draft.dropped_actions.remove(row)
    db.session.flush()


def dropped_decision(draft: PlanDraft, action: SystemAction) -> DroppedAction | None:
    return next((row for row in draft.dropped_actions if row.action_id == action.id), None)


def links_of(draft: PlanDraft) -> list[ObjectiveContinuity]:
    """Every objective's links to the previous plan, in the order of the objectives table."""
    rows = db.session.scalars(
        db.select(ObjectiveContinuity).join(DraftObjective).join(DraftAxis).where(DraftAxis.draft_id == draft.id)
        .options(joinedload(ObjectiveContinuity.action))).all()
    order = {objective.id: n for n, objective in enumerate(draft.objectives)}
    return sorted(rows, key=lambda link: (order.get(link.objective_id, len(order)), link.id))


def carry_into(objective: DraftObjective, action: SystemAction) -> list[ActionLineage]:
    """At approval: the new action `action` keeps the objective's links to the previous plan."""
    return [lineage.record(action, link.action, fate=link.fate, reason=link.reason)
            for link in objective.continuities]


def following_draft(plan: Plan) -> PlanDraft | None:
    """The draft of the plan after `plan`: the approved one, else the newest being written."""
    return db.session.scalar(
        db.select(PlanDraft).where(PlanDraft.previous_plan_id == plan.id)
        .order_by((PlanDraft.status == DraftStatus.APPROVED).desc(), PlanDraft.id.desc()).limit(1))


# --- what became of each old action ----------------------------------------------------------------------

@dataclass
class TakenUp:
    """An objective of the draft, or an action of the new plan, that took an old action up."""
    kind: str                      # "objective" or "action"
    number: str                    # the objective's number or the action's code
    title: str
    fate: Continuity
    reason: str | None
    record: object                 # the DraftObjective or the SystemAction

    def as_dict(self) -> dict:
        key = "number" if self.kind == "objective" else "code"
        return {"kind": self.kind, key: self.number, "title": self.title, "fate": self.fate.value,
                "reason": self.reason}


@dataclass
class OldAction:
    action: SystemAction
    fate: Fate = Fate.UNDECIDED
    taken_up_by: list[TakenUp] = field(default_factory=list)
    dropped: DroppedAction | None = None
    card: EvaluationCard | None = None       # its card in the plan's latest evaluation campaign


def _fate(taken: list[TakenUp], dropped: DroppedAction | None) -> Fate:
    if taken:
        return Fate.CHANGED if any(t.fate == Continuity.CHANGED for t in taken) else Fate.CONTINUED
    return Fate.DROPPED if dropped is not None else Fate.UNDECIDED


def latest_cards(plan: Plan) -> dict[int, EvaluationCard]:
    """Each action's card in the plan's latest evaluation campaign."""
    campaign = gather.latest_campaign(plan)
    return {card.action_id: card for card in campaign.cards} if campaign else {}


def cycle(plan: Plan, draft: PlanDraft | None = None) -> list[OldAction]:
    """Every action of `plan`, in the plan's order, with what became of it. Once the draft that follows it is
    approved (or with no draft), the new plan's actions tell it; while it is written, its objectives."""
    draft = draft or following_draft(plan)
    taken: dict[int, list[TakenUp]] = {}
    if draft is None or draft.approved_plan_id is not None:
        for action_id, rows in lineage.successors(plan).items():
            taken[action_id] = [TakenUp("action", row.action.code, row.action.title, row.fate, row.reason, row.action)
                                for row in rows if draft is None or row.action.plan.id == draft.approved_plan_id]
    else:
        for link in links_of(draft):
            objective = link.objective
            taken.setdefault(link.action_id, []).append(
                TakenUp("objective", objective.number, objective.title, link.fate, link.reason, objective))
    dropped = {row.action_id: row for row in draft.dropped_actions} if draft else {}
    cards = latest_cards(plan)
    rows = []
    for action in plan.actions:
        mine = taken.get(action.id, [])
        rows.append(OldAction(action, _fate(mine, dropped.get(action.id)), mine, dropped.get(action.id),
                              cards.get(action.id)))
    return rows


def fate_counts(rows: list[OldAction]) -> dict[Fate, int]:
    counts = {fate: 0 for fate in Fate}
    for row in rows:
        counts[row.fate] += 1
    return counts


def _code_order(code: str) -> tuple:
    """"1.2" before "1.10": the numbers of a code compared as numbers."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|\D+", code or ""))


def cycle_actions(plan: Plan) -> list[dict]:
    """For `pdz export cycle`: each action of `plan`, in code order, with its fate ("continued", "changed",
    "dropped" or "undecided"), the reason it was dropped, and what took it up (objectives of the draft by number,
    or actions of the new plan by code, each with its own fate and reason)."""
    rows = sorted(enumerate(cycle(plan)), key=lambda pair: (_code_order(pair[1].action.code), pair[0]))
    return [{"code": row.action.code, "title": row.action.title, "fate": row.fate.value,
             "reason": row.dropped.reason if row.dropped else None,
             "taken_up_by": [taken.as_dict() for taken in row.taken_up_by]} for _n, row in rows]


# --- beside the objective while it is written --------------------------------------------------------------

def previous_cards(objective: DraftObjective) -> dict[int, list[EvaluationCard]]:
    """For each old action the objective takes up (by id), its evaluation cards, newest campaign first."""
    ids = [link.action_id for link in objective.continuities]
    cards: dict[int, list[EvaluationCard]] = {action_id: [] for action_id in ids}
    if ids:
        for card in db.session.scalars(
                db.select(EvaluationCard).join(EvaluationCampaign).where(EvaluationCard.action_id.in_(ids))
                .order_by(EvaluationCampaign.opened_at.desc(), EvaluationCard.id.desc())):
            cards[card.action_id].append(card)
    return cards


def action_choices(objective: DraftObjective) -> dict[str, list[tuple[int, str]]]:
    """The previous plan's actions the objective can still take up, by area (dropped ones are left out)."""
    draft = objective.axis.draft
    if draft.previous_plan is None:
        return {}
    taken = {link.action_id for link in objective.continuities}
    dropped = {row.action_id for row in draft.dropped_actions}
    choices = {area.name: [(a.id, f"{a.code} {a.title}") for a in area.actions
                           if a.id not in taken and a.id not in dropped] for area in draft.previous_plan.areas}
    return {name: actions for name, actions in choices.items() if actions}
