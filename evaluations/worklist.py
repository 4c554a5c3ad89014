"""What evaluation cards ask of people now: the office's cards to review and cards late (counted per campaign,
each linking to the campaign's list filtered to them), and a referent's own cards, most urgent first."""
from __future__ import annotations


from flask import render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from app.clock import local_today
from app.extensions import db
from app.models import District, Role
from app.worklist import WorkItem, register_landing_panel, register_work_counter

from . import services
from .models import CampaignStatus, CardState, EvaluationCampaign, EvaluationCard

# A referent's cards, most urgent first: sent back with observations, still to fill in, sent, approved.
URGENCY = {CardState.RETURNED: 0, CardState.DRAFT: 1, CardState.SUBMITTED: 2, CardState.APPROVED: 3}


def _per_campaign(district: District, *conditions):
    """(campaign id, title, count) of the district's cards matching `conditions`, campaign by campaign."""
    return db.session.execute(
        db.select(EvaluationCampaign.id, EvaluationCampaign.title, db.func.count(EvaluationCard.id))
        .join(EvaluationCard, EvaluationCard.campaign_id == EvaluationCampaign.id)
        .where(EvaluationCampaign.district_id == district.id, *conditions)
        .group_by(EvaluationCampaign.id, EvaluationCampaign.title).order_by(EvaluationCampaign.id)).all()


def _items(key: str, label: str, rows, **filters) -> list[WorkItem]:
    if not rows:
        return [WorkItem(key, label, 0, url_for("evaluations.campaigns"))]
    return [WorkItem(key, label, count, url_for("evaluations.campaign", campaign_id=campaign_id, **filters),
                     detail=title) for campaign_id, title, count in rows]


def office_counts(district: District) -> list[WorkItem]:
    to_review = _per_campaign(district, EvaluationCard.state == CardState.SUBMITTED)
    # Late: the deadline has passed and the card is still to be sent, in a campaign still open.
    late = _per_campaign(district, EvaluationCampaign.status == CampaignStatus.OPEN,
                         EvaluationCampaign.deadline < local_today(), EvaluationCard.state.in_(services.OPEN_STATES))
    return [*_items("cards-to-review", _("Evaluation cards to review"), to_review, state=CardState.SUBMITTED.value),
            *_items("cards-late", _("Evaluation cards late"), late, late="1")]


def by_urgency(cards: list[EvaluationCard]) -> list[EvaluationCard]:
    """Open campaigns first; in each, returned, then to fill in by the nearest deadline, then sent, approved."""
    return sorted(cards, key=lambda card: (not card.campaign.is_open, URGENCY[card.state], card.campaign.deadline,
                                           card.id))


def referent_panel(district: District, user) -> Markup | None:
    """"Your cards" on a referent's district page: what to fill in, by when, what came back."""
    if Role.REFERENT not in user.roles_in(district.id):
        return None
    cards = by_urgency(services.cards_of(user, district.id))
    # an autoescaped template's output: safe to place in the district page as it is
    return Markup(render_template("evaluations/_my_work.html", cards=cards, today=local_today(),  # nosec B704
                                  to_fill=sum(card.is_editable for card in cards),
                                  returned=sum(card.state == CardState.RETURNED for card in cards)))


register_work_counter(office_counts, order=100)
register_landing_panel(referent_panel, order=100)
