"""Places in working groups and time slots, and the waiting list, of meeting registrations.

A confirmed registration holds one place in its working group and one in its time slot (walk-ins hold none).
Counting is race-free without reading first: each limited row gets one conditional UPDATE
`taken = taken + 1 WHERE id = :id AND (capacity IS NULL OR taken < capacity)` inside the transaction
(rowcount 0 means full), rows are always touched in the same order (groups, then slots, by id) so two
transactions cannot deadlock, and the CHECK constraint on `taken` is the backstop. When a row is full the
person waits, ordered by the time they joined the waiting list, and is moved up when places free.

Services only flush. Sign-up, confirmation and cancellation are in registrations.py.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import or_, select, update

from app.errors import DomainError
from app.extensions import db
from app.models import utcnow

from .models import Meeting, Registration, RegistrationSource, RegistrationStatus, TimeSlot, WorkingGroup
from .registration_mail import mail_to

HOLDING = RegistrationStatus.CONFIRMED


class PlaceTaken(DomainError):
    """The chosen working group or time slot has no place left; `row` is the full one."""

    def __init__(self, message: str, row=None):
        super().__init__(message)
        self.row = row


def rows_of(working_group_id: int | None, time_slot_id: int | None) -> list[tuple[type, int]]:
    """The rows a registration counts in, in the one order every transaction uses."""
    rows = []
    if working_group_id:
        rows.append((WorkingGroup, working_group_id))
    if time_slot_id:
        rows.append((TimeSlot, time_slot_id))
    return rows


def held_places(registration: Registration) -> list[tuple[type, int]]:
    if registration.status != HOLDING or registration.source == RegistrationSource.WALK_IN:
        return []
    return rows_of(registration.working_group_id, registration.time_slot_id)


def change_places(changes: dict[tuple[type, int], int]) -> tuple[type, int] | None:
    """Apply +1/-1 to `taken` of each row, in order; returns the first row found full (changes undone)."""
    done = []
    for row in sorted(changes, key=lambda r: (r[0] is TimeSlot, r[1])):
        model, row_id = row
        delta = changes[row]
        if delta == 0:
            continue
        if delta > 0:
            condition = or_(model.capacity.is_(None), model.taken < model.capacity)
        else:
            condition = model.taken > 0
        result = db.session.execute(update(model).where(model.id == row_id, condition)
                                    .values(taken=model.taken + delta).execution_options(synchronize_session=False))
        if result.rowcount != 1 and delta > 0:
            for undo_model, undo_id, undo_delta in reversed(done):
                db.session.execute(update(undo_model).where(undo_model.id == undo_id)
                                   .values(taken=undo_model.taken - undo_delta)
                                   .execution_options(synchronize_session=False))
            _expire(changes)
            return row
        done.append((model, row_id, delta))
    _expire(changes)
    return None


def _expire(rows) -> None:
    """The ORM copies of the counted rows are stale after a bulk UPDATE: read them afresh when next used."""
    for model, row_id in rows:
        obj = db.session.identity_map.get(db.session.identity_key(model, row_id))
        if obj is not None:
            db.session.expire(obj, ["taken"])


def full_message(row) -> str:
    model, row_id = row
    obj = db.session.get(model, row_id)
    if model is WorkingGroup:
        return _("The working group “%(name)s” is full.", name=obj.name)
    return _("The time slot %(slot)s is full.", slot=str(obj))


def take_or_wait(registration: Registration, *, may_wait: bool = True) -> None:
    """Give a confirmed person their places, or put them on the waiting list when a row is full."""
    full = change_places({row: 1 for row in rows_of(registration.working_group_id, registration.time_slot_id)})
    if full is None:
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlisted_at = None
    elif may_wait:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlisted_at = registration.waitlisted_at or utcnow()
    else:
        raise PlaceTaken(full_message(full), full)
    db.session.flush()


def promote_waitlisted(meeting: Meeting) -> list[Registration]:
    """Move people up from the waiting list, first come first served, while their group and slot have room.

    Called after anything frees places (a cancellation, a move, more capacity); each person moved up is
    told by e-mail. Returns them."""
    promoted, full_rows = [], set()
    waiting = db.session.scalars(select(Registration).where(
        Registration.meeting_id == meeting.id, Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.waitlisted_at, Registration.id)).all()
    for person in waiting:
        rows = rows_of(person.working_group_id, person.time_slot_id)
        if any(row in full_rows for row in rows):
            continue
        full = change_places({row: 1 for row in rows})
        if full is not None:
            full_rows.add(full)
            continue
        person.status = RegistrationStatus.CONFIRMED
        db.session.flush()
        promoted.append(person)
        mail_to(person, _("A place is free: you are registered for %(title)s", title=meeting.title),
              "meetings/registration/mail/promoted.txt")
    return promoted


def places_summary(meeting: Meeting) -> list[dict]:
    """Each limited group and slot with its places, for the form and the office's list."""
    return [{"row": row, "kind": kind, "capacity": row.capacity, "taken": row.taken,
             "left": row.places_left, "full": row.is_full}
            for kind, rows in (("group", meeting.working_groups), ("slot", meeting.time_slots)) for row in rows]


def waiting_position(registration: Registration) -> int | None:
    """1 for the first person waiting for the same group and slot, None when not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = db.session.scalar(select(db.func.count()).select_from(Registration).where(
        Registration.meeting_id == registration.meeting_id, Registration.status == RegistrationStatus.WAITLISTED,
        Registration.working_group_id.is_(registration.working_group_id) if registration.working_group_id is None
        else Registration.working_group_id == registration.working_group_id,
        Registration.time_slot_id.is_(registration.time_slot_id) if registration.time_slot_id is None
        else Registration.time_slot_id == registration.time_slot_id,
        or_(Registration.waitlisted_at < registration.waitlisted_at,
            (Registration.waitlisted_at == registration.waitlisted_at) & (Registration.id < registration.id))))
    return ahead + 1
