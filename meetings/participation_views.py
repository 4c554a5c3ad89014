"""Who comes to the meetings, by kind of organization, and who signed up to the working groups of the
facilitators' focus groups. Routes on the meetings' blueprint (blueprint.py)."""
from __future__ import annotations

from flask import abort, g, render_template, request
from flask_login import current_user

from app.auth import role_required
from app.extensions import db
from app.models import Plan
from app.view_helpers import OFFICE, OFFICE_AND_FACILITATORS, owned_or_404
from focus_groups.models import FocusGroup

from . import charts, services
from .blueprint import meetings as bp
from .models import Meeting
from .view_helpers import plotly_url


# --- the participation dashboard -----------------------------------------------------------------------

@bp.get("/<district>/incontri/partecipazione")
@role_required(*OFFICE)
def participation():
    """Who came to the meetings of a plan (or of the district), by kind of organization."""
    plan_id = request.args.get("plan_id", type=int)
    plan = owned_or_404(Plan, plan_id) if plan_id else None
    query = db.select(Meeting).where(Meeting.district_id == g.district.id)
    if plan is not None:
        query = query.where(Meeting.plan_id == plan.id)
    chosen = list(db.session.scalars(query.order_by(Meeting.starts_at, Meeting.id)))
    per_meeting = [(f"{m.starts_at:%d/%m/%Y} · {m.title}", services.participants_by_organization_type([m]))
                   for m in chosen]
    total = charts.participants_chart(services.participants_by_organization_type(chosen), key="total")
    return render_template("meetings/office/participation.html", plan=plan, meetings=chosen, total=total,
                           by_meeting=charts.participation_chart(per_meeting) if chosen else None,
                           plotly_url=plotly_url())


# --- facilitators: who signed up to their focus groups' working groups ---------------------------------

def _visible_focus_groups() -> list[FocusGroup]:
    query = db.select(FocusGroup).where(FocusGroup.district_id == g.district.id).order_by(FocusGroup.title)
    groups = list(db.session.scalars(query))
    if current_user.has_role(g.district.id, *OFFICE):
        return groups
    return [f for f in groups if current_user in f.facilitators]


@bp.get("/<district>/incontri/iscrizioni-ai-gruppi")
@role_required(*OFFICE_AND_FACILITATORS)
def signups():
    rows = [(focus, services.registrations_for_focus_group(focus)) for focus in _visible_focus_groups()]
    return render_template("meetings/office/signups.html", rows=rows)


@bp.get("/<district>/focus/<int:focus_id>/iscritti")
@role_required(*OFFICE_AND_FACILITATORS)
def focus_signups(focus_id: int):
    focus = owned_or_404(FocusGroup, focus_id)
    if focus not in _visible_focus_groups():
        abort(403)
    return render_template("meetings/office/focus_signups.html", focus=focus,
                           registrations=services.registrations_for_focus_group(focus))
