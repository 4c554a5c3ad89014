"""Standing working groups: a group that meets again and again (the *Gruppo di progettazione* of the sources),
with its roster of people and the body each represents, a coordinator, and its meetings. A meeting of the group
starts its attendance from the roster, so the absent are listed without typing."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.account_models import User
from app.extensions import db
from app.role_models import ParticipantRole
from app.models import Audited, District, Organization, Plan, utcnow
from app.versioned import Versioned


class StandingGroup(Versioned, Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)    # markdown: what the group is for
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    district: Mapped[District] = relationship()
    plan: Mapped[Plan | None] = relationship()
    roster: Mapped[list[RosterMember]] = relationship(
        back_populates="group", order_by="RosterMember.position", cascade="all, delete-orphan",
        passive_deletes=True)

    __table_args__ = (UniqueConstraint("district_id", "name"),)

    @property
    def active_roster(self) -> list[RosterMember]:
        return [member for member in self.roster if member.active]

    # The coordinator is a flag on the roster (not a column here pointing back at it: no cycle between the tables)
    @property
    def coordinator(self) -> RosterMember | None:
        return next((member for member in self.roster if member.is_coordinator), None)

    @coordinator.setter
    def coordinator(self, chosen: RosterMember | None) -> None:
        for member in self.roster:
            member.is_coordinator = member is chosen

    @property
    def coordinator_id(self) -> int | None:
        return self.coordinator.id if self.coordinator else None

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
    role_id: Mapped[int | None] = mapped_column(ForeignKey("participant_role.id", ondelete="SET NULL"), index=True)
    active: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    is_coordinator: Mapped[bool] = mapped_column(default=False, server_default=sa_false())

    group: Mapped[StandingGroup] = relationship(back_populates="roster")
    user: Mapped[User | None] = relationship()
    organization: Mapped[Organization | None] = relationship()
    role: Mapped[ParticipantRole | None] = relationship()

    @property
    def audit_district_id(self):
        return self.group.district_id if self.group else None

    @property
    def organization_label(self) -> str:
        return self.organization.name if self.organization else (self.organization_name or "")

    def __str__(self):
        return f"#{self.id}"   # not the name: this label goes into the audit log
