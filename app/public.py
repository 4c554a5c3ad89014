"""Public pages: anyone can read the district, its plans, areas, actions and organizations."""
from flask import abort, current_app, g, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import or_

from . import funding, territory
from .funding_models import BidOutcome
from .blueprint import public as bp
from .extensions import db
from .models import District, Organization, OrganizationType, Plan, PlanningArea, Role, SystemAction


def can_see(plan: Plan) -> bool:
    """Draft plans are visible only to the district's staff."""
    if plan.is_public:
        return True
    return current_user.is_authenticated and current_user.has_role(
        plan.district_id, Role.PLANNING_OFFICE, Role.FACILITATOR, Role.REFERENT)


def visible_or_404(plan: Plan) -> Plan:
    if not can_see(plan):
        abort(404)
    return plan


@bp.get("/")
def home():
    districts = db.session.scalars(db.select(District).order_by(District.name)).all()
    if len(districts) == 1:
        return district_home_for(districts[0])
    return render_template("public/districts.html", districts=districts)


@bp.get("/ambiti/<district>/")
def district_home():
    return district_home_for(g.district)


def district_home_for(district: District):
    g.district = district
    return render_template("public/district.html", district=district, plan=district.current_plan,
                           plans=[p for p in district.plans if can_see(p)], held=territory.territory(district),
                           programmes=funding.programmes(district.id),
                           # a bid still being prepared is the office's work in progress, not yet public
                           bids=[b for b in funding.bids(district.id) if b.outcome != BidOutcome.PREPARING])


@bp.get("/piani/<int:plan_id>")
def plan(plan_id):
    plan = visible_or_404(db.get_or_404(Plan, plan_id))
    g.district = plan.district
    return render_template("public/plan.html", plan=plan)


@bp.get("/aree/<int:area_id>")
def area(area_id):
    area = db.get_or_404(PlanningArea, area_id)
    visible_or_404(area.plan)
    g.district = area.plan.district
    return render_template("public/area.html", area=area, plan=area.plan)


@bp.get("/azioni/<int:action_id>")
def action(action_id):
    action = db.get_or_404(SystemAction, action_id)
    visible_or_404(action.plan)
    g.district = action.plan.district
    return render_template("public/action.html", action=action, area=action.area, plan=action.plan)


@bp.get("/enti")
def organizations():
    query = db.select(Organization).join(District).order_by(District.name, Organization.name)
    district_slug = request.args.get("ambito")
    if district_slug:
        query = query.where(District.slug == district_slug)
    org_type = request.args.get("tipo")
    if org_type in {t.value for t in OrganizationType}:
        query = query.where(Organization.type == OrganizationType(org_type))
    page = db.paginate(query, per_page=current_app.config["PER_PAGE"], error_out=False)
    districts = db.session.scalars(db.select(District).order_by(District.name)).all()
    return render_template("public/organizations.html", page=page, districts=districts,
                           district_slug=district_slug, org_type=org_type, types=OrganizationType)


@bp.get("/enti/<int:organization_id>")
def organization(organization_id):
    org = db.get_or_404(Organization, organization_id)
    g.district = org.district
    involvements = [i for i in org.involvements if can_see(i.action.plan)]
    return render_template("public/organization.html", organization=org, involvements=involvements)


@bp.get("/search")
def search():
    q = (request.args.get("q") or "").strip()[:200]
    actions = organizations = []
    if q:
        like = f"%{q}%"
        actions = [a for a in db.session.scalars(
            db.select(SystemAction).where(or_(SystemAction.title.ilike(like), SystemAction.description.ilike(like),
                                              SystemAction.code.ilike(like), SystemAction.expected_results.ilike(like)))
            .order_by(SystemAction.code).limit(200)) if can_see(a.plan)]
        organizations = db.session.scalars(
            db.select(Organization).where(or_(Organization.name.ilike(like), Organization.description.ilike(like)))
            .order_by(Organization.name).limit(200)).all()
    return render_template("public/search.html", q=q, actions=actions, organizations=organizations)


@bp.get("/lingua/<code>")
def set_language(code):
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    target = request.referrer if request.referrer and request.referrer.startswith(request.host_url) else None
    response = make_response(redirect(target or url_for("public.home")))
    response.set_cookie("lang", code, max_age=365 * 86400, samesite="Lax", httponly=True)
    return response
