"""The demo's meetings replay the 2015 cycle as the sources tell it (the 9 April open meeting at the Centro San
Luigi with its programme and project groups, the 2 April focus group with its two slots, the 2014 minutes in
Italian with their real dates), plus one upcoming meeting - on a weekday - where a full slot and the waiting
list can be tried."""
from __future__ import annotations

from datetime import date, datetime

from app.extensions import db
from meetings import demo
from meetings.models import Meeting, MinutesStatus, Registration, RegistrationStatus


def _load(plan, today=date(2030, 1, 10)):
    meetings = demo.load_demo_meetings(plan, today=today)
    db.session.commit()
    return meetings


def test_the_open_meeting_of_9_april_2015_is_as_announced(plan):
    _first, open_meeting, _focus, _trial, _minutes = _load(plan)
    assert (open_meeting.place, open_meeting.address) == ("Centro San Luigi", "Via Bottesini, Crema")
    assert (open_meeting.starts_at, open_meeting.ends_at) == (datetime(2015, 4, 9, 9, 30), datetime(2015, 4, 9, 16, 30))
    assert [i.starts_at.strftime("%H:%M") for i in open_meeting.agenda] == [
        "09:30", "10:00", "10:45", "11:30", "12:15", "13:00", "14:00", "14:30", "16:30"]
    assert [g.name for g in open_meeting.working_groups] == [
        "PATTI GENER-ATTIVI", "LABORATORI DI COMUNITA'", "INCROCI DI COMUNITA' CIVIC CENTRE"]
    assert open_meeting.time_slots == [] and open_meeting.registrations == []   # attendance was not published


def test_the_first_open_meeting_has_its_day_and_place_and_says_its_hours_were_not_announced(plan, client):
    first, *_others = _load(plan)
    assert (first.starts_at.date(), first.time_known) == (date(2015, 3, 5), False)
    assert "Filanda" in first.place and first.address == "Soncino"
    page = client.get(f"/incontri/{first.id}").get_data(as_text=True)
    assert "5 marzo 2015" in page and "orario non comunicato" in page and "00:00" not in page
    ics = client.get(f"/incontri/{first.id}.ics").get_data(as_text=True)
    assert "DTSTART;VALUE=DATE:20150305" in ics and "DTEND;VALUE=DATE:20150306" in ics


def test_the_focus_group_of_2_april_has_its_two_slots(plan):
    _first, _open, focus, _trial, _minutes = _load(plan)
    assert focus.starts_at.date() == date(2015, 4, 2) and "via Manini" in focus.place
    assert [str(s) for s in focus.time_slots] == ["15:00–17:00", "17:15–19:15"]
    assert focus.agenda[0].area.name == "Lavoro di comunità"


def test_the_trial_meeting_is_upcoming_on_a_weekday_with_a_full_slot_and_a_waiting_list(plan):
    from meetings.registrations import registration_closed_reason
    _first, _open, _focus, trial, _minutes = _load(plan, today=date(2030, 1, 5))     # + 21 days is a Saturday
    assert trial.starts_at.date() == date(2030, 1, 28) and trial.starts_at.weekday() == 0
    assert registration_closed_reason(trial, now=datetime(2030, 1, 10, 12)) is None
    full, roomy = trial.time_slots
    assert full.is_full and not roomy.is_full
    assert [r.status for r in trial.registrations].count(RegistrationStatus.WAITLISTED) == 1
    for slot in trial.time_slots:
        holders = [r for r in trial.registrations if r.status == RegistrationStatus.CONFIRMED and r.time_slot == slot]
        assert slot.taken == len(holders)
    assert all(r.name.startswith("Partecipante ") for r in trial.registrations)   # placeholders, not people


def test_the_2014_minutes_are_in_italian_with_their_real_dates(plan):
    *_others, meeting = _load(plan)
    [minutes] = meeting.minutes
    assert minutes.status == MinutesStatus.APPROVED and minutes.is_published
    assert minutes.approved_at.date() == date(2014, 4, 14) and minutes.created_at.date() == date(2014, 4, 14)
    assert "medio-lungo periodo" in minutes.summary and "Processi family friendly" in minutes.summary
    assert [i.title for i in minutes.items] == ["Pista di lavoro a)", "Pista di lavoro b)", "Pista di lavoro c)"]
    assert "mondo profit" in minutes.items[0].summary and minutes.items[0].input.startswith("concretizzare")
    assert all(item.owner == meeting.title for item in minutes.items)
    assert [item.is_open for item in minutes.items] == [True, True, False]    # c) says no next step
    assert "accompagnamento Cariplo" in minutes.items[0].next_step
    assert len(minutes.present.splitlines()) == 15 and len(minutes.absent.splitlines()) == 4
    present = [r for r in meeting.registrations if r.present]
    assert len(present) == 15 and all(r.checked_in_at for r in present)
    assert not any(r.checked_in_at for r in meeting.registrations if not r.present)
    from meetings.services import participants_by_organization_type
    assert sum(n for _kind, n in participants_by_organization_type([meeting])) == 15      # the absent not counted
    assert "Oratorio di San Bartolomeo" in minutes.next_meeting


def test_loading_twice_changes_nothing(plan):
    _load(plan)
    before = (db.session.query(Meeting).count(), db.session.query(Registration).count())
    _load(plan)
    assert (db.session.query(Meeting).count(), db.session.query(Registration).count()) == before == (5, 24)


def test_in_the_demo_a_full_slot_means_the_waiting_list_and_a_cancellation_moves_up(app, plan):
    from app import mail
    from meetings import registrations
    _first, _open, _focus, trial, _minutes = _load(plan)
    full = trial.time_slots[0]
    with app.test_request_context():
        signup = registrations.register(trial, name="Nuova Persona", email="nuova@example.org",
                                        organization_name="Comune di Crema", time_slot=full,
                                        join_waitlist=True)
        registrations.confirm(signup.registration)
        db.session.commit()
        assert signup.registration.status == RegistrationStatus.WAITLISTED
        holder = next(r for r in trial.registrations
                      if r.time_slot_id == full.id and r.status == RegistrationStatus.CONFIRMED)
        moved_up = registrations.cancel(holder, notify=False)
        db.session.commit()
    # The person waiting since the demo moves up first and is told; the newcomer still waits, in line.
    [first_in_line] = moved_up
    assert first_in_line.status == RegistrationStatus.CONFIRMED
    assert first_in_line.email != "nuova@example.org"
    assert signup.registration.status == RegistrationStatus.WAITLISTED and full.taken == full.capacity
    assert [m.to for m in mail.outbox()].count(first_in_line.email) == 1


def test_a_replayed_synthesis_says_how_the_cycle_went_on_after_the_group_met(plan):
    from focus_groups.demo import load_demo_focus_groups
    from posts.synthesis_data import for_focus_group
    _load(plan)
    comunita = next(f for f in load_demo_focus_groups(plan) if f.title == "Lavoro di comunità")
    nexts = for_focus_group(comunita).next_meetings
    assert [m.starts_at.date() for m in nexts] == [date(2015, 4, 2), date(2015, 4, 9)]   # not the trial meeting


def test_the_2014_design_group_stands_with_its_roster_of_nineteen_and_the_2015_project_groups(plan):
    from meetings import standing
    from meetings.standing_models import StandingGroup
    *_others, meeting = _load(plan)
    group = meeting.standing_group
    assert group.name == meeting.title and len(group.roster) == 19 and group.coordinator == group.roster[0]
    assert all(member.name.startswith("Partecipante ") for member in group.roster)     # placeholders
    assert standing.attendance_counts(meeting) == (15, 4)
    assert all(r.roster_member_id for r in meeting.registrations)
    assert [item.title for item in standing.open_items(group)] == ["Pista di lavoro a)", "Pista di lavoro b)"]
    names = set(db.session.scalars(db.select(StandingGroup.name).filter_by(district_id=plan.district_id)))
    assert {"PATTI GENER-ATTIVI", "LABORATORI DI COMUNITA'", "INCROCI DI COMUNITA' CIVIC CENTRE"} <= names
