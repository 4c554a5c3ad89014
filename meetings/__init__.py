"""Open meetings and working groups: agenda, attachments, groups and time slots, registrations, minutes."""
from app import registry

from . import cli, minutes_views, privacy, public_views, registration_office, registration_views, views
from . import worklist  # noqa: F401 (registers what waits for the planning office)
from .demo import load_demo_meetings


def register() -> None:
    """Plug meetings into the shell (app/features.py calls this)."""
    registry.add_blueprint(public_views.bp)          # the public calendar, meeting pages, .ics feeds
    registry.add_blueprint(registration_views.bp)    # sign-up, and each person's own registration page
    registry.add_blueprint(minutes_views.public_bp)  # approved minutes of public meetings
    registry.add_blueprint(views.bp, "/gestione")    # agenda, attachments, working groups, time slots
    registry.add_blueprint(registration_office.bp, "/gestione")   # registrations, check-in, sign-in sheet
    registry.add_blueprint(minutes_views.bp, "/gestione")         # minutes: written, approved, exported
    registry.add_command(cli.meetings)   # pdz meetings remind
    privacy.register()
    registry.add_demo_seed("meetings", lambda plan, **_accounts: load_demo_meetings(plan))
