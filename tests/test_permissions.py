"""Walk the app's URL map: every route is either on the public allow-list or guarded by
`role_required`/`admin_required`; every guarded route refuses anonymous users and the wrong role, lets the
right role through, and refuses the planning office of another district that names this district's records.

Nothing here names a management URL: a new view is picked up by the next run, and a new view without a
permission decorator breaks the build until it is decorated or (if truly public) added to PUBLIC. The URLs
are filled with real ids of two districts (tests/two_districts.py: one record of every kind in each), by
argument name, so "the right role gets through" proves the URL reached its record (no 404 for lack of data)
and a refusal of another district's office proves the view checked whose record it is.
"""
from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from flask import Flask

from app import create_app, people
from app.extensions import db
from app.account_models import User
from app.models import District, Role
from tests.conftest import DATABASE_URL, PASSWORD, FreshContextClient, _empty_postgresql
from tests.two_districts import Seeded, seed_two_districts

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
PUBLIC |= {"accessibility.*"}   # the accessibility statement, its feedback form (rate-limited), the legal notes
PUBLIC |= {"auth.forgot_password", "auth.new_password"}   # a forgotten password: by definition before login
PUBLIC |= {"draft_writing.*"}   # a plan draft the office opened: reading, comments, amendments (own checks)
PUBLIC_READ_ONLY = {"api.*"}
# Endpoints for any signed-in person, on their own account (`login_required`, no role): anonymous users are
# sent to the login page.
SIGNED_IN = {"auth.change_password"}
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
        assert rule.endpoint not in PUBLIC | PUBLIC_READ_ONLY | SIGNED_IN, \
            f"{rule.endpoint} is guarded yet named on the public allow-list: remove it from there"
        return
    if rule.endpoint in SIGNED_IN:
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


# -- filling a URL: argument name → kind of record (tests/two_districts.py) --------------------------------

ID_KINDS = {"plan_id": "plan", "thesis_id": "thesis", "area_id": "area", "action_id": "action",
            "organization_id": "organization", "invitation_id": "invitation", "user_id": "person",
            "campaign_id": "campaign", "card_id": "card", "focus_id": "focus", "session_id": "session",
            "keyword_id": "keyword", "statement_id": "statement", "meeting_id": "meeting",
            "attachment_id": "attachment", "slot_id": "slot", "registration_id": "registration",
            "minutes_id": "minutes", "post_id": "post", "draft_id": "draft", "chapter_id": "chapter",
            "axis_id": "axis", "objective_id": "objective", "amendment_id": "amendment", "key": "section_key",
            "municipality_id": "municipality", "sub_area_id": "sub_area", "body_id": "body",
            "member_id": "body_member", "programme_id": "programme", "bid_id": "bid", "resource_id": "in_kind",
            "figure_id": "figure", "column_id": "extra_column", "standing_group_id": "standing_group",
            "roster_member_id": "roster_member", "minutes_item_id": "minutes_item", "role_id": "participant_role",
            "report_id": "role_report", "continuity_id": "continuity", "dropped_id": "dropped_action",
            "codesign_id": "codesign_table", "codesign_partner_id": "codesign_partner",
            "commitment_id": "codesign_commitment", "feedback_id": "accessibility_feedback"}
# Names that mean different records on different routes.
ENDPOINT_KINDS = {
    ("posts.conflict", "conflict_id"): "post_conflict",
    ("drafts.chapter_conflict", "conflict_id"): "chapter_conflict",
    ("evaluations.conflict", "conflict_id"): "card_conflict",
    ("comment_moderation.moderate", "comment_id"): "post_comment",
    ("draft_participation.moderate", "comment_id"): "draft_comment",
    ("focus.group_move", "group_id"): "keyword_group", ("focus.group_rename", "group_id"): "keyword_group",
    ("focus.group_split", "group_id"): "keyword_group",
    ("meetings.group_delete", "group_id"): "working_group", ("meetings.group_edit", "group_id"): "working_group",
    ("meetings.group_move", "group_id"): "working_group",
    ("meetings.agenda_delete", "item_id"): "agenda_item", ("meetings.agenda_edit", "item_id"): "agenda_item",
    ("meetings.agenda_move", "item_id"): "agenda_item",
    ("drafts.objective_unlink", "item_id"): "objective_statement",   # with kind=statement: a link it has
    ("posts.regenerate", "post_id"): "synthesis",                     # a post made of sections
}
# Arguments that are not records: a value the view accepts.
WORDS = {("card_dashboard.export", "fmt"): "csv", ("focus.export", "fmt"): "csv",
         ("draft_participation.export", "fmt"): "md", ("focus.keyword_moderate", "action"): "nascondi",
         ("focus.session_state", "action"): "chiudi", ("focus.suggestion_answer", "action"): "rifiuta",
         ("drafts.objective_link", "kind"): "statement", ("drafts.objective_unlink", "kind"): "statement"}
# Protected routes whose arguments cannot be filled, and why. None today: add one only with its reason.
UNFILLABLE: dict[str, str] = {}


def argument_kind(rule, name: str) -> str | None:
    return ENDPOINT_KINDS.get((rule.endpoint, name)) or ID_KINDS.get(name)


def names_records(rule) -> bool:
    """The URL names a record (not only a district): the view must check whose record it is."""
    return any(argument_kind(rule, name) for name in rule.arguments)


def build_url(rule, district: Seeded, ids_of: Seeded | None = None) -> str:
    """The rule's URL under `district`, with the record ids of `ids_of` (by default the same district)."""
    ids_of = ids_of or district
    values = {}
    for name in rule.arguments:
        kind = argument_kind(rule, name)
        if name == "district":
            values[name] = district.slug
        elif kind:
            values[name] = ids_of.ids[kind]
        elif (rule.endpoint, name) in WORDS:
            values[name] = WORDS[(rule.endpoint, name)]
        elif getattr(rule._converters[name], "items", None):   # any(...): its first choice
            values[name] = sorted(rule._converters[name].items)[0]
        else:
            raise KeyError(f"{rule.endpoint}: no value for <{name}>: add it to ID_KINDS, ENDPOINT_KINDS or "
                           "WORDS (or, with the reason, to UNFILLABLE)")
    return rule.build(values, append_unknown=False)[1]


# -- cases, with the known defects of issue 14 marked until they are fixed -------------------------------

# (test, endpoint, method[, where]) → the defect of issue 14 that makes that single case fail today.
KNOWN_DEFECTS: dict[tuple, str] = {}


def cases(test: str, params, wheres=(None,)):
    out = []
    for param in params:
        rule, method = param.values
        for where in wheres:
            key = (test, rule.endpoint, method) + ((where,) if where else ())
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN_DEFECTS[key])] if key in KNOWN_DEFECTS else []
            out.append(pytest.param(rule, method, *((where,) if where else ()), marks=marks,
                                    id=f"{param.id} {where}" if where else param.id))
    return out


# -- one database for the module: two districts with one record of every kind each ---------------------

@dataclass
class World:
    app: Flask
    a: Seeded
    b: Seeded
    restore_database: object          # callable: the database back as seeded
    users: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)

    def member(self, district: Seeded | None, roles, *, admin: bool = False) -> int:
        """A user holding `roles` in `district`, made once."""
        key = (district.key if district else None, frozenset(roles), admin)
        if key not in self.users:
            email = f"user{len(self.users)}@permissions.example.org"
            user = people.create_user(email, f"User {len(self.users)}", PASSWORD, is_admin=admin)
            for role in roles:
                people.grant(user, db.session.get(District, district.district_id), role)
            db.session.commit()
            self.users[key] = user.id
        return self.users[key]

    def staff(self, district: Seeded) -> int:
        """Every role in `district`, and referent of its first action: the control user."""
        return district.users["staff"]

    def client(self, user_id: int | None):
        """A client logged in as `user_id` through the login form (so any session check applies)."""
        if user_id not in self.clients:
            client = self.app.test_client()
            if user_id is not None:
                user = db.session.get(User, user_id)
                response = client.post("/login", data={"email": user.email, "password": PASSWORD})
                assert response.status_code == 302, response.get_data(as_text=True)[:300]
            self.clients[user_id] = client
        return self.clients[user_id]

    def restore(self) -> None:
        db.session.remove()
        seeded = self.restore_database()
        if seeded:
            self.a, self.b = seeded["a"], seeded["b"]
        self.users.clear()
        self.clients.clear()


def fingerprint() -> str:
    """Every row of every table, hashed: equal before and after a request when it changed nothing."""
    digest = hashlib.sha256()
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            if table.name == "rate_limit_counters":
                continue
            digest.update(table.name.encode())
            for row in conn.execute(table.select().order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def world(migrated_database, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("permissions")
    if DATABASE_URL:
        url = migrated_database
    else:
        shutil.copy(migrated_database, tmp / "db.sqlite3")
        url = f"sqlite:///{tmp / 'db.sqlite3'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "OUTBOX_DIR": str(tmp / "outbox"), "SERVER_NAME": "pdz.test",
                      "PDZ_BASE_URL": "http://pdz.test", "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    app.test_client_class = FreshContextClient
    with app.app_context():
        seeded = seed_two_districts()
        db.session.remove()

        def restore_database():
            db.engine.dispose()
            if DATABASE_URL:
                with db.engine.begin() as conn:
                    _empty_postgresql(conn)
                again = seed_two_districts()
                db.session.remove()
                return again
            else:
                shutil.copy(tmp / "seeded.sqlite3", tmp / "db.sqlite3")
                return None
        if not DATABASE_URL:
            db.engine.dispose()
            shutil.copy(tmp / "db.sqlite3", tmp / "seeded.sqlite3")
        yield World(app, seeded["a"], seeded["b"], restore_database)
        db.session.remove()
        if DATABASE_URL:
            with db.engine.begin() as conn:
                _empty_postgresql(conn)
        db.engine.dispose()


def call(world: World, rule, method: str, user_id: int | None = None, *, district: Seeded | None = None,
         ids_of: Seeded | None = None):
    client = world.client(user_id)
    return client.open(build_url(rule, district or world.a, ids_of), method=method, data={})


def describe(response) -> str:
    return f"{response.status_code} {response.headers.get('Location', '')}: {response.get_data(as_text=True)[:300]}"


def assert_sent_to_login(rule, response):
    if rule.rule.startswith("/api/"):
        assert response.status_code == 401 and response.is_json, response.status_code
        return
    assert response.status_code == 302, response.status_code
    assert urlsplit(response.headers["Location"]).path == "/login"


def assert_refused(rule, response):
    assert response.status_code in (403, 404), describe(response)
    if rule.rule.startswith("/api/"):
        assert response.is_json


# -- the world itself -----------------------------------------------------------------------------------

def test_both_districts_hold_a_record_of_every_kind(world):
    kinds = set(ID_KINDS.values()) | set(ENDPOINT_KINDS.values())
    for kind in kinds - {"section_key"}:
        assert world.a.ids[kind] != world.b.ids[kind], kind


@pytest.mark.parametrize("rule", [p.values[0] for p in PROTECTED if p.values[1] == "GET"] +
                         [p.values[0] for p in PROTECTED if p.values[0].methods == {"POST", "OPTIONS"}],
                         ids=lambda r: f"{r.endpoint} {r.rule}")
def test_every_guarded_url_can_be_filled(world, rule):
    if rule.endpoint in UNFILLABLE:
        pytest.skip(UNFILLABLE[rule.endpoint])
    assert "<" not in build_url(rule, world.b, world.a)


# -- the tests ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("rule, method", PROTECTED)
def test_anonymous_users_are_sent_to_login(world, rule, method):
    assert_sent_to_login(rule, call(world, rule, method))


@pytest.mark.parametrize("rule, method", [(rule, method) for rule in RULES if rule.endpoint in SIGNED_IN
                                          for method in sorted(rule.methods - {"HEAD", "OPTIONS"})])
def test_pages_of_ones_own_account_send_anonymous_users_to_login(world, rule, method):
    assert_sent_to_login(rule, call(world, rule, method))


@pytest.mark.parametrize("rule, method", cases("wrong_role", PROTECTED))
def test_a_user_without_the_role_is_refused(world, rule, method):
    """A user holding, in this district, every role except those the view asks for (no role when it
    accepts them all; every role when it asks for an administrator) gets 403, or 404 where objects are
    scoped. A referent where the planning office is required is one such case."""
    wrong_roles = set(Role) - set(required_roles(rule))
    assert_refused(rule, call(world, rule, method, world.member(world.a, wrong_roles)))


def control_user(world: World, rule) -> int:
    return world.member(None, (), admin=True) if ADMIN in required_roles(rule) else world.staff(world.a)


@pytest.mark.parametrize("rule, method", cases("right_role", [p for p in PROTECTED if p.values[1] == "GET"]))
def test_the_right_role_gets_through(world, rule, method):
    """Control: the refusals here come from the role check, not from a broken URL or a missing record. The
    user holds every role in the district and is the referent of its first action (or is an administrator);
    the page answers, or redirects elsewhere than the login page."""
    response = call(world, rule, method, control_user(world, rule))
    assert 200 <= response.status_code < 400, describe(response)
    if response.status_code in (301, 302, 303, 307, 308):
        assert urlsplit(response.headers["Location"]).path != "/login", describe(response)


@pytest.mark.parametrize("rule, method", cases("right_role", [p for p in PROTECTED if p.values[1] == "POST"]))
def test_the_right_role_gets_past_the_check(world, rule, method):
    """The same control for every POST: an empty body may be refused as invalid (400, 422), but not as
    forbidden or missing, and never with a 500. Whatever it changed is put back for the next test."""
    user = control_user(world, rule)
    before = fingerprint()
    response = call(world, rule, method, user)
    if fingerprint() != before:
        world.restore()
    assert response.status_code not in (401, 403, 404, 405) and response.status_code < 500, describe(response)
    if response.status_code in (301, 302, 303, 307, 308):
        assert urlsplit(response.headers["Location"]).path != "/login", describe(response)


OTHER_OFFICE_URLS = ("B's URL", "A's URL")


@pytest.mark.parametrize("rule, method, where",
                         cases("other_district", [p for p in PROTECTED if names_records(p.values[0])],
                               OTHER_OFFICE_URLS) +
                         cases("other_district", [p for p in PROTECTED if in_district(p.values[0])
                                                  and not names_records(p.values[0])], ("A's URL",)))
def test_another_districts_office_is_refused(world, rule, method, where):
    """District B's planning office (every role in B) naming district A's records, under B's URL or under
    A's, is refused (403 or 404, never the page or a redirect) and changes nothing. A route without a
    district in its URL (e.g. /api/v1/plans/<plan_id>/cards) has only A's URL."""
    user = world.staff(world.b)
    world.client(user)   # logged in before the fingerprint
    before = fingerprint()
    district = world.b if where == "B's URL" and in_district(rule) else world.a
    response = call(world, rule, method, user, district=district, ids_of=world.a)
    changed = fingerprint() != before
    if changed:
        world.restore()
    assert_refused(rule, response)
    assert not changed, f"{rule.endpoint} changed district A's data for district B's office"
