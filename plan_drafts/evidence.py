"""Traceability both ways: what an objective rests on, which objectives took a statement up, and which
development lines no objective has taken up yet."""
from __future__ import annotations

from dataclasses import dataclass, field

from app.extensions import db
from app.models import PlanningArea
from evaluations.models import EvaluationCard
from focus_groups.models import BoardColumn, FocusGroup, KeywordGroup, Statement

from . import gather
from .models import DraftAxis, DraftObjective, PlanDraft, objective_statements


def keyword_count(group: KeywordGroup) -> int:
    """How many times the group's keywords were written (hidden or refused ones do not count)."""
    return sum(1 for keyword in group.keywords if keyword.visible)


@dataclass
class Evidence:
    statements: list[Statement] = field(default_factory=list)
    keyword_groups: list[tuple[KeywordGroup, int]] = field(default_factory=list)   # (group, times written)
    linked_cards: list[EvaluationCard] = field(default_factory=list)
    area_cards: list[EvaluationCard] = field(default_factory=list)    # the cards of the lines' areas
    areas: list[PlanningArea] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.statements or self.keyword_groups or self.linked_cards or self.area_cards)


def objective_evidence(objective: DraftObjective) -> Evidence:
    """The lines the objective took up, the keywords behind them, and the evaluation cards of their areas."""
    evidence = Evidence(statements=list(objective.statements), linked_cards=list(objective.cards))
    groups = list(dict.fromkeys([*(g for s in objective.statements for g in s.keyword_groups),
                                 *objective.keyword_groups]))
    evidence.keyword_groups = sorted(((g, keyword_count(g)) for g in groups), key=lambda pair: -pair[1])
    areas = [s.focus_group.area for s in objective.statements if s.focus_group.area is not None]
    evidence.areas = list(dict.fromkeys(areas))
    for area in evidence.areas:
        campaign = gather.latest_campaign(area.plan)
        if campaign is None:
            continue
        action_ids = {a.id for a in area.actions}
        evidence.area_cards += [c for c in campaign.cards if c.action_id in action_ids
                                and c not in evidence.linked_cards]
    return evidence


def objectives_of(statement: Statement) -> list[DraftObjective]:
    """The objectives, in every draft, that took this statement up."""
    return list(db.session.scalars(
        db.select(DraftObjective).join(objective_statements)
        .where(objective_statements.c.statement_id == statement.id).order_by(DraftObjective.id)))


def source_focus_groups(draft: PlanDraft) -> list[FocusGroup]:
    """The focus groups whose lines the draft should answer: those on the previous plan (or, without one,
    every focus group of the district)."""
    query = db.select(FocusGroup).where(FocusGroup.district_id == draft.district_id)
    if draft.previous_plan_id is not None:
        query = query.where(FocusGroup.plan_id == draft.previous_plan_id)
    return list(db.session.scalars(query.order_by(FocusGroup.date, FocusGroup.id)))


@dataclass
class LineCoverage:
    statement: Statement
    objectives: list[DraftObjective]     # of this draft


@dataclass
class FocusCoverage:
    focus_group: FocusGroup
    lines: list[LineCoverage]

    @property
    def uncovered(self) -> list[LineCoverage]:
        return [line for line in self.lines if not line.objectives]

    @property
    def covered(self) -> list[LineCoverage]:
        return [line for line in self.lines if line.objectives]


def coverage(draft: PlanDraft) -> list[FocusCoverage]:
    """Every development line of the source focus groups, with the objectives of this draft that took it
    up."""
    groups = source_focus_groups(draft)
    links = db.session.execute(
        db.select(objective_statements.c.statement_id, DraftObjective).join(
            DraftObjective, DraftObjective.id == objective_statements.c.objective_id)
        .join(DraftAxis).where(DraftAxis.draft_id == draft.id)).all()
    by_statement: dict[int, list[DraftObjective]] = {}
    for statement_id, objective in links:
        by_statement.setdefault(statement_id, []).append(objective)
    result = []
    for focus in groups:
        lines = [LineCoverage(s, by_statement.get(s.id, [])) for s in focus.statements
                 if s.column == BoardColumn.DEVELOPMENT_LINES]
        if lines:
            result.append(FocusCoverage(focus, lines))
    return result


def uncovered_count(draft: PlanDraft) -> int:
    return sum(len(fc.uncovered) for fc in coverage(draft))
