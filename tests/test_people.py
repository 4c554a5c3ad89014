"""The planning office manages the people of its district: roles, organization, accounts, invitations, outbox."""
import re
from datetime import timedelta

import pytest

from app import people
from app.extensions import db
from app.account_models import Invitation, User
from app.models import District, Organization, Role, utcnow
from tests.conftest import PASSWORD, login


@pytest.fixture
def base(district):
    return f"/gestione/{district.slug}"


@pytest.fixture
def other_district(app):
    other = District(name="Ambito di Dalmine", slug="dalmine")
    db.session.add(other)
    db.session.commit()
    return other


def _reload(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


ADMIN_PAGES = ["persone", "inviti", "inviti/nuovo", "posta", "registro"]


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_pages_are_for_the_planning_office_only(client, base, facilitator, page):
    response = client.get(f"{base}/{page}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login(client, facilitator)
    assert client.get(f"{base}/{page}").status_code == 403


def test_the_planning_office_of_another_district_is_refused(client, other_district, make_user, base):
    login(client, make_user("altro@example.org", Role.PLANNING_OFFICE, other_district))
    assert client.get(f"{base}/persone").status_code == 403


# ---- people list -----------------------------------------------------------------------------------------

def test_people_list_shows_the_district_members_with_their_roles(as_office, base, referent, facilitator,
                                                                 other_district, make_user):
    make_user("estraneo@example.org", Role.FACILITATOR, other_district)
    page = as_office.get(f"{base}/persone").get_data(as_text=True)
    assert referent.email in page and facilitator.email in page and "ufficio@example.org" in page
    assert "estraneo@example.org" not in page
    assert str(Role.REFERENT.label) in page
    assert "<td>Attivo</td>" in page and "In vigore" not in page   # an account is active, a plan "in vigore"


def test_people_list_searches_by_name_and_email(as_office, base, referent, facilitator):
    page = as_office.get(f"{base}/persone", query_string={"q": "REFERENTE@"}).get_data(as_text=True)
    assert referent.email in page and facilitator.email not in page
    page = as_office.get(f"{base}/persone", query_string={"q": facilitator.name[:5]}).get_data(as_text=True)
    assert facilitator.email in page and referent.email not in page
    page = as_office.get(f"{base}/persone", query_string={"q": "%"}).get_data(as_text=True)
    assert referent.email not in page


def test_people_list_is_paginated(app, as_office, base, district, make_user):
    app.config["PER_PAGE"] = 2
    for n in range(4):
        make_user(f"persona{n}@example.org", Role.REFERENT, district, name=f"Persona {n}")
    first = as_office.get(f"{base}/persone").get_data(as_text=True)
    third = as_office.get(f"{base}/persone?page=3").get_data(as_text=True)
    assert "persona0@" in first and "persona1@" in first and "persona2@" not in first
    assert "ufficio@example.org" in third
    assert as_office.get(f"{base}/persone?page=99").status_code == 200


# ---- one person --------------------------------------------------------------------------------------------

def test_edit_roles_and_organization(as_office, base, facilitator, district, plan):
    organization = Organization(name="Cooperativa Il Seme", district=district)
    db.session.add(organization)
    db.session.commit()
    response = as_office.post(f"{base}/persone/{facilitator.id}",
                              data={"roles": ["facilitator", "referent"], "organization_id": organization.id})
    assert response.status_code == 302
    user = _reload(facilitator)
    assert user.roles_in(district.id) == {Role.FACILITATOR, Role.REFERENT}
    assert user.organization_id == organization.id
    as_office.post(f"{base}/persone/{facilitator.id}", data={"roles": ["referent"], "organization_id": ""})
    user = _reload(facilitator)
    assert user.roles_in(district.id) == {Role.REFERENT} and user.organization is None


def test_the_edit_page_shows_roles_as_labelled_checkboxes(as_office, base, referent, plan):
    page = as_office.get(f"{base}/persone/{referent.id}").get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*value="referent"|<input[^>]*value="referent"[^>]*checked', page)
    assert '<legend' in page and plan.actions[0].title in page


def test_removing_the_referent_role_removes_the_actions(as_office, base, referent, district, plan):
    as_office.post(f"{base}/persone/{referent.id}", data={"roles": ["facilitator"]})
    user = _reload(referent)
    assert user.roles_in(district.id) == {Role.FACILITATOR} and user.actions == []


def test_removing_every_role_takes_the_person_out_of_the_district(as_office, base, facilitator):
    # A browser always sends the select, even with every checkbox unticked.
    response = as_office.post(f"{base}/persone/{facilitator.id}", data={"organization_id": ""})
    assert response.status_code == 302 and response.headers["Location"].endswith("/persone")
    assert as_office.get(f"{base}/persone/{facilitator.id}").status_code == 404


def test_the_last_planning_office_role_cannot_be_removed(as_office, base, office, district):
    as_office.set_cookie("lang", "en", domain="pdz.test")
    response = as_office.post(f"{base}/persone/{office.id}", data={"roles": ["facilitator"]})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "last planning office" in page
    assert re.search(r'<input[^>]*checked[^>]*value="facilitator"|<input[^>]*value="facilitator"[^>]*checked', page)
    assert _reload(office).roles_in(district.id) == {Role.PLANNING_OFFICE}


def test_a_planning_office_can_hand_over_and_step_down(as_office, base, office, facilitator, district):
    as_office.post(f"{base}/persone/{facilitator.id}", data={"roles": ["planning_office"]})
    response = as_office.post(f"{base}/persone/{office.id}", data={"roles": ["referent"]})
    assert response.status_code == 302 and response.headers["Location"].endswith("/gestione/")
    assert _reload(office).roles_in(district.id) == {Role.REFERENT}
    assert as_office.get(f"{base}/persone").status_code == 403


def test_a_stale_edit_is_refused(as_office, base, facilitator, district):
    page = as_office.get(f"{base}/persone/{facilitator.id}").get_data(as_text=True)
    state = re.search(r'name="state" type="hidden" value="([^"]*)"|value="([^"]*)" name="state"|'
                      r'id="state" name="state" type="hidden" value="([^"]*)"', page)
    state = next(value for value in state.groups() if value is not None)
    people.grant(facilitator, district, Role.REFERENT)  # someone else, meanwhile
    db.session.commit()
    as_office.set_cookie("lang", "en", domain="pdz.test")
    response = as_office.post(f"{base}/persone/{facilitator.id}", data={"roles": ["facilitator"], "state": state},
                              follow_redirects=True)
    assert "Someone else changed this person" in response.get_data(as_text=True)
    assert _reload(facilitator).roles_in(district.id) == {Role.FACILITATOR, Role.REFERENT}


def test_people_and_organizations_of_another_district_are_out_of_reach(as_office, base, other_district,
                                                                       make_user, facilitator):
    stranger = make_user("estraneo@example.org", Role.FACILITATOR, other_district)
    foreign = Organization(name="Ente altrove", district=other_district)
    db.session.add(foreign)
    db.session.commit()
    assert as_office.get(f"{base}/persone/{stranger.id}").status_code == 404
    assert as_office.post(f"{base}/persone/{stranger.id}", data={"roles": ["referent"]}).status_code == 404
    assert as_office.get(f"{base}/persone/{stranger.id}/disattiva").status_code == 404
    assert as_office.post(f"{base}/persone/{facilitator.id}",
                          data={"roles": ["facilitator"], "organization_id": foreign.id}).status_code in (404, 422)
    assert _reload(facilitator).organization_id is None
    assert _reload(stranger).roles_in(other_district.id) == {Role.FACILITATOR}


# ---- accounts ------------------------------------------------------------------------------------------

def test_deactivate_after_confirmation_then_reactivate(as_office, base, facilitator, client):
    page = as_office.get(f"{base}/persone/{facilitator.id}/disattiva").get_data(as_text=True)
    assert facilitator.email in page and _reload(facilitator).active
    assert as_office.post(f"{base}/persone/{facilitator.id}/disattiva").status_code == 302
    assert not _reload(facilitator).active
    other = client.application.test_client()
    assert other.post("/login", data={"email": facilitator.email, "password": PASSWORD}).status_code == 422
    assert as_office.post(f"{base}/persone/{facilitator.id}/riattiva").status_code == 302
    assert _reload(facilitator).active
    login(other, facilitator)


def test_nobody_can_deactivate_themself(as_office, base, office):
    as_office.set_cookie("lang", "en", domain="pdz.test")
    page = as_office.post(f"{base}/persone/{office.id}/disattiva", follow_redirects=True).get_data(as_text=True)
    assert "your own account" in page
    assert _reload(office).active


def test_the_last_planning_office_cannot_be_deactivated(client, base, office, make_user):
    admin = make_user("admin@example.org", admin=True)
    login(client, admin)
    client.post(f"{base}/persone/{office.id}/disattiva")
    assert _reload(office).active


def test_an_account_used_in_another_district_is_not_deactivated_from_here(as_office, base, facilitator,
                                                                          other_district):
    people.grant(facilitator, other_district, Role.REFERENT)
    db.session.commit()
    as_office.post(f"{base}/persone/{facilitator.id}/disattiva")
    assert _reload(facilitator).active


# ---- invitations -------------------------------------------------------------------------------------------

def _invite(client, base, **data):
    data = {"email": "nuovo@example.org", "name": "Nuovo Referente", "role": "referent", **data}
    return client.post(f"{base}/inviti/nuovo", data=data)


def _flush_messages(client):
    """Read the flashed messages, so the next page shows only its own data."""
    client.get("/")


def _last_link(district):
    from app import mail
    body = mail.outbox(district=district)[0].body
    return re.search(r"https?://[^/\s]+(/invito/\S+)", body).group(1)


def test_invite_a_referent_for_actions_and_accept(as_office, app, base, district, plan):
    actions = plan.actions[3:5]
    response = _invite(as_office, base, actions=[a.id for a in actions])
    assert response.status_code == 302
    invitation = db.session.scalar(db.select(Invitation))
    assert invitation.action_ids == [a.id for a in actions] and invitation.district_id == district.id
    link = _last_link(district)
    newcomer = app.test_client()
    page = newcomer.get(link)
    assert page.status_code == 200 and "nuovo@example.org" in page.get_data(as_text=True)
    response = newcomer.post(link, data={"name": "Nuovo Referente", "password": "a-long-password",
                                         "confirm": "a-long-password"})
    assert response.status_code == 302
    user = db.session.scalar(db.select(User).filter_by(email="nuovo@example.org"))
    assert user.roles_in(district.id) == {Role.REFERENT}
    assert sorted(a.id for a in user.actions) == sorted(a.id for a in actions)
    assert app.test_client().get(link).status_code == 410  # single use


def test_the_invitation_form_offers_the_current_plans_actions(as_office, base, plan):
    page = as_office.get(f"{base}/inviti/nuovo").get_data(as_text=True)
    assert plan.actions[0].title in page and 'name="actions"' in page


@pytest.mark.parametrize("data", [
    {"email": "not-an-email"},
    {"role": "facilitator", "actions": ["1"]},
    {"role": "mayor"},
])
def test_bad_invitations_are_refused_keeping_what_was_typed(as_office, base, plan, data):
    response = _invite(as_office, base, **data)
    assert response.status_code == 422
    assert "Nuovo Referente" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 0


def test_an_action_of_another_district_cannot_be_given(as_office, base, plan, other_district):
    response = _invite(as_office, base, actions=["99999"])
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 0


def test_no_second_pending_invitation_and_no_role_twice(as_office, base, facilitator):
    assert _invite(as_office, base, role="facilitator").status_code == 302
    assert _invite(as_office, base, role="facilitator").status_code == 422
    assert _invite(as_office, base, email=facilitator.email, role="facilitator").status_code == 422
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 1


def test_a_mail_server_failure_saves_nothing(app, as_office, base):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)
    response = _invite(as_office, base)
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 0


def test_invitations_list_by_status(as_office, base, district):
    _invite(as_office, base, email="a@example.org")
    _invite(as_office, base, email="b@example.org")
    _invite(as_office, base, email="c@example.org")
    _flush_messages(as_office)
    a, b, c = db.session.scalars(db.select(Invitation).order_by(Invitation.id)).all()
    b.expires_at = utcnow() - timedelta(days=1)
    c.revoked_at = utcnow()
    db.session.commit()
    pending = as_office.get(f"{base}/inviti?stato=pending").get_data(as_text=True)
    assert "a@example.org" in pending and "b@example.org" not in pending and "c@example.org" not in pending
    assert "b@example.org" in as_office.get(f"{base}/inviti?stato=expired").get_data(as_text=True)
    revoked = as_office.get(f"{base}/inviti?stato=revoked").get_data(as_text=True)
    assert "c@example.org" in revoked and "a@example.org" not in revoked
    everything = as_office.get(f"{base}/inviti").get_data(as_text=True)
    assert all(e in everything for e in ("a@example.org", "b@example.org", "c@example.org"))


def test_revoke_after_confirmation_kills_the_link(as_office, app, base, district):
    _invite(as_office, base)
    link = _last_link(district)
    invitation = db.session.scalar(db.select(Invitation))
    page = as_office.get(f"{base}/inviti/{invitation.id}/revoca").get_data(as_text=True)
    assert invitation.email in page and _reload(invitation).revoked_at is None
    assert as_office.post(f"{base}/inviti/{invitation.id}/revoca").status_code == 302
    assert _reload(invitation).revoked_at is not None
    assert app.test_client().get(link).status_code == 410


def test_resend_sends_a_new_link_and_kills_the_old_one(as_office, app, base, district):
    _invite(as_office, base)
    old_link = _last_link(district)
    invitation = db.session.scalar(db.select(Invitation))
    assert as_office.post(f"{base}/inviti/{invitation.id}/reinvia").status_code == 302
    new_link = _last_link(district)
    assert new_link != old_link
    visitor = app.test_client()
    assert visitor.get(old_link).status_code == 410
    assert visitor.get(new_link).status_code == 200


def test_an_accepted_invitation_is_not_resent_or_revoked(as_office, base, district, app):
    _invite(as_office, base)
    app.test_client().post(_last_link(district), data={"name": "N", "password": "a-long-password",
                                                       "confirm": "a-long-password"})
    invitation = db.session.scalar(db.select(Invitation))
    as_office.post(f"{base}/inviti/{invitation.id}/reinvia")
    as_office.post(f"{base}/inviti/{invitation.id}/revoca")
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 1
    assert _reload(invitation).revoked_at is None


def test_invitations_of_another_district_are_out_of_reach(as_office, base, other_district, app):
    with app.test_request_context():
        invitation, _link = people.invite(other_district, "x@example.org", Role.FACILITATOR)
    db.session.commit()
    assert as_office.get(f"{base}/inviti/{invitation.id}/revoca").status_code == 404
    assert as_office.post(f"{base}/inviti/{invitation.id}/reinvia").status_code == 404
    assert "x@example.org" not in as_office.get(f"{base}/inviti").get_data(as_text=True)


# ---- invitation links --------------------------------------------------------------------------------------

@pytest.fixture
def invitation_link(app, district):
    with app.test_request_context():
        invitation, link = people.invite(district, "ospite@example.org", Role.FACILITATOR)
    db.session.commit()
    return invitation, link.split("pdz.test", 1)[1]


def test_a_forged_token_is_invalid(client, invitation_link):
    _invitation, link = invitation_link
    assert client.get(link[:-3] + "xyz").status_code == 410
    assert client.get("/invito/not-a-token").status_code == 410


def test_a_token_signed_with_another_key_is_invalid(client, app, invitation_link):
    from itsdangerous import URLSafeTimedSerializer
    invitation, _link = invitation_link
    token = URLSafeTimedSerializer("another-key", salt="pdz-invitation").dumps(
        {"id": invitation.id, "email": invitation.email})
    assert client.get(f"/invito/{token}").status_code == 410


def test_an_expired_invitation_is_invalid(client, invitation_link):
    invitation, link = invitation_link
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert client.get(link).status_code == 410


def test_a_revoked_invitation_is_invalid(client, invitation_link):
    invitation, link = invitation_link
    people.revoke_invitation(invitation)
    db.session.commit()
    assert client.get(link).status_code == 410


def test_an_invitation_link_works_once(client, app, invitation_link, district):
    _invitation, link = invitation_link
    data = {"name": "Ospite", "password": "a-long-password", "confirm": "a-long-password"}
    assert client.post(link, data=data).status_code == 302
    second = app.test_client()
    assert second.get(link).status_code == 410
    assert second.post(link, data=data).status_code == 410


def test_an_existing_account_accepts_logged_in_without_a_new_password(client, app, district, facilitator):
    with app.test_request_context():
        _invitation, link = people.invite(district, facilitator.email, Role.REFERENT)
    db.session.commit()
    path = link.split("pdz.test", 1)[1]
    login(client, facilitator)
    assert 'name="password"' not in client.get(path).get_data(as_text=True)
    assert client.post(path, data={"name": facilitator.name}).status_code == 302
    user = _reload(facilitator)
    assert user.roles_in(district.id) == {Role.FACILITATOR, Role.REFERENT} and user.check_password(PASSWORD)


def test_the_link_alone_does_not_let_anyone_into_an_existing_account(client, app, district, facilitator, make_user):
    """Whoever reads the link (a colleague, another district's office) is asked to log in as the account."""
    with app.test_request_context():
        invitation, link = people.invite(district, facilitator.email, Role.REFERENT)
    db.session.commit()
    path = link.split("pdz.test", 1)[1]
    page = client.get(path)
    assert page.status_code == 200 and "/login?next=" in page.get_data(as_text=True)
    assert 'name="name"' not in page.get_data(as_text=True)
    assert client.post(path, data={"name": "Intruso"}).status_code == 200
    other = make_user("altro@example.org")
    login(client, other)
    assert client.post(path, data={"name": "Intruso"}).status_code == 200
    user = _reload(facilitator)
    assert user.roles_in(district.id) == {Role.FACILITATOR} and user.name != "Intruso"
    assert db.session.get(Invitation, invitation.id).accepted_at is None
    with client.session_transaction() as session:
        assert session["_user_id"].startswith(f"{other.id}:")


def test_a_deactivated_account_cannot_join_through_an_invitation(client, app, district, facilitator):
    facilitator.active = False
    with app.test_request_context():
        invitation, link = people.invite(district, facilitator.email, Role.REFERENT)
    db.session.commit()
    path = link.split("pdz.test", 1)[1]
    client.set_cookie("lang", "en", domain="pdz.test")
    response = client.post(path, data={"name": facilitator.name})
    assert response.status_code == 422 and "deactivated" in response.get_data(as_text=True)
    assert _reload(facilitator).roles_in(district.id) == {Role.FACILITATOR}
    assert _reload(invitation).accepted_at is None


# ---- outbox ----------------------------------------------------------------------------------------------

def test_outbox_lists_this_districts_messages_with_their_text(as_office, app, base, district, other_district):
    _invite(as_office, base)
    with app.test_request_context():
        people.invite(other_district, "altrove@example.org", Role.FACILITATOR)
    db.session.commit()
    page = as_office.get(f"{base}/posta").get_data(as_text=True)
    assert "nuovo@example.org" in page and "/invito/" in page and "<details>" in page
    assert "altrove@example.org" not in page


def test_outbox_is_paginated(app, as_office, base):
    app.config["PER_PAGE"] = 2
    for n in range(3):
        _invite(as_office, base, email=f"p{n}@example.org")
    _flush_messages(as_office)
    first = as_office.get(f"{base}/posta").get_data(as_text=True)
    second = as_office.get(f"{base}/posta?page=2").get_data(as_text=True)
    assert "p2@example.org" in first and "p1@example.org" in first and "p0@example.org" not in first
    assert "p0@example.org" in second


def test_outbox_says_when_mail_goes_through_smtp(app, as_office, base):
    app.config["MAIL_SERVER"] = "smtp.comune.example"
    page = as_office.get(f"{base}/posta").get_data(as_text=True)
    assert "smtp.comune.example" in page


# ---- the invitation link's address: PDZ_BASE_URL, never the request's Host header ---------------------------

def test_an_invitation_asked_for_under_a_forged_host_is_refused(as_office, base):
    from app import mail
    session = as_office.get_cookie("session", domain="pdz.test")
    response = as_office.post(f"{base}/inviti/nuovo",
                              data={"email": "nuovo@example.org", "name": "Nuovo", "role": "facilitator"},
                              headers={"Host": "evil.example", "Cookie": f"session={session.value}"})
    assert response.status_code == 400
    assert db.session.scalar(db.select(Invitation)) is None and mail.outbox() == []


def test_the_invitation_link_is_built_from_the_public_address(app, as_office, base, district):
    from app import mail
    app.config["PDZ_BASE_URL"] = "https://comune.example/pdz"    # the request itself came to http://pdz.test
    assert _invite(as_office, base, role="facilitator").status_code == 302
    [message] = mail.outbox(district=district)
    assert re.search(r"https?://\S+/invito/", message.body).group(0) == "https://comune.example/pdz/invito/"
