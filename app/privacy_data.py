"""The personal data the platform's core keeps, declared to the GDPR registry (app/privacy.py): accounts
and roles, invitations, the audit log and the outbox; and the small helpers every feature's privacy.py uses
(when, delete_all, user_of, scoped). Each feature declares its own data in its privacy.py.

Erasure keeps the work and drops the person: audit entries stay
(who did it becomes "[erased]", the person's e-mail and names are taken out of the summaries and the recorded
values), outbox messages to the person go and those about them (to the office) lose the name and the address;
the account, its roles and its invitations go.

Every function takes a scope (see app/privacy.py): a district's id keeps it to that district's records
(invitations, log entries and outbox messages of the district); the account itself is
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


# ---- helpers for the providers (the features' privacy.py too) ------------------------------------------

def when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def delete_all(rows) -> int:
    for row in rows:
        db.session.delete(row)
    db.session.flush()
    return len(rows)


def user_of(email: str) -> User | None:
    """The account of a normalised e-mail address, if any."""
    return db.session.scalar(db.select(User).where(db.func.lower(User.email) == email))


def scoped(query, column, district_id: int | None):
    """`query` kept to the district's records (`column` holds their district id); as is for the whole platform."""
    return query if district_id is None else query.where(column == district_id)


# ---- the account ----------------------------------------------------------------------------------------

def account_in_scope(user: User | None, district_id: int | None) -> bool:
    """Platform-wide, any account; for a district, the account of someone who holds roles there and
    nowhere else (and is no administrator): an account is one for the whole platform, and a district may
    not delete a person other districts still work with."""
    return user is not None and (district_id is None or user.works_only_in(district_id))


def export_account(email: str, district_id: int | None = None) -> list[dict]:
    user = user_of(email)
    if not account_in_scope(user, district_id):
        return []
    actions = [a for a in user.actions if district_id is None or a.audit_district_id == district_id]
    return [{"email": user.email, "name": user.name,
             "organization": user.organization.name if user.organization else None,
             "administrator": user.is_admin, "active": user.active, "created_at": when(user.created_at),
             "last_login_at": when(user.last_login_at),
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
    user = user_of(email)
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
    return db.session.scalars(scoped(query, Invitation.district_id, district_id)).all()


def export_invitations(email: str, district_id: int | None = None) -> list[dict]:
    return [{"district": i.district.name, "role": i.role.value, "name": i.name,
             "created_at": when(i.created_at),
             "expires_at": when(i.expires_at), "accepted_at": when(i.accepted_at),
             "revoked_at": when(i.revoked_at)} for i in _invitations(email, district_id)]


def erase_invitations(email: str, district_id: int | None = None) -> int:
    return delete_all(_invitations(email, district_id))


def purge_invitations(now: datetime) -> int:
    cutoff = privacy.retention_cutoff("invitations", now)
    if cutoff is None:
        return 0
    done = db.or_(Invitation.accepted_at < cutoff, Invitation.revoked_at < cutoff,
                  Invitation.expires_at < cutoff)
    return delete_all(db.session.scalars(db.select(Invitation).where(done)).all())


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
    user = user_of(email)
    rows = [row for row in _audit_rows(user.id if user else None, email, district_id=district_id,
                                       account=account_in_scope(user, district_id))
            if row.actor == email or (user and row.user_id == user.id)]
    return [{"at": when(row.at), "operation": row.operation, "record": row.entity,
             "record_id": row.entity_id,
             "summary": row.summary} for row in rows]


def erase_audit_log(email: str, district_id: int | None = None) -> int:
    erasure = privacy.current_erasure(email, district_id)
    erased = [entry for entry in db.session.info.get("privacy_erased_users", []) if entry[1] == email]
    user = user_of(email)
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
    return [{"date": when(m.date), "subject": m.subject, "body": m.body}
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


privacy.register("account", export=export_account, erase=erase_account, final=True)
privacy.register("audit_log", export=export_audit_log, erase=erase_audit_log, final=True)
privacy.register("invitations", export=export_invitations, erase=erase_invitations, purge=purge_invitations)
privacy.register("outbox", export=export_outbox, erase=erase_outbox, purge=purge_outbox)
