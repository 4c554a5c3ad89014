"""What the planning office does to a plan's structure: plans, theses, areas and their order.

Services take plain values, only flush, and raise DomainError (InvalidField when one field is to blame,
ConflictError, from app/versioned.py, when someone else saved the record first). Actions and organizations: structure_actions.py.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Callable

from flask_babel import gettext as _
from sqlalchemy import func

from .errors import DomainError, InvalidField  # noqa: F401  (InvalidField: where the services import it)
from .extensions import db
from .models import District, Plan, PlanningArea, PlanStatus, SystemAction, Thesis
from .plans import find_or_create_district
from .versioned import check_version


def unique_name(model, district_id: int, name: str, current, taken: Callable[[str], str]) -> str:
    """`name` trimmed, required, and not the name of another `model` record of the district (`taken(name)` says
    so); `current` is the record being renamed, None for a new one."""
    name = (name or "").strip()[:200]
    if not name:
        raise InvalidField("name", _("The name is required."))
    other = db.session.scalar(db.select(model).filter_by(district_id=district_id, name=name))
    if other is not None and other is not current:
        raise InvalidField("name", taken(name))
    return name


# --- amounts --------------------------------------------------------------------------------------

MAX_AMOUNT = Decimal("9999999999.99")


def parse_euro(text) -> Decimal | None:
    """An amount in euro typed the Italian way ("1.234,50") or the computer way ("1234.50").

    Blank gives None. Raises ValueError with a message for the user.
    """
    if text is None:
        return None
    if isinstance(text, Decimal):
        value = text
    else:
        raw = re.sub(r"[\s\u00a0€']|EUR", "", str(text), flags=re.IGNORECASE)
        if not raw:
            return None
        if not re.fullmatch(r"-?[0-9.,]+", raw) or not re.search(r"\d", raw):
            raise ValueError(_("'%(value)s' is not an amount in euro (e.g. 1.234,50).", value=text))
        if "," in raw and "." in raw:
            decimal_sep = "," if raw.rfind(",") > raw.rfind(".") else "."
        elif raw.count(",") == 1:
            decimal_sep = ","
        elif raw.count(".") == 1 and not re.fullmatch(r"-?\d{1,3}\.\d{3}", raw):
            decimal_sep = "."
        else:
            decimal_sep = None   # only thousands separators ("1.234", "1.234.567")
        whole, _sep, decimals = raw.partition(decimal_sep) if decimal_sep else (raw, "", "")
        groups = re.split(r"[.,]", whole.lstrip("-"))
        thousands = {c for c in whole if c in ".,"}
        if (len(thousands) > 1 or (decimal_sep and decimal_sep in thousands) or re.search(r"[.,]", decimals)
                or (len(groups) > 1 and not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])))):
            raise ValueError(_("'%(value)s' is not an amount in euro (e.g. 1.234,50).", value=text))
        whole = whole.replace(".", "").replace(",", "")
        try:
            value = Decimal(f"{whole or '0'}.{decimals or '0'}")
        except InvalidOperation:
            raise ValueError(_("'%(value)s' is not an amount in euro (e.g. 1.234,50).", value=text))
    if value < 0:
        raise ValueError(_("The amount cannot be negative."))
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(_("Use at most two decimals for cents."))
    if value > MAX_AMOUNT:
        raise ValueError(_("The amount is too large."))
    return value.quantize(Decimal("0.01"))


# --- order ------------------------------------------------------------------------------------------

def renumber(items) -> None:
    """Positions 1..n in the current order, without gaps."""
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position


def delete_from(siblings: list, item) -> None:
    """Delete an ordered item and close the gap it leaves among its siblings."""
    others = [other for other in siblings if other is not item]
    db.session.delete(item)
    renumber(others)
    db.session.flush()


def move(items: list, item, direction: str) -> None:
    """Swap `item` with its neighbour ("up" or "down") in `items`, then renumber; at an end, nothing moves."""
    if direction not in ("up", "down"):
        raise DomainError(_("Unknown direction."))
    ordered = sorted(items, key=lambda i: (i.position, i.id or 0))
    index = ordered.index(item)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    renumber(ordered)
    db.session.flush()


# --- plans --------------------------------------------------------------------------------------------

def create_district(name: str, province: str | None = None) -> District:
    name = (name or "").strip()
    if db.session.scalar(db.select(District).where(func.lower(District.name) == name.lower())):
        raise DomainError(_("A district with this name already exists."))
    return find_or_create_district(name, (province or "").strip() or None)


def _check_plan(district: District, plan: Plan | None, title: str, start_year: int, end_year: int,
                previous_plan: Plan | None) -> str:
    title = (title or "").strip()
    if not title:
        raise InvalidField("title", _("The title is required."))
    same = db.session.scalar(db.select(Plan).where(
        Plan.district_id == district.id, func.lower(Plan.title) == title.lower(),
        Plan.id != (plan.id if plan else -1)))
    if same is not None:
        raise InvalidField("title", _("Another plan of this district already has this title."))
    if start_year is not None and end_year is not None and end_year < start_year:
        raise InvalidField("end_year", _("The end year cannot come before the start year."))
    if previous_plan is not None:
        if previous_plan.district_id != district.id:
            raise InvalidField("previous_plan", _("The previous plan must belong to the same district."))
        seen = previous_plan
        while seen is not None:
            if plan is not None and seen.id == plan.id:
                raise InvalidField("previous_plan", _("A plan cannot follow itself or one of its successors."))
            seen = seen.previous_plan
    return title


def create_plan(district: District, *, title: str, start_year: int, end_year: int,
                status: PlanStatus = PlanStatus.DRAFT, description: str | None = None,
                previous_plan: Plan | None = None) -> Plan:
    title = _check_plan(district, None, title, start_year, end_year, previous_plan)
    plan = Plan(district=district, title=title, start_year=start_year, end_year=end_year, status=status,
                description=(description or "").strip() or None, previous_plan=previous_plan)
    db.session.add(plan)
    db.session.flush()
    return plan


def update_plan(plan: Plan, *, version, title: str, start_year: int, end_year: int, status: PlanStatus,
                description: str | None, previous_plan: Plan | None) -> Plan:
    check_version(plan, version)
    plan.title = _check_plan(plan.district, plan, title, start_year, end_year, previous_plan)
    plan.start_year, plan.end_year, plan.status = start_year, end_year, status
    plan.description = (description or "").strip() or None
    plan.previous_plan = previous_plan
    db.session.flush()
    return plan


def delete_plan(plan: Plan) -> None:
    # The database would set these to NULL too, but SQLite may run without foreign keys.
    for follower in db.session.scalars(db.select(Plan).filter_by(previous_plan_id=plan.id)):
        follower.previous_plan = None
    db.session.delete(plan)
    db.session.flush()


def other_plans(plan: Plan | None, district: District) -> list[Plan]:
    """The plans `plan` may follow: the district's others."""
    return [p for p in district.plans if plan is None or p.id != plan.id]


# --- theses -------------------------------------------------------------------------------------------

def _thesis_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidField("text", _("The text of the thesis is required."))
    return text


def add_thesis(plan: Plan, text: str) -> Thesis:
    thesis = Thesis(text=_thesis_text(text), position=len(plan.theses) + 1)
    plan.theses.append(thesis)
    renumber(plan.theses)
    db.session.flush()
    return thesis


def update_thesis(thesis: Thesis, *, version, text: str) -> Thesis:
    check_version(thesis, version)
    thesis.text = _thesis_text(text)
    db.session.flush()
    return thesis


def delete_thesis(thesis: Thesis) -> None:
    # Unlinked here rather than by the database's cascade: SQLite may run without foreign keys, and
    # the audit log then records each action losing the thesis.
    for action in db.session.scalars(db.select(SystemAction).where(SystemAction.theses.contains(thesis))):
        action.theses.remove(thesis)
    delete_from(thesis.plan.theses, thesis)


def move_thesis(thesis: Thesis, direction: str) -> None:
    move(thesis.plan.theses, thesis, direction)


# --- areas --------------------------------------------------------------------------------------------

def _area_name(plan: Plan, area: PlanningArea | None, name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidField("name", _("The name is required."))
    if any(a is not area and a.name.strip().lower() == name.lower() for a in plan.areas):
        raise InvalidField("name", _("This plan already has an area with this name."))
    return name


def add_area(plan: Plan, *, name: str, description: str | None = None) -> PlanningArea:
    area = PlanningArea(name=_area_name(plan, None, name), description=(description or "").strip() or None,
                        position=len(plan.areas) + 1)
    plan.areas.append(area)
    renumber(plan.areas)
    db.session.flush()
    return area


def update_area(area: PlanningArea, *, version, name: str, description: str | None) -> PlanningArea:
    check_version(area, version)
    area.name = _area_name(area.plan, area, name)
    area.description = (description or "").strip() or None
    db.session.flush()
    return area


def delete_area(area: PlanningArea) -> None:
    delete_from(area.plan.areas, area)


def move_area(area: PlanningArea, direction: str) -> None:
    move(area.plan.areas, area, direction)
