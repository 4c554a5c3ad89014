"""Attendance: the printable sign-in sheet, the check-in screen (with and without JavaScript), walk-ins, and
present/absent lists per organization."""
from __future__ import annotations

import pytest

from app.extensions import db
from meetings import attendance, registrations
from meetings.models import Registration, RegistrationSource, RegistrationStatus
from tests.browser_forms import page_text
from tests.test_meeting_registration import as_rendered, make_meeting, meeting_with, sign_up, taken


def base(meeting):
    return f"/gestione/{meeting.district.slug}/incontri/{meeting.id}/presenze"


def test_the_sign_in_sheet_lists_confirmed_people_by_group_with_a_signature_column(as_office, district):
    meeting = make_meeting(district, slot_capacity=1)
    sign_up(meeting, "zoe@example.org", group=1, slot=0)
    sign_up(meeting, "anna@example.org", group=0, slot=1)
    sign_up(meeting, "waiting@example.org", group=0, slot=0)   # on the waiting list: not on the sheet
    sign_up(meeting, "pending@example.org", group=0, slot=1, confirm=False)
    page = as_office.get(base(meeting) + "/foglio-firme").get_data(as_text=True)
    assert "Firma" in page and "print.css" in page and "data-print" in page
    assert page.index("Presa in carico") < page.index("anna") < page.index("Lavoro di comunità") < page.index("zoe")
    assert "waiting" not in page and "pending" not in page


def test_check_in_without_javascript_marks_and_unmarks(as_office, district):
    meeting = make_meeting(district)
    person = sign_up(meeting, "anna@example.org")
    url = f"/gestione/{meeting.district.slug}/presenze/{person.id}"
    response = as_office.post(url, data={"present": "1"})
    assert response.status_code == 302 and response.location.endswith(f"#person-{person.id}")
    db.session.refresh(person)
    assert person.present is True and person.checked_in_at is not None
    page = as_office.get(base(meeting)).get_data(as_text=True)
    assert "1 presenti su 1" in page and "checkin.js" in page and "<script>" not in page
    as_office.post(url, data={"present": "0"})
    db.session.refresh(person)
    assert person.present is False


def test_check_in_answers_the_script_in_json(as_office, district):
    meeting = make_meeting(district)
    person = sign_up(meeting, "anna@example.org")
    response = as_office.post(f"/gestione/{meeting.district.slug}/presenze/{person.id}", data={"present": "1"},
                              headers={"Accept": "application/json"})
    assert response.get_json() == {"id": person.id, "present": True}


def test_only_confirmed_people_are_checked_in(as_office, district):
    meeting = make_meeting(district)
    person = sign_up(meeting, "anna@example.org", confirm=False)
    response = as_office.post(f"/gestione/{meeting.district.slug}/presenze/{person.id}", data={"present": "1"},
                              headers={"Accept": "application/json"})
    assert response.status_code == 409
    db.session.refresh(person)
    assert person.present is None


def test_a_walk_in_is_added_present_without_taking_a_place(as_office, district):
    meeting = make_meeting(district, slot_capacity=1)
    sign_up(meeting, "a@example.org")
    response = as_office.post(base(meeting) + "/ospite", data={
        "walkin-name": "Luca Verdi", "walkin-email": "", "walkin-organization": "Coop Nuova",
        "walkin-working_group": meeting.working_groups[0].id})
    assert response.status_code == 302
    walk_in = db.session.scalar(db.select(Registration).filter_by(name="Luca Verdi"))
    assert walk_in.present and walk_in.source == RegistrationSource.WALK_IN and walk_in.email is None
    assert taken(meeting.time_slots[0]) == 1
    registrations.cancel(walk_in, notify=False)      # cancelling a walk-in frees nothing
    db.session.commit()
    assert taken(meeting.time_slots[0]) == 1


def test_a_walk_in_who_had_registered_is_found_by_email(as_office, district):
    meeting = make_meeting(district)
    person = sign_up(meeting, "anna@example.org")
    as_office.post(base(meeting) + "/ospite", data={"walkin-name": "Anna", "walkin-email": "ANNA@example.org",
                                                     "walkin-working_group": 0})
    db.session.refresh(person)
    assert person.present and db.session.scalar(db.select(db.func.count()).select_from(Registration)) == 1


def test_a_walk_in_needs_a_name(as_office, district):
    meeting = make_meeting(district)
    assert as_office.post(base(meeting) + "/ospite", data={"walkin-name": "", "walkin-working_group": 0}
                          ).status_code == 422


def test_present_and_absent_per_organization(as_office, district):
    meeting = make_meeting(district, slot_capacity=None)
    for email, organization in [("a@example.org", "Comune di Crema"), ("b@example.org", "Comune di Crema"),
                                ("c@example.org", "Coop Il Sole"), ("d@example.org", "")]:
        signup = registrations.register(meeting, name=email[0].upper(), email=email, organization_name=organization,
                                        working_group=meeting.working_groups[0], time_slot=meeting.time_slots[0],
                                        notify=False)
        registrations.confirm(signup.registration, notify=False)
    db.session.commit()
    for registration in meeting.registrations:
        if registration.name in ("A", "C"):
            attendance.check_in(registration, True)
    db.session.commit()
    rows = {row.organization: (row.present, row.absent) for row in attendance.by_organization(meeting)}
    assert rows == {"Comune di Crema": (["A"], ["B"]), "Coop Il Sole": (["C"], []), "": ([], ["D"])}
    present, absent = attendance.present_and_absent(meeting)
    assert present == ["A – Comune di Crema", "C – Coop Il Sole"] and absent == ["B – Comune di Crema", "D"]
    page = as_office.get(base(meeting) + "/enti").get_data(as_text=True)
    assert "Coop Il Sole" in page and "Nessun ente" in page


def test_attendance_pages_are_for_the_planning_office_only(client, district, make_user):
    from app.models import Role
    from tests.conftest import login
    meeting = make_meeting(district)
    login(client, make_user("f@example.org", Role.FACILITATOR, district))
    for tail in ("", "/foglio-firme", "/enti"):
        assert client.get(base(meeting) + tail).status_code == 403
    assert RegistrationStatus.CONFIRMED   # the statuses the pages read exist


@pytest.mark.parametrize("groups", [False, True], ids=["no-groups", "groups"])
def test_a_walk_in_is_added_with_the_form_as_the_browser_sends_it(as_office, district, groups):
    """Issue 14, defect 9: without working groups the page shows no group, and the post was refused 422."""
    meeting = meeting_with(district, groups=groups, slots=True)
    page = as_office.get(base(meeting)).get_data(as_text=True)
    assert ('name="walkin-working_group"' in page) == groups
    fields = as_rendered(as_office, base(meeting), "form[action*=ospite]", **{"walkin-name": "Luca Verdi"})
    response = as_office.post(base(meeting) + "/ospite", data=fields)
    assert response.status_code == 302, page_text(response)[:500]
    walk_in = db.session.scalar(db.select(Registration).filter_by(name="Luca Verdi"))
    assert walk_in.present and walk_in.source == RegistrationSource.WALK_IN and walk_in.working_group is None
