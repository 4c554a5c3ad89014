"""The OpenAPI 3 description of /api/v1 (kept beside the code it describes; a test validates it)."""


def _obj(properties: dict, required=()) -> dict:
    return {"type": "object", "properties": properties, "required": list(required)}


STR = {"type": "string"}
NSTR = {"type": "string", "nullable": True}
INT = {"type": "integer"}


def document() -> dict:
    error = {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    action = _obj({
        "id": INT, "code": STR, "title": STR, "description": NSTR, "expected_results": NSTR,
        "projects": {"type": "array", "items": STR},
        "planned_start": {**NSTR, "format": "date"}, "planned_end": {**NSTR, "format": "date"},
        "theses": {"type": "array", "items": INT, "description": "1-based numbers of the plan's theses"},
        "referents": {"type": "array", "items": _obj({"name": STR}, ["name"])},
        "organizations": {"type": "array", "items": _obj({"name": STR, "type": STR, "role": STR})},
        "budget": {"type": "array", "items": _obj({"source": STR, "amount": {"type": "string", "format": "decimal"},
                                                   "description": NSTR})},
    }, ["id", "code", "title"])
    return {
        "openapi": "3.0.3",
        "info": {"title": "PdZ Partecipato API", "version": "1.0.0",
                 "description": "Read-only access to the public structure of the Piani di Zona."},
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/plans": {"get": {
                "operationId": "listPlans", "summary": "Public plans of every district",
                "responses": {"200": {"description": "The plans", "content": {"application/json": {
                    "schema": _obj({"plans": {"type": "array", "items": {"$ref": "#/components/schemas/PlanSummary"}}},
                                   ["plans"])}}}}}},
            "/plans/{plan_id}": {"get": {
                "operationId": "getPlan", "summary": "A plan with its theses, areas and actions",
                "parameters": [{"name": "plan_id", "in": "path", "required": True, "schema": INT}],
                "responses": {"200": {"description": "The plan", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/PlanDocument"}}}}, "404": error}}},
        },
        "components": {"schemas": {
            "Error": _obj({"error": STR, "message": STR}, ["error", "message"]),
            "PlanSummary": _obj({"id": INT, "title": STR, "start_year": INT, "end_year": INT, "status": STR,
                                 "district": _obj({"id": INT, "name": STR}), "url": STR},
                                ["id", "title", "start_year", "end_year", "status"]),
            "Action": action,
            "PlanDocument": _obj({
                "district": _obj({"id": INT, "name": STR, "province": NSTR}, ["id", "name"]),
                "plan": _obj({
                    "id": INT, "title": STR, "start_year": INT, "end_year": INT,
                    "status": {"type": "string", "enum": ["draft", "active", "under_evaluation", "closed"]},
                    "description": NSTR, "previous_plan_id": {"type": "integer", "nullable": True},
                    "theses": {"type": "array", "items": STR},
                    "areas": {"type": "array", "items": _obj({
                        "id": INT, "name": STR, "description": NSTR,
                        "actions": {"type": "array", "items": {"$ref": "#/components/schemas/Action"}}},
                        ["id", "name", "actions"])},
                }, ["id", "title", "theses", "areas"]),
            }, ["district", "plan"]),
        }},
    }
