"""Sign-up to meetings: double opt-in, places in working groups and time slots, the waiting list, GDPR.

Places are taken when the person CONFIRMS their e-mail address, not when they fill in the form: only an
address that proved to be real holds a place, so bots and typos cannot fill a slot, and a sign-up nobody
confirms needs no expiry. A confirmation that finds its group or slot full lands on the waiting list
(ordered by the time of confirmation); the planning office's own registrations are confirmed at once and
take their places the same way. Walk-ins at the door hold no place (they are in the room already).

Counting is race-free without reading first: each limited row gets one conditional UPDATE
`taken = taken + 1 WHERE id = :id AND (capacity IS NULL OR taken < capacity)` inside the transaction
(rowcount 0 means full), rows are always touched in the same order (groups, then slots, by id) so two
transactions cannot deadlock, and the CHECK constraint on `taken` is the backstop. A registration's own
changes go through its version column, so two clicks on "confirm" or "cancel" act once.

Services only flush. E-mails are queued on the session and sent after the commit (never for a rolled-back
change): see `queue_mail`.
"""
from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, Signer
from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session

from app import mail, privacy
from app.errors import DomainError
from app.extensions import db
from app.models import Organization, OrganizationType, utcnow
from app.people import normalise_email

from .models import Meeting, Registration, RegistrationSource, RegistrationStatus, TimeSlot, WorkingGroup

log = logging.getLogger(__name__)

HOLDING = RegistrationStatus.CONFIRMED
ACTIVE = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
FORM_MIN_SECONDS = 2            # a person needs longer than this to fill in the form
FORM_MAX_SECONDS = 24 * 3600    # a form older than a day is re-shown, not accepted


class PlaceTaken(DomainError):
    """The chosen working group or time slot has no place left; `row` is the full one."""

    def __init__(self, message: str, row=None):
        super().__init__(message)
        self.row = row


# --- e-mails after the commit -------------------------------------------------------------------------

def queue_mail(to: str, subject: str, template: str, *, district=None, **context) -> None:
    """Send a message once the current transaction commits; dropped if it rolls back."""
    body = render_template(template, **context)
    db.session.info.setdefault("pdz_mail_queue", []).append((to, subject, body, district.slug if district else None))


@event.listens_for(Session, "after_commit")
def _send_queued(session):
    queue = session.info.pop("pdz_mail_queue", [])
    for to, subject, body, district_slug in queue:
        try:
            mail.send(to, subject, body, district=SimpleNamespace(slug=district_slug) if district_slug else None)
        except Exception:   # noqa: BLE001 - the data is committed; a lost e-mail must not turn into a 500
            log.exception("could not send the registration e-mail to %s", to)


@event.listens_for(Session, "after_rollback")
def _drop_queued(session):
    session.info.pop("pdz_mail_queue", None)


def manage_url(registration: Registration) -> str:
    return url_for("registration.manage", token=registration.token, _external=True)


def _mail(registration: Registration, subject: str, template: str) -> None:
    if not has_request_context() and not current_app.config.get("SERVER_NAME"):
        # Outside a request (the demo loader, a script) there is no address to build links with.
        log.info("no request context: e-mail %r to %s not sent", subject, registration.email)
        return
    queue_mail(registration.email, subject, template, district=registration.meeting.district,
               registration=registration, meeting=registration.meeting, link=manage_url(registration))


# --- the form's signed timestamp (against bots) --------------------------------------------------------

def _signer() -> Signer:
    return Signer(current_app.config["SECRET_KEY"], salt="pdz-registration-form")


def form_stamp(meeting: Meeting, now: float | None = None) -> str:
    """A signed "this form was shown at" for the hidden field; `now` lets tests and benchmarks age it."""
    return _signer().sign(f"{meeting.id}.{int(now if now is not None else time.time())}").decode()


def stamp_problem(stamp: str | None, meeting: Meeting, now: float | None = None) -> str | None:
    """Why a submission with this stamp is refused (forged, too fast, too old), or None when it is fine."""
    try:
        meeting_id, shown_at = _signer().unsign(stamp or "").decode().split(".")
        age = (now if now is not None else time.time()) - int(shown_at)
    except (BadSignature, ValueError):
        return "forged"
    if int(meeting_id) != meeting.id:
        return "forged"
    minimum = current_app.config.get("REGISTRATION_MIN_SECONDS", FORM_MIN_SECONDS)
    if age < minimum:
        return "too_fast"
    if age > FORM_MAX_SECONDS:
        return "too_old"
    return None


# --- places ----------------------------------------------------------------------------------------

def _rows(working_group_id: int | None, time_slot_id: int | None) -> list[tuple[type, int]]:
    """The rows a registration counts in, in the one order every transaction uses."""
    rows = []
    if working_group_id:
        rows.append((WorkingGroup, working_group_id))
    if time_slot_id:
        rows.append((TimeSlot, time_slot_id))
    return rows


def _held(registration: Registration) -> list[tuple[type, int]]:
    if registration.status != HOLDING or registration.source == RegistrationSource.WALK_IN:
        return []
    return _rows(registration.working_group_id, registration.time_slot_id)


def _change_places(changes: dict[tuple[type, int], int]) -> tuple[type, int] | None:
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


def _full_message(row) -> str:
    model, row_id = row
    obj = db.session.get(model, row_id)
    if model is WorkingGroup:
        return _("The working group “%(name)s” is full.", name=obj.name)
    return _("The time slot %(slot)s is full.", slot=str(obj))


def _take_or_wait(registration: Registration, *, may_wait: bool = True) -> None:
    """Give a confirmed person their places, or put them on the waiting list when a row is full."""
    full = _change_places({row: 1 for row in _rows(registration.working_group_id, registration.time_slot_id)})
    if full is None:
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlisted_at = None
    elif may_wait:
        registration.status = RegistrationStatus.WAITLISTED
        registration.waitlisted_at = registration.waitlisted_at or utcnow()
    else:
        raise PlaceTaken(_full_message(full), full)
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
        rows = _rows(person.working_group_id, person.time_slot_id)
        if any(row in full_rows for row in rows):
            continue
        full = _change_places({row: 1 for row in rows})
        if full is not None:
            full_rows.add(full)
            continue
        person.status = RegistrationStatus.CONFIRMED
        db.session.flush()
        promoted.append(person)
        _mail(person, _("A place is free: you are registered for %(title)s", title=meeting.title),
              "meetings/registration/mail/promoted.txt")
    return promoted


def places_summary(meeting: Meeting) -> list[dict]:
    """Each limited group and slot with its places, for the form and the office's list."""
    return [{"row": row, "kind": kind, "capacity": row.capacity, "taken": row.taken,
             "left": row.places_left, "full": row.is_full}
            for kind, rows in (("group", meeting.working_groups), ("slot", meeting.time_slots)) for row in rows]


# --- signing up ------------------------------------------------------------------------------------

@dataclass
class SignUp:
    registration: Registration
    outcome: str      # "new", "again" (a pending or cancelled one updated), "already" (confirmed or waiting)


def _check_choices(meeting: Meeting, working_group, time_slot, *, required: bool) -> None:
    if working_group is not None and working_group.meeting_id != meeting.id:
        raise DomainError(_("That working group belongs to another meeting."))
    if time_slot is not None and time_slot.meeting_id != meeting.id:
        raise DomainError(_("That time slot belongs to another meeting."))
    if required and meeting.working_groups and working_group is None:
        raise DomainError(_("Choose a working group."))
    if required and meeting.time_slots and time_slot is None:
        raise DomainError(_("Choose a time slot."))


def registration_closed_reason(meeting: Meeting, now: datetime | None = None) -> str | None:
    """Why the public form is closed, or None when it is open."""
    now = now or datetime.now()   # wall-clock time of the district, like the meeting's times
    if not meeting.registration_open:
        return _("Registrations for this meeting are closed.")
    if meeting.registration_closes_at is not None and now >= meeting.registration_closes_at:
        return _("Registrations for this meeting closed on %(when)s.",
                 when=meeting.registration_closes_at.strftime("%d/%m/%Y %H:%M"))
    if now >= meeting.ends_at:
        return _("This meeting has already taken place.")
    return None


def find_organization(meeting: Meeting, name: str | None) -> Organization | None:
    """The district's organization with this name (case and spacing ignored), if there is one."""
    wanted = " ".join((name or "").split()).casefold()
    if not wanted:
        return None
    return next((o for o in meeting.district.organizations if " ".join(o.name.split()).casefold() == wanted),
                None)


def _set_details(registration: Registration, meeting: Meeting, *, name, organization, organization_name,
                 organization_type, working_group, time_slot) -> None:
    registration.name = " ".join((name or "").split())[:200]
    if not registration.name:
        raise DomainError(_("Write your name."))
    organization = organization or find_organization(meeting, organization_name)
    registration.organization = organization
    registration.organization_id = organization.id if organization else None
    registration.organization_name = None if organization else (" ".join((organization_name or "").split())
                                                                [:200] or None)
    registration.organization_type = organization.type if organization else (
        OrganizationType(organization_type) if organization_type else
        (OrganizationType.ALTRO if registration.organization_name else None))
    registration.working_group = working_group
    registration.working_group_id = working_group.id if working_group else None
    registration.time_slot = time_slot
    registration.time_slot_id = time_slot.id if time_slot else None


def _existing(meeting: Meeting, email: str) -> Registration | None:
    return db.session.scalar(select(Registration).filter_by(meeting_id=meeting.id, email=email))


def register(meeting: Meeting, *, name: str, email: str, organization: Organization | None = None,
             organization_name: str | None = None, organization_type: str | OrganizationType | None = None,
             working_group: WorkingGroup | None = None, time_slot: TimeSlot | None = None,
             join_waitlist: bool = False, source: RegistrationSource = RegistrationSource.PUBLIC,
             notify: bool = True) -> SignUp:
    """Sign a person up to `meeting` (the one service behind the public form, the office and the demo).

    PUBLIC: the registration waits for the e-mail confirmation (`confirm`); a full group or slot raises
    PlaceTaken unless `join_waitlist` (the form then offers the waiting list). The same address twice
    gives the same registration: a pending or cancelled one takes the new details, a confirmed or
    waiting one is left alone and its owner gets their link again. OFFICE: confirmed at once (or on the
    waiting list with `join_waitlist`). Privacy consent is the caller's to check (the form requires it).
    """
    email = normalise_email(email)
    if source == RegistrationSource.PUBLIC and (closed := registration_closed_reason(meeting)):
        raise DomainError(closed)
    _check_choices(meeting, working_group, time_slot, required=source == RegistrationSource.PUBLIC)
    registration = _existing(meeting, email)
    if registration is not None and registration.status in (RegistrationStatus.CONFIRMED,
                                                            RegistrationStatus.WAITLISTED):
        if source == RegistrationSource.OFFICE:
            raise DomainError(_("%(email)s is already registered (%(status)s).", email=email,
                                status=registration.status.label))
        if notify:
            _mail(registration, _("Your registration for %(title)s", title=meeting.title),
                  "meetings/registration/mail/already.txt")
        return SignUp(registration, "already")
    full = next((row for row in (working_group, time_slot) if row is not None and row.is_full), None)
    if full is not None and not join_waitlist and source == RegistrationSource.PUBLIC:
        raise PlaceTaken(_full_message((type(full), full.id)), (type(full), full.id))
    outcome = "again"
    if registration is None:
        outcome = "new"
        registration = Registration(meeting_id=meeting.id, email=email, token=secrets.token_urlsafe(32),
                                    source=source)
    details = {"name": name, "organization": organization, "organization_name": organization_name,
               "organization_type": organization_type, "working_group": working_group, "time_slot": time_slot}
    # The same form arriving again changes nothing (consent included): no write, so double clicks never conflict.
    if source == RegistrationSource.PUBLIC and (outcome == "new"
                                                or registration.status != RegistrationStatus.PENDING):
        registration.consent_at = utcnow()
    with db.session.no_autoflush:
        _set_details(registration, meeting, **details)
    registration.status = RegistrationStatus.PENDING
    registration.source = source
    registration.confirmed_at = registration.cancelled_at = registration.waitlisted_at = None
    registration.present = registration.checked_in_at = None
    if outcome == "new":
        # Two submissions of the same address at once: the unique (meeting, e-mail) lets one in, the other
        # gets an IntegrityError and the view tries again, finding this one.
        db.session.add(registration)
    db.session.flush()
    if source == RegistrationSource.OFFICE:
        registration.confirmed_at = utcnow()
        _take_or_wait(registration, may_wait=join_waitlist)
    elif notify:
        _mail(registration, _("Confirm your registration for %(title)s", title=meeting.title),
              "meetings/registration/mail/confirm.txt")
    return SignUp(registration, outcome)


def confirm(registration: Registration, *, notify: bool = True) -> Registration:
    """The double opt-in: the address is real, so the person takes their places or joins the waiting list.
    Confirming twice does nothing more."""
    if registration.status != RegistrationStatus.PENDING:
        return registration
    registration.confirmed_at = utcnow()
    db.session.flush()     # claims the change through the version column: a second click loses here
    _take_or_wait(registration)
    if not notify:
        return registration
    if registration.status == RegistrationStatus.CONFIRMED:
        subject = _("You are registered for %(title)s", title=registration.meeting.title)
    else:
        subject = _("You are on the waiting list for %(title)s", title=registration.meeting.title)
    _mail(registration, subject, "meetings/registration/mail/confirmed.txt")
    return registration


def cancel(registration: Registration, *, notify: bool = True) -> list[Registration]:
    """Cancel a registration; its places go to the waiting list. Returns the people moved up."""
    if registration.status == RegistrationStatus.CANCELLED:
        return []
    held = _held(registration)
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = utcnow()
    registration.waitlisted_at = None
    db.session.flush()     # claimed: a concurrent cancel of the same registration fails here
    if not held:
        return []
    _change_places({row: -1 for row in held})
    if notify:
        _mail(registration, _("Registration cancelled: %(title)s", title=registration.meeting.title),
              "meetings/registration/mail/cancelled.txt")
    return promote_waitlisted(registration.meeting)


def move(registration: Registration, *, working_group: WorkingGroup | None,
         time_slot: TimeSlot | None) -> list[Registration]:
    """The office moves someone to another group or slot; a confirmed person needs room there (PlaceTaken
    otherwise), a waiting one keeps their turn and is moved up if the new choice has room."""
    _check_choices(registration.meeting, working_group, time_slot, required=False)
    old = _held(registration)
    new = _rows(working_group.id if working_group else None, time_slot.id if time_slot else None)
    registration.working_group, registration.time_slot = working_group, time_slot
    registration.working_group_id = working_group.id if working_group else None
    registration.time_slot_id = time_slot.id if time_slot else None
    db.session.flush()
    if registration.status == RegistrationStatus.WAITLISTED:
        return promote_waitlisted(registration.meeting)
    if not old:
        return []
    changes = {row: -1 for row in old}
    for row in new:
        changes[row] = changes.get(row, 0) + 1
    full = _change_places(changes)
    if full is not None:
        raise PlaceTaken(_full_message(full), full)
    return promote_waitlisted(registration.meeting)


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


def set_registration_open(meeting: Meeting, is_open: bool) -> None:
    """The office closes the public form (or opens it again); registrations already made stay."""
    meeting.registration_open = is_open
    db.session.flush()


def csv_headers() -> list[str]:
    return [_("Name"), _("E-mail"), _("Organization"), _("Kind of organization"), _("Working group"),
            _("Time slot"), _("Status"), _("Source"), _("Registered on"), _("Confirmed on"), _("Present")]


def csv_row(registration: Registration) -> list:
    present = {True: _("yes"), False: _("no"), None: ""}[registration.present]
    return [registration.name, registration.email or "", registration.organization_label,
            registration.organization_type.label if registration.organization_type else "",
            registration.working_group.name if registration.working_group else "",
            str(registration.time_slot) if registration.time_slot else "", registration.status.label,
            registration.source.label, registration.created_at.strftime("%Y-%m-%d %H:%M"),
            registration.confirmed_at.strftime("%Y-%m-%d %H:%M") if registration.confirmed_at else "", present]


def by_token(token: str) -> Registration | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Registration).filter_by(token=token))


# --- personal data (GDPR) ----------------------------------------------------------------------------

def personal_record(registration: Registration) -> dict:
    """What the platform holds about the person in this registration, JSON-ready."""
    meeting = registration.meeting

    def when(value):
        return value.isoformat() if value else None
    return {
        "meeting": {"title": meeting.title, "starts_at": when(meeting.starts_at), "place": meeting.place,
                    "district": meeting.district.name},
        "name": registration.name, "email": registration.email,
        "organization": registration.organization_label or None,
        "organization_type": registration.organization_type.value if registration.organization_type else None,
        "working_group": registration.working_group.name if registration.working_group else None,
        "time_slot": str(registration.time_slot) if registration.time_slot else None,
        "status": registration.status.value, "source": registration.source.value,
        "consent_at": when(registration.consent_at), "created_at": when(registration.created_at),
        "confirmed_at": when(registration.confirmed_at), "waitlisted_at": when(registration.waitlisted_at),
        "cancelled_at": when(registration.cancelled_at), "present": registration.present,
        "checked_in_at": when(registration.checked_in_at), "notes": registration.notes,
    }


def erase(registration: Registration) -> list[Registration]:
    """Delete a registration on its owner's request: the place goes to the waiting list first."""
    promoted = cancel(registration, notify=False)
    db.session.delete(registration)
    db.session.flush()
    return promoted


def _of(email: str) -> list[Registration]:
    return list(db.session.scalars(select(Registration).filter_by(email=email).order_by(Registration.id)))


def purge_unconfirmed(now: datetime) -> int:
    """Delete sign-ups nobody confirmed within the retention period (they hold no place)."""
    cutoff = privacy.retention_cutoff("unconfirmed_registrations", now)
    if cutoff is None:
        return 0
    stale = db.session.scalars(select(Registration).where(
        Registration.status == RegistrationStatus.PENDING,
        db.func.coalesce(Registration.consent_at, Registration.created_at) < cutoff)).all()
    for registration in stale:
        db.session.delete(registration)
    db.session.flush()
    return len(stale)


privacy.register("meeting_registrations", export=lambda email: [personal_record(r) for r in _of(email)],
                 erase=lambda email: sum(1 for r in _of(email) if erase(r) is not None), purge=purge_unconfirmed)
