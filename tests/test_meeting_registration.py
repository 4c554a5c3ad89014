"""Meeting registration: double opt-in, one registration per address, places and the waiting list, bots,
rate limit, each person's data (GDPR) and who may see the list."""
from __future__ import annotations

import json
import re
import time
from datetime import datetime, timedelta

import pytest
from werkzeug.datastructures import MultiDict

from app import mail, privacy
from app.extensions import db
from app.models import Organization, OrganizationType
from meetings import registrations
from meetings.models import Meeting, Registration, RegistrationStatus, TimeSlot, WorkingGroup
from tests.browser_forms import browser_form, page_text, with_value

# a morning 30 days ahead: a meeting of four hours from then never crosses midnight (it did after 20:00)
FUTURE = (datetime.now() + timedelta(days=30)).replace(hour=9, minute=0, second=0, microsecond=0)


def make_meeting(district, *, slot_capacity=2, group_capacity=None, groups=("Presa in carico", "Lavoro di comunità"),
                 public=True) -> Meeting:
    meeting = Meeting(district=district, title="Incontro aperto", place="Sala Bottesini",
                      starts_at=FUTURE, ends_at=FUTURE + timedelta(hours=4), is_public=public)
    db.session.add(meeting)
    for position, name in enumerate(groups):
        db.session.add(WorkingGroup(meeting=meeting, name=name, position=position, capacity=group_capacity))
    for position, (start, end) in enumerate([((15, 0), (17, 0)), ((17, 15), (19, 15))]):
        db.session.add(TimeSlot(meeting=meeting, position=position, capacity=slot_capacity,
                                starts_at=FUTURE.replace(hour=start[0], minute=start[1]),
                                ends_at=FUTURE.replace(hour=end[0], minute=end[1])))
    db.session.commit()
    return meeting


@pytest.fixture
def meeting(district):
    db.session.add(Organization(district=district, name="Comune di Crema", type=OrganizationType.COMUNE))
    return make_meeting(district)


def form_data(meeting, email="anna@example.org", *, name="Anna Rossi", group=0, slot=0, **extra):
    data = {"name": name, "email": email, "organization": "Comune di Crema", "organization_type": "",
            "working_group": str(meeting.working_groups[group].id), "time_slot": str(meeting.time_slots[slot].id),
            "consent": "y", "website": "", "started": registrations.form_stamp(meeting, time.time() - 10)}
    data.update(extra)
    return data


def post_form(client, meeting, email="anna@example.org", **kw):
    return client.post(f"/incontri/{meeting.id}/iscrizione", data=form_data(meeting, email, **kw))


def registration_of(email) -> Registration:
    return db.session.scalar(db.select(Registration).filter_by(email=email))


def link_in_mail(email) -> str:
    message = next(m for m in mail.outbox() if m.to == email)
    return re.search(r"https?://\S+/iscrizioni/\S+", message.body).group(0)


def confirm_by_link(client, email):
    path = "/" + link_in_mail(email).split("/", 3)[3]
    assert client.get(path).status_code == 200
    return client.post(path + "/conferma")


def sign_up(meeting, email, *, group=0, slot=0, confirm=True) -> Registration:
    signup = registrations.register(meeting, name=email.split("@")[0], email=email,
                                    working_group=meeting.working_groups[group], time_slot=meeting.time_slots[slot],
                                    join_waitlist=True, notify=False)
    if confirm:
        registrations.confirm(signup.registration, notify=False)
    db.session.commit()
    return signup.registration


def taken(row):
    db.session.refresh(row)
    return row.taken


# --- the public form -----------------------------------------------------------------------------------

def test_the_form_shows_groups_slots_places_and_the_privacy_notice(client, meeting):
    page = client.get(f"/incontri/{meeting.id}/iscrizione").get_data(as_text=True)
    assert "Presa in carico" in page and "15:00" in page and "2 posti" in page
    assert f"/incontri/{meeting.id}/iscrizione/privacy" in page
    assert client.get(f"/incontri/{meeting.id}/iscrizione/privacy").status_code == 200


def test_sign_up_then_confirm_from_the_email_link(client, meeting):
    response = post_form(client, meeting)
    assert response.status_code == 302 and "/iscrizione/inviata" in response.location
    registration = registration_of("anna@example.org")
    assert registration.status == RegistrationStatus.PENDING and registration.consent_at is not None
    assert registration.organization.name == "Comune di Crema"   # the district's own organization, chosen
    assert taken(meeting.time_slots[0]) == 0                     # no place until confirmed
    assert confirm_by_link(client, "anna@example.org").status_code == 302
    db.session.refresh(registration)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert taken(meeting.time_slots[0]) == 1 and taken(meeting.working_groups[0]) == 1
    assert any("confermata" in m.subject.lower() for m in mail.outbox())


def test_a_get_of_the_link_changes_nothing(client, meeting):
    post_form(client, meeting)
    path = "/" + link_in_mail("anna@example.org").split("/", 3)[3]
    client.get(path)
    assert registration_of("anna@example.org").status == RegistrationStatus.PENDING


def test_double_submission_gives_one_registration(client, meeting):
    for _ in range(3):   # double click, back button, a second tab
        assert post_form(client, meeting).status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(Registration)) == 1


def test_same_address_in_another_case_is_the_same_person(client, meeting):
    post_form(client, meeting, "Anna@Example.org")
    post_form(client, meeting, "anna@example.org ")
    assert db.session.scalar(db.select(db.func.count()).select_from(Registration)) == 1


def test_a_confirmed_person_submitting_again_changes_nothing_and_gets_the_link(client, meeting):
    post_form(client, meeting)
    confirm_by_link(client, "anna@example.org")
    before = len(mail.outbox())
    post_form(client, meeting, name="Someone Else", slot=1)
    registration = registration_of("anna@example.org")
    assert registration.name == "Anna Rossi" and registration.time_slot_id == meeting.time_slots[0].id
    assert len(mail.outbox()) == before + 1


def test_confirming_twice_takes_one_place(client, meeting):
    post_form(client, meeting)
    confirm_by_link(client, "anna@example.org")
    confirm_by_link(client, "anna@example.org")
    assert taken(meeting.time_slots[0]) == 1


def test_consent_is_required(client, meeting):
    response = post_form(client, meeting, consent="")
    assert response.status_code == 422 and "consenso" in response.get_data(as_text=True)
    assert registration_of("anna@example.org") is None


def test_an_organization_not_in_the_list_is_kept_with_its_kind(client, meeting):
    post_form(client, meeting, organization="Associazione Nuova", organization_type="associazione")
    registration = registration_of("anna@example.org")
    assert registration.organization is None
    assert (registration.organization_name, registration.organization_type) == ("Associazione Nuova",
                                                                                OrganizationType.ASSOCIAZIONE)


def test_a_missing_group_choice_is_an_error_on_the_form(client, meeting):
    data = form_data(meeting)
    del data["working_group"]
    response = client.post(f"/incontri/{meeting.id}/iscrizione", data=data)
    assert response.status_code == 422 and registration_of("anna@example.org") is None


# --- places and the waiting list ---------------------------------------------------------------------

def test_a_full_slot_refuses_clearly_and_offers_the_waiting_list(client, meeting):
    sign_up(meeting, "a@example.org")
    sign_up(meeting, "b@example.org")
    response = post_form(client, meeting, "c@example.org")
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "è piena" in page and 'name="join_waitlist"' in page
    assert registration_of("c@example.org") is None
    assert post_form(client, meeting, "c@example.org", join_waitlist="1").status_code == 302
    confirm_by_link(client, "c@example.org")
    assert registration_of("c@example.org").status == RegistrationStatus.WAITLISTED
    assert taken(meeting.time_slots[0]) == 2
    manage = client.get("/" + link_in_mail("c@example.org").split("/", 3)[3]).get_data(as_text=True)
    assert "numero 1" in manage


def test_a_slot_filled_between_sign_up_and_confirmation_puts_the_person_on_the_waiting_list(meeting):
    late = sign_up(meeting, "late@example.org", confirm=False)
    sign_up(meeting, "a@example.org")
    sign_up(meeting, "b@example.org")
    registrations.confirm(late, notify=False)
    db.session.commit()
    assert late.status == RegistrationStatus.WAITLISTED and taken(meeting.time_slots[0]) == 2


def test_cancelling_moves_the_first_waitlisted_up_and_tells_them(client, meeting):
    first = sign_up(meeting, "a@example.org")
    sign_up(meeting, "b@example.org")
    waiting_1 = sign_up(meeting, "w1@example.org")
    waiting_2 = sign_up(meeting, "w2@example.org")
    assert (waiting_1.status, waiting_2.status) == (RegistrationStatus.WAITLISTED,) * 2
    assert client.post(f"/iscrizioni/{first.token}/annulla").status_code == 302
    for registration in (first, waiting_1, waiting_2):
        db.session.refresh(registration)
    assert first.status == RegistrationStatus.CANCELLED
    assert waiting_1.status == RegistrationStatus.CONFIRMED and waiting_2.status == RegistrationStatus.WAITLISTED
    assert taken(meeting.time_slots[0]) == 2
    moved_up = [m for m in mail.outbox() if m.to == "w1@example.org"]
    assert moved_up and "posto" in moved_up[0].subject.lower() and waiting_1.token in moved_up[0].body


def test_the_waiting_list_needs_room_in_both_group_and_slot(district):
    meeting = make_meeting(district, slot_capacity=None, group_capacity=1)
    sign_up(meeting, "a@example.org", group=0)
    other_group = sign_up(meeting, "b@example.org", group=1)
    waiting = sign_up(meeting, "w@example.org", group=0)
    assert waiting.status == RegistrationStatus.WAITLISTED
    registrations.cancel(other_group, notify=False)     # frees group 1, not group 0
    db.session.commit()
    assert waiting.status == RegistrationStatus.WAITLISTED
    assert [taken(g) for g in meeting.working_groups] == [1, 0]


def test_cancelling_twice_frees_one_place(client, meeting):
    first = sign_up(meeting, "a@example.org")
    sign_up(meeting, "b@example.org")
    client.post(f"/iscrizioni/{first.token}/annulla")
    client.post(f"/iscrizioni/{first.token}/annulla")
    assert taken(meeting.time_slots[0]) == 1


def test_registrations_closed_or_past_refuse(client, meeting):
    meeting.registration_open = False
    db.session.commit()
    response = post_form(client, meeting)
    assert "chiuse" in response.get_data(as_text=True) and registration_of("anna@example.org") is None


def test_invite_only_meetings_have_no_public_form(client, district):
    meeting = make_meeting(district, public=False)
    assert client.get(f"/incontri/{meeting.id}/iscrizione").status_code == 404


def test_an_unknown_or_erased_link_is_gone(client, meeting):
    assert client.get("/iscrizioni/not-a-token").status_code == 410


# --- bots and floods --------------------------------------------------------------------------------

def test_the_honeypot_refuses_a_bot(client, meeting):
    assert post_form(client, meeting, website="http://spam.example").status_code == 400
    assert registration_of("anna@example.org") is None


def test_a_form_sent_faster_than_a_person_can_is_shown_again(client, meeting):
    response = post_form(client, meeting, started=registrations.form_stamp(meeting))
    assert response.status_code == 422 and registration_of("anna@example.org") is None


@pytest.mark.parametrize("stamp", ["", "forged.123", "x" * 40])
def test_a_forged_timestamp_is_refused(client, meeting, stamp):
    assert post_form(client, meeting, started=stamp).status_code == 400


def test_a_day_old_form_is_shown_again(client, meeting):
    response = post_form(client, meeting, started=registrations.form_stamp(meeting, time.time() - 90000))
    assert response.status_code == 422 and registration_of("anna@example.org") is None


def test_a_stamp_of_another_meeting_is_refused(client, meeting, district):
    other = make_meeting(district)
    assert post_form(client, meeting, started=registrations.form_stamp(other, time.time() - 10)).status_code == 400


def test_registration_is_rate_limited(make_app):
    from app.plans import import_plan, sample_data
    app = make_app(RATELIMIT_ENABLED=True, REGISTRATION_RATE_LIMIT="3 per minute")
    with app.app_context():
        district = import_plan(sample_data()).district
        db.session.commit()
        meeting = make_meeting(district)
        client = app.test_client()
        statuses = [post_form(client, meeting, f"p{i}@example.org").status_code for i in range(5)]
    assert statuses[:3] == [302, 302, 302] and statuses[3:] == [429, 429]


# --- personal data ------------------------------------------------------------------------------------

def test_the_person_sees_downloads_and_erases_their_data(client, meeting):
    sign_up(meeting, "a@example.org")
    post_form(client, meeting, "w@example.org", join_waitlist="1")
    confirm_by_link(client, "w@example.org")
    token = registration_of("a@example.org").token
    page = client.get(f"/iscrizioni/{token}")
    assert page.headers["Cache-Control"] == "no-store" and "a@example.org" in page.get_data(as_text=True)
    data = client.get(f"/iscrizioni/{token}/dati.json").get_json()
    assert data["email"] == "a@example.org" and data["meeting"]["title"] == "Incontro aperto"
    assert client.get(f"/iscrizioni/{token}/cancella-dati").status_code == 200   # asks first
    assert registration_of("a@example.org") is not None
    assert client.post(f"/iscrizioni/{token}/cancella-dati").status_code == 200
    assert registration_of("a@example.org") is None
    assert client.get(f"/iscrizioni/{token}").status_code == 410
    assert registration_of("w@example.org").status == RegistrationStatus.CONFIRMED   # the freed place


def test_the_privacy_registry_exports_and_erases_registrations(meeting):
    sign_up(meeting, "a@example.org")
    exported = privacy.export_person("A@example.org")["meeting_registrations"]
    assert [r["email"] for r in exported] == ["a@example.org"]
    assert privacy.erase_person("a@example.org")["meeting_registrations"] == 1
    db.session.commit()
    assert registration_of("a@example.org") is None and taken(meeting.time_slots[0]) == 0


def test_the_audit_log_never_holds_the_name_or_email(meeting):
    from app.models import AuditLog
    sign_up(meeting, "secret.person@example.org")
    logged = json.dumps([[a.summary, a.before, a.after] for a in db.session.scalars(db.select(AuditLog))])
    assert "secret.person" not in logged


def test_the_demo_can_register_and_confirm_without_a_request(app, meeting):
    registration = registrations.register(meeting, name="Demo", email="demo@example.org",
                                          working_group=meeting.working_groups[0],
                                          time_slot=meeting.time_slots[0]).registration
    registrations.confirm(registration)
    db.session.commit()
    assert registration.status == RegistrationStatus.CONFIRMED


def office_url(meeting, tail=""):
    return f"/gestione/{meeting.district.slug}/incontri/{meeting.id}/iscrizioni/{tail}"


# --- the link's address: PDZ_BASE_URL, never the request's Host header -----------------------------------

def test_a_sign_up_sent_to_a_forged_host_is_refused_and_mails_nothing(client, meeting):
    response = client.post(f"/incontri/{meeting.id}/iscrizione", data=form_data(meeting),
                           headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert registration_of("anna@example.org") is None and mail.outbox() == []


def test_the_confirmation_link_is_built_from_the_public_address(app, client, meeting):
    app.config["PDZ_BASE_URL"] = "https://comune.example/pdz"    # the request itself comes to http://pdz.test
    assert post_form(client, meeting).status_code == 302
    link = link_in_mail("anna@example.org")
    assert link.startswith("https://comune.example/pdz/iscrizioni/")


# --- issue 14, defect 9: a choice the page does not show is not validated -----------------------------------

def meeting_with(district, *, groups: bool, slots: bool) -> Meeting:
    """A meeting with or without working groups and time slots: with none, the forms do not show the choice."""
    meeting = make_meeting(district, groups=("Presa in carico",) if groups else ())
    if not slots:
        for slot in list(meeting.time_slots):
            db.session.delete(slot)
        db.session.commit()
        db.session.refresh(meeting)
    return meeting


def as_rendered(client, url, selector, **typed):
    """The form of the page at `url`, with what the person typed, as the browser sends it."""
    page = client.get(url)
    assert page.status_code == 200
    _action, fields = browser_form(page.get_data(as_text=True), selector)
    fields = MultiDict(fields)
    for name, value in typed.items():
        fields = with_value(fields, name, value)
    return fields


NOTHING_TO_CHOOSE = [pytest.param(False, False, id="no-groups-no-slots"),
                     pytest.param(False, True, id="no-groups"), pytest.param(True, False, id="no-slots")]


@pytest.mark.parametrize("groups, slots", NOTHING_TO_CHOOSE)
def test_the_office_registers_and_moves_someone_with_the_form_as_the_browser_sends_it(as_office, district,
                                                                                   groups, slots):
    meeting = meeting_with(district, groups=groups, slots=slots)
    page = as_office.get(office_url(meeting, "nuova")).get_data(as_text=True)
    assert ('name="working_group"' in page) == groups and ('name="time_slot"' in page) == slots
    fields = as_rendered(as_office, office_url(meeting, "nuova"), "form[novalidate]",
                         name="Mario Bianchi", email="mario@example.org")
    response = as_office.post(office_url(meeting, "nuova"), data=fields)
    assert response.status_code == 302, page_text(response)[:500]
    registration = registration_of("mario@example.org")
    assert registration.status == RegistrationStatus.CONFIRMED and registration.working_group is None
    move_url = f"/gestione/{district.slug}/iscrizioni/{registration.id}/sposta"
    moved = as_office.post(move_url, data=as_rendered(as_office, move_url, "form[novalidate]"))
    assert moved.status_code == 302, page_text(moved)[:500]


@pytest.mark.parametrize("groups, slots", NOTHING_TO_CHOOSE)
def test_the_public_form_as_the_browser_sends_it(app, client, district, groups, slots):
    meeting = meeting_with(district, groups=groups, slots=slots)
    app.config["REGISTRATION_MIN_SECONDS"] = 0        # the person took their time
    url = f"/incontri/{meeting.id}/iscrizione"
    fields = as_rendered(client, url, "#registration-form", name="Anna Rossi", email="anna@example.org")
    fields.add("consent", "y")                         # the box the person ticks
    if groups:
        fields.add("working_group", str(meeting.working_groups[0].id))
    if slots:
        fields.add("time_slot", str(meeting.time_slots[0].id))
    response = client.post(url, data=fields)
    assert response.status_code == 302, page_text(response)[:500]
    assert registration_of("anna@example.org").status == RegistrationStatus.PENDING
