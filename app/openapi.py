"""The OpenAPI 3 description of /api/v1 (kept beside the code it describes; tests validate the document
and every response against it). Enumerations come from the models, so the two cannot drift apart."""
from .models import FundingSource, InvolvementRole, OrganizationType, PlanStatus

STR = {"type": "string"}
NSTR = {"type": "string", "nullable": True}
INT = {"type": "integer"}


def _obj(properties: dict, required=(), description: str | None = None) -> dict:
    schema = {"type": "object", "properties": properties}
    if required:  # OpenAPI 3.0 forbids an empty `required` list
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def _all_required(properties: dict, description: str | None = None) -> dict:
    """An object whose every property is always present (possibly null)."""
    return _obj(properties, properties.keys(), description)


def _enum(enum_cls) -> dict:
    return {"type": "string", "enum": [member.value for member in enum_cls]}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def schemas() -> dict:
    return {
        "Error": _all_required({"error": STR, "message": STR}, "An error, with a message in the user's language"),
        "DistrictRef": _all_required({"id": INT, "name": STR}),
        "PlanSummary": _all_required({
            "id": INT, "title": STR, "start_year": INT, "end_year": INT, "status": _enum(PlanStatus),
            "district": _ref("DistrictRef"),
            "url": {"type": "string", "format": "uri", "description": "Where the whole plan can be read"},
        }),
        "Action": _all_required({
            "id": INT, "code": STR, "title": STR, "description": NSTR, "expected_results": NSTR,
            "projects": {"type": "array", "items": STR},
            "planned_start": {**NSTR, "format": "date"}, "planned_end": {**NSTR, "format": "date"},
            "theses": {"type": "array", "items": INT, "description": "1-based numbers of the plan's theses"},
            "referents": {"type": "array", "description": "People accountable for the action (names only)",
                          "items": _all_required({"name": STR})},
            "organizations": {"type": "array", "description": "Bodies involved and their role",
                              "items": _all_required({"name": STR, "type": _enum(OrganizationType),
                                                      "role": _enum(InvolvementRole)})},
            "budget": {"type": "array", "description": "Planned amounts by funding source",
                       "items": _all_required({
                           "source": _enum(FundingSource),
                           "amount": {"type": "string", "format": "decimal", "pattern": r"^-?\d+(\.\d+)?$",
                                      "description": "Euro, as a decimal string (no rounding)"},
                           "description": NSTR})},
        }, "A system action (azione di sistema)"),
        "Area": _all_required({"id": INT, "name": STR, "description": NSTR,
                               "actions": {"type": "array", "items": _ref("Action")}},
                              "A priority area (area di priorità)"),
        "PlanDocument": _all_required({
            "district": _all_required({"id": INT, "name": STR, "province": NSTR}),
            "plan": _all_required({
                "id": INT, "title": STR, "start_year": INT, "end_year": INT, "status": _enum(PlanStatus),
                "description": NSTR, "previous_plan_id": {"type": "integer", "nullable": True},
                "theses": {"type": "array", "items": STR, "description": "The plan's theses (tesi), in order"},
                "areas": {"type": "array", "items": _ref("Area")},
            }),
        }, "A plan (Piano di Zona) with its whole structure"),
        **card_schemas(),
        **keyword_schemas(),
        **session_schemas(),
    }


def document() -> dict:
    error = _json("Error", _ref("Error"))
    return {
        "openapi": "3.0.3",
        "info": {"title": "PdZ Partecipato API", "version": "1.0.0",
                 "description": "Read-only access to the public structure of the Piani di Zona: plans, theses, "
                                "priority areas and system actions. Draft plans and personal data "
                                "(e-mail addresses) are never published."},
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/plans": {"get": {
                "operationId": "listPlans", "summary": "Public plans of every district",
                "responses": {"200": _json("The plans, newest first within each district",
                                           _all_required({"plans": {"type": "array",
                                                                    "items": _ref("PlanSummary")}}))}}},
            "/plans/{plan_id}": {"get": {
                "operationId": "getPlan", "summary": "A plan with its theses, areas and actions",
                "parameters": [{"name": "plan_id", "in": "path", "required": True, "schema": INT}],
                "responses": {"200": _json("The plan", _ref("PlanDocument")),
                              "404": {**error, "description": "No such public plan"}}}},
            "/plans/{plan_id}/cards": cards_path(error),
            "/keywords/group": keywords_group_path(error),
            **session_paths(error),
        },
        "components": {"schemas": schemas(),
                       "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "session",
                                                       "description": "The login session of the web pages"}}},
    }


# ---- evaluation cards (planning office only) ---------------------------------------------------------------

def _nullable_enum(enum_cls) -> dict:
    return {"type": "string", "nullable": True, "enum": [member.value for member in enum_cls] + [None]}


def card_schemas() -> dict:
    from app.models import FundingSource
    from evaluations.models import CampaignStatus, CardState, ImplementationState, InvolvedKind, ObjectiveReached
    date_ = {**NSTR, "format": "date"}
    nint = {"type": "integer", "nullable": True}
    money = {"type": "string", "nullable": True, "pattern": r"^-?\d+(\.\d+)?$", "description": "Decimal string"}
    texts = ("activities", "deviations", "people_notes", "resources_notes", "strengths", "problems",
             "carry_forward", "nobody_reason")
    return {
        "Card": _all_required({
            "id": INT, "version": INT, "state": _enum(CardState), "campaign": STR, "area": STR,
            "action_code": STR, "action_title": STR, "referents": {"type": "array", "items": STR},
            "planned_start": date_, "planned_end": date_, "actual_start": date_, "actual_end": date_,
            "implementation_state": _nullable_enum(ImplementationState),
            "progress_percent": {**nint, "minimum": 0, "maximum": 100},
            "organizations": {"type": "array", "items": _all_required({"name": STR, "kind": _enum(InvolvedKind)})},
            "people_min": nint, "people_max": nint, "beneficiaries": nint, "staff_hours": nint,
            "resources": {"type": "array", "items": _all_required({
                "source": _enum(FundingSource), "description": NSTR, "planned": money, "committed": money,
                "spent": money, "attracted": money})},
            "theses": {"type": "array", "items": _all_required({
                "number": INT, "text": STR, "rating": {**nint, "minimum": 0, "maximum": 3}, "comment": NSTR})},
            "objective": _nullable_enum(ObjectiveReached),
            "indicators": {"type": "array", "items": _all_required({
                "name": STR, "unit": NSTR, "baseline": money, "target": money, "reached": money})},
            "nobody_can_report": {"type": "boolean"},
            "late": {"type": "boolean", "description": "Still to be sent and past the campaign's deadline"},
            "submitted_at": {**NSTR, "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"},
            **{key: NSTR for key in texts},
        }, "An evaluation card (scheda di valutazione) of one system action"),
        "CardsDocument": _all_required({
            "plan": _all_required({"id": INT, "title": STR, "district": _ref("DistrictRef")}),
            "campaign": {**_all_required({"id": INT, "title": STR, "deadline": {"type": "string", "format": "date"},
                                          "status": _enum(CampaignStatus)}), "nullable": True},
            "cards": {"type": "array", "items": _ref("Card")},
        }, "The cards of a plan's evaluation campaign, one per system action"),
    }


def cards_path(error: dict) -> dict:
    return {"get": {
        "operationId": "getPlanCards", "summary": "The evaluation cards of a plan (planning office only)",
        "security": [{"session": []}],
        "parameters": [{"name": "plan_id", "in": "path", "required": True, "schema": INT},
                       {"name": "campaign", "in": "query", "required": False, "schema": INT,
                        "description": "A campaign of the plan (default: the latest)"}],
        "responses": {"200": _json("The cards", _ref("CardsDocument")),
                      "401": {**error, "description": "Not logged in"},
                      "403": {**error, "description": "Not the planning office of the plan's district"},
                      "404": {**error, "description": "No such plan or campaign"}}}}


# ---- keyword grouping (public computation, no data stored) --------------------------------------------------

def keyword_schemas() -> dict:
    from focus_groups.api import MAX_KEYWORD_LENGTH, MAX_KEYWORDS
    return {
        "KeywordsToGroup": _obj({
            "keywords": {"type": "array", "maxItems": MAX_KEYWORDS,
                         "items": {"type": "string", "maxLength": MAX_KEYWORD_LENGTH}},
            "threshold": {"type": "number", "exclusiveMinimum": True, "minimum": 0, "maximum": 1,
                          "description": "Lowest score of a suggested merge (default 0.75)"},
        }, ["keywords"]),
        "KeywordGroups": _all_required({"groups": {"type": "array", "items": _all_required({
            "label": STR, "members": {"type": "array", "items": STR,
                                      "description": "Every keyword sent is in exactly one group"},
            "automatic": {"type": "boolean",
                          "description": "True when the group holds only spellings of one keyword "
                                         "(case, accents, punctuation, separators); false when it also "
                                         "holds suggested variants (plurals, typos, word order)"}})}}),
    }


def keywords_group_path(error: dict) -> dict:
    return {"post": {
        "operationId": "groupKeywords", "summary": "Group the variants of keywords (no login; nothing is stored)",
        "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("KeywordsToGroup")}}},
        "responses": {"200": _json("The groups", _ref("KeywordGroups")),
                      "400": {**error, "description": "Malformed JSON, too many or too long keywords"},
                      "413": {**error, "description": "The request body is too large"}}}}


# ---- keyword sessions: what phones send and what the projector wall polls (no login) ----------------------

def session_schemas() -> dict:
    from focus_groups.models import KEYWORD_MAX_LENGTH, SessionState
    uuid_ = {"type": "string", "format": "uuid"}
    return {
        "KeywordSubmission": _obj({
            "text": {"type": "string", "minLength": 1, "maxLength": KEYWORD_MAX_LENGTH,
                     "description": "The keyword, any language; stored exactly as sent (1-60 characters "
                                    "without the surrounding spaces)"},
            "client_id": {**uuid_, "description": "Chosen once by the phone and kept: the per-person limit "
                                                  "and the rate limit count by it"},
            "submission_id": {**uuid_, "description": "New for each keyword, repeated on retries: the same "
                                                      "submission is stored once"},
        }, ["text", "client_id", "submission_id"]),
        "SubmittedKeyword": _all_required({
            "keyword": _all_required({
                "id": INT, "text": STR, "created_at": {"type": "string", "format": "date-time"},
                "status": {"type": "string", "enum": ["visible", "pending"],
                           "description": "pending: shown on the wall after moderation"}}),
            "remaining": {"type": "integer", "minimum": 0, "description": "Keywords this phone may still send"},
        }),
        "Wall": _all_required({
            "code": STR, "prompt": STR, "state": _enum(SessionState),
            "paused": {"type": "boolean", "description": "The facilitator froze the wall"},
            "total": {"type": "integer", "description": "Visible keywords"},
            "groups": {"type": "array", "description": "Most written first", "items": _all_required({
                "label": STR, "count": INT,
                "variants": {"type": "array", "items": STR, "description": "How it was typed, most frequent first"},
            })},
        }, "The visible keywords of a session (not hidden; approved when pre-moderated), grouped"),
    }


def session_paths(error: dict) -> dict:
    code = {"name": "code", "in": "path", "required": True, "schema": STR,
            "description": "The join code shown on the wall (case-insensitive)"}
    return {
        "/sessions/{code}/keywords": {"post": {
            "operationId": "submitKeyword", "summary": "Send a keyword from a phone (no login, no CSRF token)",
            "parameters": [code],
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("KeywordSubmission")}}},
            "responses": {
                "201": _json("Stored", _ref("SubmittedKeyword")),
                "200": _json("A retry of a submission already stored: counted once", _ref("SubmittedKeyword")),
                "400": {**error, "description": "malformed_json, invalid_client_id or invalid_submission_id"},
                "404": {**error, "description": "unknown_session"},
                "409": {**error, "description": "session_closed, or limit_reached (keywords per person)"},
                "422": {**error, "description": "text_empty, text_too_long or blocked_word"},
                "429": {**error, "description": "Too many requests from this client_id"}}}},
        "/sessions/{code}/wall": {"get": {
            "operationId": "getWall", "summary": "What the projector wall shows; poll it with If-None-Match",
            "parameters": [code, {"name": "If-None-Match", "in": "header", "required": False, "schema": STR}],
            "responses": {
                "200": {**_json("The wall", _ref("Wall")),
                        "headers": {"ETag": {"schema": STR, "description": "Strong validator of this content"}}},
                "304": {"description": "Nothing changed since the ETag sent"},
                "404": {**error, "description": "unknown_session"}}}},
    }
