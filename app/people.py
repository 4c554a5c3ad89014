"""Accounts, roles per district and invitations: used by the views and the CLI alike."""
from __future__ import annotations

import secrets
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app, render_template
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.security import check_password_hash

from . import mail
from .errors import DomainError
from .extensions import db
from .account_models import Invitation, Membership, User, hash_password
from .models import District, Organization, Role, SystemAction, utcnow
from .text import contains_text
from .urls import public_url


def normalise_email(email: str) -> str:
    try:
        return validate_email((email or "").strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise DomainError(_("%(email)s is not a valid e-mail address.", email=email or "''"))


def find_user(email: str) -> User | None:
    return db.session.scalar(db.select(User).filter_by(email=normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active account with this e-mail and password, else None.

    Exactly one password-hash check whatever the outcome: an unknown, passwordless or deactivated account
    costs the same time as a wrong password, so the login page does not tell which accounts exist.
    """
    try:
        user = find_user(email)
    except DomainError:
        user = None
    stored = user.password_hash if user is not None and user.password_hash else _decoy_hash()
    matches = check_password_hash(stored, password or "")
    return user if matches and user is not None and user.password_hash and user.active else None


def _decoy_hash() -> str:
    """A hash made the way real passwords are (same method and cost), checked when there is no account."""
    decoy = current_app.extensions.setdefault("pdz_decoy_hash", {})
    method = current_app.config.get("PASSWORD_HASH_METHOD") or "default"
    if method not in decoy:
        decoy[method] = hash_password(secrets.token_urlsafe(16))
    return decoy[method]


def create_user(email: str, name: str, password: str | None = None, *, is_admin: bool = False) -> User:
    email = normalise_email(email)
    if find_user(email):
        raise DomainError(_("A user with e-mail %(email)s already exists.", email=email))
    if not (name or "").strip():
        raise DomainError(_("The name is required."))
    user = User(email=email, name=name.strip(), is_admin=is_admin)
    if password:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def grant(user: User, district: District, role: Role) -> Membership:
    """Give `user` the role in `district` (no-op when already held)."""
    for membership in user.memberships:
        if membership.district_id == district.id and membership.role == role:
            return membership
    membership = Membership(user=user, district=district, role=role)
    db.session.add(membership)
    db.session.flush()
    return membership


def revoke(user: User, district: District, role: Role) -> None:
    """Take the role away; a referent also stops being referent of the district's actions."""
    if role == Role.PLANNING_OFFICE and role in user.roles_in(district.id):
        _keep_a_planning_office(district, losing=user)
    # Roles are read afresh at every request, so no session keeps a removed one; a person of this district
    # alone is also logged out everywhere. Another district's person keeps working there undisturbed.
    theirs = user.works_only_in(district.id)
    for membership in list(user.memberships):
        if membership.district_id == district.id and membership.role == role:
            user.memberships.remove(membership)
            db.session.delete(membership)  # explicit, so the audit log sees the deletion (orphans it does not)
            if theirs:
                user.end_sessions()
    if role == Role.REFERENT:
        for action in list(user.actions):
            if action.plan.district_id == district.id:
                action.referents.remove(user)
    db.session.flush()


def set_roles(user: User, district: District, roles: set[Role]) -> None:
    """Make `roles` exactly the roles `user` holds in `district`."""
    for role in Role:
        (grant if role in roles else revoke)(user, district, role)


def planning_office_ids(district: District) -> set[int]:
    """Ids of the active accounts holding the planning office role in `district`."""
    return set(db.session.scalars(
        db.select(User.id).join(Membership).where(Membership.district_id == district.id,
                                                  Membership.role == Role.PLANNING_OFFICE, User.active)))


def _keep_a_planning_office(district: District, losing: User) -> None:
    if not planning_office_ids(district) - {losing.id}:
        raise DomainError(_("%(name)s is the last planning office of %(district)s: give the role to someone "
                            "else first.", name=losing.name, district=district.name))


def is_member(user: User, district: District) -> bool:
    return bool(user.roles_in(district.id))


def check_manages(user: User, district: District, *, by: User) -> None:
    """Refuse when `by`, an office of `district`, may not manage this person's password, sessions or details:
    only a person of that district alone is theirs to manage (User.works_only_in); else the person or an
    administrator does it."""
    if by.is_admin or user.works_only_in(district.id):
        return
    elsewhere = sorted({m.district.name for m in user.memberships if m.district_id != district.id})
    if elsewhere:
        raise DomainError(_("%(name)s also works in %(districts)s: only they or an administrator can change their "
                            "account.", name=user.name, districts=", ".join(elsewhere)))
    raise DomainError(_("Only %(name)s or an administrator can change this account.", name=user.name))


def district_people(district: District, search: str | None = None):
    """A select of the accounts holding any role in `district`, by name; `search` matches name or e-mail."""
    members = db.select(Membership.user_id).where(Membership.district_id == district.id)
    query = db.select(User).where(User.id.in_(members)).order_by(User.name, User.email)
    if search and search.strip():
        query = query.where(contains_text(search, User.name, User.email))
    return query


def referent_actions(user: User, district: District) -> list[SystemAction]:
    return [action for action in user.actions if action.plan.district_id == district.id]


def set_organization(user: User, district: District, organization: Organization | None, *, by: User) -> None:
    """The organization a person works for is part of their account: changed only by whom may manage it."""
    if organization is not None and organization.district_id != district.id:
        raise DomainError(_("That organization is not in %(district)s.", district=district.name))
    if organization != user.organization:
        check_manages(user, district, by=by)
    user.organization = organization
    db.session.flush()


def set_active(user: User, district: District, active: bool, *, by: User) -> None:
    """Deactivate (or reactivate) an account: a deactivated user cannot log in anywhere."""
    if user.active == active:
        return
    if active:
        check_manages(user, district, by=by)
    if not active:
        if user.id == by.id:
            raise DomainError(_("You cannot deactivate your own account."))
        if user.is_admin and not by.is_admin:
            raise DomainError(_("Only an administrator can deactivate an administrator."))
        elsewhere = {m.district.name for m in user.memberships if m.district_id != district.id}
        if elsewhere and not by.is_admin:
            raise DomainError(_("%(name)s also works in %(districts)s: remove their roles here instead of "
                                "deactivating the account.", name=user.name, districts=", ".join(sorted(elsewhere))))
        check_manages(user, district, by=by)
        if Role.PLANNING_OFFICE in user.roles_in(district.id):
            _keep_a_planning_office(district, losing=user)
        user.end_sessions()
    user.active = active
    db.session.flush()


def end_sessions(user: User, district: District, *, by: User) -> None:
    """Log the person out everywhere (a lost phone, a shared computer)."""
    check_manages(user, district, by=by)
    user.end_sessions()
    db.session.flush()


def assign_referent(action: SystemAction, user: User, *, invited_by: User | None = None) -> Invitation | None:
    """Make `user` a referent of `action`. A person of the district becomes one at once; any other account is
    sent an invitation (returned) and holds no role until they accept it: a district never takes in, and so
    never manages, somebody else's account on its own."""
    district = action.plan.district
    if not is_member(user, district):
        pending = db.session.scalar(district_invitations(district, "pending").where(
            Invitation.email == user.email, Invitation.role == Role.REFERENT).limit(1))
        if pending is not None:
            if action.id not in (pending.action_ids or []):
                pending.action_ids = [*(pending.action_ids or []), action.id]
                db.session.flush()
            return pending
        invitation, _link = _send_invitation(district, user.email, Role.REFERENT, name=user.name,
                                             action_ids=[action.id], invited_by=invited_by)
        return invitation
    if user not in action.referents:
        action.referents.append(user)
    grant(user, district, Role.REFERENT)
    return None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="pdz-invitation")


def invitation_token(invitation: Invitation) -> str:
    return _serializer().dumps({"id": invitation.id, "email": invitation.email})


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a link points to, or None when forged, expired, revoked or already used."""
    max_age = current_app.config["INVITATION_MAX_AGE_DAYS"] * 86400
    try:
        data = _serializer().loads(token, max_age=max_age)
    except BadSignature:
        return None
    invitation = db.session.get(Invitation, data.get("id"))
    if invitation is None or invitation.email != data.get("email") or not invitation.is_usable:
        return None
    return invitation


def invitation_status(invitation: Invitation) -> str:
    """One of INVITATION_STATUSES."""
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at <= utcnow():
        return "expired"
    return "pending"


INVITATION_STATUSES = ("pending", "accepted", "expired", "revoked")


def district_invitations(district: District, status: str | None = None):
    """A select of the district's invitations, newest first, optionally of one status."""
    query = db.select(Invitation).where(Invitation.district_id == district.id)
    now = utcnow()
    conditions = {
        "pending": [Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None), Invitation.expires_at > now],
        "accepted": [Invitation.accepted_at.is_not(None)],
        "revoked": [Invitation.accepted_at.is_(None), Invitation.revoked_at.is_not(None)],
        "expired": [Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None), Invitation.expires_at <= now],
    }
    if status in conditions:
        query = query.where(*conditions[status])
    return query.order_by(Invitation.created_at.desc(), Invitation.id.desc())


def invitable_actions(district: District) -> list[SystemAction]:
    """The actions a referent can be invited for: those of the district's current plan (or newest one)."""
    plan = district.current_plan or (district.plans[0] if district.plans else None)
    return plan.actions if plan else []


def _check_invitation(district: District, email: str, role: Role, actions) -> None:
    existing = find_user(email)
    if existing is not None and role in existing.roles_in(district.id) and not actions:
        raise DomainError(_("%(email)s already has this role in %(district)s.", email=email, district=district.name))
    pending = db.session.scalar(district_invitations(district, "pending").where(
        Invitation.email == email, Invitation.role == role).limit(1))
    if pending is not None:
        raise DomainError(_("%(email)s already has a pending invitation with this role: send it again from the "
                            "list of invitations.", email=email))
    if actions and role != Role.REFERENT:
        raise DomainError(_("Actions can be given only to a referent."))
    for action in actions:
        if action.plan.district_id != district.id:
            raise DomainError(_("The action %(code)s is not in %(district)s.", code=action.code,
                                district=district.name))


def invite(district: District, email: str, role: Role, *, name: str | None = None,
           actions: list[SystemAction] = (), invited_by: User | None = None) -> tuple[Invitation, str]:
    """Create an invitation and mail its link; returns the invitation and the link."""
    email = normalise_email(email)
    _check_invitation(district, email, role, actions)
    return _send_invitation(district, email, role, name=name, action_ids=[a.id for a in actions],
                            invited_by=invited_by)


def revoke_invitation(invitation: Invitation) -> None:
    if invitation_status(invitation) != "pending":
        raise DomainError(_("Only a pending invitation can be revoked."))
    invitation.revoked_at = utcnow()
    db.session.flush()


def resend_invitation(invitation: Invitation, *, invited_by: User | None = None) -> tuple[Invitation, str]:
    """Send a new link with the same data; the old link stops working."""
    if invitation.accepted_at is not None:
        raise DomainError(_("This invitation has already been accepted."))
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
    return _send_invitation(invitation.district, invitation.email, invitation.role, name=invitation.name,
                            action_ids=list(invitation.action_ids or []), invited_by=invited_by)


def _send_invitation(district: District, email: str, role: Role, *, name: str | None, action_ids: list[int],
                     invited_by: User | None) -> tuple[Invitation, str]:
    days = current_app.config["INVITATION_MAX_AGE_DAYS"]
    invitation = Invitation(email=email, name=(name or "").strip() or None, district=district, role=role,
                            action_ids=action_ids, invited_by=invited_by,
                            expires_at=utcnow() + timedelta(days=days))
    db.session.add(invitation)
    db.session.flush()
    link = public_url("auth.accept_invitation", token=invitation_token(invitation))
    mail.send(email, _("Invitation to PdZ Partecipato - %(district)s", district=district.name),
              render_template("mail/invitation.txt", invitation=invitation, link=link, days=days),
              district=district)
    return invitation, link


def accept_invitation(invitation: Invitation, *, name: str, password: str | None, by: User | None = None) -> User:
    """Join the invitation's district. An account that already has a password joins only when its owner, logged
    in (`by`), accepts: the link alone is not proof enough, since it may have been read by somebody else."""
    if not invitation.is_usable:
        raise DomainError(_("This invitation is no longer valid."))
    user = find_user(invitation.email)
    if user is not None and not user.active:
        raise DomainError(_("Your account is deactivated: ask the planning office to reactivate it."))
    if user is not None and user.password_hash and (by is None or by.id != user.id):
        raise DomainError(_("Log in as %(email)s to accept this invitation.", email=invitation.email))
    if user is None:
        user = create_user(invitation.email, name, password)
    elif password and not user.password_hash:
        user.set_password(password)
    grant(user, invitation.district, invitation.role)
    for action_id in invitation.action_ids or []:
        action = db.session.get(SystemAction, action_id)
        if action is not None and action.plan.district_id == invitation.district_id:
            assign_referent(action, user)
    invitation.accepted_at = utcnow()
    db.session.flush()
    return user
