"""Who took part in a cycle (a plan's evaluation and the writing of the next one) or in a standing group, by role
and by body, over time, and which of the district's roles were missing. Counted from what the platform holds:
the people at the meetings (checked in, or registered when no attendance was taken; a roster member expected but
not checked in is absent), the roles a meeting's minutes or report say were there, the comments on the cycle's
posts and on the draft, and the amendments to it. Reads only."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.models import Plan
from app.roles import district_roles
from meetings.models import Meeting, Registration, RegistrationSource, RegistrationStatus, RoleReport
from meetings.standing_models import StandingGroup
from posts.models import CommentStatus, Post, PostComment

from .models import PlanDraft
from .writing_models import Amendment, DraftComment


@dataclass(frozen=True)
class Contribution:
    """One person taking part once: at a meeting, or writing a comment or an amendment."""
    when: datetime
    role: str | None
    body: str | None
    kind: str          # "meeting", "comment", "amendment"


@dataclass
class RoleRow:
    role: str
    people: int = 0               # times people of this role took part, as counted
    reported: int = 0             # meetings whose minutes or report say the role was there


@dataclass
class Participation:
    contributions: list[Contribution] = field(default_factory=list)
    reports: list[RoleReport] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)       # the district's list, in its order

    @property
    def total(self) -> int:
        return len(self.contributions)

    def by_role(self) -> list[RoleRow]:
        """Every role of the district's list that took part, in the list's order, then roles no longer on the list,
        then people who did not say (as "role not given")."""
        rows: dict[str, RoleRow] = {}
        for contribution in self.contributions:
            name = contribution.role or _("Role not given")
            rows.setdefault(name, RoleRow(name)).people += 1
        for report in self.reports:
            rows.setdefault(report.role.name, RoleRow(report.role.name)).reported += 1
            rows[report.role.name].people += report.people or 0
        order = {name: position for position, name in enumerate(self.roles)}
        return sorted(rows.values(), key=lambda row: (row.role not in order, order.get(row.role, 0),
                                                      row.role == _("Role not given"), row.role))

    def absent_roles(self) -> list[str]:
        present = {row.role for row in self.by_role()}
        return [role for role in self.roles if role not in present]

    def by_body(self) -> list[tuple[str, int]]:
        """Bodies by how many times their people took part, most first; people who named none are not listed."""
        counts = Counter(c.body for c in self.contributions if c.body)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))

    def over_time(self) -> list[tuple[str, dict[str, int]]]:
        """Per month (YYYY-MM), how many took part in each role."""
        months: dict[str, Counter] = defaultdict(Counter)
        for contribution in self.contributions:
            months[f"{contribution.when:%Y-%m}"][contribution.role or _("Role not given")] += 1
        for report in self.reports:
            months[f"{report.meeting.starts_at:%Y-%m}"][report.role.name] += report.people or 0
        return [(month, dict(months[month])) for month in sorted(months)]


def _attended(registration: Registration) -> bool:
    """Checked in; or registered to a meeting whose attendance was not taken (a roster member expected but not
    checked in did not come)."""
    if registration.present is not None:
        return registration.present
    return registration.source != RegistrationSource.ROSTER


def _role_name(registration: Registration) -> str | None:
    role = registration.role or (registration.roster_member.role if registration.roster_member else None)
    return role.name if role else None


def _from_meetings(meetings: list[Meeting]) -> tuple[list[Contribution], list[RoleReport]]:
    ids = [meeting.id for meeting in meetings]
    if not ids:
        return [], []
    registrations = db.session.scalars(select(Registration).where(
        Registration.meeting_id.in_(ids), Registration.status == RegistrationStatus.CONFIRMED)).all()
    contributions = [Contribution(r.meeting.starts_at, _role_name(r), r.organization_label or None, "meeting")
                     for r in registrations if _attended(r)]
    reports = db.session.scalars(select(RoleReport).where(RoleReport.meeting_id.in_(ids))
                                 .order_by(RoleReport.meeting_id, RoleReport.id)).all()
    return contributions, list(reports)


def _written(plan: Plan, names: dict[int, str]) -> list[Contribution]:
    """Comments on the cycle's posts (approved), comments on the drafts that follow the plan (visible) and their
    amendments; `names` are the district's roles by id."""
    found = [Contribution(c.created_at, names.get(c.role_id), c.organization_name, "comment")
             for c in db.session.scalars(select(PostComment).join(Post, PostComment.post_id == Post.id).where(
                 Post.plan_id == plan.id, PostComment.status == CommentStatus.APPROVED))]
    drafts = select(PlanDraft.id).where(PlanDraft.previous_plan_id == plan.id)
    for model, kind in ((DraftComment, "comment"), (Amendment, "amendment")):
        rows = db.session.scalars(select(model).where(model.draft_id.in_(drafts))).all()
        found += [Contribution(row.created_at, names.get(row.role_id), row.organization_name, kind)
                  for row in rows if getattr(row, "is_visible", True)]
    return found


def of_cycle(plan: Plan) -> Participation:
    meetings = db.session.scalars(select(Meeting).filter_by(plan_id=plan.id)).all()
    contributions, reports = _from_meetings(list(meetings))
    roles = district_roles(plan.district_id)
    return Participation(contributions + _written(plan, {role.id: role.name for role in roles}), reports,
                         [role.name for role in roles])


def of_group(group: StandingGroup) -> Participation:
    meetings = db.session.scalars(select(Meeting).filter_by(standing_group_id=group.id)).all()
    contributions, reports = _from_meetings(list(meetings))
    return Participation(contributions, reports, [role.name for role in district_roles(group.district_id)])


def as_data(participation: Participation) -> dict:
    """For exports: counts by role (people counted, meetings where the role was reported) and by body."""
    return {"total": participation.total,
            "by_role": {row.role: {"people": row.people, "meetings_reported": row.reported}
                        for row in participation.by_role()},
            "by_body": dict(participation.by_body()),
            "absent_roles": participation.absent_roles()}
