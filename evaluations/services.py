"""What the evaluation feature does: open a campaign, save a card (optimistic locking, conflicts kept), check
what is missing, move a card through the workflow, and who may read or write it. Only flush(); callers commit.
"""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.account_models import User
from app.errors import DomainError
from app.extensions import db
from app.funding_models import FundingProgramme
from app.models import AuditLog, Organization, Plan, PlanningArea, PlanStatus, Role, SystemAction, utcnow
from app.versioned import refuse_stale
from app.text import contains_text

from .carry_over import carried_indicators
from .targets import with_targets
from .models import (CampaignStatus, CardIndicator, CardOrganization, CardResource, CardState,
                     CardThesisRating, EvaluationCampaign, EvaluationCard, ImplementationState)

OPEN_STATES = (CardState.DRAFT, CardState.RETURNED)


class SubmitBlocked(DomainError):
    def __init__(self, missing: list[str]):
        super().__init__(_("The card cannot be sent yet: %(count)d items are missing.", count=len(missing)))
        self.missing = missing


# ---- permissions ------------------------------------------------------------------------------------------

def is_office(user: User, district_id: int) -> bool:
    return user.has_role(district_id, Role.PLANNING_OFFICE)


def may_read(user: User, card: EvaluationCard) -> bool:
    """The district's planning office sees every card; a referent only the cards of actions they refer."""
    return is_office(user, card.campaign.district_id) or user in card.action.referents


def may_edit(user: User, card: EvaluationCard) -> bool:
    return card.is_editable and may_read(user, card)


# ---- campaigns -----------------------------------------------------------------------------------------------

def open_campaign(plan: Plan, *, title: str, deadline: date, intro: str | None = None,
                  opened_by: User | None = None) -> EvaluationCampaign:
    """Open a campaign on `plan` with one draft card per system action."""
    if not (title or "").strip():
        raise DomainError(_("The title is required."))
    if deadline is None:
        raise DomainError(_("The deadline is required."))
    if open_campaign_of(plan) is not None:
        raise DomainError(_("An evaluation campaign is already open on this plan: close it first."))
    if not plan.actions:
        raise DomainError(_("The plan has no system actions to evaluate."))
    campaign = EvaluationCampaign(district_id=plan.district_id, plan=plan, title=title.strip(),
                                  deadline=deadline, intro=(intro or "").strip() or None, opened_by=opened_by)
    carried = with_targets(plan.actions, carried_indicators(plan.actions))   # and the targets agreed for them
    db.session.add(campaign)
    for action in plan.actions:
        # The card starts with the money the plan planned for the action, by source: the referent adds
        # what was committed and spent; an action carried over from the previous plan starts its first card
        # with last cycle's indicators.
        campaign.cards.append(EvaluationCard(action=action, resources=[
            CardResource(position=n, source=line.source, description=line.description, planned=line.planned_amount,
                         programme_id=line.programme_id)
            for n, line in enumerate(action.budget_lines)], indicators=carried.get(action.id, [])))
    if plan.status == PlanStatus.ACTIVE:
        plan.status = PlanStatus.UNDER_EVALUATION
    db.session.flush()
    return campaign


def open_campaign_of(plan: Plan) -> EvaluationCampaign | None:
    return db.session.scalar(db.select(EvaluationCampaign).where(
        EvaluationCampaign.plan_id == plan.id, EvaluationCampaign.status == CampaignStatus.OPEN).limit(1))


def close_campaign(campaign: EvaluationCampaign) -> None:
    if not campaign.is_open:
        raise DomainError(_("The campaign is already closed."))
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_at = utcnow()
    db.session.flush()


def late_cards(campaign: EvaluationCampaign) -> list[EvaluationCard]:
    """Cards still to be sent (draft or returned) in an open campaign."""
    if not campaign.is_open:
        return []
    return [card for card in campaign.cards if card.state in OPEN_STATES]


def state_counts(campaign: EvaluationCampaign) -> dict[CardState, int]:
    rows = db.session.execute(db.select(EvaluationCard.state, db.func.count()).where(
        EvaluationCard.campaign_id == campaign.id).group_by(EvaluationCard.state)).all()
    counts = {state: 0 for state in CardState}
    counts.update({state: n for state, n in rows})
    return counts


def card_query(campaign: EvaluationCampaign, *, state: str | None = None, area_id: int | None = None,
               referent_id: int | None = None, late: bool = False, nobody: bool = False, search: str | None = None):
    """A select of the campaign's cards for the office's review list, in the plan's order."""
    query = (db.select(EvaluationCard).join(SystemAction, EvaluationCard.action_id == SystemAction.id)
             .join(PlanningArea, SystemAction.area_id == PlanningArea.id)
             .where(EvaluationCard.campaign_id == campaign.id)
             .order_by(PlanningArea.position, SystemAction.position, EvaluationCard.id))
    if state in {s.value for s in CardState}:
        query = query.where(EvaluationCard.state == CardState(state))
    if area_id:
        query = query.where(SystemAction.area_id == area_id)
    if referent_id:
        query = query.where(SystemAction.referents.any(User.id == referent_id))
    if late:
        query = query.where(EvaluationCard.state.in_(OPEN_STATES))
    if nobody:
        query = query.where(EvaluationCard.nobody_can_report.is_(True))
    if search and search.strip():
        query = query.where(contains_text(search, SystemAction.title, SystemAction.code))
    return query


def cards_of(user: User, district_id: int) -> list[EvaluationCard]:
    """The cards a referent reports on in a district, newest campaign first."""
    action_ids = [a.id for a in user.actions]
    if not action_ids:
        return []
    return list(db.session.scalars(
        db.select(EvaluationCard).join(EvaluationCampaign)
        .where(EvaluationCampaign.district_id == district_id, EvaluationCard.action_id.in_(action_ids))
        .order_by(EvaluationCampaign.opened_at.desc(), EvaluationCampaign.id.desc(), EvaluationCard.id)))


# ---- saving a card -------------------------------------------------------------------------------------------

CHILD_KEYS = {
    "organizations": (CardOrganization, ("name", "kind")),
    "resources": (CardResource, ("source", "description", "planned", "committed", "spent", "attracted",
                                  "programme_id")),
    "indicators": (CardIndicator, ("name", "unit", "baseline", "target", "reached")),
}


def save_card(card: EvaluationCard, changes: dict, *, by: User, base_version: int,
              raw: dict | None = None) -> bool:
    """Apply `changes` (column → value; child lists; thesis_ratings) if the card is still at `base_version`.

    Returns whether anything changed. A stale `base_version` raises EditConflict after keeping `raw`
    (what the user sent) in a CardConflict row: the caller must commit, not roll back, to keep it. No version
    is refused (MissingVersion): saving over the card as it is now means passing `card.version`.
    """
    if not may_edit(by, card):
        raise DomainError(_("This card cannot be changed now: it has been sent or the campaign is closed."))
    _check_programmes(card, changes.get("resources") or [])
    refuse_stale(card, base_version, raw or {}, by=by, message=_(
        "Someone else saved this card while you were editing it. Your version has not overwritten theirs: both "
        "are kept. Compare them, then save again to keep yours."))
    changed = False
    with db.session.no_autoflush:   # one UPDATE of the card, so one new version per save
        for key, value in changes.items():
            if key in CHILD_KEYS:
                changed |= _replace_children(card, key, value)
            elif key == "thesis_ratings":
                changed |= _set_ratings(card, value)
            elif getattr(card, key) != value:
                setattr(card, key, value)
                changed = True
        if changed:
            # Touching the row bumps `version` even when only child rows changed.
            card.updated_at = utcnow()
            card.updated_by = by
    db.session.flush()
    return changed


def _replace_children(card, key, rows) -> bool:
    model, columns = CHILD_KEYS[key]
    current = getattr(card, key)
    if [tuple(getattr(c, k) for k in columns) for c in current] == [tuple(r.get(k) for k in columns) for r in rows]:
        return False
    current.clear()
    for position, row in enumerate(rows):
        current.append(model(position=position, **{k: row.get(k) for k in columns}))
    if key == "organizations":
        _link_known_organizations(card)
    return True


def _check_programmes(card, rows) -> None:
    """A card's money can only come from its own district's programmes."""
    chosen = {row["programme_id"] for row in rows if row.get("programme_id") is not None}
    if chosen and len(chosen) != db.session.scalar(
            db.select(db.func.count(FundingProgramme.id))
            .where(FundingProgramme.id.in_(chosen), FundingProgramme.district_id == card.campaign.district_id)):
        raise DomainError(_("Only funding programmes of this district can be chosen."))


def _link_known_organizations(card) -> None:
    names = {o.name.lower(): o for o in db.session.scalars(
        db.select(Organization).where(Organization.district_id == card.campaign.district_id))}
    for row in card.organizations:
        known = names.get(row.name.lower())
        row.organization = known


def _set_ratings(card, ratings: dict[int, tuple]) -> bool:
    valid = {t.id for t in card.campaign.plan.theses}
    existing = {r.thesis_id: r for r in card.thesis_ratings}
    changed = False
    for thesis_id, (rating, comment) in ratings.items():
        if thesis_id not in valid:
            continue
        row = existing.get(thesis_id)
        if row is None:
            if rating is None and not comment:
                continue
            card.thesis_ratings.append(CardThesisRating(thesis_id=thesis_id, rating=rating, comment=comment))
            changed = True
        elif (row.rating, row.comment) != (rating, comment):
            row.rating, row.comment = rating, comment
            changed = True
    return changed


# ---- what is missing, and the workflow -----------------------------------------------------------------

STARTED = (ImplementationState.STARTED, ImplementationState.RUNNING, ImplementationState.CONCLUDED)


def missing_items(card: EvaluationCard) -> list[str]:
    """What must be filled in before the card can be sent, as sentences for the referent."""
    if card.nobody_can_report:
        return [] if (card.nobody_reason or "").strip() else [
            _("Nobody can report: explain why nobody is able to report on this action.")]
    missing = []
    if not (card.activities or "").strip():
        missing.append(_("What was done: describe the activities carried out."))
    if card.implementation_state is None:
        missing.append(_("What was done: choose the state of the action."))
    if card.progress_percent is None:
        missing.append(_("What was done: give the progress in percent."))
    if card.implementation_state in STARTED and card.actual_start is None:
        missing.append(_("What was done: give the actual start date."))
    if card.implementation_state == ImplementationState.CONCLUDED and card.actual_end is None:
        missing.append(_("What was done: give the actual end date."))
    if card.people_min is None:
        missing.append(_("People: give the number of people involved (a number or a range)."))
    rated = {r.thesis_id for r in card.thesis_ratings if r.rating is not None}
    unrated = [t for t in card.campaign.plan.theses if t.id not in rated]
    if unrated:
        missing.append(_("Theses: rate every thesis (%(count)d not rated yet).", count=len(unrated)))
    if card.objective is None:
        missing.append(_("Evaluation: say whether the objective was reached."))
    if not (card.strengths or "").strip():
        missing.append(_("Evaluation: write the strengths."))
    if not (card.problems or "").strip():
        missing.append(_("Evaluation: write the problems."))
    return missing


def submit_card(card: EvaluationCard, *, by: User) -> None:
    if not may_edit(by, card):
        raise DomainError(_("This card cannot be sent now."))
    missing = missing_items(card)
    if missing:
        raise SubmitBlocked(missing)
    card.state = CardState.SUBMITTED
    card.submitted_at = utcnow()
    card.submitted_by = by
    db.session.flush()


def return_card(card: EvaluationCard, *, comment: str | None, by: User) -> None:
    if card.state not in (CardState.SUBMITTED, CardState.APPROVED):
        raise DomainError(_("Only a sent or approved card can be returned."))
    if not (comment or "").strip():
        raise DomainError(_("Write the comments for the referents: they need to know what to change."))
    card.state = CardState.RETURNED
    card.review_comment = comment.strip()
    card.reviewed_at = utcnow()
    card.reviewed_by = by
    db.session.flush()


def approve_card(card: EvaluationCard, *, comment: str | None = None, by: User) -> None:
    if card.state != CardState.SUBMITTED:
        raise DomainError(_("Only a sent card can be approved."))
    card.state = CardState.APPROVED
    card.review_comment = (comment or "").strip() or None
    card.reviewed_at = utcnow()
    card.reviewed_by = by
    db.session.flush()


# ---- history -------------------------------------------------------------------------------------------------

HISTORY_ENTITIES = ("EvaluationCard", "CardResource", "CardThesisRating", "CardIndicator", "CardOrganization",
                    "CardConflict")
SECTION_LABELS = {"EvaluationCard": _l("Card"), "CardResource": _l("Resources"), "CardThesisRating": _l("Theses"),
                  "CardIndicator": _l("Indicators"), "CardOrganization": _l("Organizations"),
                  "CardConflict": _l("Conflict kept")}


def card_history(card: EvaluationCard) -> list[AuditLog]:
    """The audit rows of the card and of its child rows (also deleted ones), newest first."""
    rows = db.session.scalars(
        db.select(AuditLog).where(AuditLog.district_id == card.campaign.district_id,
                                  AuditLog.entity.in_(HISTORY_ENTITIES),
                                  AuditLog.at >= card.created_at - timedelta(seconds=5))
        .order_by(AuditLog.id))
    children: set[tuple[str, int]] = set()
    result = []
    for row in rows:
        if row.entity == "EvaluationCard":
            if row.entity_id == card.id:
                result.append(row)
            continue
        # Child updates carry only the changed columns: recognise them by the ids their creation revealed.
        if card.id in (_card_id(row.before), _card_id(row.after)):
            children.add((row.entity, row.entity_id))
        if (row.entity, row.entity_id) in children:
            result.append(row)
    return result[::-1]


def _card_id(data: dict | None):
    return data.get("card_id") if data else None
