"""What the planning office does to system actions (with referents, bodies and budget) and organizations."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import func, or_
from sqlalchemy.orm.attributes import flag_modified

from . import people
from .errors import DomainError
from .extensions import db
from .account_models import Membership, User
from .models import (ActionOrganization, BudgetLine, District, FundingSource, InvolvementRole, Organization,
                     OrganizationType, PlanningArea, SystemAction, Thesis)
from .structure import InvalidField, delete_from, move, renumber
from .versioned import check_version


@dataclass
class Involvement:
    """One row of "organizations involved": an existing organization, or a new one by name and type."""
    role: InvolvementRole
    organization: Organization | None = None
    new_name: str | None = None
    new_type: OrganizationType = OrganizationType.ALTRO


@dataclass
class Budget:
    """One budget row; `line_id` names an existing line to update, None adds one."""
    source: FundingSource
    amount: Decimal
    description: str | None = None
    line_id: int | None = None
    programme: object | None = None     # a FundingProgramme: set on the line when given, kept otherwise


@dataclass
class ActionData:
    code: str
    title: str
    description: str | None = None
    expected_results: str | None = None
    projects: list[str] | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    theses: list[Thesis] | None = None
    referents: list[User] | None = None
    involvements: list[Involvement] | None = None
    budget: list[Budget] | None = None


def district_users(district: District) -> list[User]:
    """Everybody active with a role in the district: the people an action's referent is chosen among."""
    return list(db.session.scalars(db.select(User).join(Membership).where(
        Membership.district_id == district.id, User.active.is_(True)).distinct().order_by(User.name)))


def find_referent(email: str) -> User:
    """The existing account with this e-mail (assigning does not create accounts: invitations do)."""
    try:
        user = people.find_user(email)
    except DomainError as error:
        raise InvalidField("referent_email", error.message)
    if user is None or not user.active:
        raise InvalidField("referent_email", _("Nobody with the e-mail %(email)s has an account: invite them "
                                               "first.", email=email.strip()))
    return user


def _apply(action: SystemAction, area: PlanningArea, data: ActionData) -> None:
    plan = area.plan
    code = (data.code or "").strip()
    if not code:
        raise InvalidField("code", _("The code is required."))
    if any(other is not action and other.code.strip().lower() == code.lower() for other in plan.actions):
        raise InvalidField("code", _("The code %(code)s is already used by another action of this plan.",
                                     code=code))
    title = (data.title or "").strip()
    if not title:
        raise InvalidField("title", _("The title is required."))
    if data.planned_start and data.planned_end and data.planned_end < data.planned_start:
        raise InvalidField("planned_end", _("The planned end cannot come before the planned start."))
    theses = list(data.theses or [])
    if any(t.plan_id != plan.id for t in theses):
        raise InvalidField("theses", _("Only the theses of this plan can be linked."))
    action.code, action.title = code, title
    action.description = (data.description or "").strip() or None
    action.expected_results = (data.expected_results or "").strip() or None
    action.projects = [p.strip() for p in (data.projects or []) if p and p.strip()]
    action.planned_start, action.planned_end = data.planned_start, data.planned_end
    action.theses = sorted(theses, key=lambda t: t.position)


def _set_referents(action: SystemAction, users: list[User]) -> None:
    """Exactly these referents; an account from outside the district is invited instead (people.assign_referent)."""
    for user in list(action.referents):
        if user not in users:
            action.referents.remove(user)
    for user in users:
        people.assign_referent(action, user)


def _set_involvements(action: SystemAction, district: District, rows: list[Involvement]) -> None:
    wanted: dict[int, InvolvementRole] = {}
    for row in rows:
        org = row.organization
        if org is None:
            name = (row.new_name or "").strip()
            if not name:
                continue
            org = db.session.scalar(db.select(Organization).where(
                Organization.district_id == district.id, func.lower(Organization.name) == name.lower()))
            if org is None:
                org = create_organization(district, name=name, type_=row.new_type)
        if org.district_id != district.id:
            raise InvalidField("involvements", _("Only organizations of this district can be involved."))
        if org.id in wanted:
            raise InvalidField("involvements", _("%(name)s is listed twice.", name=org.name))
        wanted[org.id] = row.role
    for involvement in list(action.involvements):
        if involvement.organization_id not in wanted:
            _delete_from(action, "involvements", involvement)
        else:
            involvement.role = wanted.pop(involvement.organization_id)
    for org_id, role in wanted.items():
        action.involvements.append(ActionOrganization(organization_id=org_id, role=role))


def _delete_from(action: SystemAction, collection: str, item) -> None:
    # An explicit delete, not only removal from the collection: the audit log sees explicit deletes.
    getattr(action, collection).remove(item)
    db.session.delete(item)


def _set_budget(action: SystemAction, rows: list[Budget]) -> None:
    existing = {line.id: line for line in action.budget_lines}
    kept = set()
    for row in rows:
        if row.amount is None or row.amount < 0:
            raise InvalidField("budget", _("Every budget line needs an amount of zero or more."))
        line = existing.get(row.line_id) if row.line_id else None
        if line is None:
            line = BudgetLine()
            action.budget_lines.append(line)
        else:
            kept.add(line.id)
        line.source, line.planned_amount = row.source, row.amount
        line.description = (row.description or "").strip() or None
        if row.programme is not None:
            line.programme = row.programme
    for line_id, line in existing.items():
        if line_id not in kept:
            _delete_from(action, "budget_lines", line)


def _set_relations(action: SystemAction, district: District, data: ActionData) -> None:
    if data.referents is not None:
        _set_referents(action, data.referents)
    if data.involvements is not None:
        _set_involvements(action, district, data.involvements)
    if data.budget is not None:
        _set_budget(action, data.budget)


def create_action(area: PlanningArea, data: ActionData) -> SystemAction:
    action = SystemAction(position=len(area.actions) + 1, code="", title="")
    _apply(action, area, data)
    area.actions.append(action)
    renumber(area.actions)
    db.session.flush()
    _set_relations(action, area.plan.district, data)
    db.session.flush()
    return action


def update_action(action: SystemAction, data: ActionData, *, version,
                  area: PlanningArea | None = None) -> SystemAction:
    """Save the whole action; `area` (of the same plan) moves it there, at the end."""
    check_version(action, version)
    _apply(action, action.area, data)
    if area is not None and area is not action.area:
        move_action_to_area(action, area)
    _set_relations(action, action.plan.district, data)
    # Lines, bodies and referents live in other tables: bump the version so every change of the
    # action, whatever part of it, is seen by a concurrent editor.
    flag_modified(action, "title")
    db.session.flush()
    return action


def delete_action(action: SystemAction) -> None:
    delete_from(action.area.actions, action)


def move_action(action: SystemAction, direction: str) -> None:
    move(action.area.actions, action, direction)


def move_action_to_area(action: SystemAction, area: PlanningArea) -> None:
    if area.plan_id != action.area.plan_id:
        raise InvalidField("area", _("An action can only move to another area of the same plan."))
    old = action.area
    if old is area:
        return
    old.actions.remove(action)
    area.actions.append(action)
    renumber(old.actions)
    renumber(area.actions)
    db.session.flush()


# --- organizations -----------------------------------------------------------------------------------

def search_organizations(district: District, query: str | None):
    select = db.select(Organization).where(Organization.district_id == district.id)
    if query and query.strip():
        like = f"%{query.strip().lower()}%"
        select = select.where(or_(func.lower(Organization.name).like(like),
                                  func.lower(Organization.municipality).like(like)))
    return select.order_by(func.lower(Organization.name))


def clean_website(url: str | None) -> str | None:
    url = (url or "").strip()
    if not url:
        return None
    if "://" not in url and not url.lower().startswith(("javascript:", "data:", "mailto:")):
        url = "https://" + url
    invalid = InvalidField("website", _("The website must be an address starting with http:// or https://."))
    try:
        parts = urlsplit(url)
    except ValueError:      # e.g. an unbalanced "[" read as an IPv6 host
        raise invalid
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        raise invalid
    if len(url) > 300:
        raise InvalidField("website", _("The address is too long."))
    return url


def _org_name(district: District, org: Organization | None, name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidField("name", _("The name is required."))
    same = db.session.scalar(db.select(Organization).where(
        Organization.district_id == district.id, func.lower(Organization.name) == name.lower(),
        Organization.id != (org.id if org else -1)))
    if same is not None:
        raise InvalidField("name", _("An organization with this name already exists in the district."))
    return name


def create_organization(district: District, *, name: str, type_: OrganizationType = OrganizationType.ALTRO,
                        municipality: str | None = None, website: str | None = None,
                        description: str | None = None) -> Organization:
    org = Organization(district=district, name=_org_name(district, None, name), type=type_,
                       municipality=(municipality or "").strip() or None, website=clean_website(website),
                       description=(description or "").strip() or None)
    db.session.add(org)
    db.session.flush()
    return org


def update_organization(org: Organization, *, version, name: str, type_: OrganizationType,
                        municipality: str | None, website: str | None, description: str | None) -> Organization:
    check_version(org, version)
    org.name = _org_name(org.district, org, name)
    org.type = type_
    org.municipality = (municipality or "").strip() or None
    org.website = clean_website(website)
    org.description = (description or "").strip() or None
    db.session.flush()
    return org


def delete_organization(org: Organization) -> None:
    for user in db.session.scalars(db.select(User).filter_by(organization_id=org.id)):
        user.organization = None
    db.session.delete(org)
    db.session.flush()


def organization_usage(org: Organization) -> list[SystemAction]:
    return [i.action for i in org.involvements]
