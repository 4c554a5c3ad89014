"""The reminder e-mail the day before a meeting: to confirmed registrations only, once per meeting."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app import mail
from app.audit import actor_name
from app.cli import main
from app.extensions import db
from meetings import reminders, services
from meetings.models import RegistrationStatus
from tests.test_meetings import make_meeting, register


@pytest.fixture
def tomorrow_meeting(district):
    tomorrow = services.local_now().date() + timedelta(days=1)
    meeting = make_meeting(district, title="Gruppo Modello organizzativo",
                           starts_at=datetime.combine(tomorrow, datetime.min.time()).replace(hour=15),
                           ends_at=datetime.combine(tomorrow, datetime.min.time()).replace(hour=17))
    register(meeting, "anna@example.org", name="Anna")
    register(meeting, "bruno@example.org", name="Bruno")
    register(meeting, "carla@example.org", status=RegistrationStatus.WAITLISTED)
    register(meeting, "dario@example.org", status=RegistrationStatus.PENDING)
    register(meeting, "elena@example.org", status=RegistrationStatus.CANCELLED)
    return meeting


@pytest.fixture
def pdz(app):
    token = actor_name.set("system")
    runner = app.test_cli_runner()
    yield lambda *args: runner.invoke(main, list(args))
    actor_name.reset(token)


def test_the_meetings_of_tomorrow_only_are_due(district, tomorrow_meeting):
    make_meeting(district, title="Dopodomani", starts_at=tomorrow_meeting.starts_at + timedelta(days=1),
                 ends_at=tomorrow_meeting.ends_at + timedelta(days=1))
    make_meeting(district, title="Oggi", starts_at=tomorrow_meeting.starts_at - timedelta(days=1),
                 ends_at=tomorrow_meeting.ends_at - timedelta(days=1))
    assert [m.title for m in reminders.meetings_to_remind()] == ["Gruppo Modello organizzativo"]


def test_pdz_meetings_remind_writes_to_confirmed_people_once(pdz, tomorrow_meeting):
    result = pdz("meetings", "remind")
    assert result.exit_code == 0, result.output
    assert "Reminders sent: 2" in result.output
    messages = mail.outbox()
    assert sorted(m.to for m in messages) == ["anna@example.org", "bruno@example.org"]
    body = next(m for m in messages if m.to == "anna@example.org").body
    assert "Anna" in body and "Gruppo Modello organizzativo" in body
    assert f"http://pdz.test/incontri/{tomorrow_meeting.id}.ics" in body   # calendar, at PDZ_BASE_URL
    assert "http://pdz.test/iscrizioni/" in body                           # the link to cancel
    db.session.refresh(tomorrow_meeting)
    assert tomorrow_meeting.reminder_sent_at is not None
    again = pdz("meetings", "remind")
    assert "Reminders sent: 0" in again.output and len(mail.outbox()) == 2


def test_an_old_crontab_with_base_url_still_runs_and_the_links_take_the_public_address(pdz, tomorrow_meeting):
    result = pdz("meetings", "remind", "--base-url", "https://elsewhere.example")
    assert result.exit_code == 0 and "Reminders sent: 2" in result.output
    body = mail.outbox()[0].body
    assert "http://pdz.test/iscrizioni/" in body and "elsewhere.example" not in body


def test_a_meeting_claimed_by_another_run_is_not_reminded_twice(app, tomorrow_meeting):
    with app.test_request_context():
        stale = reminders.meetings_to_remind()
        assert reminders.remind(stale[0]) == 2
        db.session.commit()
        assert reminders.remind(stale[0]) == 0   # a second run that listed it before the first committed
        db.session.commit()
    assert len(mail.outbox()) == 2


def test_nothing_is_sent_when_the_run_rolls_back(app, tomorrow_meeting):
    with app.test_request_context():
        reminders.send_reminders()
        db.session.rollback()
    assert mail.outbox() == []
    db.session.refresh(tomorrow_meeting)
    assert tomorrow_meeting.reminder_sent_at is None


def test_the_cron_line_is_in_the_help(pdz):
    assert "0 9 * * *" in pdz("meetings", "remind", "--help").output
