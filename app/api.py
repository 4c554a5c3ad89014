"""Read-only JSON API over the public plan structure, described by an OpenAPI 3 document."""
from flask import Blueprint, jsonify

from .extensions import csrf, db
from .models import Plan
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
    return jsonify(plan_to_dict(plan))


@bp.get("/openapi.json")
def openapi():
    from .openapi import document
    return jsonify(document())


# ---- evaluation cards: the planning office's data, behind a login (session) --------------------------------
from flask import abort, request  # noqa: E402
from flask_babel import gettext as _  # noqa: E402
from flask_login import current_user  # noqa: E402

from .auth import role_required  # noqa: E402
from .models import Role  # noqa: E402


@bp.get("/plans/<int:plan_id>/cards")
@role_required(Role.PLANNING_OFFICE)
def plan_cards(plan_id):
    """The evaluation cards of a plan (?campaign=<id>, default the latest), for its district's planning office."""
    from evaluations.card_data import cards_document
    from evaluations.models import EvaluationCampaign
    plan = db.get_or_404(Plan, plan_id)
    if not current_user.has_role(plan.district_id, Role.PLANNING_OFFICE):
        return jsonify(error="forbidden", message=_("You do not have permission.")), 403
    campaign = None
    if (campaign_id := request.args.get("campaign", type=int)) is not None:
        campaign = db.session.get(EvaluationCampaign, campaign_id)
        if campaign is None or campaign.plan_id != plan.id:
            abort(404)
    return jsonify(cards_document(plan, campaign))
