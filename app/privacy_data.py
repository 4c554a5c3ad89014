"""The personal data the platform's core keeps, declared to the GDPR registry (app/privacy.py): accounts
and roles, invitations, authorship of evaluation cards, focus-group facilitation, the audit log and the
outbox. Keywords typed on phones carry only a random client id, never a person, so they are not here.

Erasure keeps the work and drops the person: cards stay (author fields emptied), audit entries stay
(who did it becomes "[erased]", the person's e-mail and name are taken out of the recorded values),
the account, its roles and its invitations go.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone

from flask import current_app
from flask_babel import gettext as _

from . import mail, privacy
from .errors import DomainError
from .extensions import db
from .models import AuditLog, Invitation, Membership, Role, User

ERASED = "[erased]"
NAME_KEYS = {"name", "author_name", "full_name", "first_name", "last_name"}


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _delete_all(rows) -> int:
    for row in rows:
        db.session.delete(row)
    db.session.flush()
    return len(rows)


def _user(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(db.func.lower(User.email) == email))


# ---- the account ----------------------------------------------------------------------------------------

def export_account(email: str) -> list[dict]:
    user = _user(email)
    if user is None:
        return []
    return [{"email": user.email, "name": user.name,
             "organization": user.organization.name if user.organization else None,
             "administrator": user.is_admin, "active": user.active, "created_at": _when(user.created_at),
             "last_login_at": _when(user.last_login_at),
             "roles": sorted(({"district": m.district.name, "role": m.role.value} for m in user.memberships),
                             key=lambda r: (r["district"], r["role"])),
             "referent_of_actions": [f"{a.code} {a.title}" for a in user.actions]}]


def check_erasable(user: User) -> None:
    """A district must keep a planning office: its last one cannot be erased before handing the role over."""
    for membership in user.memberships:
        if membership.role != Role.PLANNING_OFFICE:
            continue
        others = db.session.scalar(db.select(db.func.count()).select_from(Membership).join(User).where(
            Membership.district_id == membership.district_id, Membership.role == Role.PLANNING_OFFICE,
            User.active, User.id != user.id))
        if not others:
            raise DomainError(_("%(name)s is the last planning office of %(district)s: give the role to "
                                "someone else first.", name=user.name, district=membership.district.name))


def erase_account(email: str) -> int:
    user = _user(email)
    if user is None:
        return 0
    check_erasable(user)
    # The audit log eraser (after this one) needs to know whose traces to take out.
    db.session.info.setdefault("privacy_erased_users", []).append((user.id, email, user.name))
    user.actions.clear()
    db.session.delete(user)
    db.session.flush()
    return 1


# ---- invitations ----------------------------------------------------------------------------------------

def _invitations(email: str):
    return db.session.scalars(db.select(Invitation).where(db.func.lower(Invitation.email) == email)
                              .order_by(Invitation.id)).all()


def export_invitations(email: str) -> list[dict]:
    return [{"district": i.district.name, "role": i.role.value, "name": i.name,
             "created_at": _when(i.created_at),
             "expires_at": _when(i.expires_at), "accepted_at": _when(i.accepted_at),
             "revoked_at": _when(i.revoked_at)} for i in _invitations(email)]


def erase_invitations(email: str) -> int:
    return _delete_all(_invitations(email))


def purge_invitations(now: datetime) -> int:
    cutoff = privacy.retention_cutoff("invitations", now)
    if cutoff is None:
        return 0
    done = db.or_(Invitation.accepted_at < cutoff, Invitation.revoked_at < cutoff,
                  Invitation.expires_at < cutoff)
    return _delete_all(db.session.scalars(db.select(Invitation).where(done)).all())


# ---- evaluation cards: the author goes, the card stays ----------------------------------------------------

def _card_models():
    from evaluations.models import CardConflict, EvaluationCampaign, EvaluationCard
    return EvaluationCard, CardConflict, EvaluationCampaign


AUTHOR_FIELDS = ("updated_by_id", "submitted_by_id", "reviewed_by_id")


def _cards_of(user: User):
    EvaluationCard, _conflict, _campaign = _card_models()
    touched = db.or_(*(getattr(EvaluationCard, field) == user.id for field in AUTHOR_FIELDS))
    return db.session.scalars(db.select(EvaluationCard).where(touched).order_by(EvaluationCard.id)).all()


def export_cards(email: str) -> list[dict]:
    user = _user(email)
    if user is None:
        return []
    _card, CardConflict, _campaign = _card_models()
    records = [{"card": card.id, "campaign": card.campaign.title,
                "action": f"{card.action.code} {card.action.title}",
                "state": card.state.value, "as": [field[:-6] for field in AUTHOR_FIELDS
                                                   if getattr(card, field) == user.id],
                "updated_at": _when(card.updated_at)} for card in _cards_of(user)]
    conflicts = db.session.scalars(db.select(CardConflict).filter_by(user_id=user.id)
                                   .order_by(CardConflict.id))
    # A save refused as stale keeps the person's text aside: the fields they had filled in are theirs.
    records += [{"card": c.card_id, "refused_save_at": _when(c.created_at),
                 "text_saved_aside": {k: v for k, v in (c.data.get("values") or {}).items() if v}}
                for c in conflicts]
    return records


def erase_cards(email: str) -> int:
    user = _user(email)
    if user is None:
        return 0
    EvaluationCard, CardConflict, EvaluationCampaign = _card_models()
    cards = _cards_of(user)
    for card in cards:
        for field in AUTHOR_FIELDS:
            if getattr(card, field) == user.id:
                setattr(card, field, None)
    for conflict in db.session.scalars(db.select(CardConflict).where(
            db.or_(CardConflict.user_id == user.id, CardConflict.resolved_by_id == user.id))):
        conflict.user_id = None if conflict.user_id == user.id else conflict.user_id
        conflict.resolved_by_id = None if conflict.resolved_by_id == user.id else conflict.resolved_by_id
    for campaign in db.session.scalars(db.select(EvaluationCampaign).filter_by(opened_by_id=user.id)):
        campaign.opened_by_id = None
    db.session.flush()
    return len(cards)


# ---- focus groups: who facilitates (keywords have no person attached) ------------------------------------

def _facilitated(user: User):
    from focus_groups.models import FocusGroup
    return db.session.scalars(db.select(FocusGroup).where(FocusGroup.facilitators.contains(user))).all()


def export_facilitation(email: str) -> list[dict]:
    user = _user(email)
    return [{"focus_group": group.title, "district": group.district.name} for group in _facilitated(user)] \
        if user else []


def erase_facilitation(email: str) -> int:
    user = _user(email)
    groups = _facilitated(user) if user else []
    for group in groups:
        group.facilitators.remove(user)
    db.session.flush()
    return len(groups)


# ---- the audit log: entries stay, the person is taken out --------------------------------------------------

def _audit_rows(user_id: int | None, email: str):
    mentions = db.or_(db.cast(AuditLog.before, db.Text).ilike(f"%{email}%"),
                      db.cast(AuditLog.after, db.Text).ilike(f"%{email}%"))
    who = [AuditLog.actor == email, mentions]
    if user_id is not None:
        who += [AuditLog.user_id == user_id,
                db.and_(AuditLog.entity == "User", AuditLog.entity_id == user_id)]
    return db.session.scalars(db.select(AuditLog).where(db.or_(*who)).order_by(AuditLog.id)).all()


def export_audit_log(email: str) -> list[dict]:
    user = _user(email)
    rows = [row for row in _audit_rows(user.id if user else None, email)
            if row.actor == email or (user and row.user_id == user.id)]
    return [{"at": _when(row.at), "operation": row.operation, "record": row.entity,
             "record_id": row.entity_id,
             "summary": row.summary} for row in rows]


def _scrub(values, email: str, name: str | None):
    """The recorded values without the person: their e-mail, and names recorded beside it."""
    if not isinstance(values, dict):
        return values
    mentions = any(isinstance(v, str) and v.lower() == email for v in values.values())
    return {key: ERASED if isinstance(value, str) and (value.lower() == email or (name and value == name)
                                                      or (mentions and key in NAME_KEYS and value)) else value
            for key, value in values.items()}


def erase_audit_log(email: str) -> int:
    erased = [entry for entry in db.session.info.get("privacy_erased_users", []) if entry[1] == email]
    user_id, name = (erased[-1][0], erased[-1][2]) if erased else (None, None)
    rows = _audit_rows(user_id, email)
    for row in rows:
        if row.actor == email or (user_id is not None and row.user_id == user_id):
            row.actor, row.user_id = ERASED, None
        if row.entity == "User" and user_id is not None and row.entity_id == user_id:
            row.before = row.before and {key: ERASED for key in row.before}
            row.after = row.after and {key: ERASED for key in row.after}
            row.summary = f"{row.operation} {row.entity} {ERASED}"
            continue
        # Names recorded beside the e-mail are the person's too (a comment's author_name, say).
        names = {name} | {value for values in (row.before, row.after) if isinstance(values, dict)
                          and email in (str(v).lower() for v in values.values())
                          for key, value in values.items() if key in NAME_KEYS and value}
        before, after = _scrub(row.before, email, name), _scrub(row.after, email, name)
        if (before, after) != (row.before, row.after):
            row.before, row.after = before, after
            for text in sorted(filter(None, names | {email}), key=len, reverse=True):
                row.summary = row.summary.replace(text, ERASED)
    db.session.flush()
    return len(rows)


# ---- the outbox (when no mail server is configured, sent messages are kept as files) -----------------------

def _outbox_files(email: str) -> list[mail.OutboxMessage]:
    return [m for m in mail.outbox() if email in m.to.lower()]


def export_outbox(email: str) -> list[dict]:
    return [{"date": _when(m.date), "subject": m.subject, "body": m.body} for m in _outbox_files(email)]


def erase_outbox(email: str) -> int:
    messages = _outbox_files(email)
    for message in messages:
        os.remove(os.path.join(current_app.config["OUTBOX_DIR"], message.filename))
    return len(messages)


def purge_outbox(now: datetime) -> int:
    cutoff = privacy.retention_cutoff("outbox", now)
    if cutoff is None:
        return 0
    aware_cutoff = cutoff.replace(tzinfo=timezone.utc) if cutoff.tzinfo is None else cutoff
    old = [m for m in mail.outbox() if m.date is not None and m.date < aware_cutoff]
    for message in old:
        os.remove(os.path.join(current_app.config["OUTBOX_DIR"], message.filename))
    return len(old)


# ---- retention of other features' data (their export and erasure are registered by the features) -------

def purge_unconfirmed_registrations(now: datetime) -> int:
    """Sign-ups whose confirmation link was never followed: they hold no place, only a name and an address."""
    cutoff = privacy.retention_cutoff("unconfirmed_registrations", now)
    if cutoff is None:
        return 0
    from meetings.models import Registration, RegistrationStatus
    return _delete_all(db.session.scalars(db.select(Registration).where(
        Registration.status == RegistrationStatus.PENDING, Registration.created_at < cutoff)).all())


def purge_rejected_comments(now: datetime) -> int:
    cutoff = privacy.retention_cutoff("rejected_comments", now)
    if cutoff is None:
        return 0
    from posts.models import CommentStatus, PostComment
    return _delete_all(db.session.scalars(db.select(PostComment).where(
        PostComment.status == CommentStatus.REJECTED,
        db.func.coalesce(PostComment.moderated_at, PostComment.created_at) < cutoff)).all())


privacy.register_purge("unconfirmed_registrations", purge_unconfirmed_registrations)
privacy.register_purge("rejected_comments", purge_rejected_comments)
privacy.register("account", export=export_account, erase=erase_account, final=True)
privacy.register("audit_log", export=export_audit_log, erase=erase_audit_log, final=True)
privacy.register("invitations", export=export_invitations, erase=erase_invitations, purge=purge_invitations)
privacy.register("evaluation_cards", export=export_cards, erase=erase_cards)
privacy.register("focus_group_facilitation", export=export_facilitation, erase=erase_facilitation)
privacy.register("outbox", export=export_outbox, erase=erase_outbox, purge=purge_outbox)
