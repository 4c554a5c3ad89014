"""Every management page of the plan structure is for the planning office of that district only."""
from decimal import Decimal

import pytest

from app import funding, people, roles, territory
from app.funding_models import BidOutcome, InKindKind
from app.territory_models import BodyKind
from app.extensions import db
from app.models import FundingSource, Role
from app.plans import find_or_create_district
from app.structure_actions import create_organization

from conftest import login

OPEN_TO_STAFF = {"office.dashboard", "office.district"}


@pytest.fixture
def ids(plan, district):
    org = create_organization(district, name="Comune di Crema")
    crema = territory.add_municipality(district, istat_code="019035")
    body = territory.add_body(district, kind=BodyKind.MAYORS_ASSEMBLY, name="Assemblea dei Sindaci")
    member = territory.add_member(body, name="Sindaco di Crema", municipality=crema)
    programme = funding.add_programme(district, name="FNPS 2015", kind=FundingSource.NATIONAL_REGIONAL)
    bid = funding.add_bid(district, title="Wel(l)FARE legami", call="Fondazione Cariplo",
                          outcome=BidOutcome.SUBMITTED)
    hours = funding.add_in_kind(plan.actions[0], kind=InKindKind.STAFF_HOURS, hours=Decimal(10),
                                hourly_rate=Decimal(20), rate_basis="CCNL")
    north = territory.add_sub_area(district, "Nord", [crema])
    figure = territory.add_figure(district, label="famiglie raggiunte", value=120)
    db.session.commit()
    return {"plan_id": plan.id, "thesis_id": plan.theses[0].id, "area_id": plan.areas[0].id,
            "action_id": plan.actions[0].id, "organization_id": org.id, "municipality_id": crema.id,
            "sub_area_id": north.id, "body_id": body.id,
            "member_id": member.id, "programme_id": programme.id, "bid_id": bid.id, "resource_id": hours.id,
            "figure_id": figure.id, "role_id": roles.district_roles(district.id)[0].id}


@pytest.fixture
def other_office(make_user):
    other = find_or_create_district("Ambito di Dalmine")
    db.session.commit()
    return make_user("ufficio@dalmine.example.org", Role.PLANNING_OFFICE, other)


def management_routes(app, ids, slug):
    """(method, url) of every office view but the overview pages: new views are covered by themselves."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("office.") or rule.endpoint in OPEN_TO_STAFF or "district" not in rule.arguments:
            continue
        values = {arg: ids[arg] for arg in rule.arguments if arg != "district"}
        with app.test_request_context():
            url = app.url_for(rule.endpoint, district=slug, **values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, url.replace("http://pdz.test", "")))
    return routes


def test_the_routes_are_all_there(app, ids, district):
    assert len(management_routes(app, ids, district.slug)) >= 30


def test_anonymous_users_are_sent_to_login(app, client, ids, district):
    for method, url in management_routes(app, ids, district.slug):
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url)
        assert "/login" in response.headers["Location"], (method, url)


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.REFERENT])
def test_other_staff_roles_are_forbidden(app, client, make_user, ids, district, role):
    login(client, make_user(f"{role.value}@example.org", role, district))
    for method, url in management_routes(app, ids, district.slug):
        assert client.open(url, method=method).status_code == 403, (method, url)


def test_the_planning_office_of_another_district_is_forbidden(app, client, other_office, ids, district):
    login(client, other_office)
    for method, url in management_routes(app, ids, district.slug):
        assert client.open(url, method=method).status_code == 403, (method, url)


def test_records_of_another_district_are_not_found_through_ones_own(app, client, other_office, ids, district):
    login(client, other_office)
    own = other_office.districts[0].slug
    for method, url in management_routes(app, ids, own):
        if any(str(v) in url.split("/") for v in ids.values()):
            assert client.open(url, method=method).status_code == 404, (method, url)
    assert client.get(f"/gestione/{own}/piani/{ids['plan_id']}").status_code == 404


def test_the_office_can_open_every_management_page(app, as_office, ids, district):
    for method, url in management_routes(app, ids, district.slug):
        if method == "GET":
            assert as_office.get(url).status_code == 200, url


def test_the_overview_shows_management_links_to_the_office_only(client, make_user, office, referent, plan,
                                                                 district):
    login(client, referent)
    page = client.get(f"/gestione/{district.slug}/").get_data(as_text=True)
    assert plan.title in page and plan.actions[0].title in page
    assert "/piani/nuovo" not in page and f"/gestione/{district.slug}/piani/{plan.id}" not in page
    client.post("/logout")
    login(client, office)
    page = client.get(f"/gestione/{district.slug}/").get_data(as_text=True)
    assert "/piani/nuovo" in page and f"/gestione/{district.slug}/piani/{plan.id}" in page
    assert f"/gestione/{district.slug}/enti" in page


def test_assigning_a_referent_grants_the_role_only_in_that_district(plan, district, make_user):
    user = make_user("nuovo@example.org", Role.FACILITATOR, district)
    people.assign_referent(plan.actions[1], user)
    assert user.roles_in(district.id) == {Role.FACILITATOR, Role.REFERENT}
    assert [d.id for d in user.districts] == [district.id] and user in plan.actions[1].referents


def test_assigning_an_account_from_outside_the_district_only_invites_it(plan, district, make_user):
    user = make_user("nuovo@example.org")
    invitation = people.assign_referent(plan.actions[1], user)
    assert user.roles_in(district.id) == set() and user not in plan.actions[1].referents
    assert invitation.email == user.email and invitation.action_ids == [plan.actions[1].id]
    assert people.assign_referent(plan.actions[2], user) is invitation     # one invitation, both actions
    assert invitation.action_ids == [plan.actions[1].id, plan.actions[2].id]


def test_management_pages_are_told_apart_from_the_public_ones_in_the_tab(as_office, district):
    for url in (f"/gestione/{district.slug}/", f"/gestione/{district.slug}/enti"):
        title = as_office.get(url).get_data(as_text=True).split("<title>", 1)[1].split("</title>", 1)[0]
        assert "· Gestione ·" in title, url
    public = as_office.get("/enti").get_data(as_text=True).split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Gestione" not in public
