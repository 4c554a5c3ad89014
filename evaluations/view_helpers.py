"""Loading a card or a campaign of the district in the URL, for every page about them."""
from __future__ import annotations

from flask import abort, g
from flask_login import current_user

from app.extensions import db

from . import services
from .models import EvaluationCampaign, EvaluationCard


def card_or_404(card_id: int) -> EvaluationCard:
    """The card, if it is in the district of the URL and the user may read it; 404 otherwise."""
    card = db.session.get(EvaluationCard, card_id)
    if card is None or card.campaign.district_id != g.district.id \
            or not services.may_read(current_user, card):
        abort(404)
    return card


def campaign_or_404(campaign_id: int) -> EvaluationCampaign:
    campaign = db.session.get(EvaluationCampaign, campaign_id)
    if campaign is None or campaign.district_id != g.district.id:
        abort(404)
    return campaign
