"""Standing working groups: a roster that meets again and again. A meeting of the group expects the whole roster
(absent until the check-in says present, so the absent are listed without typing); items left open by a
meeting go on the next meeting's agenda until they are closed; the office's pages for all of it."""
from __future__ import annotations

from datetime import datetime

import pytest

from app.errors import DomainError
from app.extensions import db
from app.models import Organization
from meetings import attendance, minutes as minutes_service, standing
from meetings.models import Meeting, MeetingKind, RegistrationSource
from meetings.standing_models import RosterMember, StandingGroup
from tests.conftest import login

BODIES = ("Comune di Crema", "Cooperativa Esempio", "Associazione Esempio", "Parrocchia Esempio")


def make_meeting(district, day: int, title: str = "Gruppo di progettazione") -> Meeting:
    meeting = Meeting(district_id=district.id, kind=MeetingKind.WORKING_GROUP, title=title, place="via Roma 1",
                      starts_at=datetime(2014, 4, day, 14, 30), ends_at=datetime(2014, 4, day, 16, 40),
                      is_public=False)
    db.session.add(meeting)
    db.session.flush()
    return meeting


@pytest.fixture
def group(district):
    group = standing.add_group(district, name="Gruppo di progettazione")
    for number in range(1, 20):
        standing.add_member(group, name=f"Partecipante {number}", organization_name=BODIES[number % 4])
    db.session.commit()
    return group


def test_a_meeting_of_the_group_expects_the_roster_and_lists_the_absent_without_typing(group, district):
    meeting = make_meeting(district, 9)
    assert standing.attach_meeting(group, meeting) == (19, 0)
    expected = attendance.expected(meeting)
    assert len(expected) == 19 and {r.source for r in expected} == {RegistrationSource.ROSTER}
    for registration in expected[:15]:
        attendance.check_in(registration, True)
    assert standing.attendance_counts(meeting) == (15, 4)
    minutes = minutes_service.start_minutes(meeting)
    assert len(minutes.absent.splitlines()) == 4 and len(minutes.present.splitlines()) == 15
    assert "Comune di Crema" in minutes.present + minutes.absent      # the body each person represents


def test_the_body_is_the_districts_organization_when_it_has_that_name(district):
    group = standing.add_group(district, name="Tavolo")
    known = Organization(name="Cooperativa Il Seme", district=district)
    db.session.add(known)
    db.session.flush()
    member = standing.add_member(group, name="Persona Uno", organization_name=f"  {known.name.upper()} ")
    other = standing.add_member(group, name="Persona Due", organization_name="Ente nuovo")
    assert member.organization_id == known.id and member.organization_name is None
    assert other.organization_id is None and other.organization_label == "Ente nuovo"


def test_attaching_twice_adds_nobody_twice_and_a_registered_member_keeps_the_registration(group, district):
    meeting = make_meeting(district, 9)
    standing.attach_meeting(group, meeting)
    assert standing.attach_meeting(group, meeting) == (0, 0)
    member = standing.add_member(group, name="Persona Nuova", email="nuova@example.org")
    registration = attendance.walk_in(meeting, name="Persona Nuova", email="nuova@example.org")
    assert standing.expect_roster(meeting) == [] and registration.roster_member_id == member.id


def test_who_left_the_group_is_no_longer_expected_but_stays_in_past_meetings(group, district):
    first, second = make_meeting(district, 9), make_meeting(district, 16)
    standing.attach_meeting(group, first)
    standing.set_active(group.roster[0], False)
    standing.attach_meeting(group, second)
    assert len(attendance.expected(first)) == 19 and len(attendance.expected(second)) == 18
    assert group.roster[0].name in {r.name for r in attendance.expected(first)}


def test_a_meeting_of_another_group_or_district_is_refused(group, district, make_user):
    other = standing.add_group(district, name="Altro gruppo")
    meeting = make_meeting(district, 9)
    standing.attach_meeting(other, meeting)
    with pytest.raises(DomainError, match="un altro gruppo"):
        standing.attach_meeting(group, meeting)


def _minutes_with_item(meeting: Meeting, **item):
    minutes = minutes_service.start_minutes(meeting)
    minutes_service.save_minutes(
        minutes, version=minutes.version, place=minutes.place, starts_at=minutes.starts_at, ends_at=minutes.ends_at,
        present="", absent="", summary="", decisions="", next_meeting="",
        items=[minutes_service.ItemText(None, "Il ponte con le imprese", "Discussione.", **item)])
    return minutes.items[0]


def test_an_open_item_goes_on_the_next_meetings_agenda_once_until_it_is_closed(group, district):
    first, second, third = make_meeting(district, 9), make_meeting(district, 16), make_meeting(district, 23)
    standing.attach_meeting(group, first)
    item = _minutes_with_item(first, input="concretizzare l'idea del ponte", owner="Il coordinatore",
                              next_step="Proposta alle imprese", due_on=datetime(2014, 5, 1).date())
    assert item.is_open and standing.open_items(group) == [item]
    assert standing.attach_meeting(group, second) == (19, 1)
    assert [(a.title, a.speaker, a.carried_item_id) for a in second.agenda] == [
        ("Il ponte con le imprese", "Il coordinatore", item.id)]
    assert standing.carry_over(second) == []                 # once
    standing.close_item(item)
    assert standing.open_items(group) == [] and standing.attach_meeting(group, third) == (19, 0)


def test_an_item_without_a_next_step_is_not_open_and_the_minutes_document_tells_input_owner_and_step(group,
                                                                                                   district):
    meeting = make_meeting(district, 9)
    standing.attach_meeting(group, meeting)
    item = _minutes_with_item(meeting, input="generare empowerment", owner="Il gruppo", next_step="",
                              due_on=datetime(2014, 5, 1).date())
    assert not item.is_open and item.due_on is None
    item.next_step = "Sperimentare"
    text = minutes_service.minutes_markdown(item.minutes)
    assert "**Input:** generare empowerment" in text and "Il gruppo" in text and "Sperimentare" in text


# --- the office's pages ------------------------------------------------------------------------------------------

def test_the_office_creates_a_group_fills_its_roster_and_adds_a_meeting(client, office, district):
    login(client, office)
    base = f"/gestione/{district.slug}/gruppi/"
    assert "Nessun gruppo permanente" in client.get(base).get_data(as_text=True)
    response = client.post(base + "nuovo", data={"name": "Gruppo di progettazione", "description": "Welfare"})
    group = db.session.scalar(db.select(StandingGroup).filter_by(name="Gruppo di progettazione"))
    assert response.status_code == 302 and group is not None
    page = f"{base}{group.id}/"
    client.post(page, data={"name": "Partecipante 1", "organization_name": "Cooperativa Esempio"})
    refused = client.post(page, data={"name": "", "email": "non-una-mail"})
    assert refused.status_code == 422 and 'value="non-una-mail"' in refused.get_data(as_text=True)
    meeting = make_meeting(district, 9)
    db.session.commit()
    answer = client.post(page + "incontri", data={"attach-meeting_id": meeting.id}, follow_redirects=True)
    assert answer.status_code == 200 and db.session.get(Meeting, meeting.id).standing_group_id == group.id
    html = client.get(page).get_data(as_text=True)
    assert "Partecipante 1" in html and "Cooperativa Esempio" in html and meeting.title in html


def test_a_member_leaves_and_comes_back_and_the_coordinator_is_on_the_roster(client, office, group):
    login(client, office)
    member = group.roster[0]
    slug = group.district.slug
    client.post(f"/gestione/{slug}/componenti-gruppo/{member.id}/attivo", data={"active": "0"})
    assert db.session.get(RosterMember, member.id).active is False
    client.post(f"/gestione/{slug}/componenti-gruppo/{member.id}/attivo", data={"active": "1"})
    assert db.session.get(RosterMember, member.id).active is True
    with pytest.raises(DomainError, match="far parte del gruppo"):
        standing.update_group(group, version=group.version, name=group.name,
                              coordinator=standing.add_member(standing.add_group(group.district, name="X"), name="Y"))


def test_deleting_a_group_keeps_its_meetings(client, office, group, district):
    meeting = make_meeting(district, 9)
    standing.attach_meeting(group, meeting)
    db.session.commit()
    login(client, office)
    group_id = group.id
    url = f"/gestione/{district.slug}/gruppi/{group_id}/elimina"
    assert "1 incontro resta" in client.get(url).get_data(as_text=True)
    client.post(url)
    assert db.session.get(StandingGroup, group_id) is None
    assert db.session.get(Meeting, meeting.id).standing_group_id is None


def test_only_the_office_manages_groups(client, facilitator, group):
    login(client, facilitator)
    assert client.get(f"/gestione/{group.district.slug}/gruppi/").status_code == 403
    assert client.get(f"/gestione/{group.district.slug}/gruppi/{group.id}/").status_code == 403


def test_a_roster_place_is_personal_data_exported_and_erased_on_request(group):
    from app import privacy
    member = standing.add_member(group, name="Persona Uno", email="Uno@Example.org", organization_name="Ente")
    group.coordinator = member
    db.session.commit()
    [exported] = privacy.export_person("uno@example.org")["group_rosters"]
    assert exported == {"group": group.name, "name": "Persona Uno", "email": "uno@example.org",
                        "organization": "Ente", "active": True}
    assert privacy.erase_person("uno@example.org")["group_rosters"] == 1
    db.session.commit()
    assert group.coordinator is None and "Persona Uno" not in {m.name for m in group.roster}
