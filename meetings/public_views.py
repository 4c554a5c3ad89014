"""The public calendar: upcoming meetings, the month view, each meeting's page, its attachments and the
iCalendar feeds. Invite-only meetings never appear here (404, as if they did not exist)."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from flask import Response, abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.extensions import db
from app.models import District
from app.uploads import send_stored
from app.urls import public_host, public_url

from . import calendar, registrations, services
from .blueprint import meetings_public as bp
from .models import Meeting, MeetingAttachment, MinutesStatus

PER_PAGE = 10


def public_query(district: District | None = None):
    query = db.select(Meeting).where(Meeting.is_public.is_(True))
    return query.where(Meeting.district_id == district.id) if district else query


def public_meeting_or_404(meeting_id: int) -> Meeting:
    """A public meeting, its district the page's (the top bar names it)."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or not meeting.is_public:
        abort(404)
    g.district = meeting.district
    return meeting


def _district_filter() -> District | None:
    slug = request.args.get("ambito")
    return db.first_or_404(db.select(District).filter_by(slug=slug)) if slug else None


@bp.get("/incontri")
def meetings():
    district = _district_filter()
    past = request.args.get("quando") == "passati"
    now = services.local_now()
    query = public_query(district)
    query = (query.where(Meeting.ends_at < now).order_by(Meeting.starts_at.desc()) if past
             else query.where(Meeting.ends_at >= now).order_by(Meeting.starts_at))
    page = db.paginate(query.order_by(Meeting.id), page=request.args.get("page", 1, type=int),
                       per_page=PER_PAGE, error_out=False)
    return render_template("meetings/public/list.html", page=page, past=past, district=district,
                           today=now.date())


@bp.get("/incontri/mese")
def this_month():
    today = services.local_now().date()
    return redirect(url_for(".month", year=today.year, month=today.month, **request.args))


@bp.get("/incontri/mese/<int:year>/<int:month>")
def month(year: int, month: int):
    if not (1 <= month <= 12 and 1900 <= year <= 2200):
        abort(404)
    district = _district_filter()
    start, end = calendar.month_bounds(year, month)
    found = db.session.scalars(public_query(district).where(Meeting.starts_at < end, Meeting.ends_at >= start)
                               .order_by(Meeting.starts_at, Meeting.id))
    by_day = defaultdict(list)
    for meeting in found:
        by_day[meeting.starts_at.date()].append(meeting)
    weeks = calendar.month_grid(year, month, by_day)
    return render_template("meetings/public/month.html", weeks=weeks, first=date(year, month, 1),
                           previous=date(*calendar.shift_month(year, month, -1), 1),
                           next=date(*calendar.shift_month(year, month, 1), 1),
                           district=district, today=services.local_now().date(),
                           count=sum(len(items) for items in by_day.values()))


def registration_state(meeting: Meeting) -> tuple[str | None, str | None]:
    """(the registration form's address, why registrations are closed): the form lives in meetings/
    registration_views.py; without it, nothing is offered."""
    if "registration.register" not in current_app.view_functions:
        return None, None
    reason = registrations.registration_closed_reason(meeting)
    return (None, reason) if reason else (url_for("registration.register", meeting_id=meeting.id), None)


@bp.get("/incontri/<int:meeting_id>")
def meeting(meeting_id: int):
    meeting = public_meeting_or_404(meeting_id)
    register_url, closed_reason = registration_state(meeting)
    published_minutes = [m for m in meeting.minutes if m.is_published and m.status == MinutesStatus.APPROVED]
    return render_template("meetings/public/meeting.html", meeting=meeting, register_url=register_url,
                           closed_reason=closed_reason, published_minutes=published_minutes,
                           minutes_url=public_minutes_url)


# The public page of published minutes lives in minutes_views.py: the first of these endpoints that exists.
MINUTES_ENDPOINTS = ["minutes_public.minutes", "minutes.public_minutes", "meeting_minutes.public_minutes"]


def public_minutes_url(minutes) -> str | None:
    endpoint = next((e for e in MINUTES_ENDPOINTS if e in current_app.view_functions), None)
    return url_for(endpoint, minutes_id=minutes.id) if endpoint else None


@bp.get("/incontri/<int:meeting_id>/allegati/<int:attachment_id>")
def attachment(meeting_id: int, attachment_id: int):
    meeting = public_meeting_or_404(meeting_id)
    attached = db.session.get(MeetingAttachment, attachment_id)
    if attached is None or attached.meeting_id != meeting.id:
        abort(404)
    return send_stored(attached.stored_file)


# --- iCalendar ------------------------------------------------------------------------------------------

def calendar_event(meeting: Meeting) -> calendar.Event:
    where = ", ".join(filter(None, [meeting.place, (meeting.address or "").replace("\n", ", ")]))
    return calendar.Event(
        uid=f"meeting-{meeting.id}@{public_host()}", title=meeting.title, starts_at=meeting.starts_at,
        ends_at=meeting.ends_at, location=where, description=meeting.description or "",
        url=public_url("meetings_public.meeting", meeting_id=meeting.id), created=meeting.created_at,
        sequence=meeting.version - 1, all_day=not meeting.time_known)


def _ics(events, name: str, filename: str) -> Response:
    return Response(calendar.build_ics(events, name=name), mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "public, max-age=300"})


@bp.get("/meetings.ics")
def feed():
    district = _district_filter()
    meetings = db.session.scalars(public_query(district).order_by(Meeting.starts_at, Meeting.id))
    name = _("Meetings of %(district)s", district=district.name) if district else _("Participatory meetings")
    return _ics([calendar_event(m) for m in meetings], name, "incontri.ics")


@bp.get("/incontri/<int:meeting_id>.ics")
def meeting_ics(meeting_id: int):
    meeting = public_meeting_or_404(meeting_id)
    return _ics([calendar_event(meeting)], meeting.title, f"incontro-{meeting.id}.ics")
