"""Sign-up to meetings: double opt-in, confirmation and cancellation, the office's moves, a person's record
and its erasure (declared to the GDPR registry in privacy.py).

Places are taken when the person CONFIRMS their e-mail address, not when they fill in the form: only an
address that proved to be real holds a place, so bots and typos cannot fill a slot, and a sign-up nobody
confirms needs no expiry. A confirmation that finds its group or slot full lands on the waiting list
(ordered by the time of confirmation); the planning office's own registrations are confirmed at once and
take their places the same way. Walk-ins at the door hold no place (they are in the room already). How places
are counted and the waiting list moves: places.py. A registration's own changes go through its version column,
so two clicks on "confirm" or "cancel" act once.

Services only flush. E-mails are queued on the session and sent after the commit (never for a rolled-back
change): see registration_mail.py.
"""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, Signer
from sqlalchemy import select

from app.clock import format_wall_clock, local_now, sheet_stamp
from app.errors import DomainError
from app.extensions import db
from app.role_models import ParticipantRole
from app.models import District, Organization, OrganizationType, utcnow
from app.people import normalise_email

from .models import Meeting, Registration, RegistrationSource, RegistrationStatus, TimeSlot, WorkingGroup
from .places import (PlaceTaken, change_places, full_message, held_places, promote_waitlisted, rows_of,
                     take_or_wait)
from .registration_mail import mail_to

FORM_MIN_SECONDS = 2            # a person needs longer than this to fill in the form
FORM_MAX_SECONDS = 24 * 3600    # a form older than a day is re-shown, not accepted


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
    now = now or local_now()   # wall-clock time of the district, like the meeting's times
    if now >= meeting.ends_at:
        return _("This meeting has already taken place.")
    if not meeting.registration_open:
        return _("Registrations for this meeting are closed.")
    if meeting.registration_closes_at is not None and now >= meeting.registration_closes_at:
        return _("Registrations for this meeting closed on %(when)s.",
                 when=format_wall_clock(meeting.registration_closes_at, "short"))
    return None


def find_organization(district: District, name: str | None) -> Organization | None:
    """The district's organization with this name (case and spacing ignored), if there is one."""
    wanted = " ".join((name or "").split()).casefold()
    if not wanted:
        return None
    return next((o for o in district.organizations if " ".join(o.name.split()).casefold() == wanted), None)


def _set_details(registration: Registration, meeting: Meeting, *, name, organization, organization_name,
                 organization_type, working_group, time_slot, role=None) -> None:
    if role is not None and role.district_id != meeting.district_id:
        raise DomainError(_("That role belongs to another district."))
    registration.role_id = role.id if role is not None else None
    registration.name = " ".join((name or "").split())[:200]
    if not registration.name:
        raise DomainError(_("Write your name."))
    organization = organization or find_organization(meeting.district, organization_name)
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
             notify: bool = True, role: ParticipantRole | None = None) -> SignUp:
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
            mail_to(registration, _("Your registration for %(title)s", title=meeting.title),
                  "meetings/registration/mail/already.txt")
        return SignUp(registration, "already")
    full = next((row for row in (working_group, time_slot) if row is not None and row.is_full), None)
    if full is not None and not join_waitlist and source == RegistrationSource.PUBLIC:
        raise PlaceTaken(full_message((type(full), full.id)), (type(full), full.id))
    outcome = "again"
    if registration is None:
        outcome = "new"
        registration = Registration(meeting_id=meeting.id, email=email, token=secrets.token_urlsafe(32),
                                    source=source)
    details = {"name": name, "organization": organization, "organization_name": organization_name,
               "organization_type": organization_type, "working_group": working_group, "time_slot": time_slot,
               "role": role}
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
        take_or_wait(registration, may_wait=join_waitlist)
    elif notify:
        mail_to(registration, _("Confirm your registration for %(title)s", title=meeting.title),
              "meetings/registration/mail/confirm.txt")
    return SignUp(registration, outcome)


def confirm(registration: Registration, *, notify: bool = True) -> Registration:
    """The double opt-in: the address is real, so the person takes their places or joins the waiting list.
    Confirming twice does nothing more."""
    if registration.status != RegistrationStatus.PENDING:
        return registration
    registration.confirmed_at = utcnow()
    db.session.flush()     # claims the change through the version column: a second click loses here
    take_or_wait(registration)
    if not notify:
        return registration
    if registration.status == RegistrationStatus.CONFIRMED:
        subject = _("You are registered for %(title)s", title=registration.meeting.title)
    else:
        subject = _("You are on the waiting list for %(title)s", title=registration.meeting.title)
    mail_to(registration, subject, "meetings/registration/mail/confirmed.txt")
    return registration


def cancel(registration: Registration, *, notify: bool = True) -> list[Registration]:
    """Cancel a registration; its places go to the waiting list. Returns the people moved up."""
    if registration.status == RegistrationStatus.CANCELLED:
        return []
    held = held_places(registration)
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = utcnow()
    registration.waitlisted_at = None
    db.session.flush()     # claimed: a concurrent cancel of the same registration fails here
    if not held:
        return []
    change_places({row: -1 for row in held})
    if notify:
        mail_to(registration, _("Registration cancelled: %(title)s", title=registration.meeting.title),
              "meetings/registration/mail/cancelled.txt")
    return promote_waitlisted(registration.meeting)


def move(registration: Registration, *, working_group: WorkingGroup | None,
         time_slot: TimeSlot | None) -> list[Registration]:
    """The office moves someone to another group or slot; a confirmed person needs room there (PlaceTaken
    otherwise), a waiting one keeps their turn and is moved up if the new choice has room."""
    _check_choices(registration.meeting, working_group, time_slot, required=False)
    old = held_places(registration)
    new = rows_of(working_group.id if working_group else None, time_slot.id if time_slot else None)
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
    full = change_places(changes)
    if full is not None:
        raise PlaceTaken(full_message(full), full)
    return promote_waitlisted(registration.meeting)


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
            registration.source.label, sheet_stamp(registration.created_at), sheet_stamp(registration.confirmed_at),
            present]


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
