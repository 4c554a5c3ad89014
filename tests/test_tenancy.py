"""One installation, several districts: an office never reaches another district's people.

District A is the Crema sample with its planning office; district B is a second district with an office of its
own, which tries, as an attacker would, to take over A's office account: by naming it as a referent (the action
form, a plan import, an invitation), then by managing it (new password, sessions, details, deactivation,
privacy requests, roles, the outbox). Every attempt leaves A's person as it was.
"""
from __future__ import annotations

import io
import json

import pytest

from app import mail, people
from app.extensions import db
from app.account_models import Invitation, User
from app.models import Organization, Role
from app.plans import import_plan
from tests.conftest import login


def b_plan(referent_email: str | None = None) -> dict:
    action = {"code": "1.1", "title": "Sportello unico per le famiglie"}
    if referent_email:
        action["referents"] = [{"email": referent_email, "name": "Chiunque"}]
    return {"district": {"name": "Ambito di Bergamo", "province": "Bergamo"},
            "plan": {"title": "Piano di Zona 2015-2017", "start_year": 2015, "end_year": 2017,
                     "theses": ["Dalla delega alla corresponsabilità"],
                     "areas": [{"name": "Minori e famiglie", "actions": [action]}]}}


@pytest.fixture
def district_b(app, plan):
    return import_plan(b_plan()).district


@pytest.fixture
def office_b(make_user, district_b):
    return make_user("ufficio@bergamo.example.org", Role.PLANNING_OFFICE, district_b)


@pytest.fixture
def as_b(client, office_b):
    return login(client, office_b)


def account(user: User) -> dict:
    """Everything about a person's account that another district must not change."""
    fresh = db.session.get(User, user.id)
    db.session.refresh(fresh)
    return {"password": fresh.password_hash, "session": fresh.session_token, "name": fresh.name,
            "email": fresh.email, "active": fresh.active, "organization": fresh.organization_id,
            "roles": sorted((m.district_id, m.role.value) for m in fresh.memberships)}


def messages_to(user: User, district=None) -> list:
    return [m for m in mail.outbox(district=district) if user.email in m.to.lower()]


def invitations_of(user: User, district) -> list[Invitation]:
    return db.session.scalars(db.select(Invitation).filter_by(email=user.email, district_id=district.id)).all()


# ---- naming another district's person ----------------------------------------------------------------------

def test_naming_another_districts_office_as_referent_only_invites_them(as_b, office, district_b):
    before = account(office)
    action = district_b.plans[0].actions[0]
    response = as_b.post(f"/gestione/{district_b.slug}/azioni/{action.id}/modifica", data={
        "version": str(action.version), "area": str(action.area_id), "code": action.code, "title": action.title,
        "referent_email": office.email})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert account(office) == before                   # no role in B, nothing else changed
    assert office not in db.session.get(type(action), action.id).referents
    invitation, = invitations_of(office, district_b)
    assert invitation.role == Role.REFERENT and invitation.action_ids == [action.id] and invitation.accepted_at is None
    # The invitation is mailed, but B's office cannot read it: it is not in B's outbox.
    assert messages_to(office, district_b) == [] and len(messages_to(office)) == 1
    # B still has no page for A's office, so no new-password link either.
    assert as_b.get(f"/gestione/{district_b.slug}/persone/{office.id}").status_code == 404
    assert as_b.post(f"/gestione/{district_b.slug}/persone/{office.id}/nuova-password").status_code == 404
    assert len(messages_to(office)) == 1 and account(office) == before


def test_a_plan_import_naming_another_districts_office_only_invites_them(as_b, office, district_b, plan):
    before = account(office)
    data = b_plan(office.email)
    data["plan"]["title"] = "Un altro piano"
    response = as_b.post(f"/gestione/{district_b.slug}/importa", data={
        "file": (io.BytesIO(json.dumps(data).encode()), "piano.json")},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert account(office) == before
    assert [i.role for i in invitations_of(office, district_b)] == [Role.REFERENT]
    assert messages_to(office, district_b) == []


def test_a_plan_import_makes_new_referents_of_the_district_at_once(app, plan):
    imported = import_plan(b_plan("nuova.referente@bergamo.example.org"))
    db.session.commit()
    newcomer = people.find_user("nuova.referente@bergamo.example.org")
    assert newcomer.roles_in(imported.district_id) == {Role.REFERENT}
    assert imported.actions[0].referents == [newcomer]


def test_an_invitation_to_another_districts_person_stays_out_of_the_inviting_outbox(as_b, office, district_b):
    response = as_b.post(f"/gestione/{district_b.slug}/inviti/nuovo",
                         data={"email": office.email, "role": Role.FACILITATOR.value, "name": ""})
    assert response.status_code == 302
    assert messages_to(office, district_b) == []
    assert len(messages_to(office)) == 1 and messages_to(office)[0].district is None


def test_the_link_read_by_the_inviting_office_does_not_open_the_account(app, office, office_b, district_b):
    """Even holding the link (from a leaked mail, say), B's office is asked to log in as the person."""
    with app.test_request_context():
        _invitation, link = people.invite(district_b, office.email, Role.REFERENT, invited_by=office_b)
    db.session.commit()
    path = link.split("pdz.test", 1)[1]
    before = account(office)
    thief = app.test_client()
    login(thief, office_b)
    assert thief.post(path, data={"name": "Ufficio A"}).status_code == 200
    anonymous = app.test_client()
    assert anonymous.post(path, data={"name": "Ufficio A"}).status_code == 200
    assert account(office) == before
    with thief.session_transaction() as session:
        assert session["_user_id"].startswith(f"{office_b.id}:")
    with anonymous.session_transaction() as session:
        assert "_user_id" not in session


# ---- a person of two districts -------------------------------------------------------------------------------

@pytest.fixture
def shared_person(app, office, office_b, district_b):
    """A's office, who accepted (logged in as themselves) B's invitation as referent: now in both districts."""
    with app.test_request_context():
        _invitation, link = people.invite(district_b, office.email, Role.REFERENT, invited_by=office_b)
    db.session.commit()
    own = app.test_client()
    login(own, office)
    assert own.post(link.split("pdz.test", 1)[1], data={"name": office.name}).status_code == 302
    person = db.session.get(User, office.id)
    assert person.roles_in(district_b.id) == {Role.REFERENT}
    return person


def test_the_person_accepts_with_their_own_login(shared_person, district, district_b):
    assert shared_person.roles_in(district.id) == {Role.PLANNING_OFFICE}
    assert shared_person.roles_in(district_b.id) == {Role.REFERENT}


@pytest.mark.parametrize("attempt", ["new password", "end sessions", "deactivate", "reactivate", "organization",
                                     "privacy export", "privacy erase"])
def test_the_other_office_cannot_manage_a_person_of_two_districts(as_b, shared_person, district_b, attempt):
    before = account(shared_person)
    base = f"/gestione/{district_b.slug}/persone/{shared_person.id}"
    organization = Organization(district=district_b, name="Cooperativa di Bergamo")
    db.session.add(organization)
    db.session.commit()
    if attempt == "new password":
        response = as_b.post(f"{base}/nuova-password")
    elif attempt == "end sessions":
        response = as_b.post(f"{base}/termina-sessioni")
    elif attempt == "deactivate":
        response = as_b.post(f"{base}/disattiva")
    elif attempt == "reactivate":
        db.session.get(User, shared_person.id).active = False
        db.session.commit()
        before = account(shared_person)
        response = as_b.post(f"{base}/riattiva")
    elif attempt == "organization":
        as_b.set_cookie("lang", "en", domain="pdz.test")
        page = as_b.get(base).get_data(as_text=True)
        assert 'name="organization_id"' not in page and "only by them or by the installation" in page
        state = f"{Role.REFERENT.value}|{shared_person.organization_id or ''}|{int(shared_person.active)}"
        response = as_b.post(base, data={"roles": [Role.REFERENT.value], "organization_id": str(organization.id),
                                         "state": state})
    else:
        action = "esporta" if attempt == "privacy export" else "cancella"
        response = as_b.post(f"/gestione/{district_b.slug}/privacy/{action}", data={"email": shared_person.email})
    assert response.status_code in (302, 303, 403, 422)
    assert account(shared_person) == before
    assert messages_to(shared_person, district_b) == []


def test_the_other_office_may_take_back_its_own_role_only(as_b, shared_person, district, district_b):
    before = account(shared_person)
    response = as_b.post(f"/gestione/{district_b.slug}/persone/{shared_person.id}",
                         data={"roles": [], "state": f"{Role.REFERENT.value}||1"})
    assert response.status_code == 302
    after = account(shared_person)
    assert after["roles"] == [(district.id, Role.PLANNING_OFFICE.value)]
    # Nothing else of the account moved: not even their sessions in district A.
    assert {k: v for k, v in after.items() if k != "roles"} == {k: v for k, v in before.items() if k != "roles"}


def test_the_persons_own_office_cannot_manage_them_either_once_they_work_elsewhere(
        client, shared_person, make_user, district):
    colleague = make_user("collega@example.org", Role.PLANNING_OFFICE, district)
    login(client, colleague)
    before, mailed = account(shared_person), len(messages_to(shared_person))
    assert client.post(f"/gestione/{district.slug}/persone/{shared_person.id}/nuova-password").status_code == 302
    assert client.post(f"/gestione/{district.slug}/persone/{shared_person.id}/termina-sessioni").status_code == 302
    assert account(shared_person) == before and len(messages_to(shared_person)) == mailed


def test_an_administrator_manages_a_person_of_two_districts(client, shared_person, make_user, district_b):
    admin = make_user("admin@example.org", admin=True)
    login(client, admin)
    before, mailed = account(shared_person), len(messages_to(shared_person))
    response = client.post(f"/gestione/{district_b.slug}/persone/{shared_person.id}/nuova-password")
    assert response.status_code == 302
    # The link goes to the person; it is filed in no district's outbox, only the administrator's.
    assert messages_to(shared_person, district_b) == [] and len(messages_to(shared_person)) == mailed + 1
    assert "/nuova-password/" in client.get("/gestione/posta").get_data(as_text=True)
    assert client.post(f"/gestione/{district_b.slug}/persone/{shared_person.id}/termina-sessioni").status_code == 302
    assert account(shared_person)["session"] != before["session"]


def test_the_installation_outbox_is_for_administrators(as_b):
    assert as_b.get("/gestione/posta").status_code == 403


# ---- a person of one district -----------------------------------------------------------------------------

def test_the_office_manages_the_people_of_its_district_alone(as_office, district, make_user):
    person = make_user("referente@example.org", Role.REFERENT, district)
    before = account(person)
    assert as_office.post(f"/gestione/{district.slug}/persone/{person.id}/nuova-password").status_code == 302
    assert len(messages_to(person, district)) == 1
    assert as_office.post(f"/gestione/{district.slug}/persone/{person.id}/termina-sessioni").status_code == 302
    assert account(person)["session"] != before["session"]


def test_a_districts_outbox_never_holds_mail_for_a_person_of_another_district(app, office, district_b, district):
    with app.test_request_context():
        mail.send(office.email, "Oggetto", "Testo", district=district_b)
        mail.send(office.email, "Oggetto", "Testo", district=district)
        mail.send("nessuno@example.org", "Oggetto", "Testo", district=district_b)
    assert messages_to(office, district_b) == [] and len(messages_to(office, district)) == 1
    assert [m.to for m in mail.outbox(district=district_b)] == ["nessuno@example.org"]


def test_mail_filed_before_the_person_joined_another_district_leaves_that_outbox(app, office, district, district_b):
    with app.test_request_context():
        mail.send(office.email, "Nuova password", "Un link", district=district)
    assert len(messages_to(office, district)) == 1
    people.grant(office, district_b, Role.FACILITATOR)
    db.session.commit()
    assert messages_to(office, district) == [] and len(messages_to(office)) == 1
