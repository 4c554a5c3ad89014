"""`pdz meetings ...`: meetings from the command line (a scheduler runs `pdz meetings remind` daily)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext


@click.group("meetings")
def meetings():
    """Meetings: reminders to the people registered."""


@meetings.command("remind")
@click.option("--base-url", default="http://localhost:8000", show_default=True,
              help="Address used in the links.")
@with_appcontext
def remind(base_url):
    """E-mail everyone with a confirmed registration to a meeting that starts tomorrow.

    Each meeting is reminded once (its reminder_sent_at is set), so running it again the same day, or
    every hour, sends nothing more. Run it every day from cron, e.g.:

    \b
        0 9 * * *  cd /srv/pdz && pdz meetings remind --base-url https://pdz.example.org
    """
    from app.extensions import db

    from .reminders import meetings_to_remind, remind as remind_meeting

    total = 0
    with current_app.test_request_context(base_url=base_url):
        for meeting in meetings_to_remind():
            sent = remind_meeting(meeting)
            db.session.commit()
            total += sent
            click.echo(f"{meeting.district.slug} · {meeting.title} ({meeting.starts_at:%d/%m/%Y %H:%M}): "
                       f"{sent} reminders")
    click.echo(f"Reminders sent: {total}")
