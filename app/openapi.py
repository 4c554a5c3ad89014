"""The OpenAPI 3 description of /api/v1 (kept beside the code it describes; tests validate the document
and every response against it). Enumerations come from the models, so the two cannot drift apart.
The features add their schemas and paths through app/registry.py (see each feature's api.py)."""
from . import registry
from .lineage_models import Continuity
from .models import FundingSource, InvolvementRole, OrganizationType, PlanStatus

STR = {"type": "string"}
NSTR = {"type": "string", "nullable": True}
INT = {"type": "integer"}


def obj(properties: dict, required=(), description: str | None = None) -> dict:
    schema = {"type": "object", "properties": properties}
    if required:  # OpenAPI 3.0 forbids an empty `required` list
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def all_required(properties: dict, description: str | None = None) -> dict:
    """An object whose every property is always present (possibly null)."""
    return obj(properties, properties.keys(), description)


def enum(enum_cls) -> dict:
    return {"type": "string", "enum": [member.value for member in enum_cls]}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def json_response(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def features_schemas() -> dict:
    """The component schemas the features registered, in the order they were registered."""
    return {name: schema for schemas_of in registry.API_SCHEMAS.values()
            for name, schema in schemas_of().items()}


def features_paths(error: dict) -> dict:
    return {path: operations for paths_of in registry.API_PATHS.values()
            for path, operations in paths_of(error).items()}


def schemas() -> dict:
    return {
        "Error": all_required({"error": STR, "message": STR}, "An error, with a message in the user's language"),
        "DistrictRef": all_required({"id": INT, "name": STR}),
        "PlanSummary": all_required({
            "id": INT, "title": STR, "start_year": INT, "end_year": INT, "status": enum(PlanStatus),
            "district": ref("DistrictRef"),
            "url": {"type": "string", "format": "uri", "description": "Where the whole plan can be read"},
        }),
        "Action": all_required({
            "id": INT, "code": STR, "title": STR, "description": NSTR, "expected_results": NSTR,
            "projects": {"type": "array", "items": STR},
            "planned_start": {**NSTR, "format": "date"}, "planned_end": {**NSTR, "format": "date"},
            "theses": {"type": "array", "items": INT, "description": "1-based numbers of the plan's theses"},
            "referents": {"type": "array", "description": "People accountable for the action (names only)",
                          "items": all_required({"name": STR})},
            "organizations": {"type": "array", "description": "Bodies involved and their role",
                              "items": all_required({"name": STR, "type": enum(OrganizationType),
                                                      "role": enum(InvolvementRole)})},
            "budget": {"type": "array", "description": "Planned amounts by funding source",
                       "items": all_required({
                           "source": enum(FundingSource),
                           "amount": {"type": "string", "format": "decimal", "pattern": r"^-?\d+(\.\d+)?$",
                                      "description": "Euro, as a decimal string (no rounding)"},
                           "description": NSTR,
                           "programme": {**NSTR,
                                         "description": "The named funding programme that pays it, if known"}})},
            "continues": {"type": "array",
                          "description": "The actions of the previous plan this action carries on, as they were "
                                         "(continued) or changed; empty when it carries on none",
                          "items": all_required({"id": INT, "code": STR, "title": STR, "fate": enum(Continuity)})},
        }, "A system action (azione di sistema)"),
        "Area": all_required({"id": INT, "name": STR, "description": NSTR,
                               "actions": {"type": "array", "items": ref("Action")}},
                              "A priority area (area di priorità)"),
        "PlanDocument": all_required({
            "district": all_required({"id": INT, "name": STR, "province": NSTR}),
            "plan": all_required({
                "id": INT, "title": STR, "start_year": INT, "end_year": INT, "status": enum(PlanStatus),
                "description": NSTR, "previous_plan_id": {"type": "integer", "nullable": True},
                "theses": {"type": "array", "items": STR, "description": "The plan's theses (tesi), in order"},
                "areas": {"type": "array", "items": ref("Area")},
            }),
        }, "A plan (Piano di Zona) with its whole structure"),
        **features_schemas(),
    }


def document() -> dict:
    error = json_response("Error", ref("Error"))
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
                "responses": {"200": json_response("The plans, newest first within each district",
                                           all_required({"plans": {"type": "array",
                                                                    "items": ref("PlanSummary")}}))}}},
            "/plans/{plan_id}": {"get": {
                "operationId": "getPlan", "summary": "A plan with its theses, areas and actions",
                "parameters": [{"name": "plan_id", "in": "path", "required": True, "schema": INT}],
                "responses": {"200": json_response("The plan", ref("PlanDocument")),
                              "404": {**error, "description": "No such public plan"}}}},
            **features_paths(error),
        },
        "components": {"schemas": schemas(),
                       "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "session",
                                                       "description": "The login session of the web pages"}}},
    }
