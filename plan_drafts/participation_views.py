"""The participation page of a cycle or of a standing group: how many took part, by role and by body, over time,
with charts and their tables, and the roles that were missing. Routes on the drafts' blueprint."""
from __future__ import annotations

from flask import g, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.auth import role_required
from app.charts import Chart, Table, category_colour, count_axis, label, layout, number
from app.extensions import db
from app.models import Plan
from app.office_registries import register_plan_link
from app.view_helpers import OFFICE, owned_or_404
from meetings.standing_models import StandingGroup
from meetings.view_helpers import plotly_url

from . import participation
from .blueprint import drafts as bp

register_plan_link("drafts.participation_page", _l("Participation by role"), order=520)


def role_colour(role: str, roles: list[str]) -> str:
    """A role keeps its place in the district's list, so its colour, on every chart; roles outside it are grey."""
    return category_colour(roles.index(role) if role in roles else None)


def role_chart(rows: list[participation.RoleRow], roles: list[str]) -> Chart:
    title = _("Participation by role")
    counts = [row.people for row in rows]
    figure = {"data": [{"type": "bar", "orientation": "h", "x": counts, "y": [label(row.role) for row in rows],
                        "name": _("Times people took part"),
                        "marker": {"color": [role_colour(row.role, roles) for row in rows]},
                        "hovertemplate": "%{y}: %{x:,d}<extra></extra>"}],
              "layout": layout(title, yaxis={"autorange": "reversed", "type": "category"},
                                xaxis=count_axis(_("Times people took part"), max(counts, default=0)),
                                height=80 + 32 * len(rows))}
    table = Table(caption=title, headers=[_("Role"), _("Times people took part"),
                                          _("Meetings where the minutes report the role")],
                  kinds=["text", "int", "int"], rows=[[row.role, row.people, row.reported] for row in rows])
    most = max(rows, key=lambda row: row.people, default=None)
    takeaway = (_("The role that took part most: %(role)s (times: %(count)s of %(total)s).", role=most.role,
                  count=number(most.people), total=number(sum(counts))) if most and most.people
                else _("Nobody's participation was counted one by one yet."))
    return Chart(key="roles", title=title, figure=figure, table=table, takeaway=takeaway,
                 description=_("A meeting whose minutes say a role was there without saying how many counts "
                               "among the meetings, not among the people."))


def time_chart(months: list[tuple[str, dict[str, int]]], roles: list[str]) -> Chart:
    title = _("Participation over time, by role")
    used = [role for role in roles if any(counts.get(role) for _month, counts in months)]
    used += sorted({role for _month, counts in months for role in counts} - set(used))
    totals = [sum(counts.values()) for _month, counts in months]
    figure = {"data": [{"type": "bar", "name": role, "x": [month for month, _c in months],
                        "y": [counts.get(role, 0) for _m, counts in months],
                        "marker": {"color": role_colour(role, roles)},
                        "hovertemplate": "%{x} · " + label(role) + ": %{y:,d}<extra></extra>"} for role in used],
              "layout": layout(title, barmode="stack", xaxis={"type": "category"},
                               yaxis=count_axis(_("Times people took part"), max(totals, default=0)))}
    table = Table(caption=title, headers=[_("Month"), *used, _("Total")], kinds=["text"] + ["int"] * (len(used) + 1),
                  rows=[[month, *[counts.get(role, 0) for role in used], sum(counts.values())]
                        for month, counts in months])
    busiest = max(range(len(months)), key=lambda i: totals[i], default=None)
    takeaway = (_("Months: %(count)s; the busiest: %(month)s (times people took part: %(people)s).",
                  count=number(len(months)), month=months[busiest][0], people=number(totals[busiest]))
                if busiest is not None else "")
    return Chart(key="over-time", title=title, figure=figure, table=table, takeaway=takeaway)


@bp.get("/<district>/partecipazione/")
@role_required(*OFFICE)
def participation_page():
    """A plan's cycle (?plan_id=) or a standing group (?gruppo=): who took part, by role and by body."""
    group_id = request.args.get("gruppo", type=int)
    plans = db.session.scalars(select(Plan).filter_by(district_id=g.district.id)
                               .order_by(Plan.start_year.desc())).all()
    group = owned_or_404(StandingGroup, group_id) if group_id else None
    plan = None
    if group is None:
        plan_id = request.args.get("plan_id", type=int)
        plan = owned_or_404(Plan, plan_id) if plan_id else (plans[0] if plans else None)
    found = (participation.of_group(group) if group else participation.of_cycle(plan) if plan
             else participation.Participation())
    rows = found.by_role()
    return render_template(
        "plan_drafts/participation.html", plan=plan, group=group, plans=plans, found=found, rows=rows,
        roles_chart=role_chart(rows, found.roles) if rows else None, bodies=found.by_body(),
        time=time_chart(found.over_time(), found.roles) if found.contributions or found.reports else None,
        absent=found.absent_roles(), plotly_url=plotly_url(), roles_url=url_for("office.roles"))
