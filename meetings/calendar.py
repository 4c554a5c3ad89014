"""Pure calendar building: the month grid of the public calendar and iCalendar files. No Flask, no database:
plain values in, a grid or bytes out.

Meetings are wall-clock times in Europe/Rome; the .ics carries them with TZID=Europe/Rome and the
VTIMEZONE that defines it, so a phone abroad still shows 15:00 in Crema at the right instant.
"""
from __future__ import annotations

import calendar as stdlib_calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

import icalendar

from app.clock import ROME

PRODID = "-//PdZ Partecipato//Incontri//IT"


# --- the month grid -----------------------------------------------------------------------------------

@dataclass
class Day:
    day: date
    in_month: bool
    items: list = field(default_factory=list)


def month_grid(year: int, month: int, items_by_day: dict[date, list]) -> list[list[Day]]:
    """Weeks (Monday first, as in Italy) of the month, with the days of the neighbouring months that fill
    its first and last week; each day carries its items."""
    weeks = stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[Day(d, d.month == month, list(items_by_day.get(d, []))) for d in week] for week in weeks]


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """From the first instant of the month to the first instant of the next one."""
    next_year, next_month = shift_month(year, month, 1)
    return datetime(year, month, 1), datetime(next_year, next_month, 1)


# --- iCalendar ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Event:
    uid: str                       # stable across downloads: a calendar app updates instead of duplicating
    title: str
    starts_at: datetime            # naive, wall clock in Europe/Rome
    ends_at: datetime
    location: str = ""
    description: str = ""
    url: str | None = None
    created: datetime | None = None   # naive UTC
    modified: datetime | None = None  # naive UTC
    sequence: int = 0
    all_day: bool = False             # the day is known, the hours not: an all-day event


def _utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=timezone.utc) if value else None


def build_ics(events: list[Event], *, name: str, now: datetime | None = None) -> bytes:
    """A VCALENDAR with one VEVENT per event; `now` (UTC) is the DTSTAMP of every event."""
    zone = ROME
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", ROME.key)
    for event in events:
        vevent = icalendar.Event()
        vevent.add("uid", event.uid)
        vevent.add("dtstamp", stamp)
        if event.all_day:
            vevent.add("dtstart", event.starts_at.date())
            vevent.add("dtend", event.starts_at.date() + timedelta(days=1))
        else:
            vevent.add("dtstart", event.starts_at.replace(tzinfo=zone))
            vevent.add("dtend", event.ends_at.replace(tzinfo=zone))
        vevent.add("summary", event.title)
        if event.location:
            vevent.add("location", event.location)
        if event.description:
            vevent.add("description", event.description)
        if event.url:
            vevent.add("url", event.url)
        if event.created:
            vevent.add("created", _utc(event.created))
        if event.modified:
            vevent.add("last-modified", _utc(event.modified))
        vevent.add("sequence", event.sequence)
        cal.add_component(vevent)
    # The zone's rules only for the years the events span keep the feed small.
    years = [e.starts_at.year for e in events] or [stamp.year]
    cal.add_missing_timezones(first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1))
    return cal.to_ical()
