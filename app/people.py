"""Accounts, roles per district and invitations: used by the views and the CLI alike."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from email_validator import EmailNotValidError, validate_email

from . import mail
from .errors import DomainError
from .extensions import db
from .models import District, Invitation, Membership, Role, SystemAction, User, utcnow


def normalise_email(email: str) -> str:
    try:
        return validate_email((email or "").strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise DomainError(_("%(email)s is not a valid e-mail address.", email=email or "''"))


def find_user(email: str) -> User | None:
    return db.session.scalar(db.select(User).filter_by(email=normalise_email(email)))


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
    for membership in list(user.memberships):
        if membership.district_id == district.id and membership.role == role:
            user.memberships.remove(membership)
    db.session.flush()


def set_roles(user: User, district: District, roles: set[Role]) -> None:
    """Make `roles` exactly the roles `user` holds in `district`."""
    for role in Role:
        (grant if role in roles else revoke)(user, district, role)


def assign_referent(action: SystemAction, user: User) -> None:
    if user not in action.referents:
        action.referents.append(user)
    grant(user, action.plan.district, Role.REFERENT)


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


def invite(district: District, email: str, role: Role, *, name: str | None = None,
           actions: list[SystemAction] = (), invited_by: User | None = None) -> tuple[Invitation, str]:
    """Create an invitation and mail its link; returns the invitation and the link."""
    email = normalise_email(email)
    days = current_app.config["INVITATION_MAX_AGE_DAYS"]
    invitation = Invitation(email=email, name=(name or "").strip() or None, district=district, role=role,
                            action_ids=[a.id for a in actions], invited_by=invited_by,
                            expires_at=utcnow() + timedelta(days=days))
    db.session.add(invitation)
    db.session.flush()
    link = url_for("auth.accept_invitation", token=invitation_token(invitation), _external=True)
    mail.send(email, _("Invitation to PdZ Partecipato - %(district)s", district=district.name),
              render_template("mail/invitation.txt", invitation=invitation, link=link, days=days))
    return invitation, link


def accept_invitation(invitation: Invitation, *, name: str, password: str | None) -> User:
    if not invitation.is_usable:
        raise DomainError(_("This invitation is no longer valid."))
    user = find_user(invitation.email)
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
