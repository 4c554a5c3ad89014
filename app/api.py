"""Read-only JSON API over the public plan structure, described by an OpenAPI 3 document. Features add
their routes to this blueprint (from their own api.py) and their schemas to the document (app/registry.py)."""
from flask import Blueprint, jsonify

from . import lineage
from .extensions import csrf, db
from .lineage_models import ActionLineage
from .models import Plan
from .openapi import document
from .plan_dump import plan_to_dict
from .public import visible_or_404, can_see
from .urls import public_url

bp = Blueprint("api", __name__)
csrf.exempt(bp)


def plan_summary(plan: Plan) -> dict:
    return {"id": plan.id, "title": plan.title, "start_year": plan.start_year, "end_year": plan.end_year,
            "status": plan.status.value, "district": {"id": plan.district.id, "name": plan.district.name},
            "url": public_url("api.plan", plan_id=plan.id)}


@bp.get("/plans")
def plans():
    all_plans = db.session.scalars(db.select(Plan).order_by(Plan.district_id, Plan.start_year.desc())).all()
    return jsonify(plans=[plan_summary(p) for p in all_plans if can_see(p)])


@bp.get("/plans/<int:plan_id>")
def plan(plan_id):
    plan = visible_or_404(db.get_or_404(Plan, plan_id))
    document = plan_to_dict(plan)
    continued = lineage.continued_actions(plan)
    for area in document["plan"]["areas"]:
        for action in area["actions"]:
            action["continues"] = [continued_action(row) for row in continued.get(action["id"], [])]
    return jsonify(document)


def continued_action(row: ActionLineage) -> dict:
    """An action of the previous plan that this one carries on, and how."""
    old = row.previous_action
    return {"id": old.id, "code": old.code, "title": old.title, "fate": row.fate.value}


@bp.get("/openapi.json")
def openapi():
    return jsonify(document())
