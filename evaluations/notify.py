"""Mail to referents: the campaign's invitation, reminders to the late ones, a card returned with comments.

Links are built from the public address PDZ_BASE_URL (app/urls.py), with or without a request.
"""
from __future__ import annotations

from datetime import timedelta

from flask import render_template
from flask_babel import gettext as _

from app import mail, people
from app.errors import DomainError
from app.extensions import db
from app.account_models import Invitation, User
from app.models import Role, utcnow
from app.urls import public_url

from .models import EvaluationCampaign, EvaluationCard
from .services import late_cards


def _by_referent(cards: list[EvaluationCard]) -> dict[User, list[EvaluationCard]]:
    grouped: dict[User, list[EvaluationCard]] = {}
    for card in cards:
        for user in card.action.referents:
            if user.active:
                grouped.setdefault(user, []).append(card)
    return grouped


def _card_link(card: EvaluationCard) -> str:
    return public_url("evaluations.card", district=card.campaign.district.slug, card_id=card.id)


def _invitation_link(user: User, campaign: EvaluationCampaign, cards: list[EvaluationCard],
                     invited_by: User | None) -> str | None:
    """A referent who never set a password gets a signed invitation link (a pending one is sent again)."""
    if user.password_hash:
        return None
    pending = db.session.scalar(people.district_invitations(campaign.district, "pending").where(
        Invitation.email == user.email, Invitation.role == Role.REFERENT).limit(1))
    try:
        if pending is not None:
            _invitation, link = people.resend_invitation(pending, invited_by=invited_by)
        else:
            _invitation, link = people.invite(campaign.district, user.email, Role.REFERENT, name=user.name,
                                              actions=[c.action for c in cards], invited_by=invited_by)
    except DomainError:
        return None
    return link


def _send(user, campaign, cards, template, subject, invited_by=None) -> None:
    links = [(card, _card_link(card)) for card in cards]
    body = render_template(template, user=user, campaign=campaign, links=links,
                           invitation_link=_invitation_link(user, campaign, cards, invited_by))
    mail.send(user.email, subject, body, district=campaign.district)


def invite_referents(campaign: EvaluationCampaign, *, invited_by: User | None = None) -> int:
    """Tell every referent that the campaign is open and which cards are theirs; returns the mails sent."""
    grouped = _by_referent(campaign.cards)
    subject = _("Evaluation cards to fill in by %(deadline)s - %(title)s",
                deadline=campaign.deadline.strftime("%d/%m/%Y"), title=campaign.title)
    for user, cards in grouped.items():
        _send(user, campaign, cards, "evaluations/mail/campaign_open.txt", subject, invited_by)
    db.session.flush()
    return len(grouped)


def remind_late(campaign: EvaluationCampaign, *, min_interval: timedelta | None = None,
                invited_by: User | None = None) -> int:
    """Remind the referents of cards still to be sent; cards reminded less than `min_interval` ago are skipped.

    Returns the number of mails sent."""
    now = utcnow()
    cards = [card for card in late_cards(campaign)
             if min_interval is None or card.last_reminded_at is None or now - card.last_reminded_at >= min_interval]
    grouped = _by_referent(cards)
    subject = _("Reminder: evaluation cards due by %(deadline)s - %(title)s",
                deadline=campaign.deadline.strftime("%d/%m/%Y"), title=campaign.title)
    for user, user_cards in grouped.items():
        _send(user, campaign, user_cards, "evaluations/mail/reminder.txt", subject, invited_by)
    for card in cards:
        if card.action.referents:
            card.last_reminded_at = now
    db.session.flush()
    return len(grouped)


def notify_returned(card: EvaluationCard) -> int:
    subject = _("Evaluation card returned with comments: %(action)s", action=card.action.code)
    for user in card.action.referents:
        if user.active:
            _send(user, card.campaign, [card], "evaluations/mail/returned.txt", subject)
    return len(card.action.referents)
