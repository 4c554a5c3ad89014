"""Places under concurrent load: many people confirming at the same moment, each request in its own thread,
app context, session and database connection, never get more places than the slot has.

Meaningful on PostgreSQL (concurrent writers, row locks); on SQLite writers queue on the database lock, so
the same test only shows that nothing breaks there."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from app.extensions import db
from meetings import registrations
from meetings.models import Registration, RegistrationStatus
from tests.conftest import DATABASE_URL
from tests.test_meeting_registration import make_meeting

pytestmark = pytest.mark.skipif(not DATABASE_URL, reason="concurrent writers need PostgreSQL")

CAPACITY = 5
PEOPLE = 24


def pending(meeting, count, *, group=0, slot=0) -> list[str]:
    tokens = []
    for number in range(count):
        signup = registrations.register(meeting, name=f"Persona {number}", email=f"p{number}@example.org",
                                        working_group=meeting.working_groups[group],
                                        time_slot=meeting.time_slots[slot], join_waitlist=True, notify=False)
        tokens.append(signup.registration.token)
    db.session.commit()
    return tokens


def in_parallel(app, paths: list[str]) -> list[int]:
    def post(path):
        return app.test_client().post(path).status_code
    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(post, paths))


def counts(meeting) -> dict:
    db.session.expire_all()
    rows = db.session.execute(db.select(Registration.status, db.func.count()).where(
        Registration.meeting_id == meeting.id).group_by(Registration.status)).all()
    return {status: number for status, number in rows}


def test_parallel_confirmations_never_exceed_the_capacity(app, district):
    meeting = make_meeting(district, slot_capacity=CAPACITY, group_capacity=CAPACITY + 2)
    tokens = pending(meeting, PEOPLE)
    statuses = in_parallel(app, [f"/iscrizioni/{t}/conferma" for t in tokens])
    assert set(statuses) == {302}, statuses
    by_status = counts(meeting)
    assert by_status[RegistrationStatus.CONFIRMED] == CAPACITY
    assert by_status[RegistrationStatus.WAITLISTED] == PEOPLE - CAPACITY
    slot, group = meeting.time_slots[0], meeting.working_groups[0]
    assert (slot.taken, group.taken) == (CAPACITY, CAPACITY)


def test_parallel_cancellations_and_confirmations_keep_the_count_exact(app, district):
    meeting = make_meeting(district, slot_capacity=CAPACITY)
    holders = pending(meeting, CAPACITY)
    for token in holders:
        registrations.confirm(registrations.by_token(token), notify=False)
    db.session.commit()
    newcomers = [t for t in pending(meeting, PEOPLE)[CAPACITY:]]
    paths = [f"/iscrizioni/{t}/annulla" for t in holders[:3]] + [f"/iscrizioni/{t}/conferma" for t in newcomers]
    statuses = in_parallel(app, paths)
    assert set(statuses) == {302}, statuses
    by_status = counts(meeting)
    assert by_status[RegistrationStatus.CONFIRMED] == CAPACITY == meeting.time_slots[0].taken
    assert by_status[RegistrationStatus.CANCELLED] == 3


def test_one_person_clicking_confirm_many_times_at_once_takes_one_place(app, district):
    meeting = make_meeting(district, slot_capacity=CAPACITY)
    token = pending(meeting, 1)[0]
    statuses = in_parallel(app, [f"/iscrizioni/{token}/conferma"] * 16)
    assert set(statuses) == {302}, statuses
    assert meeting.time_slots[0].taken == 1 and counts(meeting) == {RegistrationStatus.CONFIRMED: 1}


def test_the_same_form_sent_many_times_at_once_makes_one_registration(app, district):
    from tests.test_meeting_registration import form_data
    meeting = make_meeting(district, slot_capacity=CAPACITY)
    data = form_data(meeting, "twice@example.org")

    def post(_):
        return app.test_client().post(f"/incontri/{meeting.id}/iscrizione", data=data).status_code
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(post, range(16)))
    assert set(statuses) == {302}, statuses
    assert db.session.scalar(db.select(db.func.count()).select_from(Registration)) == 1
