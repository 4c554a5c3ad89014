"""Accounts: the people who sign in, their roles in each district (memberships) and the invitations that
bring them in. The plan structure they work on is in app/models.py."""
from __future__ import annotations

import secrets
from datetime import datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db
from .models import Audited, District, Organization, Role, SystemAction, action_referents, enum_column, utcnow


class User(UserMixin, Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # bandit B105: a flag on the column, not a password
    password_hash: Mapped[str | None] = mapped_column(String(300), info={"audit_secret": True})  # nosec B105
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="SET NULL"))
    is_admin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Carried in every login session and "remember me" cookie (get_id): a new token ends them all.
    # bandit B105: a flag on the column, not a password
    session_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_urlsafe(32),
                                               info={"audit_secret": True})  # nosec B105

    organization: Mapped[Organization | None] = relationship()
    memberships: Mapped[list[Membership]] = relationship(back_populates="user", cascade="all, delete-orphan")
    actions: Mapped[list[SystemAction]] = relationship(secondary=action_referents, back_populates="referents")

    @property
    def audit_district_id(self):
        return None

    @property
    def is_active(self):
        return self.active

    def get_id(self) -> str:
        """What a login session remembers: the account and its current session token."""
        return f"{self.id}:{self.session_token}"

    def end_sessions(self) -> None:
        """Every session and "remember me" cookie opened so far stops working."""
        self.session_token = secrets.token_urlsafe(32)

    def set_password(self, password: str) -> None:
        """A new password ends every session opened with the old one."""
        self.password_hash = hash_password(password)
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def roles_in(self, district_id: int) -> set[Role]:
        return {m.role for m in self.memberships if m.district_id == district_id}

    def has_role(self, district_id: int, *roles: Role) -> bool:
        return self.is_admin or bool(self.roles_in(district_id) & set(roles))

    def works_only_in(self, district_id: int) -> bool:
        """Holds a role in this district and in no other, and is no administrator: only then may that district's
        planning office manage the account (its password, sessions, details and mail)."""
        return not self.is_admin and bool(self.memberships) and all(m.district_id == district_id
                                                                    for m in self.memberships)

    @property
    def districts(self) -> list[District]:
        return sorted({m.district for m in self.memberships}, key=lambda d: d.name)

    def __str__(self):
        return self.name


def hash_password(password: str) -> str:
    # Tests choose a cheap method; production keeps Werkzeug's default (scrypt).
    method = current_app.config.get("PASSWORD_HASH_METHOD") if has_app_context() else None
    return generate_password_hash(password, **({"method": method} if method else {}))


class Membership(Audited, db.Model):
    """A role held by a user in one district."""
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = enum_column(Role)

    user: Mapped[User] = relationship(back_populates="memberships")
    district: Mapped[District] = relationship()

    __table_args__ = (UniqueConstraint("user_id", "district_id", "role"),)


class Invitation(Audited, db.Model):
    """A single-use invitation to join a district with a role; the e-mailed link carries a signed token."""
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str | None] = mapped_column(String(200))
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = enum_column(Role)
    action_ids: Mapped[list] = mapped_column(JSON, default=list)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    district: Mapped[District] = relationship()
    invited_by: Mapped[User | None] = relationship()

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > utcnow()
