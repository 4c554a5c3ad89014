"""Attendance at a meeting: who is expected (the confirmed registrations), the check-in at the door, walk-ins,
and the present and absent lists per organization that the minutes start from. Services only flush."""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from itertools import groupby

from flask_babel import gettext as _
from sqlalchemy import select

from app.errors import DomainError
from app.extensions import db
from app.models import utcnow
from app.people import normalise_email
from app.role_models import ParticipantRole

from .models import Meeting, Registration, RegistrationSource, RegistrationStatus, WorkingGroup
from .registrations import find_organization


def expected(meeting: Meeting, working_group: WorkingGroup | None = None) -> list[Registration]:
    """The confirmed registrations (walk-ins included), by group, slot and name: the sign-in sheet's order."""
    query = select(Registration).where(Registration.meeting_id == meeting.id,
                                       Registration.status == RegistrationStatus.CONFIRMED)
    if working_group is not None:
        query = query.where(Registration.working_group_id == working_group.id)
    people = db.session.scalars(query).all()
    return sorted(people, key=lambda r: (r.working_group.position if r.working_group else -1,
                                         r.time_slot.position if r.time_slot else -1, r.name.casefold()))


@dataclass
class SheetSection:
    working_group: str
    time_slot: str
    people: list[Registration] = field(default_factory=list)


def sign_in_sheet(meeting: Meeting) -> list[SheetSection]:
    """One section per working group and time slot, each with its people in alphabetical order."""
    def key(r):
        return (r.working_group.name if r.working_group else "", str(r.time_slot) if r.time_slot else "")
    return [SheetSection(group, slot, list(people)) for (group, slot), people in groupby(expected(meeting), key)]


def check_in(registration: Registration, present: bool) -> Registration:
    if registration.status != RegistrationStatus.CONFIRMED:
        raise DomainError(_("Only a confirmed registration can be checked in."))
    registration.present = present
    registration.checked_in_at = utcnow() if present else None
    db.session.flush()
    return registration


def walk_in(meeting: Meeting, *, name: str, email: str | None = None, organization_name: str | None = None,
            working_group: WorkingGroup | None = None, role: ParticipantRole | None = None) -> Registration:
    """Someone who came without registering, marked present. They hold no place: they are in the room already.
    A person already registered (any status) is found by e-mail and marked present instead."""
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_("Write the name."))
    if working_group is not None and working_group.meeting_id != meeting.id:
        raise DomainError(_("That working group belongs to another meeting."))
    email = normalise_email(email) if email else None
    registration = email and db.session.scalar(select(Registration).filter_by(meeting_id=meeting.id, email=email))
    if registration and registration.status == RegistrationStatus.CONFIRMED:
        return check_in(registration, True)
    organization = find_organization(meeting.district, organization_name)
    if not registration:
        registration = Registration(meeting_id=meeting.id, email=email, token=secrets.token_urlsafe(32))
        db.session.add(registration)
    # A pending, waiting or cancelled registration holds no place: the person becomes a walk-in.
    registration.name = name[:200]
    registration.organization_id = organization.id if organization else None
    registration.organization_name = None if organization else ((organization_name or "").strip()[:200] or None)
    registration.organization_type = organization.type if organization else None
    registration.working_group_id = working_group.id if working_group else registration.working_group_id
    registration.role_id = role.id if role is not None else registration.role_id
    registration.source = RegistrationSource.WALK_IN
    registration.status = RegistrationStatus.CONFIRMED
    registration.confirmed_at = registration.checked_in_at = utcnow()
    registration.waitlisted_at = registration.cancelled_at = None
    registration.present = True
    db.session.flush()
    return registration


@dataclass
class OrganizationAttendance:
    organization: str          # "" for people who came on their own
    present: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)


def present_and_absent(meeting: Meeting, working_group: WorkingGroup | None = None) -> tuple[list[str], list[str]]:
    """Names (with their organization) of the confirmed people who came, and of those who did not."""
    people = expected(meeting, working_group)
    present = sorted((r.person_label for r in people if r.present), key=str.casefold)
    absent = sorted((r.person_label for r in people if not r.present), key=str.casefold)
    return present, absent


def by_organization(meeting: Meeting) -> list[OrganizationAttendance]:
    """Present and absent people grouped by organization, organizations in alphabetical order."""
    rows: dict[str, OrganizationAttendance] = {}
    for registration in expected(meeting):
        label = registration.organization_label
        entry = rows.setdefault(label.casefold(), OrganizationAttendance(label))
        (entry.present if registration.present else entry.absent).append(registration.name)
    return [rows[key] for key in sorted(rows, key=lambda k: (k == "", k))]
