"""What features add to the planning office's pages: a district's sections, a plan's links, delete warnings.

The shell knows no feature: each feature calls a `register_...` function when its views are imported. Entries
are listed by their `order` (as Indico's menu entries by weight), so the pages do not depend on which feature
happens to be imported first; the numbers leave room between features: the shell 10-90, evaluations 100-190,
focus groups 200-290, meetings 300-390, posts 400-490, plan drafts 500-590, plan transfer 900.
"""
from __future__ import annotations

from typing import Callable

from flask_babel import lazy_gettext as _l

from .models import Role

# (order, (endpoint, label, roles, description)): a section shows when its endpoint is registered and the user
# holds one of the roles in the district; the first entry of an endpoint wins.
DISTRICT_SECTIONS: list[tuple[int, tuple]] = []

# (order, (endpoint, label, values)): links on a plan's management page to other features' pages about it.
PLAN_LINKS: list[tuple[int, tuple[str, object, dict]]] = []

# (order, warning): what else goes when a record is deleted, for the confirmation page. A warning takes the
# record (a Plan, PlanningArea, SystemAction, Thesis or Organization) and returns a sentence or None.
DELETE_WARNINGS: list[tuple[int, Callable[[object], str | None]]] = []


def register_district_section(endpoint: str, label, roles: tuple[Role, ...], description=None, *,
                              order: int) -> None:
    DISTRICT_SECTIONS.append((order, (endpoint, label, tuple(roles), description)))


def register_plan_link(endpoint: str, label, *, order: int, **values) -> None:
    PLAN_LINKS.append((order, (endpoint, label, values)))


def register_delete_warning(warning: Callable[[object], str | None], *, order: int) -> None:
    DELETE_WARNINGS.append((order, warning))


def _in_order(entries: list[tuple[int, object]]) -> list:
    return [entry for _order, entry in sorted(entries, key=lambda pair: pair[0])]


def district_sections() -> list[tuple]:
    return _in_order(DISTRICT_SECTIONS)


def plan_links() -> list[tuple[str, object, dict]]:
    return _in_order(PLAN_LINKS)


def delete_warnings() -> list[Callable[[object], str | None]]:
    return _in_order(DELETE_WARNINGS)


# The shell's own sections and links.
_OFFICE = (Role.PLANNING_OFFICE,)
register_district_section("office.organizations", _l("Organizations"), _OFFICE,
                          _l("Municipalities, agencies and third-sector bodies."), order=10)
register_district_section("admin.people_list", _l("People and roles"), _OFFICE,
                          _l("Who works on the plan, with which role."), order=20)
register_district_section("admin.invitations", _l("Invitations"), _OFFICE,
                          _l("Invite people to join the district."), order=30)
register_district_section("admin.audit_log", _l("Audit log"), _OFFICE,
                          _l("Every change, who made it and when."), order=40)
register_district_section("admin.outbox", _l("Outbox"), _OFFICE,
                          _l("The e-mails the platform has sent."), order=50)
register_district_section("privacy_admin.requests", _l("Personal data (GDPR)"), _OFFICE,
                          _l("Export or erase what the platform holds about a person."), order=60)
register_plan_link("transfer.export_plan", _l("Export (spreadsheet)"), fmt="xlsx", order=10)
register_plan_link("transfer.export_plan", _l("Export (JSON)"), fmt="json", order=20)
register_plan_link("card_dashboard.plan_dashboard", _l("Evaluation dashboard"), order=100)
