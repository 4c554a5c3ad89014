"""The evaluation cards in the JSON API: `GET /api/v1/plans/<id>/cards` for the district's planning office
(a route of the shell's API blueprint, so its endpoint stays `api.plan_cards`), and its OpenAPI schemas."""
from flask import abort, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from app.api import bp
from app.auth import role_required
from app.extensions import db
from app.models import FundingSource, Plan, Role
from app.openapi import INT, NSTR, STR, all_required, enum, json_response, ref

from .card_data import cards_document
from .models import (CampaignStatus, CardState, EvaluationCampaign, ImplementationState, InvolvedKind,
                     ObjectiveReached)


@bp.get("/plans/<int:plan_id>/cards")
@role_required(Role.PLANNING_OFFICE)
def plan_cards(plan_id):
    """The evaluation cards of a plan (?campaign=<id>, default the latest), for its district's planning office."""
    plan = db.get_or_404(Plan, plan_id)
    if not current_user.has_role(plan.district_id, Role.PLANNING_OFFICE):
        return jsonify(error="forbidden", message=_("You do not have permission.")), 403
    campaign = None
    if (campaign_id := request.args.get("campaign", type=int)) is not None:
        campaign = db.session.get(EvaluationCampaign, campaign_id)
        if campaign is None or campaign.plan_id != plan.id:
            abort(404)
    return jsonify(cards_document(plan, campaign))


# ---- OpenAPI ----------------------------------------------------------------------------------------------

def _nullable_enum(enum_cls) -> dict:
    return {"type": "string", "nullable": True, "enum": [member.value for member in enum_cls] + [None]}


def card_schemas() -> dict:
    date_ = {**NSTR, "format": "date"}
    nint = {"type": "integer", "nullable": True}
    money = {"type": "string", "nullable": True, "pattern": r"^-?\d+(\.\d+)?$", "description": "Decimal string"}
    texts = ("activities", "deviations", "people_notes", "resources_notes", "strengths", "problems",
             "carry_forward", "nobody_reason")
    return {
        "Card": all_required({
            "id": INT, "version": INT, "state": enum(CardState), "campaign": STR, "area": STR,
            "action_code": STR, "action_title": STR, "referents": {"type": "array", "items": STR},
            "planned_start": date_, "planned_end": date_, "actual_start": date_, "actual_end": date_,
            "implementation_state": _nullable_enum(ImplementationState),
            "progress_percent": {**nint, "minimum": 0, "maximum": 100},
            "organizations": {"type": "array", "items": all_required({"name": STR, "kind": enum(InvolvedKind)})},
            "people_min": nint, "people_max": nint, "beneficiaries": nint, "staff_hours": nint,
            "resources": {"type": "array", "items": all_required({
                "source": enum(FundingSource), "programme": {**NSTR, "description": "The named funding programme"},
                "description": NSTR, "planned": money, "committed": money,
                "spent": money, "attracted": money})},
            "theses": {"type": "array", "items": all_required({
                "number": INT, "text": STR, "rating": {**nint, "minimum": 0, "maximum": 3}, "comment": NSTR})},
            "objective": _nullable_enum(ObjectiveReached),
            "indicators": {"type": "array", "items": all_required({
                "name": STR, "unit": NSTR, "baseline": money, "target": money, "reached": money})},
            "nobody_can_report": {"type": "boolean"},
            "late": {"type": "boolean", "description": "Still to be sent and past the campaign's deadline"},
            "submitted_at": {**NSTR, "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"},
            **{key: NSTR for key in texts},
        }, "An evaluation card (scheda di valutazione) of one system action"),
        "CardsDocument": all_required({
            "plan": all_required({"id": INT, "title": STR, "district": ref("DistrictRef")}),
            "campaign": {**all_required({"id": INT, "title": STR, "deadline": {"type": "string", "format": "date"},
                                          "status": enum(CampaignStatus)}), "nullable": True},
            "cards": {"type": "array", "items": ref("Card")},
        }, "The cards of a plan's evaluation campaign, one per system action"),
    }


def card_paths(error: dict) -> dict:
    return {"/plans/{plan_id}/cards": {"get": {
        "operationId": "getPlanCards", "summary": "The evaluation cards of a plan (planning office only)",
        "security": [{"session": []}],
        "parameters": [{"name": "plan_id", "in": "path", "required": True, "schema": INT},
                       {"name": "campaign", "in": "query", "required": False, "schema": INT,
                        "description": "A campaign of the plan (default: the latest)"}],
        "responses": {"200": json_response("The cards", ref("CardsDocument")),
                      "401": {**error, "description": "Not logged in"},
                      "403": {**error, "description": "Not the planning office of the plan's district"},
                      "404": {**error, "description": "No such plan or campaign"}}}}}
