"""Cards as plain data for the pure modules: dictionaries for exports and the offline workbook, facts for
the charts, and the translated vocabularies they need. Loads a campaign's cards in a few queries."""
from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import FundingSource, Plan, PlanningArea, SystemAction
from exports.cards import ValueLabels

from .card_layout import Vocabulary
from .charts import BudgetFact, CardFacts, Labels
from .models import (CardState, EvaluationCampaign, EvaluationCard, ImplementationState, InvolvedKind,
                     ObjectiveReached)


def _labels(enum_cls) -> dict:
    return {member.value: str(member.label) for member in enum_cls}


def _choices() -> dict:
    return {"implementation_state": _labels(ImplementationState), "objective": _labels(ObjectiveReached),
            "organization.kind": _labels(InvolvedKind), "resource.source": _labels(FundingSource),
            "nobody_can_report": {"yes": _("yes"), "no": _("no")}}


def vocabulary() -> Vocabulary:
    """Labels in the user's language; a file filled in with another language's labels is understood too."""
    vocab = Vocabulary(choices=_choices())
    for language in current_app.config.get("LANGUAGES", {}):
        with force_locale(language):
            for key, options in _choices().items():
                for code, label in options.items():
                    vocab.aliases.setdefault(key, {})[label.casefold()] = code
    return vocab


def value_labels() -> ValueLabels:
    return ValueLabels(states=_labels(CardState), implementation_states=_labels(ImplementationState),
                       objectives=_labels(ObjectiveReached), kinds=_labels(InvolvedKind),
                       sources=_labels(FundingSource))


def chart_labels(plan: Plan) -> Labels:
    return Labels(states=_labels(ImplementationState), statuses=_labels(CardState), sources=_labels(FundingSource),
                  theses={n: t.text for n, t in enumerate(plan.theses, start=1)})


def campaigns_of(plan: Plan) -> list[EvaluationCampaign]:
    return db.session.scalars(db.select(EvaluationCampaign).filter_by(plan_id=plan.id)
                              .order_by(EvaluationCampaign.opened_at.desc(), EvaluationCampaign.id.desc())).all()


def load_cards(campaign: EvaluationCampaign, *, area_id: int | None = None,
               card_ids: list[int] | None = None) -> list[EvaluationCard]:
    """The campaign's cards in plan order, with everything the dictionaries need loaded up front."""
    query = (db.select(EvaluationCard).join(EvaluationCard.action).join(SystemAction.area)
             .where(EvaluationCard.campaign_id == campaign.id)
             .options(selectinload(EvaluationCard.action).selectinload(SystemAction.referents),
                      selectinload(EvaluationCard.action).selectinload(SystemAction.area),
                      selectinload(EvaluationCard.resources), selectinload(EvaluationCard.indicators),
                      selectinload(EvaluationCard.organizations), selectinload(EvaluationCard.thesis_ratings))
             .order_by(PlanningArea.position, SystemAction.position, SystemAction.id))
    if area_id is not None:
        query = query.where(SystemAction.area_id == area_id)
    if card_ids is not None:
        query = query.where(EvaluationCard.id.in_(card_ids))
    return db.session.scalars(query).all()


def thesis_numbers(plan: Plan) -> dict[int, tuple[int, str]]:
    """thesis id -> (1-based number, text)."""
    return {t.id: (n, t.text) for n, t in enumerate(plan.theses, start=1)}


def card_to_dict(card: EvaluationCard, theses: dict[int, tuple[int, str]]) -> dict:
    action = card.action
    ratings = {r.thesis_id: r for r in card.thesis_ratings}
    value = lambda e: e.value if e is not None else None  # noqa: E731
    return {
        "id": card.id, "version": card.version, "state": card.state.value, "campaign": card.campaign.title,
        "area": action.area.name, "action_code": action.code, "action_title": action.title,
        "referents": [u.name for u in action.referents],
        "planned_start": action.planned_start, "planned_end": action.planned_end,
        "implementation_state": value(card.implementation_state), "progress_percent": card.progress_percent,
        "actual_start": card.actual_start, "actual_end": card.actual_end,
        "activities": card.activities, "deviations": card.deviations,
        "organizations": [{"name": o.name, "kind": o.kind.value} for o in card.organizations],
        "people_min": card.people_min, "people_max": card.people_max, "beneficiaries": card.beneficiaries,
        "people_notes": card.people_notes,
        "resources": [{"source": r.source.value, "description": r.description, "planned": r.planned,
                       "committed": r.committed, "spent": r.spent, "attracted": r.attracted}
                      for r in card.resources],
        "staff_hours": card.staff_hours, "resources_notes": card.resources_notes,
        "theses": [{"number": number, "text": text, "rating": getattr(ratings.get(tid), "rating", None),
                    "comment": getattr(ratings.get(tid), "comment", None)}
                   for tid, (number, text) in theses.items()],
        "objective": value(card.objective), "strengths": card.strengths, "problems": card.problems,
        "carry_forward": card.carry_forward,
        "indicators": [{"name": i.name, "unit": i.unit, "baseline": i.baseline, "target": i.target,
                        "reached": i.reached} for i in card.indicators],
        "nobody_can_report": card.nobody_can_report, "nobody_reason": card.nobody_reason,
        "submitted_at": card.submitted_at, "updated_at": card.updated_at,
    }


def card_facts(card: EvaluationCard, theses: dict[int, tuple[int, str]]) -> CardFacts:
    action = card.action
    zero = lambda v: v or 0  # noqa: E731
    return CardFacts(
        action_code=action.code, action_title=action.title, area=action.area.name, status=card.state.value,
        state=card.implementation_state.value if card.implementation_state else None,
        progress=card.progress_percent, referents=tuple(u.name for u in action.referents),
        organizations=tuple(o.name for o in card.organizations),
        budget=tuple(BudgetFact(r.source.value, zero(r.planned), zero(r.committed), zero(r.spent),
                                zero(r.attracted)) for r in card.resources),
        people_min=card.people_min, people_max=card.people_max, beneficiaries=card.beneficiaries,
        thesis_scores={theses[r.thesis_id][0]: r.rating for r in card.thesis_ratings if r.thesis_id in theses},
        not_reportable=card.nobody_can_report, late=card.is_late)


def export_rows(plan: Plan, campaign: EvaluationCampaign | None = None) -> tuple[EvaluationCampaign | None, list]:
    """The card dictionaries of `campaign` (default: the plan's latest), one per action."""
    campaign = campaign or next(iter(campaigns_of(plan)), None)
    if campaign is None:
        return None, []
    theses = thesis_numbers(plan)
    return campaign, [card_to_dict(card, theses) for card in load_cards(campaign)]


def no_campaign_message() -> str:
    return _("This plan has no evaluation campaign yet.")


def _jsonable(value):
    from datetime import date, datetime
    from decimal import Decimal
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):     # stored as naive UTC
        return value.replace(microsecond=0).isoformat() + "Z"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def cards_document(plan: Plan, campaign: EvaluationCampaign | None = None) -> dict:
    """The API's answer: the plan, its (latest or given) campaign and every card, amounts as decimal strings."""
    campaign, rows = export_rows(plan, campaign)
    return {
        "plan": {"id": plan.id, "title": plan.title, "district": {"id": plan.district_id, "name": plan.district.name}},
        "campaign": campaign and {"id": campaign.id, "title": campaign.title,
                                  "deadline": campaign.deadline.isoformat(), "status": campaign.status.value},
        "cards": [_jsonable(row) for row in rows],
    }
