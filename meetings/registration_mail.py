"""E-mails of meeting registrations, sent after the commit: queued on the session by the services (never
sent for a rolled-back change), each with the person's own link to manage their registration."""
from __future__ import annotations

import logging

from flask import render_template
from sqlalchemy import event
from sqlalchemy.orm import Session

from app import mail
from app.extensions import db
from app.urls import public_url

from .models import Registration

log = logging.getLogger(__name__)


def queue_mail(to: str, subject: str, template: str, *, district=None, **context) -> None:
    """Send a message once the current transaction commits; dropped if it rolls back."""
    body = render_template(template, **context)
    db.session.info.setdefault("pdz_mail_queue", []).append((to, subject, body, mail.filed_under(to, district)))


@event.listens_for(Session, "after_commit")
def _send_queued(session):
    queue = session.info.pop("pdz_mail_queue", [])
    for to, subject, body, district_slug in queue:
        try:
            mail.deliver(to, subject, body, district_slug=district_slug)
        except Exception:   # noqa: BLE001 - the data is committed; a lost e-mail must not turn into a 500
            log.exception("could not send the registration e-mail to %s", to)


@event.listens_for(Session, "after_rollback")
def _drop_queued(session):
    session.info.pop("pdz_mail_queue", None)


def manage_url(registration: Registration) -> str:
    return public_url("registration.manage", token=registration.token)


def mail_to(registration: Registration, subject: str, template: str) -> None:
    queue_mail(registration.email, subject, template, district=registration.meeting.district,
               registration=registration, meeting=registration.meeting, link=manage_url(registration))
