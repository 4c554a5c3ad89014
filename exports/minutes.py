"""The minutes (*verbale*) of a meeting or working group as Markdown, for exports.documents to turn into
DOCX, ODT or PDF.

Pure: a `MinutesExport` in, Markdown out. Names, places and titles are typed by people, so they are escaped
(`md_text`); the summaries and decisions are Markdown written by the planning office and go in as they are
(exports.documents renders raw HTML inert and keeps only safe links).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .focus import md_text

# English defaults; the caller passes the translated labels (see meetings.minutes.minutes_export).
LABELS = {
    "meeting": "Meeting", "group": "Working group", "date": "Date", "time": "Time", "place": "Place",
    "present": "Present", "absent": "Absent", "nobody": "None", "agenda": "Agenda and discussion",
    "summary": "Summary", "decisions": "Decisions", "next_meeting": "Next meeting", "status": "Status",
    "counts": "%(present)d present, %(absent)d absent",
}


@dataclass
class MinutesSection:
    title: str
    summary: str = ""          # markdown
    time: str = ""             # "15:00", from the agenda item


@dataclass
class MinutesExport:
    title: str
    meeting: str = ""
    group: str = ""
    date: str = ""             # already formatted for the reader
    time: str = ""             # "14:30–16:40"
    place: str = ""
    status: str = ""
    present: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    summary: str = ""          # markdown
    sections: list[MinutesSection] = field(default_factory=list)
    decisions: str = ""        # markdown
    next_meeting: str = ""     # markdown
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, key: str) -> str:
        return self.labels.get(key, LABELS[key])


_HEADING = re.compile(r"^#{1,6}[ \t]+")


def _markdown_block(text: str) -> list[str]:
    """Markdown typed by the office, with its headings pushed below the document's own (## and ###)."""
    out = [_HEADING.sub("#### ", line) for line in (text or "").strip().splitlines()]
    return out + [""] if out else []


def _people(data: MinutesExport, key: str, names: list[str]) -> list[str]:
    lines = [f"### {md_text(data.label(key))} ({len(names)})", ""]
    lines += [f"- {md_text(name)}" for name in names] or [md_text(data.label("nobody"))]
    return lines + [""]


def minutes_to_markdown(data: MinutesExport) -> str:
    """The whole verbale: facts first (when, where, who), then each item's summary, decisions, next meeting."""
    facts = [(data.label("meeting"), data.meeting), (data.label("group"), data.group),
             (data.label("date"), data.date), (data.label("time"), data.time), (data.label("place"), data.place),
             (data.label("status"), data.status)]
    lines = [f"- **{md_text(label)}:** {md_text(value)}" for label, value in facts if value]
    lines.append("")
    lines += [f"## {md_text(data.label('present'))} / {md_text(data.label('absent'))}", "",
              md_text(data.label("counts") % {"present": len(data.present), "absent": len(data.absent)}), ""]
    lines += _people(data, "present", data.present) + _people(data, "absent", data.absent)
    if data.summary.strip():
        lines += [f"## {md_text(data.label('summary'))}", ""] + _markdown_block(data.summary)
    if data.sections:
        lines += [f"## {md_text(data.label('agenda'))}", ""]
        for number, section in enumerate(data.sections, start=1):
            when = f" ({md_text(section.time)})" if section.time else ""
            lines += [f"### {number}. {md_text(section.title)}{when}", ""] + _markdown_block(section.summary)
    if data.decisions.strip():
        lines += [f"## {md_text(data.label('decisions'))}", ""] + _markdown_block(data.decisions)
    if data.next_meeting.strip():
        lines += [f"## {md_text(data.label('next_meeting'))}", ""] + _markdown_block(data.next_meeting)
    return "\n".join(lines).rstrip() + "\n"
