"""Standing working groups: a group that meets again and again (the *Gruppo di progettazione* of the sources),
with its roster of people and the body each represents, a coordinator, and its meetings. A meeting of the group
starts its attendance from the roster, so the absent are listed without typing."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.account_models import User
from app.extensions import db
from app.models import Audited, District, Organization, Plan, utcnow
from app.versioned import Versioned


class StandingGroup(Versioned, Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)    # markdown: what the group is for
    coordinator_id: Mapped[int | None] = mapped_column(
        ForeignKey("roster_member.id", ondelete="SET NULL", use_alter=True), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    district: Mapped[District] = relationship()
    plan: Mapped[Plan | None] = relationship()
    roster: Mapped[list[RosterMember]] = relationship(
        back_populates="group", order_by="RosterMember.position", cascade="all, delete-orphan",
        passive_deletes=True, foreign_keys="RosterMember.group_id")
    coordinator: Mapped[RosterMember | None] = relationship(foreign_keys=[coordinator_id], post_update=True)

    __table_args__ = (UniqueConstraint("district_id", "name"),)

    @property
    def active_roster(self) -> list[RosterMember]:
        return [member for member in self.roster if member.active]

    def __str__(self):
        return self.name


class RosterMember(Audited, db.Model):
    """A place in a group's roster: a person (with or without an account) and the body they represent. A member
    who leaves stays on the roster, inactive, so the group's past meetings keep their names."""
    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("standing_group.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    # Personal data stays out of the audit log (it must go when the person asks for erasure).
    # bandit B105: a flag on the column, not a password
    name: Mapped[str] = mapped_column(String(200), info={"audit_secret": True})  # nosec B105
    # bandit B105: a flag on the column, not a password
    email: Mapped[str | None] = mapped_column(String(254), info={"audit_secret": True})  # nosec B105
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="SET NULL"),
                                                        index=True)
    organization_name: Mapped[str | None] = mapped_column(String(200))   # a body not in the district's list
    active: Mapped[bool] = mapped_column(default=True, server_default=sa_true())

    group: Mapped[StandingGroup] = relationship(back_populates="roster", foreign_keys=[group_id])
    user: Mapped[User | None] = relationship()
    organization: Mapped[Organization | None] = relationship()

    @property
    def audit_district_id(self):
        return self.group.district_id if self.group else None

    @property
    def organization_label(self) -> str:
        return self.organization.name if self.organization else (self.organization_name or "")

    def __str__(self):
        return f"#{self.id}"   # not the name: this label goes into the audit log
