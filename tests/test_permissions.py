"""Walk the app's URL map: every route is either on the public allow-list or guarded by
`role_required`/`admin_required`, and every guarded route refuses anonymous users and the wrong role.

Nothing here names a management URL: a new view is picked up by the next run, and a new view without a
permission decorator breaks the build until it is decorated or (if truly public) added to PUBLIC.
The requests here are all refused (or are GETs), so the module shares one database with the sample plan.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask_login.utils import _create_identifier

from app import create_app, people
from app.extensions import db
from app.models import (BudgetLine, District, FundingSource, Invitation, Organization, OrganizationType, Role,
                        utcnow)
from tests.conftest import DATABASE_URL, FreshContextClient, _empty_postgresql

# Endpoints anyone may call. A pattern ending in ".*" covers a blueprint; READ_ONLY ones accept only GET.
PUBLIC = {"static", "public.*", "auth.login", "auth.logout", "auth.accept_invitation",
          "chart_assets.plotly_js",   # the vendored Plotly script of the charts
          "participant.*", "wall.*",   # keyword sessions: phones need no account; the wall is public
          "evaluations_public.plan_evaluation", "evaluations_public.card"}   # approved cards, if published
PUBLIC |= {"keywords_api.group"}   # the keyword grouping engine: pure computation, no data
PUBLIC |= {"registration.*"}   # meeting sign-up, and the page behind the secret link of each registration
PUBLIC |= {"minutes_public.*"}   # approved minutes of public meetings (drafts answer 404)
PUBLIC |= {"meetings_public.*"}   # the public calendar: public meetings only (invite-only ones are 404)
PUBLIC |= {"blog.*", "post_comments.*"}   # the public blog, its feed and readers' comments (moderated)
PUBLIC |= {"post_images.image"}   # a post's image: 404 until its post is public, unless the office asks
PUBLIC |= {"health.health"}   # the monitor's probe: database reachable and migrated, no secrets
PUBLIC |= {"privacy.notice"}   # the privacy notice (art. 13 GDPR)
PUBLIC |= {"auth.forgot_password", "auth.new_password"}   # a forgotten password: by definition before login
PUBLIC |= {"draft_writing.*"}   # a plan draft the office opened: reading, comments, amendments (own checks)
PUBLIC_READ_ONLY = {"api.*"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
ADMIN = "admin"   # what admin_required puts in `required_roles`


def _listed(endpoint: str, patterns: set[str]) -> bool:
    return any(endpoint == p or (p.endswith(".*") and endpoint.startswith(p[:-1])) for p in patterns)


def is_public(rule) -> bool:
    return _listed(rule.endpoint, PUBLIC) or _listed(rule.endpoint, PUBLIC_READ_ONLY)


# Only the URL map is needed at collection time: no database is touched.
URL_MAP_APP = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
RULES = sorted(URL_MAP_APP.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint))


def required_roles(rule) -> tuple:
    return tuple(getattr(URL_MAP_APP.view_functions[rule.endpoint], "required_roles", ()) or ())


def in_district(rule) -> bool:
    return "district" in rule.arguments


PROTECTED = [pytest.param(rule, method, id=f"{rule.endpoint} {method} {rule.rule}")
             for rule in RULES if required_roles(rule)
             for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]


# -- the map itself -------------------------------------------------------------------------------------

@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.endpoint} {r.rule}")
def test_every_route_is_public_or_guarded(rule):
    if required_roles(rule):
        assert rule.endpoint not in PUBLIC | PUBLIC_READ_ONLY, \
            f"{rule.endpoint} is guarded yet named on the public allow-list: remove it from there"
        return
    assert is_public(rule), (
        f"{rule.endpoint} ({rule.rule}) has no @role_required/@admin_required and is not on the public "
        "allow-list of tests/test_permissions.py")
    assert not rule.rule.startswith("/gestione"), f"{rule.endpoint}: management URLs are never public"
    if _listed(rule.endpoint, PUBLIC_READ_ONLY):
        assert rule.methods <= SAFE_METHODS, f"{rule.endpoint} accepts {sorted(rule.methods)} without a login"


def test_the_walk_finds_the_management_pages():
    guarded = {p.values[0].endpoint for p in PROTECTED}
    assert "office.dashboard" in guarded and len(guarded) >= 2


# -- one database for the module: the sample plan, another district, and users made on demand -----------

@dataclass
class World:
    app: Flask
    district: District
    other_district: District
    ids: dict
    users: dict = field(default_factory=dict)

    def member(self, district: District | None, roles, *, admin: bool = False):
        """A user holding `roles` in `district`, made once. No password: hashing is slow by design, and
        these users log in through the session."""
        key = (district.id if district else None, frozenset(roles), admin)
        if key not in self.users:
            email = f"user{len(self.users)}@permissions.example.org"
            user = people.create_user(email, f"User {len(self.users)}", None, is_admin=admin)
            for role in roles:
                people.grant(user, district, role)
            db.session.commit()
            self.users[key] = user.id
        return self.users[key]


def _sample_ids(plan) -> dict:
    """Real ids from the sample plan for the usual argument names of the management URLs."""
    district = plan.district
    organization = district.organizations[0] if district.organizations else None
    if organization is None:
        organization = Organization(district=district, name="Comune di Crema", type=OrganizationType.COMUNE)
        db.session.add(organization)
    action = plan.actions[0]
    line = action.budget_lines[0] if action.budget_lines else None
    if line is None:
        line = BudgetLine(action=action, source=FundingSource.MUNICIPALITIES, planned_amount=Decimal("1000"))
        db.session.add(line)
    person = people.create_user("persona@permissions.example.org", "Persona", None)
    people.grant(person, district, Role.REFERENT)
    people.assign_referent(action, person)
    staff = people.create_user("staff@permissions.example.org", "Staff", None)
    for role in Role:
        people.grant(staff, district, role)
    people.assign_referent(action, staff)
    invitation = Invitation(email="invitato@permissions.example.org", district=district, role=Role.REFERENT,
                            expires_at=utcnow() + timedelta(days=7))
    db.session.add(invitation)
    db.session.commit()
    return {
        "district": district.slug, "district_id": district.id,
        "plan_id": plan.id, "area_id": plan.areas[0].id, "action_id": action.id,
        "thesis_id": plan.theses[0].id, "organization_id": organization.id, "org_id": organization.id,
        "user_id": person.id, "person_id": person.id, "referent_id": person.id, "invitation_id": invitation.id,
        "line_id": line.id, "budget_line_id": line.id,
        "staff": staff.id,   # every role here, and referent of action_id: the control user
    }


@pytest.fixture(scope="module")
def world(migrated_database, tmp_path_factory):
    from app.plans import find_or_create_district, import_plan, sample_data
    tmp = tmp_path_factory.mktemp("permissions")
    if DATABASE_URL:
        url = migrated_database
    else:
        shutil.copy(migrated_database, tmp / "db.sqlite3")
        url = f"sqlite:///{tmp / 'db.sqlite3'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "OUTBOX_DIR": str(tmp / "outbox"), "SERVER_NAME": "pdz.test"})
    app.test_client_class = FreshContextClient
    with app.app_context():
        plan = import_plan(sample_data())
        db.session.commit()
        other = find_or_create_district("Ambito di Dalmine", "Bergamo")
        db.session.commit()
        yield World(app, plan.district, other, _sample_ids(plan))
        db.session.remove()
        if DATABASE_URL:
            with db.engine.begin() as conn:
                _empty_postgresql(conn)
        db.engine.dispose()


def _model_by_name(name: str):
    """The model whose table (or class) is called `name`, e.g. `campaign` for `campaign_id`."""
    for mapper in db.Model.registry.mappers:
        cls = mapper.class_
        snake = re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()
        if name in (getattr(cls, "__tablename__", None), snake):
            return cls
    return None


def _any_value(converter):
    """A value the converter accepts: the first choice of `any(...)`, a number, or a word."""
    if getattr(converter, "items", None):
        return sorted(converter.items)[0]
    name = type(converter).__name__
    return {"IntegerConverter": 1, "FloatConverter": 1.0,
            "UUIDConverter": "00000000-0000-0000-0000-000000000001"}.get(name, "x")


def build_url(rule, ids: dict) -> str:
    """The rule's URL with real ids; other `*_id` arguments take the first row of the model of that name,
    and anything else 1 or "x" (a guard must refuse before it loads any object)."""
    values = {}
    for name in rule.arguments:
        if name in ids:
            values[name] = ids[name]
        elif name.endswith("_id"):
            model = _model_by_name(name[:-3])
            found = db.session.scalar(db.select(model.id).order_by(model.id).limit(1)) if model else None
            values[name] = found or 1
        else:
            values[name] = _any_value(rule._converters[name])
    return rule.build(values, append_unknown=False)[1]


def call(world: World, rule, method: str, user_id: int | None = None):
    client = world.app.test_client()
    if user_id is not None:
        # "strong" session protection: a session belongs to its client's address and browser
        with world.app.test_request_context(environ_base=client.environ_base):
            identifier = _create_identifier()
        with client.session_transaction() as session:
            session["_user_id"] = str(user_id)
            session["_fresh"] = True
            session["_id"] = identifier
    return client.open(build_url(rule, world.ids), method=method, data={})


def assert_sent_to_login(rule, response):
    if rule.rule.startswith("/api/"):
        assert response.status_code == 401 and response.is_json, response.status_code
        return
    assert response.status_code == 302, response.status_code
    assert urlsplit(response.headers["Location"]).path == "/login"


def assert_refused(rule, response):
    assert response.status_code in (403, 404), f"{response.status_code}: {response.get_data(as_text=True)[:300]}"
    if rule.rule.startswith("/api/"):
        assert response.is_json


# -- the tests ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("rule, method", PROTECTED)
def test_anonymous_users_are_sent_to_login(world, rule, method):
    assert_sent_to_login(rule, call(world, rule, method))


@pytest.mark.parametrize("rule, method", PROTECTED)
def test_a_user_without_the_role_is_refused(world, rule, method):
    """A user holding, in this district, every role except those the view asks for (no role when it
    accepts them all; every role when it asks for an administrator) gets 403, or 404 where objects are
    scoped. A referent where the planning office is required is one such case."""
    wrong_roles = set(Role) - set(required_roles(rule))
    assert_refused(rule, call(world, rule, method, world.member(world.district, wrong_roles)))


def names_a_district_or_object(rule) -> bool:
    return in_district(rule) or any(arg.endswith("_id") for arg in rule.arguments)


@pytest.mark.parametrize("rule, method", [p for p in PROTECTED if names_a_district_or_object(p.values[0])])
def test_the_staff_of_another_district_is_refused(world, rule, method):
    """A planning office holding every role in ANOTHER district has no rights in this one, whether the
    URL names the district or only an object of it (e.g. /api/v1/plans/<plan_id>/...)."""
    assert_refused(rule, call(world, rule, method, world.member(world.other_district, set(Role))))


@pytest.mark.parametrize("rule, method", [p for p in PROTECTED if p.values[1] == "GET"])
def test_the_right_role_gets_through(world, rule, method):
    """Control: the refusals above come from the role check, not from a broken URL. The user holds every
    role in the district and is the referent of the sample action (or is an administrator)."""
    user = world.member(None, (), admin=True) if ADMIN in required_roles(rule) else world.ids["staff"]
    response = call(world, rule, method, user)
    assert response.status_code not in (401, 403), response.status_code
    if response.status_code == 302:
        assert urlsplit(response.headers["Location"]).path != "/login"
