"""The district's list of participant roles: what it starts with, and the office's changes. A role in use
can be renamed; deleting it leaves its people without a role (they stay counted, as "role not given"); the list
is never left empty. Services only flush."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from .errors import InvalidField
from .extensions import db
from .models import District
from .role_models import DEFAULT_ROLES, ParticipantRole


def district_roles(district_id: int) -> list[ParticipantRole]:
    return list(db.session.scalars(select(ParticipantRole).filter_by(district_id=district_id)
                                   .order_by(ParticipantRole.position, ParticipantRole.id)))


def role_choices(district_id: int, empty: str) -> list[tuple]:
    """For a select: no role first (labelled `empty`), then the district's roles."""
    return [("", empty), *[(role.id, role.name) for role in district_roles(district_id)]]


def role_of(district_id: int, role_id: int | None) -> ParticipantRole | None:
    """The district's role with this id; another district's (or none) gives None."""
    role = db.session.get(ParticipantRole, role_id) if role_id else None
    return role if role is not None and role.district_id == district_id else None


def add_defaults(district: District) -> None:
    """A new district starts with the usual roles."""
    if not district_roles(district.id):
        for position, name in enumerate(DEFAULT_ROLES):
            db.session.add(ParticipantRole(district_id=district.id, name=name, position=position))
        db.session.flush()


def _name(district_id: int, name: str, current: ParticipantRole | None) -> str:
    name = " ".join((name or "").split())[:100]
    if not name:
        raise InvalidField("name", _("The name is required."))
    other = db.session.scalar(select(ParticipantRole).where(ParticipantRole.district_id == district_id,
                                                            func.lower(ParticipantRole.name) == name.lower()))
    if other is not None and other is not current:
        raise InvalidField("name", _("There is already a role called %(name)s.", name=other.name))
    return name


def add_role(district: District, name: str) -> ParticipantRole:
    last = db.session.scalar(select(func.max(ParticipantRole.position)).filter_by(district_id=district.id))
    role = ParticipantRole(district_id=district.id, name=_name(district.id, name, None), position=(last or 0) + 1)
    db.session.add(role)
    db.session.flush()
    return role


def rename_role(role: ParticipantRole, name: str) -> ParticipantRole:
    role.name = _name(role.district_id, name, role)
    db.session.flush()
    return role


def delete_role(role: ParticipantRole) -> None:
    if len(district_roles(role.district_id)) <= 1:
        raise InvalidField("name", _("The list needs at least one role: add another before deleting this one."))
    db.session.delete(role)
    db.session.flush()
