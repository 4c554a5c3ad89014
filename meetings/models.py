"""Meetings of a district: open meetings, working groups and focus-group sessions, with their timed agenda,
attachments, working groups and time slots (each with a capacity), registrations and minutes.

Times are wall-clock times in the district (Europe/Rome), stored without a zone: a meeting at 15:00 stays
at 15:00 whatever the server's clock says. Places are counted in `taken` columns changed by single UPDATE
statements, and a CHECK constraint refuses overbooking even when many requests race.
"""
from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import WALL_CLOCK, local_now
from app.extensions import db
from app.role_models import ParticipantRole
from app.versioned import Versioned
from app.account_models import User
from app.models import (Audited, District, LabelledEnum, Organization, OrganizationType, Plan, PlanningArea,
                        enum_column, utcnow)
from app.uploads import StoredFile
from focus_groups.models import FocusGroup

from .standing_models import RosterMember, StandingGroup


class MeetingKind(LabelledEnum):
    OPEN_MEETING = "open_meeting"
    WORKING_GROUP = "working_group"
    FOCUS_GROUP = "focus_group"

    @classmethod
    def labels(cls):
        return {cls.OPEN_MEETING: _l("Open meeting"), cls.WORKING_GROUP: _l("Working group meeting"),
                cls.FOCUS_GROUP: _l("Focus group session")}


class RegistrationStatus(LabelledEnum):
    PENDING = "pending"          # waiting for the e-mail confirmation (double opt-in)
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"

    @classmethod
    def labels(cls):
        return {cls.PENDING: _l("Awaiting confirmation"), cls.CONFIRMED: _l("Confirmed"),
                cls.WAITLISTED: _l("Waiting list"), cls.CANCELLED: _l("Cancelled")}


class RegistrationSource(LabelledEnum):
    PUBLIC = "public"
    OFFICE = "office"
    WALK_IN = "walk_in"
    ROSTER = "roster"            # a member of the standing group the meeting belongs to

    @classmethod
    def labels(cls):
        return {cls.PUBLIC: _l("Public form"), cls.OFFICE: _l("Planning office"), cls.WALK_IN: _l("Walk-in"),
                cls.ROSTER: _l("Group roster")}


class MinutesStatus(LabelledEnum):
    DRAFT = "draft"
    APPROVED = "approved"

    @classmethod
    def labels(cls):
        return {cls.DRAFT: _l("Draft"), cls.APPROVED: _l("Approved")}


class Meeting(Versioned, Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="SET NULL"), index=True)
    kind: Mapped[MeetingKind] = enum_column(MeetingKind, default=MeetingKind.OPEN_MEETING)
    title: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)   # street, floor, lifts, parking: read by everyone
    starts_at: Mapped[datetime] = mapped_column(index=True, info=WALL_CLOCK)
    ends_at: Mapped[datetime] = mapped_column(info=WALL_CLOCK)
    description: Mapped[str | None] = mapped_column(Text)  # markdown
    is_public: Mapped[bool] = mapped_column(default=True)  # False: invite-only, never on the public site
    registration_open: Mapped[bool] = mapped_column(default=True)
    registration_closes_at: Mapped[datetime | None] = mapped_column(info=WALL_CLOCK)
    reminder_sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # False: the day is known, the hours not (yet): it then runs from 00:00 to 23:59 of its day, and every page
    # says "time not announced" instead of hours
    time_known: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    standing_group_id: Mapped[int | None] = mapped_column(ForeignKey("standing_group.id", ondelete="SET NULL"),
                                                          index=True)

    district: Mapped[District] = relationship()
    plan: Mapped[Plan | None] = relationship()
    standing_group: Mapped[StandingGroup | None] = relationship()
    agenda: Mapped[list[AgendaItem]] = relationship(back_populates="meeting", order_by="AgendaItem.position",
                                                    cascade="all, delete-orphan", passive_deletes=True)
    attachments: Mapped[list[MeetingAttachment]] = relationship(
        back_populates="meeting", order_by="MeetingAttachment.position", cascade="all, delete-orphan",
        passive_deletes=True)
    working_groups: Mapped[list[WorkingGroup]] = relationship(
        back_populates="meeting", order_by="WorkingGroup.position", cascade="all, delete-orphan",
        passive_deletes=True)
    time_slots: Mapped[list[TimeSlot]] = relationship(back_populates="meeting", order_by="TimeSlot.position",
                                                      cascade="all, delete-orphan", passive_deletes=True)
    registrations: Mapped[list[Registration]] = relationship(
        back_populates="meeting", order_by="Registration.id", cascade="all, delete-orphan", passive_deletes=True)
    minutes: Mapped[list[Minutes]] = relationship(back_populates="meeting", order_by="Minutes.id",
                                                  cascade="all, delete-orphan", passive_deletes=True)

    __table_args__ = (CheckConstraint("ends_at >= starts_at", name="ends_after_start"),)

    @property
    def is_over(self) -> bool:   # it took place: its pages say so instead of offering registrations and places
        return self.ends_at <= local_now()

    @property
    def hours(self) -> str:
        """ "09:30–16:30", or that the time was not announced."""
        if not self.time_known:
            return str(_l("time not announced"))
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def __str__(self):
        return self.title


class AgendaItem(Versioned, Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    starts_at: Mapped[time | None]
    title: Mapped[str] = mapped_column(String(300))
    speaker: Mapped[str | None] = mapped_column(String(200))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("planning_area.id", ondelete="SET NULL"), index=True)

    meeting: Mapped[Meeting] = relationship(back_populates="agenda")
    area: Mapped[PlanningArea | None] = relationship()
    # An open item of an earlier meeting of the same standing group, carried over to this agenda.
    carried_item: Mapped[MinutesItem | None] = relationship(secondary="carried_item", uselist=False)

    @property
    def carried_item_id(self) -> int | None:
        return self.carried_item.id if self.carried_item else None

    @property
    def audit_district_id(self):
        return self.meeting.district_id if self.meeting else None

    def __str__(self):
        return self.title


# Which open item an agenda item carries over: a table of its own, since minutes items already point at agenda items
carried_items = db.Table(
    "carried_item",
    db.Column("agenda_item_id", ForeignKey("agenda_item.id", ondelete="CASCADE"), primary_key=True),
    db.Column("minutes_item_id", ForeignKey("minutes_item.id", ondelete="CASCADE"), nullable=False, index=True))


class MeetingAttachment(Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    stored_file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="attachments")
    stored_file: Mapped[StoredFile] = relationship()

    @property
    def audit_district_id(self):
        return self.meeting.district_id if self.meeting else None

    def __str__(self):
        return self.title


class _Capacity:
    """Shared by working groups and time slots: `taken` places out of an optional `capacity`."""

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.taken, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.taken >= self.capacity


class WorkingGroup(_Capacity, Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("planning_area.id", ondelete="SET NULL"), index=True)
    focus_group_id: Mapped[int | None] = mapped_column(ForeignKey("focus_group.id", ondelete="SET NULL"),
                                                       index=True)
    capacity: Mapped[int | None]
    taken: Mapped[int] = mapped_column(default=0, server_default="0")

    meeting: Mapped[Meeting] = relationship(back_populates="working_groups")
    area: Mapped[PlanningArea | None] = relationship()
    focus_group: Mapped[FocusGroup | None] = relationship()

    __table_args__ = (
        CheckConstraint("taken >= 0 AND (capacity IS NULL OR taken <= capacity)", name="taken_within_capacity"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
    )

    @property
    def audit_district_id(self):
        return self.meeting.district_id if self.meeting else None

    def __str__(self):
        return self.name


class TimeSlot(_Capacity, Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    starts_at: Mapped[datetime] = mapped_column(info=WALL_CLOCK)
    ends_at: Mapped[datetime] = mapped_column(info=WALL_CLOCK)
    capacity: Mapped[int | None]
    taken: Mapped[int] = mapped_column(default=0, server_default="0")

    meeting: Mapped[Meeting] = relationship(back_populates="time_slots")

    __table_args__ = (
        CheckConstraint("taken >= 0 AND (capacity IS NULL OR taken <= capacity)", name="taken_within_capacity"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("ends_at >= starts_at", name="ends_after_start"),
    )

    @property
    def audit_district_id(self):
        return self.meeting.district_id if self.meeting else None

    def __str__(self):
        return f"{self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


class Registration(Versioned, Audited, db.Model):
    """One person signed up to one meeting; (meeting, e-mail) is unique so a double submission is one row."""
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    # Personal data stays out of the audit log (it must go when the person asks for erasure).
    # bandit B105: a flag on the column, not a password
    name: Mapped[str] = mapped_column(String(200), info={"audit_secret": True})  # nosec B105
    # normalised (app.people.normalise_email); None only for a walk-in who gave no address
    # bandit B105: a flag on the column, not a password
    email: Mapped[str | None] = mapped_column(String(254), info={"audit_secret": True})  # nosec B105
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="SET NULL"),
                                                        index=True)
    organization_name: Mapped[str | None] = mapped_column(String(200))
    organization_type: Mapped[OrganizationType | None] = enum_column(OrganizationType, nullable=True)
    working_group_id: Mapped[int | None] = mapped_column(ForeignKey("working_group.id", ondelete="SET NULL"),
                                                         index=True)
    time_slot_id: Mapped[int | None] = mapped_column(ForeignKey("time_slot.id", ondelete="SET NULL"), index=True)
    roster_member_id: Mapped[int | None] = mapped_column(ForeignKey("roster_member.id", ondelete="SET NULL"),
                                                         index=True)
    role_id: Mapped[int | None] = mapped_column(ForeignKey("participant_role.id", ondelete="SET NULL"), index=True)
    status: Mapped[RegistrationStatus] = enum_column(RegistrationStatus, default=RegistrationStatus.PENDING)
    # bandit B105: a flag on the column, not a password
    token: Mapped[str] = mapped_column(String(64), unique=True, info={"audit_secret": True})  # nosec B105
    source: Mapped[RegistrationSource] = enum_column(RegistrationSource, default=RegistrationSource.PUBLIC)
    consent_at: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]
    waitlisted_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    present: Mapped[bool | None]   # None until the check-in says present or absent
    checked_in_at: Mapped[datetime | None]
    # bandit B105: a flag on the column, not a password
    notes: Mapped[str | None] = mapped_column(Text, info={"audit_secret": True})  # nosec B105
    # Every change checks the version it read, so two clicks on "confirm" or "cancel" act once.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="registrations")
    organization: Mapped[Organization | None] = relationship()
    working_group: Mapped[WorkingGroup | None] = relationship()
    time_slot: Mapped[TimeSlot | None] = relationship()
    roster_member: Mapped[RosterMember | None] = relationship()
    role: Mapped[ParticipantRole | None] = relationship()

    __table_args__ = (
        UniqueConstraint("meeting_id", "email", name="uq_registration_meeting_id_email"),
        Index("ix_registration_meeting_id_status", "meeting_id", "status"),
    )

    @property
    def audit_district_id(self):
        return self.meeting.district_id if self.meeting else None

    @property
    def organization_label(self) -> str:
        return self.organization.name if self.organization else (self.organization_name or "")

    @property
    def person_label(self) -> str:
        """The name with the organization, as the check-in and the minutes' lists of who came show it."""
        organization = self.organization_label
        return f"{self.name} – {organization}" if organization else self.name

    def __str__(self):
        return f"#{self.id}"   # not the name: this label goes into the audit log


class Minutes(Versioned, Audited, db.Model):
    """The *verbale* of a meeting (or of one of its working groups)."""
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    working_group_id: Mapped[int | None] = mapped_column(ForeignKey("working_group.id", ondelete="SET NULL"),
                                                         index=True)
    place: Mapped[str | None] = mapped_column(String(200))
    starts_at: Mapped[datetime | None] = mapped_column(info=WALL_CLOCK)
    ends_at: Mapped[datetime | None] = mapped_column(info=WALL_CLOCK)
    summary: Mapped[str | None] = mapped_column(Text)     # markdown
    decisions: Mapped[str | None] = mapped_column(Text)   # markdown
    next_meeting: Mapped[str | None] = mapped_column(Text)
    # One person per line ("Name – Organization"), filled in from the attendance and editable.
    present: Mapped[str | None] = mapped_column(Text)
    absent: Mapped[str | None] = mapped_column(Text)
    status: Mapped[MinutesStatus] = enum_column(MinutesStatus, default=MinutesStatus.DRAFT)
    is_published: Mapped[bool] = mapped_column(default=False)
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="minutes")
    working_group: Mapped[WorkingGroup | None] = relationship()
    approved_by: Mapped[User | None] = relationship()
    items: Mapped[list[MinutesItem]] = relationship(back_populates="minutes", order_by="MinutesItem.position",
                                                    cascade="all, delete-orphan", passive_deletes=True)

    @property
    def audit_district_id(self):
        return self.meeting.district_id if self.meeting else None

    def __str__(self):
        return str(self.meeting) if self.meeting else "minutes"


class MinutesItem(Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"),
                                                       index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str | None] = mapped_column(Text)   # markdown
    # What the item asks for (the sources' "Input:"), who takes it up and the next step, by when. An item with a
    # next step stays open until it is closed, and an open item goes on the agenda of the group's next meeting.
    input: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(200))
    next_step: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date | None]
    closed_at: Mapped[datetime | None]

    minutes: Mapped[Minutes] = relationship(back_populates="items")
    agenda_item: Mapped[AgendaItem | None] = relationship()

    @property
    def is_open(self) -> bool:
        return bool(self.next_step) and self.closed_at is None

    @property
    def audit_district_id(self):
        return self.minutes.meeting.district_id if self.minutes and self.minutes.meeting else None

    def __str__(self):
        return self.title


class RoleReport(Audited, db.Model):
    """A role the minutes or the published report say took part in a meeting, with how many people when they say
    ("molti operatori sociali... amministratori locali"): what is known of a meeting whose people were not
    registered one by one."""
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("participant_role.id", ondelete="CASCADE"), index=True)
    people: Mapped[int | None]                      # None: present, the number not given
    source: Mapped[str | None] = mapped_column(String(300))     # the words of the report

    meeting: Mapped[Meeting] = relationship()
    role: Mapped[ParticipantRole] = relationship()

    __table_args__ = (UniqueConstraint("meeting_id", "role_id"),
                      CheckConstraint("people IS NULL OR people >= 0", name="people_not_negative"))

    @property
    def audit_district_id(self):
        return self.meeting.district_id if self.meeting else None

    def __str__(self):
        return self.role.name if self.role else f"#{self.id}"
