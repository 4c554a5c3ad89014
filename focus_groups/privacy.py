"""The personal data of focus groups, declared to the GDPR registry (app/privacy.py): who facilitates a group.
Keywords typed on phones carry only a random client id, never a person, so they are not here."""
from __future__ import annotations

from app import privacy
from app.extensions import db
from app.account_models import User
from app.privacy_data import scoped, user_of

from .models import FocusGroup


def _facilitated(user: User | None, district_id: int | None):
    if user is None:
        return []
    query = db.select(FocusGroup).where(FocusGroup.facilitators.contains(user))
    return db.session.scalars(scoped(query, FocusGroup.district_id, district_id)).all()


def export_facilitation(email: str, district_id: int | None = None) -> list[dict]:
    return [{"focus_group": group.title, "district": group.district.name}
            for group in _facilitated(user_of(email), district_id)]


def erase_facilitation(email: str, district_id: int | None = None) -> int:
    user = user_of(email)
    groups = _facilitated(user, district_id)
    for group in groups:
        group.facilitators.remove(user)
    db.session.flush()
    return len(groups)


def register() -> None:
    privacy.register("focus_group_facilitation", export=export_facilitation, erase=erase_facilitation)
