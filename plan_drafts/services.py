"""What the planning office does to a plan draft: start it, write its chapters, define axes and objectives,
link the objectives to the evidence. Services take plain values, only flush, raise DomainError."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.orm import joinedload, selectinload

from app.account_models import User
from app.errors import DomainError
from app.extensions import db
from app.funding_models import FundingProgramme
from app.models import District, FundingSource, Organization, Plan, Role, utcnow
from app.structure import InvalidField, delete_from, move, renumber
from app.versioned import check_version, refuse_stale
from evaluations.models import EvaluationCard
from focus_groups.models import BoardColumn, KeywordGroup, Statement

from . import gather
from .models import ChapterKey, DraftAxis, DraftChapter, DraftObjective, DraftVisibility, PlanDraft

OBJECTIVE_MAX_LENGTH = 2000


def chapter_conflict_message() -> str:
    return _("Someone else saved this chapter while you were editing it. Both versions are kept: compare them "
             "below.")


def _editable(draft: PlanDraft) -> None:
    if not draft.is_editable:
        raise DomainError(_("The draft has been approved: it can no longer be changed."))


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


# --- the draft ------------------------------------------------------------------------------------

def _check_title(district: District, title: str, draft: PlanDraft | None = None) -> str:
    title = (title or "").strip()
    if not title:
        raise InvalidField("title", _("The title is required."))
    taken = db.session.scalar(db.select(PlanDraft.id).where(
        PlanDraft.district_id == district.id, func.lower(PlanDraft.title) == title.lower(),
        PlanDraft.id != (draft.id if draft else -1)))
    plan = db.session.scalar(db.select(Plan.id).where(Plan.district_id == district.id,
                                                      func.lower(Plan.title) == title.lower()))
    if taken or plan:
        raise InvalidField("title", _("A plan or a draft of this district already has this title."))
    return title


def _check_years(start_year: int | None, end_year: int | None) -> None:
    if start_year is None or end_year is None:
        raise InvalidField("start_year", _("The years of the new plan are required."))
    if end_year < start_year:
        raise InvalidField("end_year", _("The end year cannot come before the start year."))


def start_draft(district: District, *, title: str, start_year: int, end_year: int, previous_plan: Plan | None,
                axes: list[str] | None = None, by: User | None = None) -> PlanDraft:
    """A new draft with every chapter of the regional template, those that data can write already written."""
    title = _check_title(district, title)
    _check_years(start_year, end_year)
    if previous_plan is not None and previous_plan.district_id != district.id:
        raise InvalidField("previous_plan", _("The previous plan must belong to the same district."))
    draft = PlanDraft(district=district, title=title, start_year=start_year, end_year=end_year,
                      previous_plan=previous_plan, created_by=by)
    db.session.add(draft)
    for position, key in enumerate(ChapterKey, start=1):
        draft.chapters.append(DraftChapter(position=position, key=key.value, title=str(key.label),
                                           body=gather.chapter_body(key, previous_plan), updated_by=by))
    for name in axes or []:
        if name.strip():
            draft.axes.append(DraftAxis(position=len(draft.axes) + 1, name=name.strip()))
    db.session.flush()
    return draft


def update_draft(draft: PlanDraft, *, version, title: str, start_year: int, end_year: int,
                 visibility: DraftVisibility) -> PlanDraft:
    _editable(draft)
    check_version(draft, version)
    draft.title = _check_title(draft.district, title, draft)
    _check_years(start_year, end_year)
    draft.start_year, draft.end_year, draft.visibility = start_year, end_year, visibility
    db.session.flush()
    return draft


def delete_draft(draft: PlanDraft) -> None:
    _editable(draft)
    db.session.delete(draft)
    db.session.flush()


def drafts_of(district: District) -> list[PlanDraft]:
    return list(db.session.scalars(db.select(PlanDraft).where(PlanDraft.district_id == district.id)
                                   .order_by(PlanDraft.start_year.desc(), PlanDraft.id.desc())))


def load_objectives_table(draft: PlanDraft) -> None:
    """Load what the objectives table shows in a few queries, not several per row (a draft has ~100 rows)."""
    db.session.execute(db.select(PlanDraft).where(PlanDraft.id == draft.id).options(
        selectinload(PlanDraft.chapters).joinedload(DraftChapter.updated_by),
        selectinload(PlanDraft.axes).selectinload(DraftAxis.objectives).options(
            selectinload(DraftObjective.statements), selectinload(DraftObjective.partners),
            joinedload(DraftObjective.responsible)))).unique().all()


def may_read(user: User, draft: PlanDraft) -> bool:
    """The planning office always; the district's other people once the office shares the draft with them."""
    if user.has_role(draft.district_id, Role.PLANNING_OFFICE):
        return True
    if draft.visibility == DraftVisibility.OFFICE:
        return False
    return bool(user.roles_in(draft.district_id))


# --- chapters --------------------------------------------------------------------------------------

def save_chapter(chapter: DraftChapter, body: str, version: int, user: User | None, *,
                 title: str | None = None) -> DraftChapter:
    """Save a chapter's text. A save based on an older version is refused and kept as a ChapterConflict
    (EditConflict), one without a version is refused (MissingVersion): code that saves over whatever is
    there (a refill, a restored conflict) passes `chapter.version`."""
    _editable(chapter.draft)
    body = (body or "").replace("\r\n", "\n")
    if version is not None and version != chapter.version and body == chapter.body:
        return chapter      # the same text arrived twice (a retry): nothing to keep
    refuse_stale(chapter, version, {"title": title, "body": body}, by=user, message=chapter_conflict_message())
    if title is not None:
        title = title.strip()
        if not title:
            raise InvalidField("title", _("The title is required."))
        chapter.title = title[:200]
    if body != chapter.body or title is not None:
        chapter.body = body
        chapter.updated_at = utcnow()
        chapter.updated_by = user
    db.session.flush()
    return chapter


def refill_chapter(chapter: DraftChapter, user: User | None) -> DraftChapter:
    """Write a chapter again from the current data (the office confirmed losing its edits)."""
    key = ChapterKey(chapter.key)
    return save_chapter(chapter, gather.chapter_body(key, chapter.draft.previous_plan), chapter.version, user)


# --- axes ------------------------------------------------------------------------------------------

def _axis_name(draft: PlanDraft, axis: DraftAxis | None, name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidField("name", _("The name is required."))
    if any(other is not axis and other.name.lower() == name.lower() for other in draft.axes):
        raise InvalidField("name", _("The draft already has an axis with this name."))
    return name


def add_axis(draft: PlanDraft, *, name: str, description: str | None = None,
             is_governance: bool = False) -> DraftAxis:
    _editable(draft)
    axis = DraftAxis(name=_axis_name(draft, None, name), description=_text(description),
                     is_governance=is_governance, position=len(draft.axes) + 1)
    draft.axes.append(axis)
    renumber(draft.axes)
    db.session.flush()
    return axis


def update_axis(axis: DraftAxis, *, version, name: str, description: str | None,
                is_governance: bool) -> DraftAxis:
    _editable(axis.draft)
    check_version(axis, version)
    axis.name = _axis_name(axis.draft, axis, name)
    axis.description, axis.is_governance = _text(description), is_governance
    db.session.flush()
    return axis


def delete_axis(axis: DraftAxis) -> None:
    _editable(axis.draft)
    delete_from(axis.draft.axes, axis)


def move_axis(axis: DraftAxis, direction: str) -> None:
    _editable(axis.draft)
    move(axis.draft.axes, axis, direction)


# --- objectives --------------------------------------------------------------------------------------

@dataclass
class ObjectiveData:
    """One row of the regional table, as the form gives it."""
    title: str
    intervention_type: str | None = None
    resources: str | None = None
    tools: str | None = None
    outcome_indicators: str | None = None
    target_range: str | None = None
    timing: str | None = None
    responsible: Organization | None = None
    partners: list[Organization] = field(default_factory=list)
    referents: list[User] = field(default_factory=list)
    budget_amount: Decimal | None = None
    funding_source: FundingSource | None = None
    programme: FundingProgramme | None = None


def _apply(objective: DraftObjective, district_id: int, data: ObjectiveData) -> None:
    title = (data.title or "").strip()
    if not title:
        raise InvalidField("title", _("The objective is required."))
    if len(title) > OBJECTIVE_MAX_LENGTH:
        raise InvalidField("title", _("Write the objective in at most %(num)d characters.",
                                      num=OBJECTIVE_MAX_LENGTH))
    orgs = [o for o in [data.responsible, *data.partners] if o is not None]
    if any(o.district_id != district_id for o in orgs):
        raise InvalidField("partners", _("Only organizations of this district can be involved."))
    if data.responsible is not None and data.responsible in data.partners:
        raise InvalidField("partners", _("%(name)s is already the responsible body.",
                                         name=data.responsible.name))
    if data.budget_amount is not None and data.budget_amount > 0 and data.funding_source is None:
        raise InvalidField("funding_source", _("Choose where the money comes from."))
    objective.title = title
    for name in ("intervention_type", "resources", "tools", "outcome_indicators", "target_range", "timing"):
        value = _text(getattr(data, name))
        if name in ("intervention_type", "target_range", "timing") and value and len(value) > 300:
            raise InvalidField(name, _("Use at most %(num)d characters.", num=300))
        setattr(objective, name, value)
    objective.responsible = data.responsible
    objective.partners = sorted(set(data.partners), key=lambda o: o.name.lower())
    objective.referents = sorted(set(data.referents), key=lambda u: u.name.lower())
    if data.programme is not None and data.programme.district_id != district_id:
        raise InvalidField("programme", _("Only programmes of this district can be chosen."))
    objective.budget_amount = data.budget_amount
    objective.funding_source = data.funding_source if data.budget_amount else None
    objective.programme = data.programme if data.budget_amount else None


def create_objective(axis: DraftAxis, data: ObjectiveData, *,
                     statements: list[Statement] = ()) -> DraftObjective:
    _editable(axis.draft)
    objective = DraftObjective(position=len(axis.objectives) + 1, title="")
    _apply(objective, axis.draft.district_id, data)
    axis.objectives.append(objective)
    renumber(axis.objectives)
    for statement in statements:
        link_statement(objective, statement)
    db.session.flush()
    return objective


def update_objective(objective: DraftObjective, data: ObjectiveData, *, version,
                     axis: DraftAxis | None = None) -> DraftObjective:
    """Save the whole row; `axis` (of the same draft) moves it there, at the end."""
    _editable(objective.axis.draft)
    check_version(objective, version)
    _apply(objective, objective.axis.draft.district_id, data)
    if axis is not None and axis is not objective.axis:
        if axis.draft_id != objective.axis.draft_id:
            raise InvalidField("axis", _("An objective can only move to another axis of the same draft."))
        # Both collections are loaded before the move, so no autoflush deletes the objective as an orphan.
        old, siblings = objective.axis, list(axis.objectives)
        old.objectives.remove(objective)
        axis.objectives.append(objective)
        renumber(old.objectives)
        renumber([*siblings, objective])
    db.session.flush()
    return objective


def delete_objective(objective: DraftObjective) -> None:
    _editable(objective.axis.draft)
    delete_from(objective.axis.objectives, objective)


def move_objective(objective: DraftObjective, direction: str) -> None:
    _editable(objective.axis.draft)
    move(objective.axis.objectives, objective, direction)


# --- evidence links ----------------------------------------------------------------------------------

def _same_district(objective: DraftObjective, district_id: int | None) -> None:
    if district_id != objective.audit_district_id:
        raise DomainError(_("Only evidence of this district can be linked."))


# The evidence an objective is traced to, by kind: the model and the objective's collection of it.
EVIDENCE = {"statement": (Statement, "statements"), "keyword_group": (KeywordGroup, "keyword_groups"),
            "card": (EvaluationCard, "cards")}


def link(objective: DraftObjective, kind: str, item) -> None:
    """Trace the objective to a statement, keyword group or card of the same district (once)."""
    _editable(objective.axis.draft)
    _same_district(objective, item.audit_district_id)
    collection = getattr(objective, EVIDENCE[kind][1])
    if item not in collection:
        collection.append(item)
    db.session.flush()


def link_statement(objective: DraftObjective, statement: Statement) -> None:
    link(objective, "statement", statement)


def unlink(objective: DraftObjective, kind: str, item) -> None:
    _editable(objective.axis.draft)
    collection = getattr(objective, EVIDENCE[kind][1])
    if item in collection:
        collection.remove(item)
    db.session.flush()


def objective_from_statement(axis: DraftAxis, statement: Statement) -> DraftObjective:
    """A new objective that takes up a development line (or any statement): its text is the line's."""
    return create_objective(axis, ObjectiveData(title=statement.text), statements=[statement])


def is_development_line(statement: Statement) -> bool:
    return statement.column == BoardColumn.DEVELOPMENT_LINES
