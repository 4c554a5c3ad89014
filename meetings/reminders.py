"""The reminder e-mail the day before a meeting, to everyone whose registration is confirmed.

A meeting is claimed with one UPDATE (reminder_sent_at still empty) before its e-mails are queued, so two
runs at once, or a run repeated the same day, never send twice; the e-mails leave when the claim commits.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import update

from app.extensions import db
from app.models import utcnow
from app.urls import public_url

from .models import Meeting, Registration, RegistrationStatus
from .registration_mail import queue_mail
from .services import local_now


def meetings_to_remind(now: datetime | None = None) -> list[Meeting]:
    """Meetings that start tomorrow (district time) and have not had their reminder."""
    tomorrow = (now or local_now()).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, datetime.min.time())
    return list(db.session.scalars(
        db.select(Meeting).where(Meeting.starts_at >= start, Meeting.starts_at < start + timedelta(days=1),
                                 Meeting.reminder_sent_at.is_(None)).order_by(Meeting.starts_at, Meeting.id)))


def _claim(meeting: Meeting) -> bool:
    claimed = db.session.execute(
        update(Meeting).where(Meeting.id == meeting.id, Meeting.reminder_sent_at.is_(None))
        .values(reminder_sent_at=utcnow(), version=Meeting.version + 1)
        .execution_options(synchronize_session=False))
    db.session.expire(meeting, ["reminder_sent_at", "version"])
    return claimed.rowcount == 1


def _links(registration: Registration) -> dict:
    meeting = registration.meeting
    manage = (public_url("registration.manage", token=registration.token)
              if "registration.manage" in current_app.view_functions else None)
    if not meeting.is_public:
        return {"manage": manage, "page": None, "ics": None}
    return {"manage": manage,
            "page": public_url("meetings_public.meeting", meeting_id=meeting.id),
            "ics": public_url("meetings_public.meeting_ics", meeting_id=meeting.id)}


def remind(meeting: Meeting) -> int:
    """Queue the reminder to the meeting's confirmed registrations; 0 if someone else already did."""
    if not _claim(meeting):
        return 0
    confirmed = db.session.scalars(db.select(Registration).where(
        Registration.meeting_id == meeting.id, Registration.status == RegistrationStatus.CONFIRMED)
        .order_by(Registration.id)).all()
    for registration in confirmed:
        queue_mail(registration.email, _("Reminder: %(title)s is tomorrow", title=meeting.title),
                   "meetings/mail/reminder.txt", district=meeting.district, registration=registration,
                   meeting=meeting, links=_links(registration))
    db.session.flush()
    return len(confirmed)


def send_reminders(now: datetime | None = None) -> list[tuple[Meeting, int]]:
    """Remind every meeting of tomorrow; the caller commits after each (see the CLI)."""
    return [(meeting, remind(meeting)) for meeting in meetings_to_remind(now)]
