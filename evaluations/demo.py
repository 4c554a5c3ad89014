"""The demo's evaluation campaign: the cards of the IV Piano di Zona 2012-2014 as the Ufficio di Piano's
syntheses of March 2015 tell them (evaluations/sample/crema-2015-cards.json): every action started, none said
to be concluded, nobody able to report on two of them, and nothing the sources do not say (no dates, no money,
no ratings). The campaign is closed, as it was when the focus groups discussed the cards.

Idempotent: a second run finds the campaign by title and changes nothing.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from importlib import resources

from app import people
from app.extensions import db
from app.account_models import User
from app.models import Plan, Role

from .models import CampaignStatus, CardState, EvaluationCampaign, ImplementationState
from .services import open_campaign

CARDS = "crema-2015-cards.json"
# Referents of the actions nobody else refers (password as the demo's accounts): roles, not people.
DEMO_REFERENTS = [("servizi.sociali@demo.pdz", "Servizi sociali di Crema"),
                  ("asst@demo.pdz", "ASST Crema - Area territoriale"),
                  ("terzo.settore@demo.pdz", "Forum del Terzo Settore")]


def sample() -> dict:
    return json.loads(resources.files("evaluations").joinpath("sample", CARDS).read_text(encoding="utf-8"))


def load_demo_campaign(plan: Plan, *, planning_office: User | None = None, password: str = "demo",
                       **_other_accounts) -> EvaluationCampaign:
    """The 2015 campaign on `plan`, its cards as the sources tell them, closed."""
    data = sample()
    existing = db.session.scalar(db.select(EvaluationCampaign).where(
        EvaluationCampaign.plan_id == plan.id, EvaluationCampaign.title == data["campaign"]["title"]))
    if existing is not None:
        return existing
    helpers = []
    for email, name in DEMO_REFERENTS:
        user = people.find_user(email) or people.create_user(email, name, password)
        people.grant(user, plan.district, Role.REFERENT)
        helpers.append(user)
    for index, action in enumerate(plan.actions):
        if not action.referents:
            people.assign_referent(action, helpers[index % len(helpers)])
    # The deadline: the cards were ready for the 5 March 2015 focus groups, where they were discussed.
    deadline = date.fromisoformat(data["campaign"]["deadline"])
    campaign = open_campaign(plan, title=data["campaign"]["title"], deadline=deadline,
                             intro=data["campaign"]["intro"], opened_by=planning_office)
    campaign.opened_at = datetime.combine(deadline, datetime.min.time())
    campaign.publish_summaries = True   # so visitors of the demo read the approved cards' public summaries
    facts = data["cards"]
    for card in campaign.cards:
        fact = facts.get(card.action.code, {})
        card.state = CardState.APPROVED
        card.nobody_can_report = bool(fact.get("nobody_can_report"))
        card.nobody_reason = fact.get("nobody_reason")
        if not card.nobody_can_report:
            card.implementation_state = ImplementationState.STARTED    # "tutte le azioni si sono avviate"
        card.activities = fact.get("activities")
        card.resources_notes = fact.get("resources_notes")
        card.people_min, card.people_max = fact.get("people") or (None, None)
        card.reviewed_by = planning_office
    campaign.status, campaign.closed_at = CampaignStatus.CLOSED, campaign.opened_at
    db.session.flush()
    return campaign
