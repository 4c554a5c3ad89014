"""An action that carries on actions of the previous plan (app/lineage_models.py) starts its first evaluation
card with last cycle's indicators: each indicator of the old actions' latest card that had any, by name and
unit, with the new baseline where the last cycle ended (what it reached, or else its baseline). The target and
what is reached are the new cycle's to write."""
from __future__ import annotations

from app.extensions import db
from app.lineage_models import ActionLineage
from app.models import SystemAction

from .models import CardIndicator, EvaluationCampaign, EvaluationCard


def carried_indicators(actions: list[SystemAction]) -> dict[int, list[CardIndicator]]:
    """For each action (by id) that has no card yet and carries on older actions, the indicators its first card
    starts with (new, unsaved rows; none when the old cards had none)."""
    ids = [action.id for action in actions]
    if not ids:
        return {}
    with db.session.no_autoflush:
        has_card = set(db.session.scalars(db.select(EvaluationCard.action_id)
                                          .where(EvaluationCard.action_id.in_(ids)).distinct()))
        links = db.session.execute(
            db.select(ActionLineage.action_id, ActionLineage.previous_action_id)
            .where(ActionLineage.action_id.in_([i for i in ids if i not in has_card]))
            .order_by(ActionLineage.id)).all()
        latest = _latest_indicators({old for _new, old in links})
    carried: dict[int, list[CardIndicator]] = {}
    for new, old in links:
        rows = carried.setdefault(new, [])
        names = {row.name.casefold() for row in rows}
        for indicator in latest.get(old, []):
            if indicator.name.casefold() not in names:
                names.add(indicator.name.casefold())
                baseline = indicator.reached if indicator.reached is not None else indicator.baseline
                rows.append(CardIndicator(position=len(rows), name=indicator.name, unit=indicator.unit,
                                          baseline=baseline))
    return {action_id: rows for action_id, rows in carried.items() if rows}


def _latest_indicators(action_ids: set[int]) -> dict[int, list[CardIndicator]]:
    """For each old action, the indicators of its newest card that has any (newest campaign first)."""
    if not action_ids:
        return {}
    cards = db.session.scalars(
        db.select(EvaluationCard).join(EvaluationCampaign)
        .where(EvaluationCard.action_id.in_(action_ids), EvaluationCard.indicators.any())
        .order_by(EvaluationCampaign.opened_at.desc(), EvaluationCampaign.id.desc()))
    latest: dict[int, list[CardIndicator]] = {}
    for card in cards:
        latest.setdefault(card.action_id, list(card.indicators))
    return latest
