"""The personal data of evaluation cards, declared to the GDPR registry (app/privacy.py): who wrote, sent
or reviewed a card, and the text of a save refused as stale. Erasure keeps the card and drops the person: the
author fields are emptied, as is the campaign's opener."""
from __future__ import annotations

from app import privacy
from app.extensions import db
from app.account_models import User
from app.privacy_data import scoped, user_of, when

from .models import CardConflict, EvaluationCampaign, EvaluationCard

AUTHOR_FIELDS = ("updated_by_id", "submitted_by_id", "reviewed_by_id")


def _cards_of(user: User, district_id: int | None):
    touched = db.or_(*(getattr(EvaluationCard, field) == user.id for field in AUTHOR_FIELDS))
    query = db.select(EvaluationCard).join(EvaluationCard.campaign).where(touched).order_by(EvaluationCard.id)
    return db.session.scalars(scoped(query, EvaluationCampaign.district_id, district_id)).all()


def _conflicts_of(user: User, district_id: int | None, *columns):
    query = (db.select(CardConflict).join(CardConflict.card).join(EvaluationCard.campaign)
             .where(db.or_(*(getattr(CardConflict, column) == user.id for column in columns)))
             .order_by(CardConflict.id))
    return db.session.scalars(scoped(query, EvaluationCampaign.district_id, district_id)).all()


def export_cards(email: str, district_id: int | None = None) -> list[dict]:
    user = user_of(email)
    if user is None:
        return []
    records = [{"card": card.id, "campaign": card.campaign.title,
                "action": f"{card.action.code} {card.action.title}",
                "state": card.state.value, "as": [field[:-6] for field in AUTHOR_FIELDS
                                                   if getattr(card, field) == user.id],
                "updated_at": when(card.updated_at)} for card in _cards_of(user, district_id)]
    # A save refused as stale keeps the person's text aside: the fields they had filled in are theirs.
    records += [{"card": c.card_id, "refused_save_at": when(c.created_at),
                 "text_saved_aside": {k: v for k, v in (c.data.get("values") or {}).items() if v}}
                for c in _conflicts_of(user, district_id, "user_id")]
    return records


def erase_cards(email: str, district_id: int | None = None) -> int:
    user = user_of(email)
    if user is None:
        return 0
    cards = _cards_of(user, district_id)
    for card in cards:
        for field in AUTHOR_FIELDS:
            if getattr(card, field) == user.id:
                setattr(card, field, None)
    for conflict in _conflicts_of(user, district_id, "user_id", "resolved_by_id"):
        conflict.user_id = None if conflict.user_id == user.id else conflict.user_id
        conflict.resolved_by_id = None if conflict.resolved_by_id == user.id else conflict.resolved_by_id
    campaigns = db.select(EvaluationCampaign).filter_by(opened_by_id=user.id)
    for campaign in db.session.scalars(scoped(campaigns, EvaluationCampaign.district_id, district_id)):
        campaign.opened_by_id = None
    db.session.flush()
    return len(cards)


def register() -> None:
    privacy.register("evaluation_cards", export=export_cards, erase=erase_cards)
