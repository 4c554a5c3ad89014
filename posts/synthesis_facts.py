"""What a synthesis post is written from: the facts of an area's actions, its focus group's keywords and
statements, and the next meetings, gathered by posts/synthesis_data.py. Pure dataclasses, no Flask."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

ZERO = Decimal(0)
REPORTED = ("submitted", "approved")       # cards the synthesis draws on
COLUMNS = ("strengths", "critical_points", "interpretive_hypotheses", "development_lines")


@dataclass(frozen=True)
class Involved:
    name: str
    kind: str                   # label of the kind (public body, third sector, ...)


@dataclass(frozen=True)
class Record:
    """A record a sentence was written from, for the office's view: what it is (plan, campaign, card, action,
    focus, meeting), its id, and how the office knows it."""
    kind: str
    id: int
    label: str


@dataclass(frozen=True)
class ActionFacts:
    """A system action of the area and, when its referent reported, what the card says."""
    code: str
    title: str
    action_id: int | None = None
    card_id: int | None = None
    card_status: str | None = None          # workflow value of its card; None: no card
    state: str | None = None                # implementation state value (not_started ... not_carried_out)
    state_label: str | None = None
    progress: int | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    nobody_can_report: bool = False
    nobody_reason: str | None = None
    thesis_ratings: dict[int, int] = field(default_factory=dict)     # thesis number -> 0..3
    involved: tuple[Involved, ...] = ()
    people_min: int | None = None
    people_max: int | None = None
    planned: Decimal = ZERO
    spent: Decimal = ZERO
    attracted: Decimal = ZERO
    plan_budget: Decimal = ZERO             # the budget the plan gave the action
    resources_notes: str | None = None      # what the card says of its resources in words
    activities: str | None = None           # what the card says was done

    @property
    def reported(self) -> bool:
        return self.card_status in REPORTED and not self.nobody_can_report


@dataclass(frozen=True)
class KeywordGroupFacts:
    label: str
    variants: tuple[tuple[str, int], ...]   # text as typed -> how many wrote it
    column: str | None = None               # one of COLUMNS, or None when not classified

    @property
    def count(self) -> int:
        return sum(n for _text, n in self.variants)


@dataclass(frozen=True)
class MeetingFacts:
    title: str
    starts_at: datetime
    place: str | None = None
    url: str | None = None
    time_known: bool = True
    id: int | None = None


@dataclass
class SynthesisInput:
    plan_title: str
    area_name: str | None = None
    area_text: str | None = None
    focus_title: str | None = None
    focus_date: date | None = None
    stimulus_questions: list[str] = field(default_factory=list)
    theses: list[str] = field(default_factory=list)                  # in the plan's order: number = index + 1
    actions: list[ActionFacts] = field(default_factory=list)
    keywords: list[KeywordGroupFacts] = field(default_factory=list)
    statements: dict[str, list[str]] = field(default_factory=dict)   # column -> statements in order
    next_meetings: list[MeetingFacts] = field(default_factory=list)
    extra_lists: list[tuple[str, list[str]]] = field(default_factory=list)   # lists the room added: name, items
    campaign_title: str | None = None
    locale: str = "it"
    plan_id: int | None = None
    campaign_id: int | None = None
    focus_id: int | None = None

    @property
    def group_name(self) -> str:
        return self.focus_title or self.area_name or self.plan_title
