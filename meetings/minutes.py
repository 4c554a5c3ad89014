"""Minutes (*verbale*) of a meeting or of one of its working groups: started from the meeting (place, time,
agenda items, present and absent from the attendance), written as a draft with autosave and version checks,
approved by the planning office (which publishes them on the meeting's public page), exported to DOCX, ODT and
PDF through exports.minutes and exports.documents. Services only flush."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from app.account_models import User
from app.clock import format_day
from app.errors import DomainError
from app.extensions import db
from app.models import utcnow
from app.versioned import check_version
from exports.documents import render_document
from exports.focus import md_text
from exports.minutes import MinutesExport, MinutesSection, minutes_to_markdown

from . import attendance
from .models import Meeting, Minutes, MinutesItem, MinutesStatus, WorkingGroup


def lines(text: str | None) -> list[str]:
    """A list typed one per line, blank lines and spacing dropped."""
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def _attendance_text(meeting: Meeting, working_group: WorkingGroup | None) -> tuple[str, str]:
    present, absent = attendance.present_and_absent(meeting, working_group)
    return "\n".join(present), "\n".join(absent)


def start_minutes(meeting: Meeting, working_group: WorkingGroup | None = None) -> Minutes:
    """A draft filled in from the meeting: place, times, one item per agenda item, present and absent."""
    if working_group is not None and working_group.meeting_id != meeting.id:
        raise DomainError(_("That working group belongs to another meeting."))
    present, absent = _attendance_text(meeting, working_group)
    place = ", ".join(part for part in (meeting.place, meeting.address) if part)
    minutes = Minutes(meeting_id=meeting.id, working_group_id=working_group.id if working_group else None,
                      place=place[:200], starts_at=meeting.starts_at, ends_at=meeting.ends_at, present=present,
                      absent=absent, status=MinutesStatus.DRAFT)
    minutes.items = [MinutesItem(position=position, title=item.title[:300], agenda_item_id=item.id)
                     for position, item in enumerate(meeting.agenda)]
    db.session.add(minutes)
    db.session.flush()
    return minutes


def refresh_attendance(minutes: Minutes) -> Minutes:
    """Take the present and absent lists again from the check-in (a draft only)."""
    _editable(minutes)
    minutes.present, minutes.absent = _attendance_text(minutes.meeting, minutes.working_group)
    db.session.flush()
    return minutes


def _editable(minutes: Minutes) -> None:
    if minutes.status != MinutesStatus.DRAFT:
        raise DomainError(_("Approved minutes cannot be changed: reopen them as a draft first."))


@dataclass
class ItemText:
    id: int | None
    title: str
    summary: str
    input: str | None = None        # what the item asks for ("Input:" in the sources)
    owner: str | None = None        # who takes it up
    next_step: str | None = None    # what happens next: the item stays open until it is closed
    due_on: date | None = None


def save_minutes(minutes: Minutes, *, version, place: str | None, starts_at, ends_at, present: str | None,
                 absent: str | None, summary: str | None, decisions: str | None, next_meeting: str | None,
                 items: list[ItemText]) -> Minutes:
    """Save the whole draft; refused when someone saved it since `version` was loaded (ConflictError).
    Items keep their identity by id; a row with an empty title and summary is dropped."""
    _editable(minutes)
    check_version(minutes, version)
    if starts_at and ends_at and ends_at < starts_at:
        raise DomainError(_("The end time is before the start time."))
    minutes.place = (place or "").strip()[:200] or None
    minutes.starts_at, minutes.ends_at = starts_at, ends_at
    minutes.present, minutes.absent = "\n".join(lines(present)), "\n".join(lines(absent))
    minutes.summary = (summary or "").strip() or None
    minutes.decisions = (decisions or "").strip() or None
    minutes.next_meeting = (next_meeting or "").strip() or None
    existing = {item.id: item for item in minutes.items}
    kept = []
    for text in items:
        title, body = (text.title or "").strip(), (text.summary or "").strip()
        if not title and not body:
            continue
        item = existing.get(text.id) or MinutesItem()
        item.title, item.summary = (title or _("Item"))[:300], body or None
        item.input = (text.input or "").strip() or None
        item.owner = (text.owner or "").strip()[:200] or None
        item.next_step = (text.next_step or "").strip() or None
        item.due_on = text.due_on if item.next_step else None
        item.position = len(kept)
        kept.append(item)
    minutes.items = kept
    db.session.flush()
    return minutes


def approve(minutes: Minutes, *, by: User, publish: bool = True) -> Minutes:
    """Draft → approved; the approved minutes of a public meeting are published on its page."""
    _editable(minutes)
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at = utcnow()
    minutes.approved_by = by
    minutes.is_published = publish and minutes.meeting.is_public
    db.session.flush()
    return minutes


def reopen(minutes: Minutes) -> Minutes:
    """Back to a draft (to correct it): no longer published until approved again."""
    minutes.status = MinutesStatus.DRAFT
    minutes.is_published = False
    minutes.approved_at = None
    minutes.approved_by = None
    db.session.flush()
    return minutes


def delete_minutes(minutes: Minutes) -> None:
    db.session.delete(minutes)
    db.session.flush()


def is_public(minutes: Minutes) -> bool:
    return minutes.status == MinutesStatus.APPROVED and minutes.is_published and minutes.meeting.is_public


def title_of(minutes: Minutes) -> str:
    if minutes.working_group is not None:
        return _("Minutes: %(group)s", group=minutes.working_group.name)
    return _("Minutes: %(title)s", title=minutes.meeting.title)


def _time(minutes: Minutes) -> str:
    start, end = minutes.starts_at, minutes.ends_at
    if start and end:
        return f"{start:%H:%M}–{end:%H:%M}"
    return f"{start:%H:%M}" if start else ""


def _item_text(item: MinutesItem) -> str:
    """The item's summary (markdown) followed by its input, owner and next step (plain text, escaped)."""
    next_step = item.next_step and (md_text(item.next_step) + (
        f" ({_('by %(date)s', date=format_day(item.due_on, 'long'))})" if item.due_on else ""))
    extras = [f"**{label}:** {value}" for label, value in (
        (_("Input"), item.input and md_text(item.input)), (_("Who takes it up"), item.owner and md_text(item.owner)),
        (_("Next step"), next_step)) if value]
    return "\n\n".join(part for part in (item.summary or "", *extras) if part)


def minutes_export(minutes: Minutes) -> MinutesExport:
    """The data of the document, with labels in the reader's language."""
    labels = {"meeting": _("Meeting"), "group": _("Working group"), "date": _("Date"), "time": _("Time"),
              "place": _("Place"), "present": _("People present"), "absent": _("People absent"),
              "nobody": _("Nobody"),
              "agenda": _("Agenda and discussion"), "summary": _("Summary"), "decisions": _("Decisions"),
              "next_meeting": _("Next meeting"), "status": _("Status"),
              "counts": _("%(present)d present, %(absent)d absent")}
    times = {item.id: item.starts_at for item in minutes.meeting.agenda}
    return MinutesExport(
        title=title_of(minutes), meeting=minutes.meeting.title,
        group=minutes.working_group.name if minutes.working_group else "",
        date=format_day(minutes.starts_at, "long"), time=_time(minutes),
        place=minutes.place or "", status=minutes.status.label, present=lines(minutes.present),
        absent=lines(minutes.absent), summary=minutes.summary or "",
        sections=[MinutesSection(item.title, _item_text(item),
                                 f"{times[item.agenda_item_id]:%H:%M}" if times.get(item.agenda_item_id) else "")
                  for item in minutes.items],
        decisions=minutes.decisions or "", next_meeting=minutes.next_meeting or "", labels=labels)


def minutes_markdown(minutes: Minutes) -> str:
    return minutes_to_markdown(minutes_export(minutes))


def document(minutes: Minutes, fmt: str) -> bytes:
    """The minutes as DOCX, ODT, PDF or Markdown."""
    subtitle = minutes.meeting.district.name
    return render_document(minutes_markdown(minutes), fmt, title=title_of(minutes), subtitle=subtitle)
