"""What the actions of a plan carry on from the previous plan: recorded when a draft is approved (or by the
office), read for a whole plan (the API, the cycle view) or for one action (its first evaluation card).
Services only flush."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from .errors import DomainError
from .extensions import db
from .lineage_models import ActionLineage, Continuity
from .models import Plan, SystemAction


def record(action: SystemAction, previous_action: SystemAction, *, fate: Continuity,
           reason: str | None = None) -> ActionLineage:
    """`action` carries on `previous_action`, which must be an action of the plan its plan follows (once: a
    second call changes the fate and the reason)."""
    if action.plan.previous_plan_id is None or previous_action.plan.id != action.plan.previous_plan_id:
        raise DomainError(_("An action can only continue an action of the plan its own plan follows."))
    row = db.session.scalar(db.select(ActionLineage).filter_by(action_id=action.id,
                                                               previous_action_id=previous_action.id))
    if row is None:
        row = ActionLineage(action=action, previous_action=previous_action)
        db.session.add(row)
    row.fate, row.reason = Continuity(fate), (reason or "").strip() or None
    db.session.flush()
    return row


def _rows(condition) -> list[ActionLineage]:
    return list(db.session.scalars(
        db.select(ActionLineage).where(condition)
        .options(joinedload(ActionLineage.action), joinedload(ActionLineage.previous_action))
        .order_by(ActionLineage.id)))


def _by_action(plan: Plan, column) -> dict[int, list[ActionLineage]]:
    """The lineage rows whose `column` names an action of `plan`, by that action's id."""
    ids = [action.id for action in plan.actions]
    found: dict[int, list[ActionLineage]] = {}
    for row in _rows(column.in_(ids)) if ids else []:
        found.setdefault(getattr(row, column.key), []).append(row)
    return found


def continued_actions(plan: Plan) -> dict[int, list[ActionLineage]]:
    """For each action of `plan` (by id), what it carries on from the previous plan."""
    return _by_action(plan, ActionLineage.action_id)


def successors(plan: Plan) -> dict[int, list[ActionLineage]]:
    """For each action of `plan` (by id), the actions of later plans that carry it on."""
    return _by_action(plan, ActionLineage.previous_action_id)


def previous_actions(action: SystemAction) -> list[ActionLineage]:
    """What one action carries on from the previous plan, in the order it was recorded."""
    return _rows(ActionLineage.action_id == action.id)
