"""The personal data of meetings, declared to the GDPR registry (app/privacy.py): registrations (a name, an
address, an organization), the names the minutes copied from the check-in, and places on standing groups'
rosters. Erasure deletes each registration (its place goes to the waiting list) and each roster place, and
writes "[erased]" for the name in the minutes."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app import privacy
from app.extensions import db
from app.privacy_data import delete_all

from .models import Meeting, Minutes, Registration, RegistrationStatus
from .registrations import erase, personal_record
from .standing_models import RosterMember, StandingGroup


def export_registrations(email: str, district_id: int | None = None) -> list[dict]:
    return [personal_record(r) for r in _of(email, district_id)]


def _of(email: str, district_id: int | None = None) -> list[Registration]:
    query = select(Registration).filter_by(email=email)
    if district_id is not None:
        query = query.join(Registration.meeting).where(Meeting.district_id == district_id)
    return list(db.session.scalars(query.order_by(Registration.id)))


def _erase_all(email: str, district_id: int | None = None) -> int:
    """Each registration goes, and its line in the minutes' lists of present and absent people (a copy the
    platform made from the check-in) becomes "[erased]"."""
    registrations = _of(email, district_id)
    for registration in registrations:
        _take_out_of_minutes(registration)
        erase(registration)
    return len(registrations)


def _take_out_of_minutes(registration: Registration) -> None:
    theirs = {registration.person_label.casefold(), registration.name.casefold()}
    for minutes in db.session.scalars(select(Minutes).filter_by(meeting_id=registration.meeting_id)):
        for column in ("present", "absent"):
            text = getattr(minutes, column) or ""
            lines = [privacy.ERASED if line.strip().casefold() in theirs else line
                     for line in text.split("\n")]
            if "\n".join(lines) != text:
                setattr(minutes, column, "\n".join(lines))


def purge_unconfirmed(now: datetime) -> int:
    """Delete sign-ups nobody confirmed within the retention period (they hold no place)."""
    cutoff = privacy.retention_cutoff("unconfirmed_registrations", now)
    if cutoff is None:
        return 0
    return delete_all(db.session.scalars(select(Registration).where(
        Registration.status == RegistrationStatus.PENDING,
        db.func.coalesce(Registration.consent_at, Registration.created_at) < cutoff)).all())


def purge_unconfirmed_registrations(now: datetime) -> int:
    """Sign-ups whose confirmation link was never followed: they hold no place, only a name and an address."""
    cutoff = privacy.retention_cutoff("unconfirmed_registrations", now)
    if cutoff is None:
        return 0
    return delete_all(db.session.scalars(db.select(Registration).where(
        Registration.status == RegistrationStatus.PENDING, Registration.created_at < cutoff)).all())


def _roster_places(email: str, district_id: int | None = None) -> list[RosterMember]:
    query = select(RosterMember).filter_by(email=email)
    if district_id is not None:
        query = query.join(RosterMember.group).where(StandingGroup.district_id == district_id)
    return list(db.session.scalars(query.order_by(RosterMember.id)))


def export_roster_places(email: str, district_id: int | None = None) -> list[dict]:
    return [{"group": m.group.name, "name": m.name, "email": m.email, "organization": m.organization_label,
             "active": m.active} for m in _roster_places(email, district_id)]


def _erase_roster_places(email: str, district_id: int | None = None) -> int:
    places = _roster_places(email, district_id)
    for place in places:
        if place.group.coordinator_id == place.id:
            place.group.coordinator = None
            db.session.flush()
        db.session.delete(place)
    db.session.flush()
    return len(places)


def register() -> None:
    privacy.register("meeting_registrations", export=export_registrations, erase=_erase_all,
                     purge=purge_unconfirmed)
    privacy.register_purge("unconfirmed_registrations", purge_unconfirmed_registrations)
    privacy.register("group_rosters", export=export_roster_places, erase=_erase_roster_places)
