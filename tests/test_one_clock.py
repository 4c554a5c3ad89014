"""One clock: moments stored in UTC read in Rome time on every page, e-mail and export; meeting times (Rome wall
clock) are never shifted; a meeting that took place offers no registrations; the command line has no name."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from app import mail
from app.audit_labels import actor_label
from app.autosave import saved_at
from app.clock import format_day, format_moment, format_wall_clock, local_now
from app.extensions import db
from app.models import AuditLog
from app.moderation import Waiting, tell_office
from meetings.models import Meeting, Registration, RegistrationStatus, TimeSlot, WorkingGroup
from tests.blog_helpers import make_post
from tests.cards_helpers import open_campaign

# The same minute of the day in UTC, in winter (Rome = UTC+1) and in summer (Rome = UTC+2).
WINTER, SUMMER = datetime(2026, 1, 15, 10, 5), datetime(2026, 7, 15, 10, 5)
ROME = ZoneInfo("Europe/Rome")
SEASONS = pytest.mark.parametrize("moment, shown", [(WINTER, "15/01/2026, 11:05"), (SUMMER, "15/07/2026, 12:05")],
                                  ids=["winter", "summer"])


def rome(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc).astimezone(ROME).replace(tzinfo=None)


def office_base(district) -> str:
    return f"/gestione/{district.slug}"


def set_audit_time(moment, **where):
    db.session.execute(db.update(AuditLog).filter_by(**where).values(at=moment))
    db.session.commit()


# ---- the formats -----------------------------------------------------------------------------------------

def test_dates_and_times_read_as_italians_write_them(app):
    with app.test_request_context():
        assert format_day(date(2026, 12, 7), "short") == "07/12/2026"
        assert format_day(date(2026, 12, 7), "long") == "7 dicembre 2026"
        assert format_wall_clock(datetime(2026, 12, 7, 14, 30), "short") == "07/12/2026, 14:30"   # no AM/PM
        assert format_moment(datetime(2026, 12, 7, 23, 30), "long") == "8 dicembre 2026, 00:30"   # the Rome day


# ---- UTC moments in Rome time ---------------------------------------------------------------------------------

@SEASONS
def test_the_post_editor_shows_generated_and_published_times_in_rome_time(as_office, district, moment, shown):
    post = make_post(district, generated_at=moment)
    post.published_at = moment
    db.session.commit()
    page = as_office.get(f"{office_base(district)}/blog/articoli/{post.id}/").get_data(as_text=True)
    assert page.count(shown) >= 2   # "Generated on" and "since", the same moment read the same way
    assert f"{moment:%d/%m/%Y}, {moment:%H:%M}" not in page   # the UTC reading


@SEASONS
def test_the_audit_log_shows_rome_time(as_office, district, moment, shown):
    post = make_post(district)
    set_audit_time(moment, entity="Post", entity_id=post.id)
    page = as_office.get(f"{office_base(district)}/registro", query_string={"entity": "Post"}).get_data(as_text=True)
    assert f"<td>{shown}</td>" in page


@SEASONS
def test_the_card_history_shows_rome_time(as_office, plan, moment, shown):
    card = open_campaign(plan).cards[0]
    card.created_at = moment - timedelta(days=1)
    card.strengths = "Una rete che tiene"
    db.session.commit()
    set_audit_time(moment, entity="EvaluationCard", entity_id=card.id)
    page = as_office.get(f"{office_base(plan.district)}/schede/{card.id}/storia").get_data(as_text=True)
    assert f'<td class="text-nowrap">{shown}</td>' in page


def test_the_autosave_answer_gives_the_hour_in_rome_time(as_office, district):
    post = make_post(district)
    answer = as_office.post(f"{office_base(district)}/blog/articoli/{post.id}/salva",
                            data={"version": post.version, "title": post.title, "summary": "", "tags": "",
                                  "body": "Testo nuovo"}).json
    assert answer["ok"]
    saved = datetime.fromisoformat(answer["saved_at"].replace("Z", "+00:00"))
    assert answer["saved_time"] == saved.astimezone(ROME).strftime("%H:%M")
    assert [saved_at(m)["saved_time"] for m in (WINTER, SUMMER)] == ["11:05", "12:05"]


@SEASONS
def test_an_email_tells_the_time_in_rome_time(app, office, district, moment, shown):
    tell_office(Waiting(district=district, kind="comment", where="Sintesi", author="Maria Rossi", text="Grazie",
                        queue_url="http://localhost/coda", at=moment))
    [message] = mail.outbox()
    assert shown in message.body and message.date.utcoffset() == datetime.now(ROME).utcoffset()


@SEASONS
def test_the_cards_export_shows_rome_time(as_office, plan, moment, shown):
    campaign = open_campaign(plan)
    card = campaign.cards[0]
    card.submitted_at, card.actual_start = moment, date(2026, 3, 2)
    db.session.commit()
    url = f"{office_base(plan.district)}/campagne/{campaign.id}/schede"
    text = as_office.get(f"{url}.csv").get_data(as_text=True)
    assert shown.replace(",", "") in text and "02/03/2026" in text and "T10:05" not in text
    sheet = load_workbook(io.BytesIO(as_office.get(f"{url}.xlsx").data)).worksheets[0]
    assert rome(moment) in [cell.value for row in sheet.iter_rows() for cell in row]


# ---- meetings: wall-clock times, and meetings that took place ------------------------------------------------------

def make_meeting(district, starts_at, *, capacity=10) -> Meeting:
    meeting = Meeting(district=district, title="Incontro aperto", place="Sala Bottesini", starts_at=starts_at,
                      ends_at=starts_at + timedelta(hours=3), registration_open=True)
    meeting.working_groups.append(WorkingGroup(name="Presa in carico", capacity=capacity))
    meeting.time_slots.append(TimeSlot(starts_at=starts_at, ends_at=starts_at + timedelta(minutes=30), capacity=capacity))
    db.session.add(meeting)
    db.session.commit()
    return meeting


@SEASONS
def test_the_registrations_csv_shows_rome_time(as_office, district, moment, shown):
    meeting = make_meeting(district, local_now().replace(microsecond=0) + timedelta(days=2))
    db.session.add(Registration(meeting=meeting, name="Anna Rossi", email="anna@example.org", token="t" * 32,
                                status=RegistrationStatus.CONFIRMED, created_at=moment, confirmed_at=moment))
    db.session.commit()
    response = as_office.get(f"{office_base(district)}/incontri/{meeting.id}/iscrizioni.csv")
    [row] = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert set(row.values()) >= {shown.replace(",", "")}


def test_a_meetings_wall_clock_time_is_never_shifted(as_office, client, district):
    summer = datetime(local_now().year + 1, 7, 15, 10, 5)   # 10:05 in Crema, whatever UTC says
    meeting = make_meeting(district, summer)
    meeting.registration_closes_at = summer - timedelta(hours=1)
    db.session.commit()
    public = client.get(f"/incontri/{meeting.id}").get_data(as_text=True)
    office = as_office.get(f"{office_base(district)}/incontri/{meeting.id}/").get_data(as_text=True)
    for page in (public, office):   # 10:05 to 13:05, not 12:05 (+2 in summer) nor 11:05 (+1 in winter)
        assert "10:05" in page and "13:05" in page and "12:05" not in page and "11:05" not in page
    assert f"{summer:%d/%m/%Y}, 09:05" in office   # registrations close at 09:05
    meeting.starts_at = summer.replace(minute=15)
    db.session.commit()
    log = as_office.get(f"{office_base(district)}/registro", query_string={"entity": "Meeting"}).get_data(as_text=True)
    assert f"{summer:%d/%m/%Y}, 10:15" in log and "12:15" not in log


def test_a_past_meeting_says_it_took_place_instead_of_offering_places(as_office, client, district):
    meeting = make_meeting(district, local_now().replace(microsecond=0) - timedelta(days=2))
    public = client.get(f"/incontri/{meeting.id}").get_data(as_text=True)
    assert f"/incontri/{meeting.id}/iscrizione" not in public          # no registration button
    assert "posti disponibili" not in public and "0 su 10" not in public   # no places left, no "taken of capacity"
    form = client.get(f"/incontri/{meeting.id}/iscrizione").get_data(as_text=True)
    assert 'name="consent"' not in form and 'name="email"' not in form
    office = as_office.get(f"{office_base(district)}/incontri/{meeting.id}/").get_data(as_text=True)
    assert 'badge bg-primary' not in office and 'badge bg-secondary">' in office   # "took place", not "open"


def test_an_upcoming_meeting_still_offers_registration_and_places(client, district):
    meeting = make_meeting(district, local_now().replace(microsecond=0) + timedelta(days=2))
    public = client.get(f"/incontri/{meeting.id}").get_data(as_text=True)
    assert f"/incontri/{meeting.id}/iscrizione" in public and "0 su 10" in public and "posti disponibili" in public


# ---- the command line ----------------------------------------------------------------------------------------

def test_changes_made_from_the_command_line_name_no_account(as_office, district, plan):
    card = open_campaign(plan).cards[0]
    db.session.execute(db.update(AuditLog).filter_by(entity="EvaluationCard", entity_id=card.id)
                       .values(actor="cli:root"))
    db.session.commit()
    log = as_office.get(f"{office_base(district)}/registro",
                        query_string={"entity": "EvaluationCard"}).get_data(as_text=True)
    history = as_office.get(f"{office_base(district)}/schede/{card.id}/storia").get_data(as_text=True)
    for page in (log, history):
        assert str(actor_label("cli:root")) in page and ">cli:root<" not in page and "(root)" not in page
