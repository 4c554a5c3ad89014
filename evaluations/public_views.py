"""What the public may read of an evaluation: the summaries of approved cards, once the planning office
publishes a campaign's summaries. Never drafts or cards under review, never the review's comments, never
anybody's e-mail address (not even one typed into a card's text)."""
from __future__ import annotations

import re

from flask import abort, g, render_template
from markupsafe import Markup

from app.extensions import db
from app.models import Plan, SystemAction
from app.public import can_see, visible_or_404

from .blueprint import evaluations_public as bp
from .models import CardState, EvaluationCampaign, EvaluationCard

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def published_cards(plan: Plan, action: SystemAction | None = None) -> list[EvaluationCard]:
    """Approved cards of the plan's published campaigns, newest campaign first, then by action code."""
    query = (db.select(EvaluationCard).join(EvaluationCard.campaign).join(EvaluationCard.action)
             .where(EvaluationCampaign.plan_id == plan.id, EvaluationCampaign.publish_summaries.is_(True),
                    EvaluationCard.state == CardState.APPROVED)
             .order_by(EvaluationCampaign.opened_at.desc(), EvaluationCampaign.id.desc(), SystemAction.code))
    if action is not None:
        query = query.where(EvaluationCard.action_id == action.id)
    return list(db.session.scalars(query))


def public_card_or_404(card_id: int) -> EvaluationCard:
    card = db.session.get(EvaluationCard, card_id)
    if card is None or card.state != CardState.APPROVED or not card.campaign.publish_summaries:
        abort(404)
    visible_or_404(card.campaign.plan)
    return card


@bp.app_template_global()
def public_evaluation(plan: Plan, action: SystemAction | None = None) -> list[EvaluationCard]:
    """For the public plan and action pages: the published cards to link to (an empty list hides the link)."""
    if plan is None or not can_see(plan):
        return []
    return published_cards(plan, action)


@bp.app_template_filter()
def hide_emails(text: str | None) -> str:
    """Free text as the public sees it: any e-mail address in it is left out."""
    hidden = EMAIL.sub("[…]", str(text or ""))
    # bandit B704: only when the input already was Markup
    return Markup(hidden) if isinstance(text, Markup) else hidden  # nosec B704


@bp.get("/piani/<int:plan_id>/valutazione")
def plan_evaluation(plan_id: int):
    plan = visible_or_404(db.get_or_404(Plan, plan_id))
    campaigns = db.session.scalars(
        db.select(EvaluationCampaign).where(EvaluationCampaign.plan_id == plan.id,
                                            EvaluationCampaign.publish_summaries.is_(True))
        .order_by(EvaluationCampaign.opened_at.desc(), EvaluationCampaign.id.desc())).all()
    if not campaigns:
        abort(404)
    g.district = plan.district
    cards = published_cards(plan)
    return render_template("evaluations/public_plan.html", plan=plan, campaigns=campaigns, cards=cards,
                           actions=len(plan.actions))


@bp.get("/schede/<int:card_id>")
def card(card_id: int):
    card = public_card_or_404(card_id)
    g.district = card.campaign.district
    return render_template("evaluations/public_card.html", card=card, plan=card.campaign.plan,
                           action=card.action, area=card.action.area)
