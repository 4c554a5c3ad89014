"""What meetings ask of the planning office now: registrations awaiting confirmation in the coming meetings
(per meeting, each linking to its list filtered to them) and the next meeting with its free places."""
from __future__ import annotations

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _

from app.clock import local_now
from app.extensions import db
from app.models import District
from app.worklist import WorkItem, register_work_counter

from .models import Meeting, Registration, RegistrationStatus


def free_places(meeting: Meeting) -> int | None:
    """The places still free, None when nothing limits them. A person takes a place in a group and one in a
    slot, so the fewer of the two counts; a kind with an unlimited row does not limit."""
    limits = [sum(row.places_left for row in rows) for rows in (meeting.working_groups, meeting.time_slots)
              if rows and all(row.capacity is not None for row in rows)]
    return min(limits) if limits else None


def _when(meeting: Meeting) -> str:
    # Meetings are stored on the district's wall clock: their day needs no conversion.
    return f"{meeting.title} · {format_date(meeting.starts_at.date(), 'medium')}"


def office_counts(district: District) -> list[WorkItem]:
    now = local_now()
    upcoming = (Meeting.district_id == district.id, Meeting.ends_at >= now)
    pending = db.session.execute(
        db.select(Meeting, db.func.count(Registration.id)).join(Registration, Registration.meeting_id == Meeting.id)
        .where(*upcoming, Registration.status == RegistrationStatus.PENDING)
        .group_by(Meeting.id).order_by(Meeting.starts_at, Meeting.id)).all()
    label = _("Registrations awaiting confirmation")
    items = [WorkItem("registrations-pending", label, count,
                      url_for("meeting_registrations.registrations", meeting_id=meeting.id,
                              status=RegistrationStatus.PENDING.value), detail=_when(meeting))
             for meeting, count in pending] or [WorkItem("registrations-pending", label, 0,
                                                         url_for("meetings.meetings"))]
    following = db.session.scalar(db.select(Meeting).where(*upcoming).order_by(Meeting.starts_at, Meeting.id)
                                  .limit(1))
    if following is None:
        items.append(WorkItem("next-meeting", _("Next meeting"), None, url_for("meetings.meeting_new"), info=True,
                              figure=_("none planned")))
    else:
        items.append(WorkItem("next-meeting", _("Free places at the next meeting"), free_places(following),
                              url_for("meeting_registrations.registrations", meeting_id=following.id),
                              detail=_when(following), info=True, figure=_("no limit")))
    return items


register_work_counter(office_counts, order=300)
