"""The planning office manages meetings: the meeting, its timed agenda, attachments, working groups and
time slots; facilitators see who signed up to their focus groups; counts by kind of organization."""
from __future__ import annotations

import io
import re
from datetime import datetime, time

import pytest

from app.extensions import db
from app.models import OrganizationType, Role
from app.structure import InvalidField
from focus_groups.models import FocusGroup
from meetings import services
from app.uploads import StoredFile
from meetings.models import (AgendaItem, Meeting, MeetingAttachment, MeetingKind, Registration,
                             RegistrationStatus, WorkingGroup)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
START = datetime(2035, 4, 9, 9, 30)


def make_meeting(district, plan=None, **values) -> Meeting:
    defaults = dict(title="Incontro aperto", starts_at=START, ends_at=START.replace(hour=16, minute=30),
                    place="Sala Alessandrini", plan=plan)
    meeting = services.create_meeting(district, **{**defaults, **values})
    db.session.commit()
    return meeting


def register(meeting, email, status=RegistrationStatus.CONFIRMED, kind=None, group=None, name=None):
    registration = Registration(meeting=meeting, name=name or email.split("@")[0], email=email, token=email,
                                status=status, organization_type=kind, working_group=group)
    db.session.add(registration)
    db.session.commit()
    return registration


def meeting_form(**values) -> dict:
    form = {"title": "Incontro aperto dei sottoscrittori", "kind": "open_meeting", "plan_id": "0",
            "date": "2035-04-09", "start_time": "09:30", "end_time": "16:30", "place": "Sala Alessandrini",
            "address": "Piazza Duomo 25, Crema\nPiano terra, accessibile",
            "description": "Ordine del **giorno**",
            "is_public": "y", "registration_open": "y", "registration_closes_at": ""}
    form.update(values)
    return {k: v for k, v in form.items() if v is not None}


# --- the meeting ------------------------------------------------------------------------------------------

def test_a_meeting_whose_hours_are_not_decided_shows_its_day_and_says_so(as_office, client, district):
    half = as_office.post(f"/gestione/{district.slug}/incontri/nuovo", data=meeting_form(end_time=""))
    assert half.status_code == 422 and "lasciali vuoti" in half.get_data(as_text=True)
    created = as_office.post(f"/gestione/{district.slug}/incontri/nuovo",
                             data=meeting_form(start_time="", end_time=""))
    assert created.status_code == 302
    meeting = db.session.scalar(db.select(Meeting))
    assert not meeting.time_known and (meeting.starts_at.hour, meeting.ends_at.hour) == (0, 23)
    assert "orario non comunicato" in client.get(f"/incontri/{meeting.id}").get_data(as_text=True)
    edit = as_office.get(f"/gestione/{district.slug}/incontri/{meeting.id}/modifica").get_data(as_text=True)
    assert 'name="start_time" type="time" value=""' in edit
    assert as_office.post(f"/gestione/{district.slug}/incontri/{meeting.id}/modifica", data=meeting_form(
        version=str(meeting.version))).status_code == 302
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).time_known                  # the hours, once announced



def test_the_office_creates_a_meeting_from_the_form(as_office, district, plan):
    response = as_office.post(f"/gestione/{district.slug}/incontri/nuovo", data=meeting_form(plan_id=plan.id))
    assert response.status_code == 302
    meeting = db.session.scalar(db.select(Meeting))
    assert meeting.title == "Incontro aperto dei sottoscrittori" and meeting.plan_id == plan.id
    assert (meeting.starts_at, meeting.ends_at) == (START, START.replace(hour=16, minute=30))
    assert meeting.is_public and meeting.registration_open and meeting.kind == MeetingKind.OPEN_MEETING
    page = as_office.get(response.headers["Location"]).get_data(as_text=True)
    assert "Incontro aperto dei sottoscrittori" in page and "Piazza Duomo 25" in page


def test_a_meeting_that_ends_before_it_starts_is_refused_and_the_input_kept(as_office, district):
    response = as_office.post(f"/gestione/{district.slug}/incontri/nuovo",
                              data=meeting_form(end_time="08:00", title="Ritorno"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="Ritorno"' in page and "Piazza Duomo 25" in page
    assert db.session.query(Meeting).count() == 0


def test_required_fields_are_named(as_office, district):
    response = as_office.post(f"/gestione/{district.slug}/incontri/nuovo",
                              data=meeting_form(title="", place=""))
    assert response.status_code == 422
    assert response.get_data(as_text=True).count("invalid-feedback") >= 2


def test_two_people_editing_the_same_meeting_the_second_save_is_refused(as_office, district):
    meeting = make_meeting(district)
    url = f"/gestione/{district.slug}/incontri/{meeting.id}/modifica"
    first = as_office.post(url, data=meeting_form(version=meeting.version, title="Prima"))
    assert first.status_code == 302
    second = as_office.post(url, data=meeting_form(version=1, title="Seconda"))
    assert second.status_code == 422
    assert 'value="Seconda"' in second.get_data(as_text=True)   # what they typed is still there
    db.session.refresh(meeting)
    assert meeting.title == "Prima"


def test_moving_a_meeting_to_another_day_allows_a_new_reminder(district):
    meeting = make_meeting(district)
    meeting.reminder_sent_at = datetime(2035, 4, 8, 18)
    db.session.commit()
    services.update_meeting(meeting, version=meeting.version, title=meeting.title, starts_at=START.replace(day=10),
                            ends_at=START.replace(day=10, hour=12), place=meeting.place)
    assert meeting.reminder_sent_at is None


def test_the_list_searches_and_separates_upcoming_from_past(as_office, district):
    make_meeting(district, title="Gruppo Modello organizzativo")
    make_meeting(district, title="Incontro 2014", starts_at=datetime(2014, 4, 9, 14, 30),
                 ends_at=datetime(2014, 4, 9, 16, 40))
    base = f"/gestione/{district.slug}/incontri/"
    upcoming = as_office.get(base).get_data(as_text=True)
    assert "Gruppo Modello organizzativo" in upcoming and "Incontro 2014" not in upcoming
    past = as_office.get(base + "?when=past").get_data(as_text=True)
    assert "Incontro 2014" in past and "Gruppo Modello" not in past
    found = as_office.get(base + "?when=all&q=modello").get_data(as_text=True)
    assert "Gruppo Modello organizzativo" in found and "Incontro 2014" not in found
    nothing = as_office.get(base + "?q=nessuno").get_data(as_text=True)
    assert "Gruppo Modello" not in nothing and 'class="callout"' in nothing   # the empty state


def test_the_list_paginates(as_office, district):
    for n in range(23):
        make_meeting(district, title=f"Incontro {n:02d}", starts_at=START.replace(day=1 + n),
                     ends_at=START.replace(day=1 + n, hour=12))
    first = as_office.get(f"/gestione/{district.slug}/incontri/").get_data(as_text=True)
    second = as_office.get(f"/gestione/{district.slug}/incontri/?page=2").get_data(as_text=True)
    assert "Incontro 00" in first and "Incontro 22" not in first
    assert "Incontro 22" in second and "Incontro 00" not in second


def test_deleting_a_meeting_asks_first_then_removes_it_with_its_files(as_office, district):
    meeting = make_meeting(district)
    services.add_attachment(meeting, _upload(PDF, "ordine.pdf"))
    db.session.commit()
    url = f"/gestione/{district.slug}/incontri/{meeting.id}/elimina"
    confirm = as_office.get(url).get_data(as_text=True)
    assert "1 allegati" in confirm
    assert db.session.query(Meeting).count() == 1
    assert as_office.post(url).status_code == 302
    assert db.session.query(Meeting).count() == 0 and db.session.query(StoredFile).count() == 0


# --- agenda ---------------------------------------------------------------------------------------------

def test_agenda_items_are_added_with_time_speaker_and_area(as_office, district, plan):
    meeting = make_meeting(district, plan)
    area = plan.areas[2]
    response = as_office.post(f"/gestione/{district.slug}/incontri/{meeting.id}/ordine-del-giorno/nuovo",
                              data={"starts_at": "10:00", "title": "Obiettivi", "speaker": "Ufficio di Piano",
                                    "area_id": area.id})
    assert response.status_code == 302
    item = db.session.scalar(db.select(AgendaItem))
    assert (item.starts_at, item.title, item.speaker, item.area_id, item.position) == \
        (time(10), "Obiettivi", "Ufficio di Piano", area.id, 1)


def test_an_agenda_item_cannot_point_to_another_plans_area(district, plan):
    from app.plans import import_plan, sample_data
    data = sample_data()
    data["plan"]["title"] = "Altro piano"
    other = import_plan(data)
    meeting = make_meeting(district, plan)
    with pytest.raises(InvalidField):
        services.add_agenda_item(meeting, starts_at=None, title="X", speaker=None, area=other.areas[0])


def test_agenda_items_move_sort_by_time_and_delete_closing_the_gap(as_office, district):
    meeting = make_meeting(district)
    for at, title in [("11:30", "C"), ("09:30", "A"), ("10:00", "B")]:
        services.add_agenda_item(meeting, starts_at=time.fromisoformat(at), title=title, speaker=None,
                                 area=None)
    db.session.commit()
    base = f"/gestione/{district.slug}"
    as_office.post(f"{base}/incontri/{meeting.id}/ordine-del-giorno/ordina")
    db.session.refresh(meeting)
    assert [i.title for i in meeting.agenda] == ["A", "B", "C"]
    as_office.post(f"{base}/ordine-del-giorno/{meeting.agenda[2].id}/sposta", data={"direction": "up"})
    db.session.refresh(meeting)
    assert [i.title for i in meeting.agenda] == ["A", "C", "B"]
    as_office.post(f"{base}/ordine-del-giorno/{meeting.agenda[0].id}/elimina")
    db.session.refresh(meeting)
    assert [(i.title, i.position) for i in meeting.agenda] == [("C", 1), ("B", 2)]


def test_editing_an_agenda_item_detects_a_concurrent_edit(as_office, district):
    meeting = make_meeting(district)
    item = services.add_agenda_item(meeting, starts_at=time(9, 30), title="Avvio", speaker=None, area=None)
    db.session.commit()
    url = f"/gestione/{district.slug}/ordine-del-giorno/{item.id}/modifica"
    assert as_office.post(url, data={"version": item.version, "title": "Avvio dei lavori"}).status_code == 302
    stale = as_office.post(url, data={"version": 1, "title": "Saluti"})
    assert stale.status_code == 422 and 'value="Saluti"' in stale.get_data(as_text=True)


# --- attachments ------------------------------------------------------------------------------------------

def _upload(data: bytes, name: str):
    from werkzeug.datastructures import FileStorage
    return FileStorage(io.BytesIO(data), filename=name)


def test_attachments_are_uploaded_downloaded_and_deleted(as_office, district):
    meeting = make_meeting(district)
    base = f"/gestione/{district.slug}"
    response = as_office.post(f"{base}/incontri/{meeting.id}/allegati",
                              data={"file": (io.BytesIO(PDF), "Ordine del giorno.pdf"), "title": ""},
                              content_type="multipart/form-data")
    assert response.status_code == 302
    attachment = db.session.scalar(db.select(MeetingAttachment))
    assert attachment.title == "Ordine del giorno"
    download = as_office.get(f"{base}/allegati/{attachment.id}")
    assert download.data == PDF and download.headers["X-Content-Type-Options"] == "nosniff"
    as_office.post(f"{base}/allegati/{attachment.id}/elimina")
    assert db.session.query(MeetingAttachment).count() == 0 and db.session.query(StoredFile).count() == 0


def test_a_wrong_attachment_is_refused_on_the_meeting_page(as_office, district):
    meeting = make_meeting(district)
    response = as_office.post(f"/gestione/{district.slug}/incontri/{meeting.id}/allegati",
                              data={"file": (io.BytesIO(b"<script>alert(1)</script>"), "bando.pdf")},
                              content_type="multipart/form-data")
    assert response.status_code == 422
    assert "PDF" in response.get_data(as_text=True)
    assert db.session.query(MeetingAttachment).count() == 0


# --- working groups and time slots ------------------------------------------------------------------------

def test_a_working_group_is_tied_to_an_area_and_its_focus_group(as_office, district, plan):
    meeting = make_meeting(district, plan)
    area = plan.areas[2]
    focus = FocusGroup(district_id=district.id, plan=plan, title="Modello", area=area)
    db.session.add(focus)
    db.session.commit()
    response = as_office.post(f"/gestione/{district.slug}/incontri/{meeting.id}/gruppi/nuovo",
                              data={"name": area.name, "area_id": area.id, "focus_group_id": focus.id,
                                    "capacity": "25"})
    assert response.status_code == 302
    group = db.session.scalar(db.select(WorkingGroup))
    assert (group.area_id, group.focus_group_id, group.capacity, group.taken) == (area.id, focus.id, 25, 0)


def test_a_focus_group_about_another_area_is_refused(district, plan):
    meeting = make_meeting(district, plan)
    focus = FocusGroup(district_id=district.id, plan=plan, title="Modello", area=plan.areas[2])
    db.session.add(focus)
    db.session.flush()
    with pytest.raises(InvalidField):
        services.add_working_group(meeting, name="G", area=plan.areas[0], focus_group=focus, capacity=None)


def test_the_capacity_cannot_go_below_the_places_taken(district):
    meeting = make_meeting(district)
    group = services.add_working_group(meeting, name="G", area=None, focus_group=None, capacity=5)
    group.taken = 4
    db.session.commit()
    with pytest.raises(InvalidField):
        services.update_working_group(group, name="G", area=None, focus_group=None, capacity=3)
    services.update_working_group(group, name="G", area=None, focus_group=None, capacity=4)
    assert group.is_full and group.places_left == 0


def test_time_slots_are_kept_in_time_order(as_office, district):
    meeting = make_meeting(district)
    url = f"/gestione/{district.slug}/incontri/{meeting.id}/fasce/nuova"
    for start, end in [("17:15", "19:15"), ("15:00", "17:00")]:
        assert as_office.post(url, data={"date": "2035-04-09", "start_time": start, "end_time": end,
                                         "capacity": "3"}).status_code == 302
    db.session.refresh(meeting)
    assert [str(s) for s in meeting.time_slots] == ["15:00–17:00", "17:15–19:15"]
    bad = as_office.post(url, data={"date": "2035-04-09", "start_time": "18:00", "end_time": "17:00"})
    assert bad.status_code == 422


def test_deleting_a_group_warns_that_people_signed_up(as_office, district):
    meeting = make_meeting(district)
    group = services.add_working_group(meeting, name="G", area=None, focus_group=None, capacity=None)
    group.taken = 2
    register(meeting, "a@example.org", group=group)
    url = f"/gestione/{district.slug}/gruppi-di-lavoro/{group.id}/elimina"
    assert "2" in as_office.get(url).get_data(as_text=True)
    as_office.post(url)
    assert db.session.query(WorkingGroup).count() == 0
    assert db.session.scalar(db.select(Registration)).working_group_id is None


# --- who comes --------------------------------------------------------------------------------------------

def test_confirmed_participants_are_counted_by_kind_of_organization(as_office, district):
    meeting = make_meeting(district)
    register(meeting, "a@example.org", kind=OrganizationType.COMUNE)
    register(meeting, "b@example.org", kind=OrganizationType.COMUNE)
    register(meeting, "c@example.org", kind=OrganizationType.COOPERATIVA)
    register(meeting, "d@example.org", kind=OrganizationType.COOPERATIVA,
             status=RegistrationStatus.WAITLISTED)
    register(meeting, "e@example.org", kind=OrganizationType.SCUOLA, status=RegistrationStatus.CANCELLED)
    register(meeting, "f@example.org")
    counts = dict(services.participants_by_organization_type([meeting]))
    assert counts[OrganizationType.COMUNE] == 2 and counts[OrganizationType.COOPERATIVA] == 1
    assert counts[OrganizationType.SCUOLA] == 0 and counts[None] == 1
    page = as_office.get(f"/gestione/{district.slug}/incontri/{meeting.id}/").get_data(as_text=True)
    assert 'id="table-participants"' in page and "data-figure" in page


def test_the_participation_dashboard_has_a_chart_and_its_table_per_meeting(as_office, district, plan):
    first = make_meeting(district, plan, title="Primo")
    second = make_meeting(district, plan, title="Secondo", starts_at=START.replace(day=20),
                          ends_at=START.replace(day=20, hour=12))
    register(first, "a@example.org", kind=OrganizationType.COMUNE)
    register(second, "b@example.org", kind=OrganizationType.ASSOCIAZIONE)
    page = as_office.get(f"/gestione/{district.slug}/incontri/partecipazione?plan_id={plan.id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "table-participation" in text and "table-total" in text
    assert "Primo" in text and "Secondo" in text
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", text)]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:]))     # the charts' headings follow the h1
    plan_page = as_office.get(f"/gestione/{district.slug}/piani/{plan.id}").get_data(as_text=True)
    assert "/incontri/partecipazione" in plan_page


def test_the_participants_chart_is_a_valid_plotly_figure(app):
    import plotly.graph_objects as go
    from meetings.charts import participants_chart, participation_chart
    by_kind = [(OrganizationType.COMUNE, 3), (OrganizationType.SCUOLA, 0), (None, 1)]
    chart = participants_chart(by_kind)
    go.Figure(chart.figure)
    municipality, none = str(OrganizationType.COMUNE.label), chart.table.rows[-1][0]
    assert chart.table.rows == [[municipality, 3], [none, 1]]
    both = participation_chart([("A", by_kind), ("B", [(OrganizationType.SCUOLA, 2), (None, 0)])])
    go.Figure(both.figure)
    assert both.table.rows == [["A", 3, 0, 1, 4], ["B", 0, 2, 0, 2]]


# --- facilitators ------------------------------------------------------------------------------------------

def _signed_up_focus(district, plan, facilitator):
    meeting = make_meeting(district, plan)
    focus = FocusGroup(district_id=district.id, plan=plan, title="Modello organizzativo", area=plan.areas[2],
                       facilitators=[facilitator])
    db.session.add(focus)
    db.session.flush()
    group = services.add_working_group(meeting, name="Modello", area=plan.areas[2], focus_group=focus,
                                       capacity=None)
    register(meeting, "anna@example.org", name="Anna Rossi", group=group, kind=OrganizationType.COOPERATIVA)
    register(meeting, "bruno@example.org", name="Bruno Bianchi", group=group,
             status=RegistrationStatus.CANCELLED)
    return focus


def test_facilitators_see_who_signed_up_to_their_focus_group_without_emails(as_facilitator, district, plan,
                                                                             facilitator):
    focus = _signed_up_focus(district, plan, facilitator)
    overview = as_facilitator.get(f"/gestione/{district.slug}/incontri/iscrizioni-ai-gruppi")
    assert overview.status_code == 200 and "Modello organizzativo" in overview.get_data(as_text=True)
    page = as_facilitator.get(f"/gestione/{district.slug}/focus/{focus.id}/iscritti").get_data(as_text=True)
    assert "Anna Rossi" in page and "Bruno Bianchi" not in page and "anna@example.org" not in page


def test_a_facilitator_of_another_focus_group_cannot_see_the_list(client, make_user, district, plan,
                                                                   facilitator):
    from tests.conftest import login
    focus = _signed_up_focus(district, plan, facilitator)
    other = make_user("altro@example.org", Role.FACILITATOR, district)
    login(client, other)
    assert client.get(f"/gestione/{district.slug}/focus/{focus.id}/iscritti").status_code == 403


@pytest.mark.parametrize("user_fixture", ["as_facilitator", "as_referent"])
def test_only_the_planning_office_manages_meetings(request, district, user_fixture):
    client = request.getfixturevalue(user_fixture)
    meeting = make_meeting(district)
    base = f"/gestione/{district.slug}/incontri"
    for url in [f"{base}/", f"{base}/nuovo", f"{base}/{meeting.id}/", f"{base}/partecipazione"]:
        assert client.get(url).status_code == 403, url


def test_a_meeting_of_another_district_is_not_found(as_office, district, make_user):
    from app.structure import create_district
    other = create_district("Ambito di Lodi")
    meeting = make_meeting(other)
    assert as_office.get(f"/gestione/{district.slug}/incontri/{meeting.id}/").status_code == 404


def test_deleting_a_plan_or_area_warns_about_meetings(as_office, district, plan):
    meeting = make_meeting(district, plan)
    services.add_agenda_item(meeting, starts_at=None, title="Punto", speaker=None, area=plan.areas[0])
    db.session.commit()
    plan_page = as_office.get(f"/gestione/{district.slug}/piani/{plan.id}/elimina").get_data(as_text=True)
    assert "1 incontro resta" in plan_page
    area_page = as_office.get(f"/gestione/{district.slug}/aree/{plan.areas[0].id}/elimina")
    area_page = area_page.get_data(as_text=True)
    assert "perde questa area" in area_page


def _waiting_for_a_full_slot(district):
    meeting = make_meeting(district)
    slot = services.add_time_slot(meeting, starts_at=START.replace(hour=15), ends_at=START.replace(hour=17),
                                  capacity=1)
    slot.taken = 1
    register(meeting, "a@example.org").time_slot = slot
    waiting = register(meeting, "b@example.org", status=RegistrationStatus.WAITLISTED)
    waiting.time_slot, waiting.waitlisted_at = slot, datetime(2035, 1, 1)
    db.session.commit()
    return meeting, slot, waiting


def test_more_places_in_a_slot_move_the_waiting_list_up(app, district):
    meeting, slot, waiting = _waiting_for_a_full_slot(district)
    with app.test_request_context():
        services.update_time_slot(slot, starts_at=slot.starts_at, ends_at=slot.ends_at, capacity=2)
        db.session.commit()
    assert waiting.status == RegistrationStatus.CONFIRMED and slot.taken == 2


def test_deleting_the_full_slot_moves_the_waiting_list_up(app, district):
    meeting, slot, waiting = _waiting_for_a_full_slot(district)
    with app.test_request_context():
        services.delete_time_slot(slot)
        db.session.commit()
    db.session.refresh(waiting)
    assert waiting.status == RegistrationStatus.CONFIRMED and waiting.time_slot_id is None


def test_the_part_forms_show_their_fields_and_the_places_taken(as_office, district):
    meeting = make_meeting(district)
    group = services.add_working_group(meeting, name="G", area=None, focus_group=None, capacity=5)
    group.taken = 2
    db.session.commit()
    base = f"/gestione/{district.slug}"
    for url, names in [(f"{base}/incontri/{meeting.id}/ordine-del-giorno/nuovo", ["starts_at", "speaker"]),
                       (f"{base}/gruppi-di-lavoro/{group.id}/modifica", ["focus_group_id", "capacity"]),
                       (f"{base}/incontri/{meeting.id}/fasce/nuova", ["start_time", "end_time"])]:
        page = as_office.get(url).get_data(as_text=True)
        assert all(f'name="{name}"' in page for name in names), url
    edit = as_office.get(f"{base}/gruppi-di-lavoro/{group.id}/modifica").get_data(as_text=True)
    assert "2 posti occupati su 5" in edit
