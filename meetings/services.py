"""What the planning office does to meetings: the meeting, its timed agenda, attachments, working groups
and time slots. Services take plain values, only flush, and raise DomainError / InvalidField.

Registrations, the waiting list, attendance and minutes are in registrations.py, attendance.py, minutes.py.
"""
from __future__ import annotations

from datetime import datetime, time

from flask_babel import gettext as _
from sqlalchemy import func

from app import structure
from app.clock import local_now
from app.extensions import db
from app.models import District, OrganizationType, Plan, PlanningArea
from app.structure import InvalidField
from app.versioned import check_version
from app.text import contains_text
from app.uploads import DOCUMENTS, MB, save_upload
from focus_groups.models import FocusGroup

from .models import (AgendaItem, Meeting, MeetingAttachment, MeetingKind, Registration,
                     RegistrationStatus, TimeSlot, WorkingGroup)
from .places import promote_waitlisted

MAX_ATTACHMENT_BYTES = 8 * MB   # below the app's 10 MB request limit, so the form can say why
LAST_MINUTE = time(23, 59)     # a meeting whose hours are not announced lasts its whole day


# --- meetings -----------------------------------------------------------------------------------------

def meeting_query(district: District, *, search: str | None = None, when: str = "upcoming", now=None):
    """The district's meetings: upcoming ones soonest first, past ones latest first."""
    now = now or local_now()
    query = db.select(Meeting).where(Meeting.district_id == district.id)
    if search:
        query = query.where(contains_text(search, Meeting.title, Meeting.place))
    if when == "past":
        return query.where(Meeting.ends_at < now).order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    if when == "upcoming":
        query = query.where(Meeting.ends_at >= now)
    return query.order_by(Meeting.starts_at, Meeting.id)


def _check_meeting(district: District, values: dict) -> dict:
    title = (values.get("title") or "").strip()
    if not title:
        raise InvalidField("title", _("The title is required."))
    place = (values.get("place") or "").strip()
    if not place:
        raise InvalidField("place", _("Say where the meeting takes place."))
    if not values.setdefault("time_known", True):     # the whole day, until the hours are announced
        day = values["starts_at"].date()
        values["starts_at"], values["ends_at"] = datetime.combine(day, time.min), datetime.combine(day, LAST_MINUTE)
    if values["ends_at"] < values["starts_at"]:
        raise InvalidField("end_time", _("The meeting cannot end before it starts."))
    plan = values.get("plan")
    if plan is not None and plan.district_id != district.id:
        raise InvalidField("plan_id", _("The plan belongs to another district."))
    return {**values, "title": title, "place": place,
            "address": (values.get("address") or "").strip() or None,
            "description": (values.get("description") or "").strip() or None}


def create_meeting(district: District, *, title: str, starts_at: datetime, ends_at: datetime, place: str,
                   kind: MeetingKind = MeetingKind.OPEN_MEETING, plan: Plan | None = None,
                   address: str | None = None, description: str | None = None, is_public: bool = True,
                   registration_open: bool = True, registration_closes_at: datetime | None = None,
                   time_known: bool = True) -> Meeting:
    values = _check_meeting(district, dict(
        title=title, starts_at=starts_at, ends_at=ends_at, place=place, kind=kind, plan=plan, address=address,
        description=description, is_public=is_public, registration_open=registration_open,
        registration_closes_at=registration_closes_at, time_known=time_known))
    meeting = Meeting(district=district, **values)
    db.session.add(meeting)
    db.session.flush()
    return meeting


def update_meeting(meeting: Meeting, *, version, **values) -> Meeting:
    check_version(meeting, version)
    values = _check_meeting(meeting.district, values)
    if meeting.reminder_sent_at and values["starts_at"].date() != meeting.starts_at.date():
        meeting.reminder_sent_at = None   # a new day deserves a new reminder
    for key, value in values.items():
        setattr(meeting, key, value)
    db.session.flush()
    return meeting


def delete_meeting(meeting: Meeting) -> None:
    # Attachments' files are not owned by the meeting row: remove them with it.
    for attachment in meeting.attachments:
        db.session.delete(attachment.stored_file)
    db.session.delete(meeting)
    db.session.flush()


def area_choices(meeting: Meeting) -> list[PlanningArea]:
    """Areas an agenda item or a working group may be tied to: the meeting's plan, or the district's."""
    plans = [meeting.plan] if meeting.plan else meeting.district.plans
    return [area for plan in plans for area in plan.areas]


def _area(meeting: Meeting, area: PlanningArea | None, field: str = "area_id") -> PlanningArea | None:
    if area is not None and area not in area_choices(meeting):
        raise InvalidField(field, _("Choose an area of the meeting's plan."))
    return area


# --- agenda -------------------------------------------------------------------------------------------

def _agenda_values(meeting, *, starts_at: time | None, title: str, speaker: str | None,
                   area: PlanningArea | None) -> dict:
    title = (title or "").strip()
    if not title:
        raise InvalidField("title", _("The title is required."))
    return {"starts_at": starts_at, "title": title, "speaker": (speaker or "").strip() or None,
            "area": _area(meeting, area)}


def add_agenda_item(meeting: Meeting, **values) -> AgendaItem:
    item = AgendaItem(meeting=meeting, position=len(meeting.agenda) + 1, **_agenda_values(meeting, **values))
    db.session.add(item)
    db.session.flush()
    return item


def update_agenda_item(item: AgendaItem, *, version, **values) -> AgendaItem:
    check_version(item, version)
    for key, value in _agenda_values(item.meeting, **values).items():
        setattr(item, key, value)
    db.session.flush()
    return item


def sort_agenda_by_time(meeting: Meeting) -> None:
    """Put timed items in time order; untimed ones keep their place relative to the item before them."""
    ordered, last = [], time.min
    for item in meeting.agenda:
        last = item.starts_at or last
        ordered.append((last, item.position, item))
    structure.renumber([item for *_key, item in sorted(ordered, key=lambda row: row[:2])])
    db.session.flush()


def move_agenda_item(item: AgendaItem, direction: str) -> None:
    structure.move(item.meeting.agenda, item, direction)


def delete_agenda_item(item: AgendaItem) -> None:
    structure.delete_from(item.meeting.agenda, item)


# --- attachments -------------------------------------------------------------------------------------

def add_attachment(meeting: Meeting, file_storage, title: str | None = None) -> MeetingAttachment:
    stored = save_upload(file_storage, DOCUMENTS, MAX_ATTACHMENT_BYTES, district_id=meeting.district_id)
    title = (title or "").strip() or stored.filename.rsplit(".", 1)[0]
    attachment = MeetingAttachment(meeting=meeting, stored_file=stored, title=title[:200],
                                   position=len(meeting.attachments) + 1)
    db.session.add(attachment)
    db.session.flush()
    return attachment


def delete_attachment(attachment: MeetingAttachment) -> None:
    stored = attachment.stored_file
    structure.delete_from(attachment.meeting.attachments, attachment)
    db.session.delete(stored)
    db.session.flush()


# --- working groups and time slots ---------------------------------------------------------------------

def _capacity(place, capacity: int | None) -> int | None:
    if capacity is not None and capacity < 0:
        raise InvalidField("capacity", _("The capacity cannot be negative."))
    if capacity is not None and place is not None and capacity < place.taken:
        raise InvalidField("capacity", _("%(taken)d places are already taken: the capacity cannot be lower.",
                                         taken=place.taken))
    return capacity


def _group_values(meeting, group, *, name: str, area: PlanningArea | None, focus_group: FocusGroup | None,
                  capacity: int | None) -> dict:
    name = (name or "").strip()
    if not name:
        raise InvalidField("name", _("The name is required."))
    area = _area(meeting, area)
    if focus_group is not None:
        if focus_group.district_id != meeting.district_id:
            raise InvalidField("focus_group_id", _("The focus group belongs to another district."))
        if area is not None and focus_group.area_id not in (None, area.id):
            raise InvalidField("focus_group_id", _("The focus group is about another area."))
    return {"name": name, "area": area, "focus_group": focus_group, "capacity": _capacity(group, capacity)}


def add_working_group(meeting: Meeting, **values) -> WorkingGroup:
    group = WorkingGroup(meeting=meeting, position=len(meeting.working_groups) + 1,
                         **_group_values(meeting, None, **values))
    db.session.add(group)
    db.session.flush()
    return group


def _places_freed(meeting: Meeting) -> None:
    """More places (a larger capacity, a group or slot gone): the waiting list moves up, and is told."""
    promote_waitlisted(meeting)


def update_working_group(group: WorkingGroup, **values) -> WorkingGroup:
    for key, value in _group_values(group.meeting, group, **values).items():
        setattr(group, key, value)
    db.session.flush()
    _places_freed(group.meeting)
    return group


def move_working_group(group: WorkingGroup, direction: str) -> None:
    structure.move(group.meeting.working_groups, group, direction)


def delete_working_group(group: WorkingGroup) -> None:
    meeting = group.meeting
    structure.delete_from(meeting.working_groups, group)
    db.session.expire_all()   # registrations lost the group (ON DELETE SET NULL)
    _places_freed(meeting)


def focus_group_choices(meeting: Meeting) -> list[FocusGroup]:
    query = db.select(FocusGroup).where(FocusGroup.district_id == meeting.district_id)
    if meeting.plan_id:
        query = query.where(FocusGroup.plan_id == meeting.plan_id)
    return list(db.session.scalars(query.order_by(FocusGroup.title)))


def _slot_values(meeting, slot, *, starts_at: datetime, ends_at: datetime, capacity: int | None) -> dict:
    if ends_at < starts_at:
        raise InvalidField("end_time", _("The time slot cannot end before it starts."))
    return {"starts_at": starts_at, "ends_at": ends_at, "capacity": _capacity(slot, capacity)}


def add_time_slot(meeting: Meeting, **values) -> TimeSlot:
    slot = TimeSlot(meeting=meeting, position=len(meeting.time_slots) + 1,
                    **_slot_values(meeting, None, **values))
    db.session.add(slot)
    db.session.flush()
    structure.renumber(sorted(meeting.time_slots, key=lambda s: (s.starts_at, s.id or 0)))
    db.session.flush()
    return slot


def update_time_slot(slot: TimeSlot, **values) -> TimeSlot:
    for key, value in _slot_values(slot.meeting, slot, **values).items():
        setattr(slot, key, value)
    structure.renumber(sorted(slot.meeting.time_slots, key=lambda s: (s.starts_at, s.id or 0)))
    db.session.flush()
    _places_freed(slot.meeting)
    return slot


def delete_time_slot(slot: TimeSlot) -> None:
    meeting = slot.meeting
    structure.delete_from(meeting.time_slots, slot)
    db.session.expire_all()   # registrations lost the slot (ON DELETE SET NULL)
    _places_freed(meeting)


# --- who comes ----------------------------------------------------------------------------------------

HOLDING_A_PLACE = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED)


def participants_by_organization_type(meetings) -> list[tuple[OrganizationType | None, int]]:
    """The participants of these meetings per kind of organization, every kind listed (zeros too), people
    without an organization last (None): the confirmed registrations, less those marked absent when the
    attendance was taken."""
    ids = [m.id for m in meetings]
    counts = dict(db.session.execute(
        db.select(Registration.organization_type, func.count())
        .where(Registration.meeting_id.in_(ids), Registration.status == RegistrationStatus.CONFIRMED,
               db.or_(Registration.present.is_(None), Registration.present.is_(True)))
        .group_by(Registration.organization_type)).all()) if ids else {}
    return [(kind, counts.get(kind, 0)) for kind in OrganizationType] + [(None, counts.get(None, 0))]


def registrations_for_focus_group(focus_group: FocusGroup) -> list[Registration]:
    """Who signed up to a working group tied to this focus group (cancelled ones left out)."""
    return list(db.session.scalars(
        db.select(Registration).join(WorkingGroup, Registration.working_group_id == WorkingGroup.id)
        .where(WorkingGroup.focus_group_id == focus_group.id,
               Registration.status != RegistrationStatus.CANCELLED)
        .order_by(Registration.status, Registration.name)))


def registration_counts(meeting: Meeting) -> dict[RegistrationStatus, int]:
    counts = dict(db.session.execute(
        db.select(Registration.status, func.count()).where(Registration.meeting_id == meeting.id)
        .group_by(Registration.status)).all())
    return {status: counts.get(status, 0) for status in RegistrationStatus}
