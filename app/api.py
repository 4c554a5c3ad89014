"""Read-only JSON API over the public plan structure, described by an OpenAPI 3 document."""
from flask import Blueprint, jsonify, url_for

from .extensions import csrf, db
from .models import Plan
from .plans import plan_to_dict
from .public import visible_or_404, can_see

bp = Blueprint("api", __name__)
csrf.exempt(bp)


def plan_summary(plan: Plan) -> dict:
    return {"id": plan.id, "title": plan.title, "start_year": plan.start_year, "end_year": plan.end_year,
            "status": plan.status.value, "district": {"id": plan.district.id, "name": plan.district.name},
            "url": url_for("api.plan", plan_id=plan.id, _external=True)}


@bp.get("/plans")
def plans():
    all_plans = db.session.scalars(db.select(Plan).order_by(Plan.district_id, Plan.start_year.desc())).all()
    return jsonify(plans=[plan_summary(p) for p in all_plans if can_see(p)])


@bp.get("/plans/<int:plan_id>")
def plan(plan_id):
    plan = visible_or_404(db.get_or_404(Plan, plan_id))
    return jsonify(plan_to_dict(plan))


@bp.get("/openapi.json")
def openapi():
    from .openapi import document
    return jsonify(document())
