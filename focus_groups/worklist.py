"""A facilitator's district page opens on their focus groups and keyword sessions, the open ones first."""
from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from app.extensions import db
from app.models import District, Role
from app.worklist import register_landing_panel

from .models import FocusGroup, focus_group_facilitators


def facilitated_by(user, district: District) -> list[FocusGroup]:
    """The district's focus groups `user` facilitates, latest first (undated ones last)."""
    return list(db.session.scalars(
        db.select(FocusGroup).join(focus_group_facilitators, focus_group_facilitators.c.focus_group_id == FocusGroup.id)
        .where(FocusGroup.district_id == district.id, focus_group_facilitators.c.user_id == user.id)
        .order_by(FocusGroup.date.desc().nulls_last(), FocusGroup.id.desc())
        .options(db.selectinload(FocusGroup.sessions), db.joinedload(FocusGroup.area))))


def facilitator_panel(district: District, user) -> Markup | None:
    if Role.FACILITATOR not in user.roles_in(district.id):
        return None
    # an autoescaped template's output: safe to place in the district page as it is
    html = render_template("focus_groups/_my_work.html", groups=facilitated_by(user, district))
    return Markup(html)  # nosec B704


register_landing_panel(facilitator_panel, order=200)
