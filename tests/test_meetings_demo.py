"""The demo's meetings: the 9 April 2015 open meeting as the sample file has it, a full slot with a
waiting list, an upcoming meeting where registration can be tried, and published approved minutes."""
from __future__ import annotations

from datetime import date, datetime

from app.extensions import db
from app.plans import sample_data
from meetings import demo
from meetings.models import Meeting, MinutesStatus, Registration, RegistrationStatus


def _load(plan):
    from focus_groups.demo import load_demo_focus
    load_demo_focus(plan)
    meetings = demo.load_demo_meetings(plan, today=date(2030, 1, 10))
    db.session.commit()
    return meetings


def test_the_open_meeting_of_9_april_2015_has_the_sample_agenda_groups_and_slots(plan):
    open_meeting, _second, _minutes = _load(plan)
    agenda = sample_data()["next_plan"]["open_meeting_agenda"]
    assert open_meeting.starts_at == datetime(2015, 4, 9, 9, 30)
    timed = [(i.starts_at.strftime("%H:%M"), i.title) for i in open_meeting.agenda]
    assert timed == [tuple(row) for row in agenda]
    assert [g.area.name for g in open_meeting.working_groups] == [a.name for a in plan.areas]
    linked = [g for g in open_meeting.working_groups if g.focus_group is not None]
    assert [g.name for g in linked] == ["Modello organizzativo"]
    assert [str(s) for s in open_meeting.time_slots] == ["15:00–17:00", "17:15–19:15"]


def test_one_slot_is_full_and_people_wait_with_counters_matching_the_registrations(plan):
    open_meeting, second, _minutes = _load(plan)
    for meeting in (open_meeting, second):
        full, roomy = meeting.time_slots
        assert full.is_full and not roomy.is_full
        statuses = [r.status for r in meeting.registrations]
        assert RegistrationStatus.WAITLISTED in statuses
        for row in [*meeting.time_slots, *meeting.working_groups]:
            holders = [r for r in meeting.registrations if r.status == RegistrationStatus.CONFIRMED
                       and row in (r.time_slot, r.working_group)]
            assert row.taken == len(holders), row
    assert len(open_meeting.registrations) == 12


def test_the_upcoming_meeting_takes_registrations(plan):
    from meetings.registrations import registration_closed_reason
    _open, second, _minutes = _load(plan)
    assert second.starts_at.date() == date(2030, 1, 31)
    assert registration_closed_reason(second, now=datetime(2030, 1, 10, 12)) is None


def test_the_2014_working_group_meeting_has_approved_published_minutes(plan):
    _open, _second, meeting = _load(plan)
    [minutes] = meeting.minutes
    assert minutes.status == MinutesStatus.APPROVED and minutes.is_published
    assert len(minutes.present.splitlines()) == 15 and len(minutes.absent.splitlines()) == 4
    assert [r.present for r in meeting.registrations].count(False) == 4
    assert len(minutes.items) == 3 and "Oratorio di San Bartolomeo" in minutes.next_meeting


def test_loading_twice_changes_nothing(plan):
    _load(plan)
    before = (db.session.query(Meeting).count(), db.session.query(Registration).count())
    _load(plan)
    assert (db.session.query(Meeting).count(), db.session.query(Registration).count()) == before == (3, 36)


def test_in_the_demo_a_full_slot_means_the_waiting_list_and_a_cancellation_moves_up(app, plan):
    from app import mail
    from meetings import registrations
    _open, second, _minutes = _load(plan)
    full = second.time_slots[0]
    with app.test_request_context():
        signup = registrations.register(second, name="Nuova Persona", email="nuova@example.org",
                                        organization_name="Comune di Crema", time_slot=full,
                                        join_waitlist=True)
        registrations.confirm(signup.registration)
        db.session.commit()
        assert signup.registration.status == RegistrationStatus.WAITLISTED
        holder = next(r for r in second.registrations
                      if r.time_slot_id == full.id and r.status == RegistrationStatus.CONFIRMED)
        moved_up = registrations.cancel(holder, notify=False)
        db.session.commit()
    # The person waiting since the demo moves up first and is told; the newcomer still waits, in line.
    [first_in_line] = moved_up
    assert first_in_line.status == RegistrationStatus.CONFIRMED
    assert first_in_line.email != "nuova@example.org"
    assert signup.registration.status == RegistrationStatus.WAITLISTED and full.taken == full.capacity
    assert [m.to for m in mail.outbox()].count(first_in_line.email) == 1
