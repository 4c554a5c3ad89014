"""Approval closes the cycle: the draft becomes the new plan, ready for its own evaluation campaign.

Axes become planning areas, objectives become system actions (with their referents, the bodies involved,
a budget line and the actions of the previous plan they carry on), the previous plan is closed and stays
readable, the draft becomes read-only. Only flushes: the caller commits once, so either all of it happens or
none.
"""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from app.errors import DomainError
from app.extensions import db
from app.account_models import User
from app.models import InvolvementRole, Plan, PlanStatus, utcnow
from app.structure import add_area, create_plan
from app.structure_actions import ActionData, Budget, Involvement, create_action
from app.text import shorten
from app.uploads import MB, save_upload
from evaluations import services as evaluations

from . import codesign, continuity
from .models import DraftObjective, DraftStatus, PlanDraft

TITLE_MAX_LENGTH = 300


def short_title(text: str) -> str:
    """An action's title holds 300 characters: a longer objective is cut at a word (the whole text goes
    into the description)."""
    return shorten(text, TITLE_MAX_LENGTH)


def action_description(objective: DraftObjective) -> str | None:
    parts = []
    if short_title(objective.title) != " ".join(objective.title.split()):
        parts.append(objective.title.strip())
    for label, value in ((_("Type of intervention"), objective.intervention_type),
                         (_("Resources"), objective.resources), (_("Tools"), objective.tools),
                         (_("Target range"), objective.target_range), (_("Timing"), objective.timing)):
        if value:
            parts.append(f"**{label}:** {value}")
    return "\n\n".join(parts) or None


def action_data(objective: DraftObjective, draft: PlanDraft) -> ActionData:
    involvements = []
    if objective.responsible is not None:
        involvements.append(Involvement(role=InvolvementRole.LEAD, organization=objective.responsible))
    involvements += [Involvement(role=InvolvementRole.PARTNER, organization=org)
                     for org in objective.partners]
    budget = []
    if objective.budget_amount and objective.funding_source is not None:
        budget.append(Budget(source=objective.funding_source, amount=objective.budget_amount,
                             description=draft.title, programme=objective.programme))
    return ActionData(code=objective.number, title=short_title(objective.title),
                      description=action_description(objective),
                      expected_results=objective.outcome_indicators, referents=list(objective.referents),
                      involvements=involvements, budget=budget)


def blockers(draft: PlanDraft) -> list[str]:
    """What stops the approval, in the office's words (an empty list: it can go ahead)."""
    problems = []
    if not draft.is_editable:
        problems.append(_("The draft has already been approved."))
    if not draft.axes:
        problems.append(_("The draft has no axes: the new plan would have no areas."))
    elif not draft.objectives:
        problems.append(_("The draft has no objectives: the new plan would have no actions to evaluate."))
    return problems


SIGNED_MAX_BYTES = 30 * MB


def approve_draft(draft: PlanDraft, *, by: User | None, assembly_date: date | None = None,
                  resolution_number: str | None = None, signed=None) -> Plan:
    """Make the draft the district's plan, as the mayors' assembly of `assembly_date` approved it with
    delibera `resolution_number`; `signed` is the signed document (an uploaded PDF), if there is one."""
    problems = blockers(draft)
    if problems:
        raise DomainError(" ".join(problems))
    draft.assembly_date = assembly_date
    draft.resolution_number = (resolution_number or "").strip()[:50] or None
    if signed is not None and getattr(signed, "filename", None):
        draft.signed_file = save_upload(signed, ["pdf"], SIGNED_MAX_BYTES, district_id=draft.district_id)
    plan = create_plan(draft.district, title=draft.title, start_year=draft.start_year,
                       end_year=draft.end_year, status=PlanStatus.ACTIVE, previous_plan=draft.previous_plan,
                       description=_("Approved from the draft written on the platform."))
    for axis in draft.axes:
        area = add_area(plan, name=axis.name, description=axis.description)
        axis.planning_area = area
        for objective in axis.objectives:
            objective.system_action = create_action(area, action_data(objective, draft))
            continuity.carry_into(objective, objective.system_action)   # the actions of the plan it follows
            codesign.apply_agreement(objective, objective.system_action)   # its co-design table's agreement
    previous = draft.previous_plan
    if previous is not None:
        campaign = evaluations.open_campaign_of(previous)
        if campaign is not None:
            evaluations.close_campaign(campaign)
        previous.status = PlanStatus.CLOSED
    draft.status = DraftStatus.APPROVED
    draft.approved_plan = plan
    draft.approved_at = utcnow()
    draft.approved_by = by
    db.session.flush()
    return plan
