"""Tell the planning office that a contribution from the public (a comment on a post, a comment or an amendment
on a plan draft) waits for moderation: one e-mail, in Italian, to each planning office member of the district.

Not a flood: no e-mail when the office was already told, within the last hour, about a contribution on the same
post, chapter or objective that is still waiting. The rule reads `office_notified_at` of the contributions, so
every server applies it the same way.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from . import mail
from .extensions import db
from .account_models import Membership, User
from .models import District, Role, utcnow
from .text import shorten

WINDOW = timedelta(hours=1)
EXCERPT_LENGTH = 300
log = logging.getLogger(__name__)


@dataclass
class Waiting:
    """What the e-mail says about the contribution (nothing of the writer beyond the name the queue shows)."""
    district: District
    kind: str          # "comment" or "amendment"
    where: str         # the post, chapter or objective it is on
    author: str
    text: str
    queue_url: str
    at: datetime = field(default_factory=lambda: utcnow())   # when it arrived (naive UTC)


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    return shorten(text, length)


def claim(item, *still_waiting) -> bool:
    """Mark `item` (not yet flushed) as the one the office is told about, unless the office was told within
    WINDOW about a contribution selected by `still_waiting` (same target, still pending). True: send."""
    model = type(item)
    now = utcnow()
    with db.session.no_autoflush:       # `item` may already be in the session: insert it with the mark
        told = db.session.scalar(db.select(model.id).where(*still_waiting, model.office_notified_at > now - WINDOW)
                                 .limit(1))
    if told is not None:
        return False
    item.office_notified_at = now
    return True


def office_members(district: District) -> list[User]:
    return list(db.session.scalars(
        db.select(User).join(Membership).where(Membership.district_id == district.id,
                                               Membership.role == Role.PLANNING_OFFICE, User.active)
        .order_by(User.id)))


def tell_office(waiting: Waiting) -> int:
    """E-mail every planning office member of the district; returns how many were written to.

    A mail server that fails must not lose the contribution already saved: the failure is logged."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = (_("New comment to moderate: %(where)s", where=waiting.where) if waiting.kind == "comment"
                   else _("New amendment to decide: %(where)s", where=waiting.where))
        body = render_template("mail/moderation.txt", waiting=waiting, excerpt=excerpt(waiting.text),
                               window=int(WINDOW.total_seconds() // 60))
    sent = 0
    for member in office_members(waiting.district):
        try:
            mail.send(member.email, subject, body, district=waiting.district)
            sent += 1
        except OSError:
            log.exception("moderation e-mail to user %s not sent", member.id)
    return sent
