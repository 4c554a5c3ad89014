"""The personal data the platform's core keeps, declared to the GDPR registry (app/privacy.py): accounts
and roles, invitations, authorship of evaluation cards, focus-group facilitation, the audit log and the
outbox. Keywords typed on phones carry only a random client id, never a person, so they are not here.

Erasure keeps the work and drops the person: cards stay (author fields emptied), audit entries stay
(who did it becomes "[erased]", the person's e-mail and names are taken out of the summaries and the recorded
values), outbox messages to the person go and those about them (to the office) lose the name and the address;
the account, its roles and its invitations go.

Every function takes a scope (see app/privacy.py): a district's id keeps it to that district's records
(invitations, cards, focus groups, log entries and outbox messages of the district); the account itself is
within a district's scope only when the person holds roles there and nowhere else.
"""
from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from flask import current_app
from flask_babel import gettext as _

from . import mail, privacy
from .errors import DomainError
from .extensions import db
from .account_models import Invitation, Membership, User
from .models import AuditLog, District, Role
from .privacy import ERASED

# Headers a scrubbed outbox message does not copy: set_content() writes them again for the new body.
CONTENT_HEADERS = {"content-type", "content-transfer-encoding", "mime-version"}


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _delete_all(rows) -> int:
    for row in rows:
        db.session.delete(row)
    db.session.flush()
    return len(rows)


def _user(email: str) -> User | None:
    return db.session.scalar(db.select(User).where(db.func.lower(User.email) == email))


def _scoped(query, column, district_id: int | None):
    return query if district_id is None else query.where(column == district_id)


# ---- the account ----------------------------------------------------------------------------------------

def account_in_scope(user: User | None, district_id: int | None) -> bool:
    """Platform-wide, any account; for a district, the account of someone who holds roles there and
    nowhere else (and is no administrator): an account is one for the whole platform, and a district may
    not delete a person other districts still work with."""
    return user is not None and (district_id is None or user.works_only_in(district_id))


def export_account(email: str, district_id: int | None = None) -> list[dict]:
    user = _user(email)
    if not account_in_scope(user, district_id):
        return []
    actions = [a for a in user.actions if district_id is None or a.audit_district_id == district_id]
    return [{"email": user.email, "name": user.name,
             "organization": user.organization.name if user.organization else None,
             "administrator": user.is_admin, "active": user.active, "created_at": _when(user.created_at),
             "last_login_at": _when(user.last_login_at),
             "roles": sorted(({"district": m.district.name, "role": m.role.value} for m in user.memberships),
                             key=lambda r: (r["district"], r["role"])),
             "referent_of_actions": [f"{a.code} {a.title}" for a in actions]}]


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


def erase_account(email: str, district_id: int | None = None) -> int:
    user = _user(email)
    if not account_in_scope(user, district_id):
        return 0
    check_erasable(user)
    # The audit log eraser (after this one) needs to know whose traces to take out.
    erasure = privacy.current_erasure(email, district_id)
    erasure.user_id = user.id
    erasure.names.add(user.name)
    db.session.info["privacy_erased_users"] = [*db.session.info.get("privacy_erased_users", []),
                                               (user.id, email, user.name)]
    user.actions.clear()
    db.session.delete(user)
    db.session.flush()
    return 1


# ---- invitations ----------------------------------------------------------------------------------------

def _invitations(email: str, district_id: int | None):
    query = db.select(Invitation).where(db.func.lower(Invitation.email) == email).order_by(Invitation.id)
    return db.session.scalars(_scoped(query, Invitation.district_id, district_id)).all()


def export_invitations(email: str, district_id: int | None = None) -> list[dict]:
    return [{"district": i.district.name, "role": i.role.value, "name": i.name,
             "created_at": _when(i.created_at),
             "expires_at": _when(i.expires_at), "accepted_at": _when(i.accepted_at),
             "revoked_at": _when(i.revoked_at)} for i in _invitations(email, district_id)]


def erase_invitations(email: str, district_id: int | None = None) -> int:
    return _delete_all(_invitations(email, district_id))


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


def _cards_of(user: User, district_id: int | None):
    EvaluationCard, _conflict, EvaluationCampaign = _card_models()
    touched = db.or_(*(getattr(EvaluationCard, field) == user.id for field in AUTHOR_FIELDS))
    query = db.select(EvaluationCard).join(EvaluationCard.campaign).where(touched).order_by(EvaluationCard.id)
    return db.session.scalars(_scoped(query, EvaluationCampaign.district_id, district_id)).all()


def _conflicts_of(user: User, district_id: int | None, *columns):
    EvaluationCard, CardConflict, EvaluationCampaign = _card_models()
    query = (db.select(CardConflict).join(CardConflict.card).join(EvaluationCard.campaign)
             .where(db.or_(*(getattr(CardConflict, column) == user.id for column in columns)))
             .order_by(CardConflict.id))
    return db.session.scalars(_scoped(query, EvaluationCampaign.district_id, district_id)).all()


def export_cards(email: str, district_id: int | None = None) -> list[dict]:
    user = _user(email)
    if user is None:
        return []
    records = [{"card": card.id, "campaign": card.campaign.title,
                "action": f"{card.action.code} {card.action.title}",
                "state": card.state.value, "as": [field[:-6] for field in AUTHOR_FIELDS
                                                   if getattr(card, field) == user.id],
                "updated_at": _when(card.updated_at)} for card in _cards_of(user, district_id)]
    # A save refused as stale keeps the person's text aside: the fields they had filled in are theirs.
    records += [{"card": c.card_id, "refused_save_at": _when(c.created_at),
                 "text_saved_aside": {k: v for k, v in (c.data.get("values") or {}).items() if v}}
                for c in _conflicts_of(user, district_id, "user_id")]
    return records


def erase_cards(email: str, district_id: int | None = None) -> int:
    user = _user(email)
    if user is None:
        return 0
    _card, _conflict, EvaluationCampaign = _card_models()
    cards = _cards_of(user, district_id)
    for card in cards:
        for field in AUTHOR_FIELDS:
            if getattr(card, field) == user.id:
                setattr(card, field, None)
    for conflict in _conflicts_of(user, district_id, "user_id", "resolved_by_id"):
        conflict.user_id = None if conflict.user_id == user.id else conflict.user_id
        conflict.resolved_by_id = None if conflict.resolved_by_id == user.id else conflict.resolved_by_id
    campaigns = db.select(EvaluationCampaign).filter_by(opened_by_id=user.id)
    for campaign in db.session.scalars(_scoped(campaigns, EvaluationCampaign.district_id, district_id)):
        campaign.opened_by_id = None
    db.session.flush()
    return len(cards)


# ---- focus groups: who facilitates (keywords have no person attached) ------------------------------------

def _facilitated(user: User | None, district_id: int | None):
    from focus_groups.models import FocusGroup
    if user is None:
        return []
    query = db.select(FocusGroup).where(FocusGroup.facilitators.contains(user))
    return db.session.scalars(_scoped(query, FocusGroup.district_id, district_id)).all()


def export_facilitation(email: str, district_id: int | None = None) -> list[dict]:
    return [{"focus_group": group.title, "district": group.district.name}
            for group in _facilitated(_user(email), district_id)]


def erase_facilitation(email: str, district_id: int | None = None) -> int:
    user = _user(email)
    groups = _facilitated(user, district_id)
    for group in groups:
        group.facilitators.remove(user)
    db.session.flush()
    return len(groups)


# ---- the audit log: entries stay, the person is taken out --------------------------------------------------

def _audit_scope(district_id: int | None, account: bool):
    """A district's entries; with the account in the scope, also those of no district (the account's own)."""
    if district_id is None:
        return db.true()
    if account:
        return db.or_(AuditLog.district_id == district_id, AuditLog.district_id.is_(None))
    return AuditLog.district_id == district_id


def _mentioning(texts) -> list:
    """Conditions for entries whose summary or values hold one of `texts` (JSON may escape accents)."""
    conditions = []
    for text in texts:
        forms = {text, json.dumps(text)[1:-1]}
        for form in forms:
            pattern = f"%{form}%"
            conditions += [AuditLog.summary.ilike(pattern), db.cast(AuditLog.before, db.Text).ilike(pattern),
                           db.cast(AuditLog.after, db.Text).ilike(pattern)]
    return conditions


def _audit_rows(user_id: int | None, email: str, names=(), district_id: int | None = None,
                account: bool = True):
    who = [AuditLog.actor == email, *_mentioning([email, *names])]
    if user_id is not None:
        who += [AuditLog.user_id == user_id,
                db.and_(AuditLog.entity == "User", AuditLog.entity_id == user_id)]
    return db.session.scalars(db.select(AuditLog).where(db.or_(*who), _audit_scope(district_id, account))
                              .order_by(AuditLog.id)).all()


def export_audit_log(email: str, district_id: int | None = None) -> list[dict]:
    user = _user(email)
    rows = [row for row in _audit_rows(user.id if user else None, email, district_id=district_id,
                                       account=account_in_scope(user, district_id))
            if row.actor == email or (user and row.user_id == user.id)]
    return [{"at": _when(row.at), "operation": row.operation, "record": row.entity,
             "record_id": row.entity_id,
             "summary": row.summary} for row in rows]


def erase_audit_log(email: str, district_id: int | None = None) -> int:
    erasure = privacy.current_erasure(email, district_id)
    erased = [entry for entry in db.session.info.get("privacy_erased_users", []) if entry[1] == email]
    user = _user(email)
    if erased:
        user_id, account = erased[-1][0], True
        names = erasure.names | {erased[-1][2]}
    else:
        # The account stays (none, or not this district's): the district's entries about the person still
        # lose them.
        user_id, account = (user.id if user else None), False
        names = erasure.names
    rows = _audit_rows(user_id, email, names, district_id, account)
    for row in rows:
        if row.actor == email or (user_id is not None and row.user_id == user_id):
            row.actor, row.user_id = ERASED, None
        if row.entity == "User" and user_id is not None and row.entity_id == user_id and account:
            row.before = row.before and {key: ERASED for key in row.before}
            row.after = row.after and {key: ERASED for key in row.after}
            row.summary = f"{row.operation} {row.entity} {ERASED}"
            continue
        # Names recorded beside the e-mail are the person's too (a comment's author_name, say).
        beside = {value for values in (row.before, row.after) if isinstance(values, dict)
                  and email in (str(v).strip().lower() for v in values.values())
                  for key, value in values.items() if key in privacy.NAME_KEYS and isinstance(value, str)}
        theirs = names | beside
        row.before = privacy.scrub_values(row.before, email, theirs)
        row.after = privacy.scrub_values(row.after, email, theirs)
        row.summary = privacy.scrub_text(row.summary, email, theirs)[:300]
    db.session.flush()
    return len(rows)


# ---- the outbox (when no mail server is configured, sent messages are kept as files) -----------------------

def _outbox(district_id: int | None) -> list[mail.OutboxMessage]:
    if district_id is None:
        return mail.outbox()
    district = db.session.get(District, district_id)
    return mail.outbox(district=district) if district is not None else []


def _addressed_to(message: mail.OutboxMessage, email: str) -> bool:
    return email in message.to.lower()


def export_outbox(email: str, district_id: int | None = None) -> list[dict]:
    return [{"date": _when(m.date), "subject": m.subject, "body": m.body}
            for m in _outbox(district_id) if _addressed_to(m, email)]


def _rewrite(message: mail.OutboxMessage, email: str, names) -> bool:
    """Write `message` again without the person's address and names; False when it holds neither."""
    folder = current_app.config["OUTBOX_DIR"]
    path = os.path.join(folder, message.filename)
    with open(path, "rb") as fh:
        parsed = BytesParser(policy=policy.default).parse(fh)
    headers = [(key, str(value)) for key, value in parsed.items() if key.lower() not in CONTENT_HEADERS]
    scrubbed = [(key, privacy.scrub_text(value, email, names)) for key, value in headers]
    body = privacy.scrub_text(message.body, email, names)
    if scrubbed == headers and body == message.body:
        return False
    rewritten = EmailMessage()
    for key, value in scrubbed:
        rewritten[key] = " ".join(value.split())
    rewritten.set_content(body)
    temporary = path + ".scrub"
    with open(temporary, "wb") as fh:
        fh.write(rewritten.as_bytes())
    os.replace(temporary, path)
    return True


def erase_outbox(email: str, district_id: int | None = None) -> int:
    """Messages to the person go; messages about them (the office's moderation mails, say) stay without
    their name and address."""
    names = privacy.current_erasure(email, district_id).names
    count = 0
    for message in _outbox(district_id):
        if _addressed_to(message, email):
            os.remove(os.path.join(current_app.config["OUTBOX_DIR"], message.filename))
            count += 1
        elif _rewrite(message, email, names):
            count += 1
    return count


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
