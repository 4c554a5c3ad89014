"""What the synthesis generator needs, read from the database: an area's actions with their cards (only
sent or approved ones speak), a focus group's keywords grouped as the facilitator merged them, its
statements, and the next public meetings."""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import get_locale
from werkzeug.routing import BuildError

from app.extensions import db
from app.models import PlanningArea, Plan, utcnow
from evaluations.models import CardState, EvaluationCampaign
from focus_groups import board_services
from focus_groups.briefing import area_briefing
from focus_groups.models import FocusGroup
from meetings.models import Meeting

from .synthesis_facts import ActionFacts, Involved, KeywordGroupFacts, MeetingFacts, SynthesisInput

SENT = (CardState.SUBMITTED, CardState.APPROVED)
NEXT_MEETINGS = 3


def _locale() -> str:
    locale = get_locale()
    return str(locale.language) if locale else "it"


def _action_facts(action, card, theses: dict[int, int]) -> ActionFacts:
    base = dict(code=action.code, title=action.title, planned_start=action.planned_start,
                planned_end=action.planned_end, plan_budget=action.budget_total, action_id=action.id,
                card_id=card.id if card is not None else None)
    if card is None:
        return ActionFacts(**base)
    if card.state not in SENT:
        return ActionFacts(**base, card_status=card.state.value)
    totals = card.totals()
    return ActionFacts(
        **base, card_status=card.state.value,
        state=card.implementation_state.value if card.implementation_state else None,
        state_label=str(card.implementation_state.label) if card.implementation_state else None,
        progress=card.progress_percent, actual_start=card.actual_start, actual_end=card.actual_end,
        nobody_can_report=card.nobody_can_report, nobody_reason=card.nobody_reason,
        thesis_ratings={theses[r.thesis_id]: r.rating for r in card.thesis_ratings
                        if r.rating is not None and r.thesis_id in theses},
        involved=tuple(Involved(o.name, str(o.kind.label)) for o in card.organizations),
        people_min=card.people_min, people_max=card.people_max,
        planned=totals["planned"], spent=totals["spent"], attracted=totals["attracted"],
        resources_notes=card.resources_notes, activities=card.activities)


def _actions(area: PlanningArea | None) -> tuple[list[ActionFacts], EvaluationCampaign | None]:
    if area is None:
        return [], None
    brief = area_briefing(area)
    theses = {t.id: n for n, t in enumerate(area.plan.theses, start=1)}
    by_code = {a.code: a for a in area.actions}
    facts = [_action_facts(by_code[b.code], b.card, theses) for b in brief.actions]
    return facts, brief.campaign


def _keywords(focus: FocusGroup) -> list[KeywordGroupFacts]:
    result = []
    for group in board_services.board_view(focus):
        variants = Counter(" ".join(k.text.split()) for k in group.keywords)
        if variants:
            result.append(KeywordGroupFacts(group.label, tuple(variants.most_common()),
                                            group.column.value if group.column else None))
    return result


def _statements(focus: FocusGroup) -> dict[str, list[str]]:
    statements: dict[str, list[str]] = {}
    for s in sorted(focus.statements, key=lambda s: (s.position, s.id)):
        statements.setdefault(s.column.value, []).append(s.text)
    return statements


def _meeting_url(meeting) -> str | None:
    """The meeting's public page as a path (built without a request, so the demo's CLI gets it too)."""
    try:
        return current_app.url_map.bind("").build("meetings_public.meeting", {"meeting_id": meeting.id})
    except BuildError:
        return None


def next_meetings(plan: Plan, after: date | None = None) -> list[MeetingFacts]:
    """The plan's next public meetings: after the day the group met (how the syntheses of a past cycle say how it
    went on), or from now."""
    start = datetime.combine(after + timedelta(days=1), time.min) if after else utcnow()
    meetings = db.session.scalars(
        db.select(Meeting).where(Meeting.district_id == plan.district_id, Meeting.is_public.is_(True),
                                 Meeting.starts_at >= start, Meeting.plan_id == plan.id)
        .order_by(Meeting.starts_at).limit(NEXT_MEETINGS)).all()
    return [MeetingFacts(m.title, m.starts_at, m.place, _meeting_url(m), m.time_known, m.id) for m in meetings]


def _base(plan: Plan, area: PlanningArea | None, day: date | None = None) -> dict:
    actions, campaign = _actions(area)
    return dict(plan_title=plan.title, area_name=area.name if area else None,
                area_text=area.description if area else None, theses=[t.text for t in plan.theses],
                actions=actions, campaign_title=campaign.title if campaign else None,
                next_meetings=next_meetings(plan, day), locale=_locale(), plan_id=plan.id,
                campaign_id=campaign.id if campaign else None)


def for_focus_group(focus: FocusGroup) -> SynthesisInput:
    return SynthesisInput(**_base(focus.plan, focus.area, focus.date), focus_title=focus.title, focus_date=focus.date,
                          focus_id=focus.id,
                          stimulus_questions=list(focus.stimulus_questions or []), keywords=_keywords(focus),
                          statements=_statements(focus),
                          extra_lists=[(c.name, c.items) for c in focus.extra_columns if c.items])


def for_area(area: PlanningArea) -> SynthesisInput:
    """An area nobody held a focus group on yet: what its cards say."""
    return SynthesisInput(**_base(area.plan, area))
