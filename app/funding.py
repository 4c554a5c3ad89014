"""What the planning office does with funding (app/funding_models.py): programmes and the budget lines they
pay, bids on calls, resources in kind; and the figures the plan's resources chapter is written from.

Services take plain values, only flush, and raise InvalidField with a message for the form."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _

from .extensions import db
from .funding_models import BidOutcome, FundingBid, FundingProgramme, InKindKind, InKindResource
from .models import BudgetLine, District, FundingSource, Organization, Plan, PlanningArea, SystemAction
from .structure import InvalidField, unique_name
from .versioned import check_version

GRANTED = (BidOutcome.GRANTED, BidOutcome.PARTLY_GRANTED)


# --- programmes ------------------------------------------------------------------------------------------------

def programmes(district_id: int) -> list[FundingProgramme]:
    """The district's funding programmes, the newest year first, then by name."""
    return db.session.scalars(db.select(FundingProgramme).filter_by(district_id=district_id).order_by(
        FundingProgramme.year.desc(), FundingProgramme.name)).all()


def bids(district_id: int) -> list[FundingBid]:
    """The district's bids on calls, the latest decided or sent first."""
    return db.session.scalars(db.select(FundingBid).filter_by(district_id=district_id).order_by(
        db.func.coalesce(FundingBid.decided_on, FundingBid.submitted_on).desc(), FundingBid.title)).all()


def _programme_name(district_id: int, name: str, current: FundingProgramme | None) -> str:
    return unique_name(FundingProgramme, district_id, name, current,
                       lambda name: _("There is already a programme called %(name)s.", name=name))


def _amount(value: Decimal | None, field_name: str) -> Decimal | None:
    if value is not None and value < 0:
        raise InvalidField(field_name, _("The amount cannot be negative."))
    return value


def _pay(programme: FundingProgramme, lines: list[BudgetLine]) -> None:
    """The programme pays exactly these budget lines (each line is paid by one programme at most)."""
    chosen = {line.id for line in lines}
    for line in db.session.scalars(db.select(BudgetLine).filter_by(programme_id=programme.id)):
        if line.id not in chosen:
            line.programme = None
    for line in lines:
        if line.action.audit_district_id != programme.district_id:
            raise InvalidField("lines", _("Only budget lines of this district can be chosen."))
        line.programme = programme


def add_programme(district: District, *, name: str, kind: FundingSource, funder: str | None = None,
                  year: int | None = None, amount: Decimal | None = None, notes: str | None = None,
                  lines: list[BudgetLine] = ()) -> FundingProgramme:
    programme = FundingProgramme(district_id=district.id, name=_programme_name(district.id, name, None), kind=kind,
                                 funder=(funder or "").strip() or None, year=year,
                                 amount=_amount(amount, "amount"), notes=(notes or "").strip() or None)
    db.session.add(programme)
    db.session.flush()
    _pay(programme, list(lines))
    db.session.flush()
    return programme


def update_programme(programme: FundingProgramme, *, version, name: str, kind: FundingSource,
                     funder: str | None = None, year: int | None = None, amount: Decimal | None = None,
                     notes: str | None = None, lines: list[BudgetLine] = ()) -> FundingProgramme:
    check_version(programme, version)
    programme.name = _programme_name(programme.district_id, name, programme)
    programme.kind, programme.year = kind, year
    programme.funder = (funder or "").strip() or None
    programme.amount = _amount(amount, "amount")
    programme.notes = (notes or "").strip() or None
    _pay(programme, list(lines))
    db.session.flush()
    return programme


def delete_programme(programme: FundingProgramme) -> None:
    db.session.delete(programme)
    db.session.flush()


def plan_lines(plan: Plan) -> list[BudgetLine]:
    return list(db.session.scalars(
        db.select(BudgetLine).join(SystemAction).join(PlanningArea).where(PlanningArea.plan_id == plan.id)
        .order_by(PlanningArea.position, SystemAction.position, BudgetLine.id)))


# --- bids ------------------------------------------------------------------------------------------------------

def _bid_values(district_id: int, values: dict) -> dict:
    title, call = (values.get("title") or "").strip(), (values.get("call") or "").strip()
    if not title:
        raise InvalidField("title", _("Name the project the bid is for."))
    if not call:
        raise InvalidField("call", _("Name the call: who funds it and which bando."))
    outcome = values["outcome"]
    requested = _amount(values.get("amount_requested"), "amount_requested")
    granted = _amount(values.get("amount_granted"), "amount_granted")
    if granted and outcome not in GRANTED:
        raise InvalidField("amount_granted", _("An amount is granted only when the outcome says so."))
    submitted, decided = values.get("submitted_on"), values.get("decided_on")
    if submitted and decided and decided < submitted:
        raise InvalidField("decided_on", _("The decision cannot come before the submission."))
    for key in ("lead", "action", "programme"):
        record = values.get(key)
        if record is not None and record.audit_district_id != district_id:
            raise InvalidField(key, _("Only records of this district can be chosen."))
    if any(p.district_id != district_id for p in values.get("partners") or []):
        raise InvalidField("partners", _("Only organizations of this district can be chosen."))
    return {"title": title[:300], "call": call[:300], "outcome": outcome, "amount_requested": requested,
            "amount_granted": granted, "submitted_on": submitted, "decided_on": decided,
            "lead": values.get("lead"), "action": values.get("action"), "programme": values.get("programme"),
            "partners": list(values.get("partners") or []), "notes": (values.get("notes") or "").strip() or None}


def add_bid(district: District, **values) -> FundingBid:
    bid = FundingBid(district_id=district.id, **_bid_values(district.id, values))
    db.session.add(bid)
    db.session.flush()
    return bid


def update_bid(bid: FundingBid, *, version, **values) -> FundingBid:
    check_version(bid, version)
    for key, value in _bid_values(bid.district_id, values).items():
        setattr(bid, key, value)
    db.session.flush()
    return bid


def delete_bid(bid: FundingBid) -> None:
    db.session.delete(bid)
    db.session.flush()


# --- in kind ---------------------------------------------------------------------------------------------------

def add_in_kind(action: SystemAction, *, kind: InKindKind, hours: Decimal, hourly_rate: Decimal, rate_basis: str,
                organization: Organization | None = None, description: str | None = None) -> InKindResource:
    if hours is None or hours <= 0:
        raise InvalidField("hours", _("Enter the hours given, more than zero."))
    if hourly_rate is None or hourly_rate < 0:
        raise InvalidField("hourly_rate", _("Enter the hourly rate in euro."))
    if not (rate_basis or "").strip():
        raise InvalidField("rate_basis", _("Say where the hourly rate comes from (a contract, a regional table)."))
    if organization is not None and organization.district_id != action.audit_district_id:
        raise InvalidField("organization_id", _("Only organizations of this district can be chosen."))
    resource = InKindResource(action=action, kind=kind, hours=hours, hourly_rate=hourly_rate,
                              rate_basis=rate_basis.strip()[:300], organization=organization,
                              description=(description or "").strip()[:300] or None)
    db.session.add(resource)
    db.session.flush()
    return resource


def delete_in_kind(resource: InKindResource) -> None:
    db.session.delete(resource)
    db.session.flush()


# --- what the resources chapter is written from ------------------------------------------------------------------

@dataclass
class Funding:
    by_programme: list[tuple[str, int | None, str, Decimal]] = field(default_factory=list)   # name, year, kind, sum
    total: Decimal = Decimal(0)
    bids: list[FundingBid] = field(default_factory=list)
    in_kind: list[tuple[str, Decimal, Decimal]] = field(default_factory=list)     # kind label, hours, value


def funding_of(plan: Plan) -> Funding:
    """The plan's money by programme (lines with no programme by kind), its bids and its resources in kind:
    totals are the sums of the budget lines, nothing else."""
    rows: dict[tuple, Decimal] = {}
    for line in plan_lines(plan):
        programme = line.programme
        key = ((programme.name, programme.year, str(programme.kind.label)) if programme is not None
               else (str(line.source.label), None, str(line.source.label)))
        rows[key] = rows.get(key, Decimal(0)) + (line.planned_amount or Decimal(0))
    actions = [a.id for a in plan.actions]
    in_kind: dict[InKindKind, tuple[Decimal, Decimal]] = {}
    for resource in db.session.scalars(db.select(InKindResource).where(InKindResource.action_id.in_(actions))):
        hours, value = in_kind.get(resource.kind, (Decimal(0), Decimal(0)))
        in_kind[resource.kind] = (hours + resource.hours, value + resource.value)
    bids = list(db.session.scalars(db.select(FundingBid).where(
        FundingBid.district_id == plan.district_id,
        db.or_(FundingBid.action_id.in_(actions), FundingBid.action_id.is_(None)))
        .order_by(FundingBid.submitted_on.is_(None), FundingBid.submitted_on, FundingBid.id)))
    return Funding(by_programme=[(*key, amount) for key, amount in rows.items()], total=sum(rows.values(), Decimal(0)),
                   bids=bids, in_kind=[(str(kind.label), hours, value) for kind, (hours, value) in in_kind.items()])
