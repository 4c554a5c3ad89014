"""Accessibility feedback (the AgID guidelines' "meccanismo di feedback"): a report is kept and e-mailed to whoever
answers for the page: a district's planning office, or the installation's administrators when no district is in
the address. Its personal data (an optional name and address for a reply) are declared to the GDPR registry."""
from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from . import mail, privacy
from .accessibility_models import AccessibilityFeedback
from .account_models import User
from .extensions import db
from .models import District, utcnow
from .moderation import excerpt, office_members
from .people import normalise_email
from .privacy_data import scoped, when
from .urls import public_url

PAGE_MAX_LENGTH = 500
DESCRIPTION_MAX_LENGTH = 5000
NAME_MAX_LENGTH = 200
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
log = logging.getLogger(__name__)


def page_path(value: str | None, site_root: str | None = None) -> str:
    """The path (and query) of a page of this site below its root (`request.url_root`), from what a form or a
    referrer gave: another site's address, or anything that is not a path, gives ""."""
    value = CONTROL.sub("", (value or "").strip())
    if site_root and value.startswith(site_root):
        value = "/" + value[len(site_root):]
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or value.startswith("//"):
        return ""
    return (parts.path + (f"?{parts.query}" if parts.query else ""))[:PAGE_MAX_LENGTH]


def add_feedback(district: District | None, *, page: str, description: str, name: str | None = None,
                 email: str | None = None) -> AccessibilityFeedback:
    """Keep a report and tell whoever answers for it; the caller commits."""
    feedback = AccessibilityFeedback(
        district_id=district.id if district else None, page=page_path(page) or "/",
        description=CONTROL.sub("", description).replace("\r\n", "\n").strip()[:DESCRIPTION_MAX_LENGTH],
        name=" ".join(CONTROL.sub("", name or "").split())[:NAME_MAX_LENGTH] or None,
        email=normalise_email(email) if email and email.strip() else None)
    db.session.add(feedback)
    db.session.flush()
    _tell(feedback, district)
    return feedback


def recipients(district: District | None) -> list[User]:
    """The planning office of the district; the active administrators for the installation."""
    if district is not None:
        return office_members(district)
    return list(db.session.scalars(db.select(User).where(User.is_admin, User.active).order_by(User.id)))


def list_url(district: District | None) -> str:
    if district is not None:
        return public_url("accessibility_admin.district_list", district=district.slug)
    return public_url("accessibility_admin.installation_list")


def _tell(feedback: AccessibilityFeedback, district: District | None) -> int:
    """One e-mail, in Italian, to each recipient; a mail server that fails must not lose the report."""
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Accessibility report: %(page)s", page=feedback.page)
        body = render_template("mail/accessibility_feedback.txt", feedback=feedback, district=district,
                               page_url=current_app.config["PDZ_BASE_URL"] + feedback.page,
                               text=excerpt(feedback.description, DESCRIPTION_MAX_LENGTH),
                               list_url=list_url(district))
    sent = 0
    for person in recipients(district):
        try:
            mail.send(person.email, subject, body, district=district)
            sent += 1
        except OSError:
            log.exception("accessibility report e-mail to user %s not sent", person.id)
    return sent


def reports(district: District | None):
    """A district's reports, or every report for the installation's list; open ones first, newest first."""
    query = db.select(AccessibilityFeedback).order_by(AccessibilityFeedback.handled_at.is_not(None),
                                                       AccessibilityFeedback.created_at.desc(),
                                                       AccessibilityFeedback.id.desc())
    return query if district is None else query.where(AccessibilityFeedback.district_id == district.id)


def mark_handled(feedback: AccessibilityFeedback, by: User) -> None:
    if feedback.handled_at is None:
        feedback.handled_at, feedback.handled_by = utcnow(), by
        db.session.flush()


# ---- personal data (app/privacy.py) ---------------------------------------------------------------------

def _of(email: str, district_id: int | None) -> list[AccessibilityFeedback]:
    query = db.select(AccessibilityFeedback).where(AccessibilityFeedback.email == email)
    return list(db.session.scalars(scoped(query, AccessibilityFeedback.district_id, district_id)
                                   .order_by(AccessibilityFeedback.id)))


def export_feedback(email: str, district_id: int | None = None) -> list[dict]:
    return [{"district": f.district.name if f.district else None, "page": f.page, "name": f.name,
             "email": f.email, "description": f.description, "sent_at": when(f.created_at),
             "handled_at": when(f.handled_at)} for f in _of(email, district_id)]


def erase_feedback(email: str, district_id: int | None = None) -> int:
    """The report stays (the problem is still the site's), without the name and the address, in its fields
    and in its text."""
    found = _of(email, district_id)
    names = privacy.current_erasure(email, district_id).names
    for feedback in found:
        feedback.description = privacy.scrub_text(feedback.description, email, names | {feedback.name or ""})
        feedback.name = feedback.email = None
    db.session.flush()
    return len(found)


privacy.register("accessibility_feedback", export=export_feedback, erase=erase_feedback)
