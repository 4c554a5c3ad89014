"""The facilitator's briefing: what the evaluation cards of an area say, read-only, before the focus group."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from app.extensions import db
from app.models import PlanningArea
from evaluations.models import EvaluationCampaign, EvaluationCard


@dataclass
class ActionBrief:
    code: str
    title: str
    card: EvaluationCard | None
    totals: dict = field(default_factory=dict)


@dataclass
class AreaBrief:
    area: PlanningArea
    campaign: EvaluationCampaign | None
    actions: list[ActionBrief]
    states: dict = field(default_factory=dict)       # card state label -> count
    totals: dict = field(default_factory=dict)       # planned / committed / spent / attracted

    @property
    def has_cards(self) -> bool:
        return any(a.card is not None for a in self.actions)


def area_briefing(area: PlanningArea) -> AreaBrief:
    """The area's actions with their card in the plan's latest campaign (None when there is no card)."""
    campaign = db.session.scalar(db.select(EvaluationCampaign).where(EvaluationCampaign.plan_id == area.plan_id)
                                 .order_by(EvaluationCampaign.opened_at.desc(), EvaluationCampaign.id.desc())
                                 .limit(1))
    cards = {}
    if campaign is not None:
        cards = {c.action_id: c for c in db.session.scalars(
            db.select(EvaluationCard).where(EvaluationCard.campaign_id == campaign.id,
                                            EvaluationCard.action_id.in_([a.id for a in area.actions])))}
    actions, states = [], {}
    keys = ("planned", "committed", "spent", "attracted")
    totals = dict.fromkeys(keys, Decimal(0))
    for action in area.actions:
        card = cards.get(action.id)
        card_totals = card.totals() if card else {}
        for key in keys:
            totals[key] += card_totals.get(key, Decimal(0))
        if card is not None:
            states[card.state.label] = states.get(card.state.label, 0) + 1
        actions.append(ActionBrief(action.code, action.title, card, card_totals))
    return AreaBrief(area, campaign, actions, states, totals)
