"""The planning office's side of meeting registrations: the list with filters and search, registering, moving
and cancelling people within the places, closing registrations, the CSV export, and the retention purge."""
from __future__ import annotations

from datetime import datetime, timedelta

from app import privacy
from app.extensions import db
from app.models import Role
from meetings import registrations
from meetings.models import RegistrationSource, RegistrationStatus
from tests.conftest import login
from tests.test_meeting_registration import meeting  # noqa: F401  (a fixture)
from tests.test_meeting_registration import office_url, registration_of, sign_up, taken


def test_only_the_planning_office_sees_the_registrations(client, meeting, make_user, district):
    sign_up(meeting, "secret@example.org")
    assert client.get(office_url(meeting)).status_code == 302          # to the login page
    for role in (Role.FACILITATOR, Role.REFERENT):
        other = make_user(f"{role.value}@example.org", role, district)
        login(client, other)
        assert client.get(office_url(meeting)).status_code == 403
        assert client.get(office_url(meeting).rstrip("/") + ".csv").status_code == 403
        client.post("/logout")


def test_the_office_lists_filters_searches_and_pages(as_office, meeting):
    for number in range(30):
        sign_up(meeting, f"person{number:02d}@example.org", slot=number % 2)
    page = as_office.get(office_url(meeting)).get_data(as_text=True)
    assert page.count('id="registration-') == 25 and "page=2" in page
    slot = meeting.time_slots[1]
    filtered = as_office.get(office_url(meeting), query_string={"slot": slot.id, "status": "confirmed"})
    assert filtered.get_data(as_text=True).count('id="registration-') == 2        # capacity 2 per slot
    found = as_office.get(office_url(meeting), query_string={"q": "person07"}).get_data(as_text=True)
    assert found.count('id="registration-') == 1 and "person07@example.org" in found
    empty = as_office.get(office_url(meeting), query_string={"q": "%"}).get_data(as_text=True)
    assert 'id="registration-' not in empty


def test_the_office_registers_someone_confirmed_at_once(as_office, meeting):
    response = as_office.post(office_url(meeting, "nuova"), data={
        "name": "Mario Bianchi", "email": "mario@example.org", "organization": "", "organization_type": "",
        "working_group": meeting.working_groups[1].id, "time_slot": meeting.time_slots[1].id})
    assert response.status_code == 302
    registration = registration_of("mario@example.org")
    assert registration.status == RegistrationStatus.CONFIRMED and registration.source == RegistrationSource.OFFICE
    assert taken(meeting.time_slots[1]) == 1


def test_the_office_cannot_overbook_but_may_use_the_waiting_list(as_office, meeting):
    sign_up(meeting, "a@example.org")
    sign_up(meeting, "b@example.org")
    data = {"name": "C", "email": "c@example.org", "working_group": meeting.working_groups[0].id,
            "time_slot": meeting.time_slots[0].id}
    refused = as_office.post(office_url(meeting, "nuova"), data=data)
    assert refused.status_code == 422 and "piena" in refused.get_data(as_text=True)
    assert registration_of("c@example.org") is None
    assert as_office.post(office_url(meeting, "nuova"), data={**data, "join_waitlist": "y"}).status_code == 302
    assert registration_of("c@example.org").status == RegistrationStatus.WAITLISTED


def test_the_office_moves_a_registration_respecting_capacity(as_office, meeting):
    a = sign_up(meeting, "a@example.org", slot=0)
    sign_up(meeting, "b@example.org", slot=1)
    sign_up(meeting, "c@example.org", slot=1)
    move = f"/gestione/{meeting.district.slug}/iscrizioni/{a.id}/sposta"
    full = as_office.post(move, data={"working_group": meeting.working_groups[0].id,
                                      "time_slot": meeting.time_slots[1].id})
    assert full.status_code == 422 and [taken(s) for s in meeting.time_slots] == [1, 2]
    assert as_office.post(move, data={"working_group": meeting.working_groups[1].id,
                                      "time_slot": meeting.time_slots[0].id}).status_code == 302
    assert [taken(g) for g in meeting.working_groups] == [2, 1]   # a moved from group 0 to group 1


def test_the_office_cancels_after_confirming_and_the_waiting_list_moves(as_office, meeting):
    a = sign_up(meeting, "a@example.org")
    sign_up(meeting, "b@example.org")
    waiting = sign_up(meeting, "w@example.org")
    url = f"/gestione/{meeting.district.slug}/iscrizioni/{a.id}/annulla"
    assert as_office.get(url).status_code == 200 and registration_of("a@example.org").status == HOLD
    assert as_office.post(url).status_code == 302
    db.session.refresh(waiting)
    assert waiting.status == RegistrationStatus.CONFIRMED


HOLD = RegistrationStatus.CONFIRMED


def test_the_office_closes_and_reopens_registrations(as_office, client, meeting):
    assert as_office.post(office_url(meeting, "apertura"), data={"open": "0"}).status_code == 302
    db.session.refresh(meeting)
    assert not meeting.registration_open
    assert "chiuse" in client.get(f"/incontri/{meeting.id}/iscrizione").get_data(as_text=True)
    as_office.post(office_url(meeting, "apertura"), data={"open": "1"})
    db.session.refresh(meeting)
    assert meeting.registration_open


def test_the_csv_export_neutralises_formulas(as_office, meeting):
    registrations.register(meeting, name="=HYPERLINK(\"http://evil\")", email="x@example.org",
                           source=RegistrationSource.OFFICE, notify=False)
    db.session.commit()
    response = as_office.get(office_url(meeting).rstrip("/") + ".csv")
    body = response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and "'=HYPERLINK" in body and "\n=HYPERLINK" not in body


def test_unconfirmed_sign_ups_are_purged_after_the_retention_period(meeting):
    old = sign_up(meeting, "old@example.org", confirm=False)
    sign_up(meeting, "new@example.org", confirm=False)
    kept = sign_up(meeting, "kept@example.org")
    old.consent_at = old.created_at = datetime.utcnow() - timedelta(days=31)
    db.session.commit()
    assert privacy.purge_expired()["meeting_registrations"] == 1
    db.session.commit()
    assert registration_of("old@example.org") is None
    assert registration_of("new@example.org") is not None and kept.status == RegistrationStatus.CONFIRMED
