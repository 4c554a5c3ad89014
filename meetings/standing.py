"""Standing working groups: the group, its roster, its meetings. A meeting of the group starts its attendance
from the roster (everyone expected, nobody present until the check-in says so, so the absent are listed without
typing) and its agenda from the open items of the group's earlier meetings. Services only flush."""
from __future__ import annotations

import secrets

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import select

from app.errors import DomainError
from app.extensions import db
from app.models import District, Plan, utcnow
from app.people import normalise_email
from app.role_models import ParticipantRole
from app.structure import InvalidField, unique_name
from app.versioned import check_version

from . import attendance
from .models import AgendaItem, Meeting, Minutes, MinutesItem, Registration, RegistrationSource, RegistrationStatus
from .registrations import find_organization
from .standing_models import RosterMember, StandingGroup


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def _name(district_id: int, name: str, current: StandingGroup | None) -> str:
    return unique_name(StandingGroup, district_id, name, current,
                       lambda taken: _("There is already a group called %(name)s.", name=taken))


def add_group(district: District, *, name: str, description: str | None = None,
              plan: Plan | None = None) -> StandingGroup:
    group = StandingGroup(district_id=district.id, name=_name(district.id, name, None),
                          description=_text(description), plan_id=plan.id if plan else None)
    db.session.add(group)
    db.session.flush()
    return group


def update_group(group: StandingGroup, *, version, name: str, description: str | None = None,
                 plan: Plan | None = None, coordinator: RosterMember | None = None) -> StandingGroup:
    check_version(group, version)
    if coordinator is not None and coordinator.group_id != group.id:
        raise InvalidField("coordinator_id", _("The coordinator must be on the group's roster."))
    group.name, group.description = _name(group.district_id, name, group), _text(description)
    group.plan_id = plan.id if plan else None
    group.coordinator = coordinator
    db.session.flush()
    return group


def delete_group(group: StandingGroup) -> None:
    """The group and its roster go; its meetings stay, as meetings of no group."""
    group.coordinator = None
    db.session.flush()
    db.session.delete(group)
    db.session.flush()


def add_member(group: StandingGroup, *, name: str, organization_name: str | None = None,
               email: str | None = None, role: ParticipantRole | None = None) -> RosterMember:
    """A new place on the roster; the body is the district's organization of that name when there is one."""
    name = " ".join((name or "").split())
    if not name:
        raise InvalidField("name", _("Write the person's name."))
    email = normalise_email(email) if _text(email) else None
    if email:
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            raise InvalidField("email", _("This does not look like an e-mail address.")) from None
    if email and any(member.email == email for member in group.roster):
        raise InvalidField("email", _("Someone on the roster already has this e-mail address."))
    if role is not None and role.district_id != group.district_id:
        raise InvalidField("role_id", _("That role belongs to another district."))
    organization = find_organization(group.district, organization_name)
    member = RosterMember(group=group, name=name[:200], email=email, position=len(group.roster),
                          role_id=role.id if role is not None else None,
                          organization_id=organization.id if organization else None,
                          organization_name=None if organization else (_text(organization_name) or "")[:200] or None)
    db.session.add(member)
    db.session.flush()
    return member


def set_active(member: RosterMember, active: bool) -> RosterMember:
    """A member who leaves stays on the roster, inactive: the group's past meetings keep the name."""
    member.active = active
    if not active and member.group.coordinator_id == member.id:
        member.group.coordinator = None
    db.session.flush()
    return member


def delete_member(member: RosterMember) -> None:
    if member.group.coordinator_id == member.id:
        member.group.coordinator = None
        db.session.flush()
    db.session.delete(member)
    db.session.flush()


def meetings_of(group: StandingGroup) -> list[Meeting]:
    return list(db.session.scalars(select(Meeting).filter_by(standing_group_id=group.id)
                                   .order_by(Meeting.starts_at, Meeting.id)))


def attach_meeting(group: StandingGroup, meeting: Meeting) -> tuple[int, int]:
    """Make `meeting` a meeting of the group: its attendance starts from the roster and its agenda takes up the
    open items of the group's earlier meetings. Returns (people expected from the roster, items carried)."""
    if meeting.district_id != group.district_id:
        raise DomainError(_("That meeting belongs to another district."))
    if meeting.standing_group_id not in (None, group.id):
        raise DomainError(_("That meeting already belongs to another group."))
    meeting.standing_group_id = group.id
    db.session.flush()
    return len(expect_roster(meeting)), len(carry_over(meeting))


def expect_roster(meeting: Meeting) -> list[Registration]:
    """Every active member of the group's roster expected at the meeting (confirmed, not yet present): a
    member already registered (by roster place or e-mail) keeps that registration."""
    group = meeting.standing_group
    if group is None:
        return []
    registered = db.session.scalars(select(Registration).filter_by(meeting_id=meeting.id)).all()
    by_member = {r.roster_member_id for r in registered if r.roster_member_id}
    by_email = {r.email: r for r in registered if r.email}
    added = []
    for member in group.active_roster:
        if member.id in by_member:
            continue
        if member.email and member.email in by_email:
            by_email[member.email].roster_member_id = member.id
            continue
        registration = Registration(
            meeting_id=meeting.id, name=member.name, email=member.email, token=secrets.token_urlsafe(32),
            organization_id=member.organization_id, organization_name=member.organization_name,
            organization_type=member.organization.type if member.organization else None,
            roster_member_id=member.id, role_id=member.role_id, source=RegistrationSource.ROSTER, status=RegistrationStatus.CONFIRMED,
            confirmed_at=utcnow())
        db.session.add(registration)
        added.append(registration)
    db.session.flush()
    return added


def open_items(group: StandingGroup, before: Meeting | None = None) -> list[MinutesItem]:
    """Items of the group's minutes with a next step not yet closed, oldest first; only from meetings before
    `before` when it is given."""
    query = (select(MinutesItem).join(Minutes, MinutesItem.minutes_id == Minutes.id)
             .join(Meeting, Minutes.meeting_id == Meeting.id)
             .where(Meeting.standing_group_id == group.id, MinutesItem.next_step.is_not(None),
                    MinutesItem.closed_at.is_(None)))
    if before is not None:
        query = query.where(Meeting.starts_at < before.starts_at)
    return list(db.session.scalars(query.order_by(Meeting.starts_at, MinutesItem.position)))


def carry_over(meeting: Meeting) -> list[AgendaItem]:
    """The open items of the group's earlier meetings, added at the end of this meeting's agenda (once each)."""
    if meeting.standing_group is None:
        return []
    carried = {item.carried_item_id for item in meeting.agenda if item.carried_item_id}
    added = []
    for item in open_items(meeting.standing_group, before=meeting):
        if item.id in carried:
            continue
        agenda_item = AgendaItem(meeting=meeting, position=len(meeting.agenda), carried_item=item,
                                 title=item.title[:300], speaker=item.owner)
        db.session.add(agenda_item)
        added.append(agenda_item)
    db.session.flush()
    return added


def close_item(item: MinutesItem, closed: bool = True) -> MinutesItem:
    """Done (or open again): a closed item is no longer carried to the next meeting."""
    item.closed_at = utcnow() if closed else None
    db.session.flush()
    return item


def attendance_counts(meeting: Meeting) -> tuple[int, int]:
    """(present, absent) among the people expected at the meeting: absent is everyone not checked in present."""
    expected = attendance.expected(meeting)
    present = sum(1 for registration in expected if registration.present)
    return present, len(expected) - present
