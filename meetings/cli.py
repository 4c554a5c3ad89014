"""`pdz meetings ...`: meetings from the command line (a scheduler runs `pdz meetings remind` daily)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.cli_helpers import warn_unused_base_url
from app.extensions import db
from app.urls import public_request_context

from .reminders import meetings_to_remind, remind as remind_meeting


@click.group("meetings")
def meetings():
    """Meetings: reminders to the people registered."""


@meetings.command("remind")
@click.option("--base-url", hidden=True, help="No longer used: the links take PDZ_BASE_URL.")
@with_appcontext
def remind(base_url):
    """E-mail everyone with a confirmed registration to a meeting that starts tomorrow.

    Each meeting is reminded once (its reminder_sent_at is set), so running it again the same day, or
    every hour, sends nothing more. Run it every day from cron, e.g.:

    \b
        0 9 * * *  cd /srv/pdz && pdz meetings remind
    """
    warn_unused_base_url(base_url)
    total = 0
    with public_request_context():   # the links take PDZ_BASE_URL
        for meeting in meetings_to_remind():
            sent = remind_meeting(meeting)
            db.session.commit()
            total += sent
            click.echo(f"{meeting.district.slug} · {meeting.title} ({meeting.starts_at:%d/%m/%Y %H:%M}): "
                       f"{sent} reminders")
    click.echo(f"Reminders sent: {total}")
