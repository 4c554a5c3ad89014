"""The public calendar: upcoming list, month view, meeting pages, iCalendar feeds; invite-only meetings never
appear. The calendar module is pure and tested without Flask first."""
from __future__ import annotations

from datetime import date, datetime, timezone

import icalendar
import pytest

from app.extensions import db
from meetings import calendar, services
from tests.test_meetings import PDF, _upload, make_meeting

# --- pure -------------------------------------------------------------------------------------------------


def test_the_month_grid_starts_on_monday_and_fills_whole_weeks():
    weeks = calendar.month_grid(2015, 4, {date(2015, 4, 9): ["incontro"]})
    assert weeks[0][0].day == date(2015, 3, 30) and not weeks[0][0].in_month   # 1 April 2015 was a Wednesday
    assert all(len(week) == 7 for week in weeks) and weeks[-1][-1].day == date(2015, 5, 3)
    ninth = next(d for week in weeks for d in week if d.day == date(2015, 4, 9))
    assert ninth.items == ["incontro"] and ninth.in_month


@pytest.mark.parametrize("year,month,delta,expected", [(2015, 12, 1, (2016, 1)), (2015, 1, -1, (2014, 12)),
                                                       (2015, 4, 0, (2015, 4)), (2015, 11, 14, (2017, 1))])
def test_months_shift_across_years(year, month, delta, expected):
    assert calendar.shift_month(year, month, delta) == expected


def test_an_ics_has_one_event_per_meeting_in_rome_time_with_stable_uids():
    events = [calendar.Event(uid="meeting-1@pdz.test", title="Incontro aperto",
                             starts_at=datetime(2015, 4, 9, 9, 30), ends_at=datetime(2015, 4, 9, 16, 30),
                             location="Sala, Crema", description="Ordine", url="https://pdz.test/incontri/1"),
              calendar.Event(uid="meeting-2@pdz.test", title="Gruppo", starts_at=datetime(2015, 1, 15, 15),
                             ends_at=datetime(2015, 1, 15, 17))]
    now = datetime(2015, 3, 1, 12, tzinfo=timezone.utc)
    payload = calendar.build_ics(events, name="Incontri", now=now)
    assert payload == calendar.build_ics(events, name="Incontri", now=now)   # same data, same bytes
    parsed = icalendar.Calendar.from_ical(payload)
    assert parsed["VERSION"] == "2.0" and parsed["PRODID"]
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/Rome"]
    first, second = parsed.walk("VEVENT")
    assert first["UID"] == "meeting-1@pdz.test" and first["SUMMARY"] == "Incontro aperto"
    assert first["DTSTAMP"].dt == now
    start = first["DTSTART"].dt
    assert start.tzinfo is not None and str(start.tzinfo) == "Europe/Rome"
    assert start.astimezone(timezone.utc) == datetime(2015, 4, 9, 7, 30, tzinfo=timezone.utc)   # summer time
    assert second["DTSTART"].dt.astimezone(timezone.utc).hour == 14                            # winter time
    assert first["LOCATION"] == "Sala, Crema" and first["URL"] == "https://pdz.test/incontri/1"
    assert "LOCATION" not in second


# --- pages ------------------------------------------------------------------------------------------------

@pytest.fixture
def meetings(district, plan):
    """A public meeting with agenda, groups, a slot and an attachment; an invite-only one; a past one."""
    open_meeting = make_meeting(district, plan, title="Incontro aperto", address="Piazza Duomo 25, Crema")
    services.add_agenda_item(open_meeting, starts_at=datetime(2035, 1, 1, 9, 30).time(),
                             title="Avvio dei lavori", speaker="Ufficio di Piano", area=None)
    group = services.add_working_group(open_meeting, name="Modello organizzativo", area=None,
                                       focus_group=None, capacity=3)
    group.taken = 3
    services.add_time_slot(open_meeting, starts_at=datetime(2035, 4, 9, 15), ends_at=datetime(2035, 4, 9, 17),
                           capacity=10)
    services.add_attachment(open_meeting, _upload(PDF, "ordine.pdf"), "Ordine del giorno")
    secret = make_meeting(district, title="Riunione riservata", is_public=False)
    past = make_meeting(district, title="Incontro 2014", starts_at=datetime(2014, 4, 9, 14, 30),
                        ends_at=datetime(2014, 4, 9, 16, 40))
    db.session.commit()
    return open_meeting, secret, past


def test_the_public_list_shows_upcoming_public_meetings_first(client, meetings):
    page = client.get("/incontri").get_data(as_text=True)
    assert ">Incontro aperto</a>" in page and "Riunione riservata" not in page and "Incontro 2014" not in page
    past = client.get("/incontri?quando=passati").get_data(as_text=True)
    assert ">Incontro 2014</a>" in past and ">Incontro aperto</a>" not in past


def test_the_public_list_is_paginated(client, district):
    for n in range(12):
        make_meeting(district, title=f"Incontro {n:02d}", starts_at=datetime(2035, 5, 1 + n, 10),
                     ends_at=datetime(2035, 5, 1 + n, 12))
    first = client.get("/incontri").get_data(as_text=True)
    assert "Incontro 00" in first and "Incontro 11" not in first
    assert "Incontro 11" in client.get("/incontri?page=2").get_data(as_text=True)


def test_the_month_view_is_a_table_with_the_meetings_of_that_month(client, meetings):
    response = client.get("/incontri/mese/2035/4")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and '<table class="table table-bordered pdz-month"' in page
    assert "09:30 Incontro aperto" in page and "Riunione riservata" not in page
    assert 'href="/incontri/mese/2035/3"' in page and 'href="/incontri/mese/2035/5"' in page
    assert page.count('scope="col"') == 7
    empty = client.get("/incontri/mese/2035/6").get_data(as_text=True)
    assert "Incontro aperto" not in empty


def test_impossible_months_are_not_found(client):
    assert client.get("/incontri/mese/2015/13").status_code == 404
    assert client.get("/incontri/mese/2015/0").status_code == 404


def test_this_month_redirects_to_the_current_month(client):
    today = services.local_now()
    location = client.get("/incontri/mese").headers["Location"]
    assert location.endswith(f"/incontri/mese/{today.year}/{today.month}")


def test_the_meeting_page_has_agenda_place_groups_with_places_left_and_documents(client, meetings):
    open_meeting, _secret, _past = meetings
    page = client.get(f"/incontri/{open_meeting.id}").get_data(as_text=True)
    for text in ["Incontro aperto", "Avvio dei lavori", "Ufficio di Piano", "Piazza Duomo 25, Crema",
                 "Modello organizzativo", "Ordine del giorno", f"/incontri/{open_meeting.id}.ics"]:
        assert text in page, text
    attachment = open_meeting.attachments[0]
    download = client.get(f"/incontri/{open_meeting.id}/allegati/{attachment.id}")
    assert download.data == PDF and download.headers["Content-Disposition"].startswith("attachment")


def test_invite_only_meetings_and_their_files_are_not_public(client, meetings, district):
    _open, secret, _past = meetings
    services.add_attachment(secret, _upload(PDF, "riservato.pdf"))
    db.session.commit()
    assert client.get(f"/incontri/{secret.id}").status_code == 404
    assert client.get(f"/incontri/{secret.id}.ics").status_code == 404
    assert client.get(f"/incontri/{secret.id}/allegati/{secret.attachments[0].id}").status_code == 404
    assert b"Riunione riservata" not in client.get("/meetings.ics").data


def test_an_attachment_of_another_meeting_is_not_served_through_a_public_one(client, meetings):
    open_meeting, secret, _past = meetings
    services.add_attachment(secret, _upload(PDF, "riservato.pdf"))
    db.session.commit()
    assert client.get(f"/incontri/{open_meeting.id}/allegati/{secret.attachments[0].id}").status_code == 404


def test_the_feed_is_valid_icalendar_with_every_public_meeting(client, meetings):
    open_meeting, _secret, past = meetings
    response = client.get("/meetings.ics")
    assert response.mimetype == "text/calendar"
    parsed = icalendar.Calendar.from_ical(response.data)
    events = {str(e["SUMMARY"]): e for e in parsed.walk("VEVENT")}
    assert set(events) == {"Incontro aperto", "Incontro 2014"}
    event = events["Incontro aperto"]
    assert event["UID"] == f"meeting-{open_meeting.id}@pdz.test"
    assert event["DTSTART"].dt.replace(tzinfo=None) == open_meeting.starts_at
    assert "Piazza Duomo 25" in str(event["LOCATION"]) and "DTSTAMP" in event
    again = icalendar.Calendar.from_ical(client.get("/meetings.ics").data)
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == {str(e["UID"]) for e in events.values()}


def test_one_meeting_has_its_own_ics(client, meetings):
    open_meeting, _secret, _past = meetings
    parsed = icalendar.Calendar.from_ical(client.get(f"/incontri/{open_meeting.id}.ics").data)
    [event] = parsed.walk("VEVENT")
    assert event["SUMMARY"] == "Incontro aperto" and event["URL"].endswith(f"/incontri/{open_meeting.id}")


def test_the_feed_can_be_limited_to_one_district(client, meetings, district):
    from app.structure import create_district
    other = create_district("Ambito di Lodi")
    make_meeting(other, title="Incontro a Lodi")
    all_events = icalendar.Calendar.from_ical(client.get("/meetings.ics").data).walk("VEVENT")
    ours = icalendar.Calendar.from_ical(client.get(f"/meetings.ics?ambito={district.slug}").data)
    ours = ours.walk("VEVENT")
    assert "Incontro a Lodi" in {str(e["SUMMARY"]) for e in all_events}
    assert "Incontro a Lodi" not in {str(e["SUMMARY"]) for e in ours}


def test_meeting_descriptions_are_sanitised(client, district):
    meeting = make_meeting(district, description="Ciao <script>alert(1)</script> [x](javascript:alert(2))")
    page = client.get(f"/incontri/{meeting.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "javascript:alert" not in page
