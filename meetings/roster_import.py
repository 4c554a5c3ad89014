"""A group's roster from a spreadsheet: each row is matched to the people already known (the group's roster,
the district's accounts) despite spelling variants; the office sees the suggestions and confirms them, and
only then is anything saved, all rows or none. Services only flush."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from app.account_models import Membership, User
from app.errors import DomainError
from app.extensions import db
from app.roles import district_roles

from . import standing
from .names import fold, match_names
from .roster_files import RosterRow
from .standing_models import RosterMember, StandingGroup

NEW = "new"


@dataclass
class Proposal:
    """One row of the file, what it may be (value, label) and the suggestion chosen by default."""
    row: RosterRow
    choices: list[tuple[str, str]]
    chosen: str
    to_check: bool          # a suggestion that is not certain: the office should look


def district_people(group: StandingGroup) -> list[User]:
    return list(db.session.scalars(select(User).join(Membership, Membership.user_id == User.id)
                                   .where(Membership.district_id == group.district_id).distinct()
                                   .order_by(User.name)))


def _label(kind: str, name: str, score: float) -> str:
    if kind == "roster":
        return _("Already on the roster: %(name)s (%(score)d%%)", name=name, score=round(score))
    return _("Has an account: %(name)s (%(score)d%%)", name=name, score=round(score))


def propose(group: StandingGroup, rows: list[RosterRow]) -> list[Proposal]:
    """Each row with its possible matches, best first: a place already on the roster, else a person with an
    account in the district, else a new place."""
    names = [row.name for row in rows]
    matched = {kind: match_names(names, [(p.id, p.name) for p in people]) for kind, people in (
        ("roster", group.roster), ("user", district_people(group)))}
    proposals = []
    for index, row in enumerate(rows):
        choices, picks = [], []
        for kind in ("roster", "user"):
            match = matched[kind][index]
            found = [(match.candidate_id, match.candidate_name, match.score)] if match.candidate_id else []
            found += [(alt.id, alt.name, alt.score) for alt in match.alternatives]
            choices += [(f"{kind}:{pid}", _label(kind, name, score)) for pid, name, score in found]
            if match.candidate_id:
                picks.append((f"{kind}:{match.candidate_id}", match.certain and not match.shared_with))
        choices.append((NEW, _("New on the roster")))
        chosen, certain = picks[0] if picks else (NEW, True)
        ambiguous = not picks and any(m[index].alternatives for m in matched.values())
        proposals.append(Proposal(row, choices, chosen, not certain or ambiguous))
    return proposals


def _choosable(group: StandingGroup) -> dict[str, RosterMember | User]:
    """What a row may be said to be, by its value in the form: a place on this group's roster, a person with an
    account in the district."""
    return {**{f"roster:{member.id}": member for member in group.roster},
            **{f"user:{user.id}": user for user in district_people(group)}}


def apply(group: StandingGroup, decisions: list[tuple[RosterRow, str]]) -> tuple[int, int]:
    """Save the confirmed rows: (places added, places completed). A place already on the roster keeps what it
    has and gains the body or e-mail it lacked, and comes back if it had left."""
    added = completed = 0
    roles = {fold(role.name): role for role in district_roles(group.district_id)}   # the file's "Ruolo" column
    choosable = _choosable(group)
    for row, choice in decisions:
        if choice != NEW and choice not in choosable:
            raise DomainError(_("A choice of the list is no longer valid: upload the file again."))
        target, role = choosable.get(choice), roles.get(fold(row.role or ""))
        if isinstance(target, RosterMember):
            target.organization_name = target.organization_name or (None if target.organization_id else row.body)
            target.email = target.email or row.email
            target.role_id = target.role_id or (role.id if role else None)
            target.active = True
            completed += 1
            continue
        try:
            member = standing.add_member(group, name=row.name, organization_name=row.body, email=row.email,
                                         role=role)
        except DomainError as error:          # a bad e-mail, one already on the roster: which row says it
            raise DomainError(_("Row %(row)d: %(problem)s", row=row.row, problem=error.message)) from error
        member.user_id = target.id if isinstance(target, User) else None
        added += 1
    db.session.flush()
    return added, completed
