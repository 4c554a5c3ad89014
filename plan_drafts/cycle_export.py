"""`pdz export cycle PLAN_ID --format json -o FILE`: a plan's cycle as data. What became of each of its actions in
the next plan, its standing groups with their rosters and meetings (present and absent), who took part by role and
by body, and the co-design tables of the draft that follows it."""
from __future__ import annotations

import json

from sqlalchemy import or_, select

from app.cli_helpers import export_command, found, write_export
from app.extensions import db
from app.models import Plan
from meetings import standing
from meetings.models import Meeting
from meetings.standing_models import StandingGroup

from . import codesign, continuity, participation


def cycle_groups(plan: Plan) -> list[dict]:
    """The standing groups of the plan (or that met for it), each with its roster and its meetings."""
    groups = db.session.scalars(select(StandingGroup).where(StandingGroup.district_id == plan.district_id, or_(
        StandingGroup.plan_id == plan.id,
        StandingGroup.id.in_(select(Meeting.standing_group_id).where(Meeting.plan_id == plan.id))))
        .order_by(StandingGroup.name)).all()
    rows = []
    for group in groups:
        meetings = []
        for meeting in standing.meetings_of(group):
            present, absent = standing.attendance_counts(meeting)
            meetings.append({"date": meeting.starts_at.date().isoformat(), "title": meeting.title,
                             "present": present, "absent": absent})
        rows.append({"name": group.name, "coordinator": group.coordinator.name if group.coordinator else None,
                     "roster": [{"name": m.name, "body": m.organization_label or None,
                                 "role": m.role.name if m.role else None, "active": m.active} for m in group.roster],
                     "meetings": meetings})
    return rows


def cycle_document(plan: Plan) -> dict:
    return {"plan": {"id": plan.id, "title": plan.title, "start_year": plan.start_year, "end_year": plan.end_year},
            "actions": continuity.cycle_actions(plan), "groups": cycle_groups(plan),
            "participation": participation.as_data(participation.of_cycle(plan)),
            "codesign": codesign.cycle_codesign(plan)}


@export_command("cycle", "plan_id", ("json",), "json")
def export_cycle(plan_id, fmt, output):
    """Export a plan's cycle as data: what became of its actions, its standing groups, participation by role and
    body, and the co-design tables of the draft that follows it."""
    plan = found(Plan, plan_id, "plan")
    document = cycle_document(plan)
    payload = json.dumps(document, ensure_ascii=False, indent=1).encode()
    write_export(payload, output, f"'{plan.title}', {len(document['actions'])} actions, "
                                  f"{len(document['groups'])} standing groups, {len(document['codesign'])} co-design "
                                  f"tables.")
