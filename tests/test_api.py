"""The read-only JSON API: public plans only, no personal data, and answers that match its own OpenAPI
document (the document is validated, then every response is validated against the schemas it declares)."""
from __future__ import annotations

import copy
import json
import re

import pytest
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from openapi_spec_validator import validate as validate_spec

from app.extensions import db
from app.models import Plan, PlanStatus


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def strict(schema):
    """Forbid undocumented properties, so the document must describe everything the API sends."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                node.setdefault("additionalProperties", False)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(schema)
    return schema


def assert_matches(spec, path, status, response):
    """Validate a response against the schema the OpenAPI document declares for (path, GET, status)."""
    declared = spec["paths"][path]["get"]["responses"][str(status)]
    assert response.status_code == status
    assert response.mimetype == "application/json"
    schema = declared["content"]["application/json"]["schema"]
    # Local $refs (#/components/...) resolve against the root: give the schema the document's components.
    root = strict({**schema, "components": spec["components"]})
    OAS30Validator(root, format_checker=oas30_format_checker).validate(response.get_json())


def test_openapi_document_is_valid_openapi_3(spec):
    validate_spec(spec)
    assert spec["openapi"].startswith("3.")
    assert {"/plans", "/plans/{plan_id}"} <= set(spec["paths"])


def test_every_api_route_is_documented(app, spec):
    documented = {("/api/v1" + path, method.upper()) for path, operations in spec["paths"].items()
                  for method in operations if method != "parameters"}
    served = {(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule), method)
              for rule in app.url_map.iter_rules() if (rule.endpoint.startswith(("api.", "keywords_api."))
                                                   or rule.endpoint in SESSION_API)
              and rule.endpoint != "api.openapi" for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert served - documented == set(), "routes missing from app/openapi.py"
    assert documented - served == set(), "documented routes the app does not serve"


# POSTs that store nothing: the keyword grouping engine computes an answer from what it is sent.
STATELESS_POSTS = {"/keywords/group"}
# The one public write: a phone's keyword in a live session (tests/test_keyword_api.py).
PARTICIPANT_POSTS = {"/sessions/{code}/keywords"}
SESSION_API = {"participant.submit", "wall.api"}   # served by focus_groups' blueprints, under /api/v1


def test_every_documented_operation_is_read_only(spec):
    for path, operations in spec["paths"].items():
        allowed = {"post"} if path in STATELESS_POSTS | PARTICIPANT_POSTS else {"get"}
        assert set(operations) - {"parameters", "summary", "description"} == allowed, path


def test_list_of_plans_matches_the_document(client, spec, plan):
    response = client.get("/api/v1/plans")
    assert_matches(spec, "/plans", 200, response)
    plans = response.get_json()["plans"]
    assert [p["id"] for p in plans] == [plan.id]
    assert plans[0]["title"] == plan.title
    assert plans[0]["district"]["name"] == plan.district.name
    assert client.get(plans[0]["url"]).status_code == 200


def test_list_of_plans_leaves_out_drafts(client, spec, plan):
    draft = Plan(district=plan.district, title="Piano di Zona 2015-2017 (bozza)", start_year=2015, end_year=2017,
                 status=PlanStatus.DRAFT, previous_plan=plan)
    db.session.add(draft)
    db.session.commit()
    response = client.get("/api/v1/plans")
    assert_matches(spec, "/plans", 200, response)
    assert [p["id"] for p in response.get_json()["plans"]] == [plan.id]


def test_empty_installation_lists_no_plans(client, spec):
    response = client.get("/api/v1/plans")
    assert_matches(spec, "/plans", 200, response)
    assert response.get_json() == {"plans": []}


def test_a_plan_has_its_theses_areas_and_actions_with_codes(client, spec, plan):
    response = client.get(f"/api/v1/plans/{plan.id}")
    assert_matches(spec, "/plans/{plan_id}", 200, response)
    document = response.get_json()
    assert document["district"]["name"] == plan.district.name
    body = document["plan"]
    assert body["id"] == plan.id and body["status"] == "active"
    assert body["theses"] == [t.text for t in plan.theses]
    assert [a["name"] for a in body["areas"]] == [a.name for a in plan.areas]
    actions = [action for area in body["areas"] for action in area["actions"]]
    assert len(actions) == len(plan.actions) == 17
    assert all(action["code"] for action in actions)
    assert {a["code"] for a in actions} == {a.code for a in plan.actions}
    assert all(isinstance(a["referents"], list) and isinstance(a["budget"], list) for a in actions)


def test_a_plan_carries_no_e_mail_addresses(client, plan, referent):
    """Referents are named (they are accountable in public), but their e-mail is personal data (GDPR)."""
    response = client.get(f"/api/v1/plans/{plan.id}")
    text = response.get_data(as_text=True)
    assert referent.name in text
    assert referent.email not in text
    assert "@" not in text
    assert '"email"' not in text


def test_unknown_plan_is_a_json_404(client, spec, plan):
    response = client.get("/api/v1/plans/999999")
    assert_matches(spec, "/plans/{plan_id}", 404, response)
    assert response.get_json()["error"] == "not_found"


def test_draft_plan_is_a_json_404(client, spec, plan):
    plan.status = PlanStatus.DRAFT
    db.session.commit()
    response = client.get(f"/api/v1/plans/{plan.id}")
    assert_matches(spec, "/plans/{plan_id}", 404, response)
    assert client.get("/api/v1/plans").get_json() == {"plans": []}


def test_unknown_api_address_is_a_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.is_json and response.get_json()["error"] == "not_found"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/plans", "/api/v1/plans/{id}", "/api/v1/openapi.json"])
def test_the_api_is_read_only(client, plan, method, path):
    response = getattr(client, method)(path.format(id=plan.id), data=json.dumps({"title": "x"}),
                                       content_type="application/json")
    assert response.status_code == 405
    assert response.is_json and response.get_json()["error"] == "method_not_allowed"
    assert db.session.get(Plan, plan.id).title != "x"


def test_the_api_sends_no_cors_headers(client, plan):
    response = client.get("/api/v1/plans", headers={"Origin": "https://elsewhere.example"})
    assert response.status_code == 200
    assert not any(h.lower().startswith("access-control-") for h in response.headers.keys())


def test_a_wrong_method_names_the_allowed_ones(client, plan):
    response = client.post(f"/api/v1/plans/{plan.id}")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]
    assert response.is_json
