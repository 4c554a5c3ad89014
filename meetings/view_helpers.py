"""What the meeting pages of the planning office share: a meeting's address, its management page and the
links on it to the other meeting pages (registrations, check-in, minutes), which those pages register."""
from __future__ import annotations

import plotly
from flask import render_template, url_for

from app.view_helpers import may_open

from . import charts, services
from .models import Meeting

# (order, (endpoint taking meeting_id, label)): a link shows when its endpoint exists and the user may
# open it.
MEETING_LINKS: list[tuple[int, tuple[str, object]]] = []


def register_meeting_link(endpoint: str, label, *, order: int) -> None:
    MEETING_LINKS.append((order, (endpoint, label)))


def meeting_links() -> list[tuple[str, object]]:
    return [link for _order, link in sorted(MEETING_LINKS, key=lambda pair: pair[0])]


def meeting_url(meeting: Meeting, anchor: str | None = None) -> str:
    return url_for("meetings.meeting", meeting_id=meeting.id, _anchor=anchor)


def plotly_url() -> str:
    return url_for("chart_assets.plotly_js", version=plotly.__version__)


def meeting_page(meeting: Meeting, attachment_form):
    """The meeting's management page, with `attachment_form` (empty, or refused with its errors)."""
    links = [(label, url_for(endpoint, meeting_id=meeting.id)) for endpoint, label in meeting_links()
             if may_open(endpoint)]
    return render_template("meetings/office/meeting.html", meeting=meeting, attachment_form=attachment_form,
                           counts=services.registration_counts(meeting), links=links,
                           participants=charts.participants_chart(
                               services.participants_by_organization_type([meeting])),
                           plotly_url=plotly_url())
