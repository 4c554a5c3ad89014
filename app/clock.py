"""The platform's one clock.

Timestamps (created_at, published_at, the audit log...) are stored as naive UTC (`utcnow`) and every person reads
them in the district's time, Europe/Rome (`to_local`, `format_moment`, the `|datetime` and `|local` filters).
Meeting times are different: they are typed and stored as Rome wall-clock times, so they are shown as they are
(`format_day`, `format_wall_clock`, the `|date` and `|wall_clock` filters); their columns say so with
`info=WALL_CLOCK`. Dates read as Italians write them: 07/12/2026, 7 dicembre 2026, 14:30 (no AM/PM).
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from flask_babel import get_locale

ROME = ZoneInfo("Europe/Rome")
WALL_CLOCK = {"wall_clock": True}   # column info: a naive Rome wall-clock time, never converted
TIME_PATTERN = "HH:mm"              # 14:30 in every language: no AM/PM
SHEET_PATTERN = "%d/%m/%Y %H:%M"    # a time in a CSV file, as Italian spreadsheets read it


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def local_now() -> datetime:
    """Now on the district's wall clock (naive), as meetings are stored."""
    return datetime.now(ROME).replace(tzinfo=None)


def local_today() -> date:
    """Today in the district: a deadline passes at midnight in Rome, not on the server's clock."""
    return local_now().date()


def to_local(moment: datetime | None) -> datetime | None:
    """A stored moment (naive UTC, or aware) as the district's wall-clock time (naive)."""
    if moment is None:
        return None
    aware = moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment
    return aware.astimezone(ROME).replace(tzinfo=None)


def to_utc(local: datetime) -> datetime:
    """A time typed in the district (naive, Europe/Rome) as stored (naive UTC)."""
    return local.replace(tzinfo=ROME).astimezone(timezone.utc).replace(tzinfo=None)


def is_wall_clock(column) -> bool:
    return bool(getattr(column, "info", {}).get("wall_clock"))


# --- how people read them ------------------------------------------------------------------------------

def _date_pattern(fmt: str, locale) -> str:
    if fmt == "short":   # CLDR's Italian short date has two digits of year (07/12/26): Italians write 07/12/2026
        return locale.date_formats["short"].pattern.replace("yyyy", "y").replace("yy", "y")
    return fmt


def format_day(value: date | datetime | None, fmt: str = "medium") -> str:
    """A date, or the day of a wall-clock datetime, in the reader's language; never shifted to another zone."""
    if not value:
        return ""
    locale = get_locale()
    return babel_format_date(value, _date_pattern(fmt, locale), locale=locale)


def format_wall_clock(value: datetime | None, fmt: str = "medium") -> str:
    """A wall-clock datetime (already Rome time): its day and its hour, e.g. "7 dic 2026, 14:30"."""
    if not value:
        return ""
    return f"{format_day(value, fmt)}, {babel_format_time(value, TIME_PATTERN, locale=get_locale())}"


def format_moment(moment: datetime | None, fmt: str = "medium") -> str:
    """A stored moment (naive UTC) as date and time in Rome."""
    return format_wall_clock(to_local(moment), fmt)


def format_hour(moment: datetime | None) -> str:
    """The Rome hour of a stored moment, e.g. "14:30"."""
    return to_local(moment).strftime("%H:%M") if moment else ""


def sheet_stamp(moment: datetime | None) -> str:
    """A stored moment in Rome time for a CSV cell: 07/12/2026 14:30."""
    return to_local(moment).strftime(SHEET_PATTERN) if moment else ""
