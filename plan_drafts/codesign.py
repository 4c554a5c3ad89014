"""Co-design of a draft objective (codesign_models.py): open the table (with its standing group, whose meetings
and minutes are the table's), bring bodies to it, record what each commits, agree the targets, agree; approval
turns the agreement into the action's bodies, referents, budget lines and resources in kind (`apply_agreement`),
and the cards of the action start with the agreed targets (`agreed_targets`). `cycle_codesign` gives the tables to
`pdz export cycle`. Services take plain values, only flush, and raise DomainError (InvalidField for one field)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from sqlalchemy import select

from app import funding, people
from app.account_models import User
from app.errors import DomainError, InvalidField
from app.extensions import db
from app.funding_models import FundingProgramme, InKindKind
from app.inputs import DATABASE_INT_MAX
from app.models import (ActionOrganization, BudgetLine, FundingSource, InvolvementRole, Organization, Plan,
                        SystemAction, utcnow)
from app.structure import MAX_AMOUNT
from app.text import shorten
from app.versioned import check_version
from evaluations.targets import Target
from meetings import standing
from meetings.standing_models import StandingGroup

from .codesign_models import CodesignCommitment, CodesignPartner, CodesignTable, CommitmentKind, JoinedBy, TableStatus
from .models import DraftAxis, DraftObjective, PlanDraft

DESCRIPTION_MAX_LENGTH = 2000
MAX_HOURS = Decimal("999999999.9")      # CodesignCommitment.hours is Numeric(10, 1)
MAX_RATE = Decimal("999999.99")         # and hourly_rate Numeric(8, 2)


def tables_of(district_id: int) -> list[CodesignTable]:
    """The district's tables, the newest draft first, then in the order of the draft's objectives."""
    tables = db.session.scalars(select(CodesignTable).join(DraftObjective).join(DraftAxis).join(PlanDraft)
                                .where(PlanDraft.district_id == district_id)
                                .order_by(PlanDraft.id.desc(), DraftAxis.position, DraftObjective.position)).all()
    return list(tables)


def _editable(table: CodesignTable) -> None:
    if not table.draft.is_editable:
        raise DomainError(_("The draft has been approved: it can no longer be changed."))
    if table.is_agreed:
        raise DomainError(_("The table has agreed: reopen it to change anything."))


# --- the table ---------------------------------------------------------------------------------------------------

def _group_name(district_id: int, name: str) -> str:
    """`name`, or `name (2)`, `(3)`… when the district has a group of that name already."""
    base, n = shorten(name, 190), 1
    candidate = base
    while db.session.scalar(select(StandingGroup.id).filter_by(district_id=district_id, name=candidate)):
        n += 1
        candidate = f"{base} ({n})"
    return candidate


def open_table(objective: DraftObjective, *, by: User | None = None, name: str | None = None) -> CodesignTable:
    """The objective's co-design table (one per objective), with a standing group for its meetings, called
    `name` or after the objective."""
    draft = objective.axis.draft
    if not draft.is_editable:
        raise DomainError(_("The draft has been approved: it can no longer be changed."))
    if objective.codesign_table is not None:
        raise DomainError(_("Objective %(number)s already has a co-design table.", number=objective.number))
    name = name or _("Co-design table %(number)s: %(title)s", number=objective.number, title=objective.title)
    group = standing.add_group(draft.district, name=_group_name(draft.district_id, name), description=_(
        "The co-design table of objective %(number)s of %(draft)s: its meetings and their minutes.",
        number=objective.number, draft=draft.title))
    table = CodesignTable(objective=objective, group=group, opened_by=by)
    db.session.add(table)
    db.session.flush()
    return table


def _count(value: int | None, field: str) -> int | None:
    if value is not None and not 0 <= value <= DATABASE_INT_MAX:
        raise InvalidField(field, _("Enter a number of zero or more."))
    return value


def set_indicators(table: CodesignTable, *, version, families: int | None, operators: int | None,
                   volunteers: int | None) -> CodesignTable:
    """The targets the table agrees on: families reached, operators and volunteers involved (each optional)."""
    _editable(table)
    check_version(table, version)
    table.families_target = _count(families, "families")
    table.operators_target = _count(operators, "operators")
    table.volunteers_target = _count(volunteers, "volunteers")
    db.session.flush()
    return table


def agree(table: CodesignTable, *, by: User | None = None) -> CodesignTable:
    """The agreement: the commitments of the accepted partners, locked until the table is reopened."""
    _editable(table)
    if not table.commitments:
        raise DomainError(_("Nothing to agree on yet: no accepted partner has stated a commitment."))
    table.status, table.agreed_at, table.agreed_by = TableStatus.AGREED, utcnow(), by
    db.session.flush()
    return table


def reopen(table: CodesignTable) -> CodesignTable:
    if not table.draft.is_editable:
        raise DomainError(_("The draft has been approved: it can no longer be changed."))
    if not table.is_agreed:
        raise DomainError(_("The table is open already."))
    table.status, table.agreed_at, table.agreed_by = TableStatus.OPEN, None, None
    db.session.flush()
    return table


# --- partners ----------------------------------------------------------------------------------------------------

def _add_partner(table: CodesignTable, organization: Organization, joined_by: JoinedBy,
                 referent: User | None) -> CodesignPartner:
    _editable(table)
    if organization is None:
        raise InvalidField("organization_id", _("Choose the body from the list."))
    if organization.district_id != table.draft.district_id:
        raise InvalidField("organization_id", _("Only organizations of this district can sit at the table."))
    if any(partner.organization_id == organization.id for partner in table.partners):
        raise InvalidField("organization_id", _("%(name)s is already at the table.", name=organization.name))
    if referent is not None and not people.is_member(referent, table.draft.district):
        raise InvalidField("referent_id", _("The referent must be a person of this district."))
    partner = CodesignPartner(organization=organization, joined_by=joined_by, referent=referent)
    table.partners.append(partner)
    db.session.flush()
    return partner


def invite(table: CodesignTable, organization: Organization, *, referent: User | None = None) -> CodesignPartner:
    """The office invites the body: it sits at the table once it accepts (`accept`)."""
    return _add_partner(table, organization, JoinedBy.INVITED, referent)


def record_request(table: CodesignTable, organization: Organization, *,
                   referent: User | None = None) -> CodesignPartner:
    """The body asked to join: it sits at the table once the office accepts it (`accept`)."""
    return _add_partner(table, organization, JoinedBy.REQUEST, referent)


def accept(partner: CodesignPartner) -> CodesignPartner:
    """The invitation accepted, or the request granted: from now on the body states its commitments."""
    _editable(partner.table)
    if partner.is_accepted:
        raise DomainError(_("%(name)s has been accepted already.", name=partner.organization.name))
    partner.accepted_at = utcnow()
    db.session.flush()
    return partner


def remove_partner(partner: CodesignPartner) -> None:
    """The body leaves the table, with its commitments."""
    _editable(partner.table)
    partner.table.partners.remove(partner)     # an orphan: the flush deletes it (and the audit log says so)
    db.session.flush()


# --- commitments -------------------------------------------------------------------------------------------------

def _money(amount: Decimal | None, not_stated: bool) -> Decimal | None:
    if amount is None and not not_stated:
        raise InvalidField("amount", _("Enter the amount in euro, or tick “amount not stated”."))
    if amount is not None and not_stated:
        raise InvalidField("amount", _("Either enter the amount or tick “amount not stated”, not both."))
    if amount is not None and not Decimal(0) <= amount <= MAX_AMOUNT:
        raise InvalidField("amount", _("Enter an amount of zero or more."))
    return amount


def _hours(hours: Decimal | None, rate: Decimal | None, basis: str | None) -> tuple:
    if hours is None or not Decimal(0) < hours <= MAX_HOURS:
        raise InvalidField("hours", _("Enter the hours committed, more than zero."))
    if rate is not None and not Decimal(0) <= rate <= MAX_RATE:
        raise InvalidField("hourly_rate", _("Enter the hourly rate in euro."))
    if rate is not None and not basis:
        raise InvalidField("rate_basis", _("Say where the hourly rate comes from (a contract, a regional table)."))
    if basis and rate is None:
        raise InvalidField("hourly_rate", _("Enter the hourly rate that basis gives, or leave both empty."))
    return hours, rate, basis


def add_commitment(partner: CodesignPartner, *, kind: CommitmentKind, source: FundingSource, description: str,
                   amount: Decimal | None = None, amount_not_stated: bool = False, hours: Decimal | None = None,
                   hourly_rate: Decimal | None = None, rate_basis: str | None = None,
                   programme: FundingProgramme | None = None, until: date | None = None) -> CodesignCommitment:
    """What the partner commits: money (an amount, or "not stated"), staff or volunteer hours (valued only at a
    rate the partner states, with its basis), spaces or services; always what it does or gives, and the source
    it counts against."""
    table = partner.table
    _editable(table)
    if not partner.is_accepted:
        raise InvalidField("partner_id", _("%(name)s has not been accepted at the table yet: accept it first.",
                                           name=partner.organization.name))
    if partner.organization.district_id != table.draft.district_id:
        raise InvalidField("partner_id", _("Only organizations of this district can sit at the table."))
    if kind is None:
        raise InvalidField("kind", _("Choose what the partner commits."))
    if source is None:
        raise InvalidField("source", _("Choose the funding source the commitment counts against."))
    description = (description or "").strip()
    if not description:
        raise InvalidField("description", _("Say what the partner does or gives."))
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise InvalidField("description", _("Use at most %(num)d characters.", num=DESCRIPTION_MAX_LENGTH))
    basis = (rate_basis or "").strip()[:300] or None
    if kind == CommitmentKind.MONEY:
        if hours is not None or hourly_rate is not None or basis:
            raise InvalidField("hours", _("Money is counted in euro: leave the hours and the hourly rate empty."))
        amount = _money(amount, amount_not_stated)
    elif kind.is_hours:
        if amount is not None or amount_not_stated:
            raise InvalidField("amount", _("Hours are not money: leave the amount empty (an hourly rate values "
                                           "them)."))
        hours, hourly_rate, basis = _hours(hours, hourly_rate, basis)
    elif amount is not None or amount_not_stated or hours is not None or hourly_rate is not None or basis:
        raise InvalidField("description", _("Spaces and services are described, not counted: leave the amount "
                                            "and the hours empty."))
    if programme is not None and programme.district_id != table.draft.district_id:
        raise InvalidField("programme_id", _("Only records of this district can be chosen."))
    if programme is not None and programme.kind != source:
        raise InvalidField("programme_id", _("%(name)s is a programme of the kind “%(kind)s”: choose that source "
                                             "or another programme.", name=programme.name, kind=programme.kind.label))
    commitment = CodesignCommitment(kind=kind, source=source, description=description, amount=amount, hours=hours,
                                    hourly_rate=hourly_rate, rate_basis=basis, programme=programme, until=until)
    partner.commitments.append(commitment)
    db.session.flush()
    return commitment


def remove_commitment(commitment: CodesignCommitment) -> None:
    _editable(commitment.partner.table)
    commitment.partner.commitments.remove(commitment)
    db.session.flush()


# --- totals: pure --------------------------------------------------------------------------------------------------

@dataclass
class Total:
    money: int = 0                   # money commitments
    amount: Decimal = Decimal(0)     # what those with an amount add up to, in euro
    not_stated: int = 0              # those whose amount is not stated
    hours: Decimal = Decimal(0)      # staff and volunteer hours
    described: int = 0               # spaces and services
    count: int = 0

    def add(self, commitment) -> None:
        self.count += 1
        if commitment.kind == CommitmentKind.MONEY:
            self.money += 1
            if commitment.amount is None:
                self.not_stated += 1
            else:
                self.amount += commitment.amount
        elif commitment.kind.is_hours:
            self.hours += commitment.hours or Decimal(0)
        else:
            self.described += 1


def totals(commitments) -> tuple[dict[CommitmentKind, Total], dict[FundingSource, Total]]:
    """The commitments summed by kind and by funding source, in the enums' order (kinds and sources with none
    left out)."""
    by_kind = {kind: Total() for kind in CommitmentKind}
    by_source = {source: Total() for source in FundingSource}
    for commitment in commitments:
        by_kind[commitment.kind].add(commitment)
        by_source[commitment.source].add(commitment)
    return ({k: t for k, t in by_kind.items() if t.count}, {s: t for s, t in by_source.items() if t.count})


# --- the agreement in the approved plan -------------------------------------------------------------------------

def _number(value) -> str:
    return format_decimal(value)


def _unvalued_line(commitment: CodesignCommitment) -> str:
    """A commitment with no budget line nor resource in kind, told in the action's description."""
    what = str(commitment.kind.label)
    if commitment.kind == CommitmentKind.MONEY:
        what += ", " + _("amount not stated")
    elif commitment.kind.is_hours:
        what += ", " + _("%(hours)s hours, no hourly rate stated", hours=_number(commitment.hours))
    line = f"- {commitment.partner.organization.name} — {what} ({commitment.source.label}): "
    line += " ".join(commitment.description.split())
    if commitment.until:
        line += " " + _("(until %(date)s)", date=format_date(commitment.until, "medium"))
    return line


def _targets(table: CodesignTable) -> list[tuple[str, str, int]]:
    """(indicator, unit, target) the table agreed on, in the cards' words."""
    rows = [(_("Families reached"), _("families"), table.families_target),
            (_("Operators involved"), _("operators"), table.operators_target),
            (_("Volunteers involved"), _("volunteers"), table.volunteers_target)]
    return [row for row in rows if row[2] is not None]


def apply_agreement(objective: DraftObjective, action: SystemAction) -> None:
    """The agreed table of `objective` in `action`, its system action: each accepted partner a body involved (the
    responsible stays the lead) and its referent a referent; each money commitment with an amount a budget line;
    hours valued at a stated rate a resource in kind. What has no figure to count (money not stated, hours with no
    rate, spaces, services) is listed in the description, and the targets in the expected results: no rate nor
    amount is made up. A table still open brings nothing."""
    table = objective.codesign_table
    if table is None or not table.is_agreed:
        return
    involved = {involvement.organization_id for involvement in action.involvements}
    unvalued = []
    for partner in table.accepted_partners:
        organization = partner.organization
        if organization.id not in involved:
            action.involvements.append(ActionOrganization(organization=organization, role=InvolvementRole.PARTNER))
            involved.add(organization.id)
        if partner.referent is not None:
            people.assign_referent(action, partner.referent)
        for commitment in partner.commitments:
            if commitment.kind == CommitmentKind.MONEY and commitment.amount is not None:
                action.budget_lines.append(BudgetLine(
                    source=commitment.source, planned_amount=commitment.amount, programme=commitment.programme,
                    description=shorten(f"{organization.name}: {commitment.description}", 300)))
            elif commitment.valued:
                funding.add_in_kind(action, kind=InKindKind(commitment.kind.value), hours=commitment.hours,
                                    hourly_rate=commitment.hourly_rate, rate_basis=commitment.rate_basis,
                                    organization=organization, description=shorten(commitment.description, 300))
            else:
                unvalued.append(_unvalued_line(commitment))
    if unvalued:
        heading = "**" + _("Also agreed at the co-design table (not counted in the budget):") + "**"
        action.description = "\n\n".join(filter(None, [action.description, heading + "\n\n" + "\n".join(unvalued)]))
    targets = _targets(table)
    if targets:
        agreed = "; ".join(f"{name}: {_number(value)}" for name, _unit, value in targets)
        line = "**" + _("Targets agreed at the co-design table:") + "** " + agreed
        action.expected_results = "\n\n".join(filter(None, [action.expected_results, line]))
    db.session.flush()


def agreed_targets(actions: list[SystemAction]) -> dict[int, list[Target]]:
    """For evaluations/targets.py: the targets each action's agreed co-design table set, by action id."""
    ids = [action.id for action in actions if action.id is not None]
    if not ids:
        return {}
    tables = db.session.scalars(select(CodesignTable).join(DraftObjective).where(
        DraftObjective.system_action_id.in_(ids), CodesignTable.status == TableStatus.AGREED)).all()
    agreed = {table.objective.system_action_id: [Target(name, unit, Decimal(value))
                                                 for name, unit, value in _targets(table)] for table in tables}
    return {action_id: targets for action_id, targets in agreed.items() if targets}


# --- for `pdz export cycle` --------------------------------------------------------------------------------------

def _number_or_none(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def table_data(table: CodesignTable) -> dict:
    """One table as data: amounts in euro and hours as numbers (None: not stated), codes as the enums' values."""
    objective = table.objective
    meetings = standing.meetings_of(table.group) if table.group else []
    return {
        "draft": table.draft.title, "objective": f"{objective.number} {objective.title}",
        "action": objective.system_action.code if objective.system_action else None,
        "status": table.status.value, "agreed_at": table.agreed_at.isoformat() if table.agreed_at else None,
        "partners": [{"body": p.organization.name, "joined": p.joined_by.value, "accepted": p.is_accepted,
                      "referent": p.referent.name if p.referent else None} for p in table.partners],
        "commitments": [{"body": c.partner.organization.name, "kind": c.kind.value,
                         "amount": _number_or_none(c.amount), "hours": _number_or_none(c.hours),
                         "hourly_rate": _number_or_none(c.hourly_rate), "rate_basis": c.rate_basis,
                         "source": c.source.value, "programme": c.programme.name if c.programme else None,
                         "until": c.until.isoformat() if c.until else None, "description": c.description}
                        for p in table.partners for c in p.commitments],
        "indicators": {"families_reached": table.families_target, "operators": table.operators_target,
                       "volunteers": table.volunteers_target},
        "group": table.group.name if table.group else None,
        "meetings": [{"date": m.starts_at.date().isoformat(), "title": m.title} for m in meetings],
    }


def cycle_codesign(plan: Plan) -> list[dict]:
    """The co-design tables of the drafts that follow `plan`, in the order of the drafts and their objectives."""
    drafts = db.session.scalars(select(PlanDraft).where(PlanDraft.previous_plan_id == plan.id)
                                .order_by(PlanDraft.id)).all()
    return [table_data(objective.codesign_table) for draft in drafts for objective in draft.objectives
            if objective.codesign_table is not None]
