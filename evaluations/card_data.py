"""Cards as plain data for the pure modules: dictionaries for exports and the offline workbook, facts for
the charts, and the translated vocabularies they need. Loads a campaign's cards in a few queries."""
from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from app.account_models import User
from app.clock import local_today, to_local
from app.extensions import db
from app.funding_models import FundingProgramme
from app.models import FundingSource, Plan, PlanningArea, SystemAction, action_referents
from exports.cards import ValueLabels

from .card_layout import Vocabulary
from .charts import BudgetFact, CardFacts, Labels
from .models import (CardIndicator, CardOrganization, CardResource, CardState, CardThesisRating,
                     EvaluationCampaign, EvaluationCard, ImplementationState, InvolvedKind, ObjectiveReached)


def _labels(enum_cls) -> dict:
    return {member.value: str(member.label) for member in enum_cls}


def _choices(programmes=()) -> dict:
    return {"implementation_state": _labels(ImplementationState), "objective": _labels(ObjectiveReached),
            "organization.kind": _labels(InvolvedKind), "resource.source": _labels(FundingSource),
            "resource.programme": {name: name for name in programmes},
            "nobody_can_report": {"yes": _("yes"), "no": _("no")}}


def vocabulary(programmes: list[str] = ()) -> Vocabulary:
    """Labels in the user's language; a file filled in with another language's labels is understood too.
    `programmes`: the names of the district's funding programmes, a resource's choices."""
    vocab = Vocabulary(choices=_choices(programmes))
    for language in current_app.config.get("LANGUAGES", {}):
        with force_locale(language):
            for key, options in _choices().items():
                for code, label in options.items():
                    vocab.aliases.setdefault(key, {})[label.casefold()] = code
    return vocab


def value_labels() -> ValueLabels:
    return ValueLabels(states=_labels(CardState), implementation_states=_labels(ImplementationState),
                       objectives=_labels(ObjectiveReached), kinds=_labels(InvolvedKind),
                       sources=_labels(FundingSource), moment=to_local)


def chart_labels(plan: Plan) -> Labels:
    return Labels(states=_labels(ImplementationState), statuses=_labels(CardState), sources=_labels(FundingSource),
                  theses={n: t.text for n, t in enumerate(plan.theses, start=1)})


def campaigns_of(plan: Plan) -> list[EvaluationCampaign]:
    return db.session.scalars(db.select(EvaluationCampaign).filter_by(plan_id=plan.id)
                              .order_by(EvaluationCampaign.opened_at.desc(), EvaluationCampaign.id.desc())).all()


def _value(v):
    return v.value if isinstance(v, enum.Enum) else v


def card_dicts(campaign: EvaluationCampaign, *, area_id: int | None = None,
               card_ids: list[int] | None = None) -> list[dict]:
    """The campaign's cards as dictionaries, in plan order. Plain column queries (one per child table)
    rather than ORM objects: a 300-card dashboard or export spends its time on the cards, not on loading."""
    card = EvaluationCard.__table__
    query = (db.select(card, SystemAction.code, SystemAction.title, SystemAction.planned_start,
                       SystemAction.planned_end, PlanningArea.name.label("area_name"))
             .join(SystemAction, card.c.action_id == SystemAction.id)
             .join(PlanningArea, SystemAction.area_id == PlanningArea.id)
             .where(card.c.campaign_id == campaign.id)
             .order_by(PlanningArea.position, SystemAction.position, SystemAction.id))
    if area_id is not None:
        query = query.where(SystemAction.area_id == area_id)
    if card_ids is not None:
        query = query.where(card.c.id.in_(card_ids))
    rows = db.session.execute(query).mappings().all()
    if not rows:
        return []
    ids = db.select(card.c.id).where(card.c.campaign_id == campaign.id)
    if card_ids is not None:
        ids = ids.where(card.c.id.in_(card_ids))

    def children(model, *columns):
        grouped: dict[int, list[dict]] = {}
        names = [column.key for column in columns]
        order = [model.card_id] + ([model.position] if hasattr(model, "position") else [model.id])
        for card_id, *values in db.session.execute(db.select(model.card_id, *columns)
                                                   .where(model.card_id.in_(ids)).order_by(*order)):
            grouped.setdefault(card_id, []).append(dict(zip(names, map(_value, values))))
        return grouped

    resources = children(CardResource, CardResource.source, CardResource.programme_id, CardResource.description,
                         CardResource.planned, CardResource.committed, CardResource.spent, CardResource.attracted)
    names = dict(db.session.execute(db.select(FundingProgramme.id, FundingProgramme.name)
                                    .filter_by(district_id=campaign.district_id)).all())
    for line in (line for lines in resources.values() for line in lines):
        line["programme"] = names.get(line.pop("programme_id"))
    organizations = children(CardOrganization, CardOrganization.name, CardOrganization.kind)
    indicators = children(CardIndicator, CardIndicator.name, CardIndicator.unit, CardIndicator.baseline,
                          CardIndicator.target, CardIndicator.reached)
    ratings = {(r.card_id, r.thesis_id): r for r in db.session.execute(
        db.select(CardThesisRating.card_id, CardThesisRating.thesis_id, CardThesisRating.rating,
                  CardThesisRating.comment).where(CardThesisRating.card_id.in_(ids)))}
    referents: dict[int, list[str]] = {}
    for action_id, name in db.session.execute(
            db.select(action_referents.c.action_id, User.name).join(User, User.id == action_referents.c.user_id)
            .where(action_referents.c.action_id.in_({r["action_id"] for r in rows})).order_by(User.name)):
        referents.setdefault(action_id, []).append(name)
    theses = thesis_numbers(campaign.plan)
    late = campaign.deadline < local_today()
    result = []
    for r in rows:
        state = _value(r["state"])
        result.append({
            "id": r["id"], "version": r["version"], "state": state, "campaign": campaign.title,
            "area": r["area_name"], "action_code": r["code"], "action_title": r["title"],
            "referents": referents.get(r["action_id"], []),
            "planned_start": r["planned_start"], "planned_end": r["planned_end"],
            "implementation_state": _value(r["implementation_state"]), "progress_percent": r["progress_percent"],
            "actual_start": r["actual_start"], "actual_end": r["actual_end"],
            "activities": r["activities"], "deviations": r["deviations"],
            "organizations": organizations.get(r["id"], []),
            "people_min": r["people_min"], "people_max": r["people_max"], "beneficiaries": r["beneficiaries"],
            "people_notes": r["people_notes"],
            "resources": resources.get(r["id"], []),
            "staff_hours": r["staff_hours"], "resources_notes": r["resources_notes"],
            "theses": [{"number": number, "text": text,
                        "rating": getattr(ratings.get((r["id"], tid)), "rating", None),
                        "comment": getattr(ratings.get((r["id"], tid)), "comment", None)}
                       for tid, (number, text) in theses.items()],
            "objective": _value(r["objective"]), "strengths": r["strengths"], "problems": r["problems"],
            "carry_forward": r["carry_forward"], "indicators": indicators.get(r["id"], []),
            "nobody_can_report": bool(r["nobody_can_report"]), "nobody_reason": r["nobody_reason"],
            "submitted_at": r["submitted_at"], "updated_at": r["updated_at"],
            "late": late and state in (CardState.DRAFT.value, CardState.RETURNED.value),
        })
    return result


def thesis_numbers(plan: Plan) -> dict[int, tuple[int, str]]:
    """thesis id -> (1-based number, text)."""
    return {t.id: (n, t.text) for n, t in enumerate(plan.theses, start=1)}


def card_facts(card: dict) -> CardFacts:
    """What the charts need of one card dictionary."""
    zero = lambda v: v or 0  # noqa: E731
    return CardFacts(
        action_code=card["action_code"], action_title=card["action_title"], area=card["area"],
        status=card["state"], state=card["implementation_state"], progress=card["progress_percent"],
        referents=tuple(card["referents"]), organizations=tuple(o["name"] for o in card["organizations"]),
        budget=tuple(BudgetFact(r["source"], zero(r["planned"]), zero(r["committed"]), zero(r["spent"]),
                                zero(r["attracted"])) for r in card["resources"]),
        people_min=card["people_min"], people_max=card["people_max"], beneficiaries=card["beneficiaries"],
        thesis_scores={t["number"]: t["rating"] for t in card["theses"] if t["rating"] is not None},
        not_reportable=card["nobody_can_report"], late=card["late"])


def export_rows(plan: Plan, campaign: EvaluationCampaign | None = None) -> tuple[EvaluationCampaign | None, list]:
    """The card dictionaries of `campaign` (default: the plan's latest), one per action."""
    campaign = campaign or next(iter(campaigns_of(plan)), None)
    if campaign is None:
        return None, []
    return campaign, card_dicts(campaign)


def no_campaign_message() -> str:
    return _("This plan has no evaluation campaign yet.")


def _jsonable(value):
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
