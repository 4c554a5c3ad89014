"""What a chapter still lacks to be written from the data, told to the planning office beside the chapter's
editor, with the page where it is entered; and the records a written-from-data chapter was written from, as
links. Never printed: the document shows only what the data says."""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app import territory
from app.extensions import db
from app.models import BudgetLine, PlanningArea, SystemAction
from app.territory_models import BodyKind
from app.view_helpers import plan_url

from . import gather
from .models import ChapterKey, DraftAxis, DraftObjective, PlanDraft


def _territory_notes(draft: PlanDraft, key: ChapterKey) -> list[tuple[str, str]]:
    held = territory.territory(draft.district)
    where = url_for("office.territory")
    notes = []
    if not held.municipalities and key in (ChapterKey.CONTEXT, ChapterKey.ANNEXES):
        notes.append((_("The district's comuni are not recorded: enter them, with their population, in "
                        "Territory and governance."), where))
    elif held.missing_population and key == ChapterKey.CONTEXT:
        notes.append((ngettext("%(num)d comune has no population.", "%(num)d comuni have no population.",
                               held.missing_population), where))
    if key == ChapterKey.GOVERNANCE:
        if held.management is None:
            notes.append((_("The managing body is not recorded."), where))
        if not any(b.kind == BodyKind.MAYORS_ASSEMBLY for b in held.bodies):
            notes.append((_("The mayors' assembly is not recorded among the governance bodies."), where))
    return notes


def _plan_notes(draft: PlanDraft, key: ChapterKey) -> list[tuple[str, str]]:
    plan = draft.previous_plan
    if plan is None:
        return [(_("The draft follows no plan: the chapters written from a previous plan's data stay empty."),
                 url_for("drafts.draft_settings", draft_id=draft.id))]
    if key == ChapterKey.RESOURCES and not db.session.scalar(
            db.select(db.func.count(BudgetLine.id)).join(SystemAction).join(PlanningArea)
            .where(PlanningArea.plan_id == plan.id)):
        return [(_("No budget line is recorded on the actions of %(plan)s.", plan=plan.title), plan_url(plan))]
    if key == ChapterKey.INTEGRATION and not gather.health_partners(plan):
        return [(_("No health agency (ATS/ASST) is among the organizations of the actions of %(plan)s.",
                   plan=plan.title), plan_url(plan))]
    if key == ChapterKey.EVALUATION and gather.latest_campaign(plan) is None:
        return [(_("No evaluation campaign was run on %(plan)s.", plan=plan.title),
                 url_for("evaluations.campaigns"))]
    return []


def _lacking(draft: PlanDraft, condition) -> int:
    return db.session.scalar(db.select(db.func.count(DraftObjective.id)).join(DraftAxis)
                             .where(DraftAxis.draft_id == draft.id, condition))


def _objective_notes(draft: PlanDraft, key: ChapterKey) -> list[tuple[str, str]]:
    """How many objectives lack what the chapter's table is written from: outcome indicators (monitoring) or a
    budget (resources)."""
    if key == ChapterKey.MONITORING:
        count = _lacking(draft, db.or_(DraftObjective.outcome_indicators.is_(None),
                                       DraftObjective.outcome_indicators == ""))
        note = ngettext("%(num)d objective has no outcome indicator: the monitoring table shows a dash.",
                        "%(num)d objectives have no outcome indicators: the monitoring table shows a dash.", count)
    else:
        count = _lacking(draft, DraftObjective.budget_amount.is_(None))
        note = ngettext("%(num)d objective has no budget: it is not in the new plan's budget table.",
                        "%(num)d objectives have no budget: they are not in the new plan's budget table.", count)
    return [(note, url_for("drafts.draft", draft_id=draft.id, _anchor="axes"))] if count else []


def missing(draft: PlanDraft, key: str) -> list[tuple[str, str]]:
    """(what is missing, where to enter it) for the chapter `key` of `draft`."""
    chapter = ChapterKey(key)
    notes = _territory_notes(draft, chapter)
    if chapter in (ChapterKey.RESOURCES, ChapterKey.INTEGRATION, ChapterKey.EVALUATION):
        notes += _plan_notes(draft, chapter)
    if chapter in (ChapterKey.MONITORING, ChapterKey.RESOURCES):
        notes += _objective_notes(draft, chapter)
    return notes


def sources(draft: PlanDraft, key: str) -> list[tuple[str, str]]:
    """(record, its office page) a chapter written from the data was written from, for the office to check each
    sentence against; none for the chapters people write."""
    plan = draft.previous_plan
    try:
        chapter = ChapterKey(key)
    except ValueError:
        return []
    if chapter not in gather.PREFILLED:
        return []
    found = []
    if plan is not None and chapter in (ChapterKey.PREMESSA, ChapterKey.INTEGRATION, ChapterKey.RESOURCES,
                                        ChapterKey.ANNEXES):
        found.append((_("The plan “%(plan)s”: its areas, actions and organizations", plan=plan.title),
                      plan_url(plan)))
    if chapter == ChapterKey.PROCESS:
        found += [(_("The meetings of the plan"), url_for("meetings.meetings")),
                  (_("The focus groups of the plan"), url_for("focus.focus_groups", plan_id=plan.id) if plan
                   else url_for("focus.focus_groups"))]
    if chapter == ChapterKey.EVALUATION and plan is not None:
        campaign = gather.latest_campaign(plan)
        if campaign is not None:
            found.append((_("The evaluation campaign “%(campaign)s”", campaign=campaign.title),
                          url_for("evaluations.campaign", campaign_id=campaign.id)))
    if chapter in (ChapterKey.CONTEXT, ChapterKey.GOVERNANCE, ChapterKey.ANNEXES):
        found.append((_("Territory and governance: comuni, population, bodies"), url_for("office.territory")))
    if chapter == ChapterKey.RESOURCES:
        found.append((_("Funding and calls: programmes, bids, hours given"), url_for("office.funding_page")))
    return found
