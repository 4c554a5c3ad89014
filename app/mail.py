"""Sends e-mail by SMTP when configured; otherwise writes it to the outbox folder the office can read.

Each message carries the slug of the district it concerns, so a district's planning office sees only its
own messages in the outbox (invitation links must not leak to another district). A message addressed to
someone with an account who is not a person of that district alone is filed with no district: only the
installation's administrator reads it (`/gestione/posta`), since its links (a new password, an invitation)
would let that office act as the person.
"""
from __future__ import annotations

import os
import smtplib
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, make_msgid, parsedate_to_datetime

from flask import current_app
from sqlalchemy import func, select

from .clock import ROME
from .extensions import db
from .account_models import User

DISTRICT_HEADER = "X-PdZ-District"


@dataclass
class OutboxMessage:
    filename: str
    to: str
    subject: str
    date: datetime | None
    body: str
    district: str | None = None


def smtp_configured() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def send(to: str, subject: str, body: str, *, district=None) -> None:
    """Send a plain-text message; `district` (a District) scopes it in the outbox (see filed_under)."""
    deliver(to, subject, body, district_slug=filed_under(to, district))


def filed_under(to: str, district) -> str | None:
    """The slug of the district whose outbox keeps a message to `to` about `district`: None when somebody with
    an account at that address is not a person of that district alone (the module's docstring)."""
    return district.slug if district is not None and _of_district_alone(to, district) else None


def deliver(to: str, subject: str, body: str, *, district_slug: str | None) -> None:
    """Send a message whose outbox district is already decided (filed_under): it reads no database, so it also
    works after a commit."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(ROME))   # the district's time, like the body
    message["Message-ID"] = make_msgid(domain="pdz.local")
    if district_slug is not None:
        message[DISTRICT_HEADER] = district_slug
    message.set_content(body)
    if smtp_configured():
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
        return
    outbox = config["OUTBOX_DIR"]
    os.makedirs(outbox, exist_ok=True)
    name = datetime.now().strftime("%Y%m%d-%H%M%S-%f") + ".eml"
    # Exclusive creation: two messages in the same microsecond must not overwrite each other.
    stem, counter = name[:-4], 0
    while True:
        try:
            with open(os.path.join(outbox, name), "xb") as fh:
                fh.write(message.as_bytes())
            return
        except FileExistsError:
            counter += 1
            name = f"{stem}-{counter}.eml"


def _of_district_alone(to: str, district) -> bool:
    """Nobody has an account at `to`, or its owner works in `district` and nowhere else."""
    user = db.session.scalar(select(User).where(func.lower(User.email) == to.strip().lower()))
    return user is None or user.works_only_in(district.id)


def _read(folder: str, name: str) -> OutboxMessage:
    with open(os.path.join(folder, name), "rb") as fh:
        parsed = BytesParser(policy=policy.default).parse(fh)
    body_part = parsed.get_body(preferencelist=("plain",))
    return OutboxMessage(
        filename=name, to=str(parsed["To"] or ""), subject=str(parsed["Subject"] or ""),
        date=parsedate_to_datetime(parsed["Date"]) if parsed["Date"] else None,
        body=body_part.get_content() if body_part is not None else "",
        district=str(parsed[DISTRICT_HEADER]) if parsed[DISTRICT_HEADER] else None)


def outbox(limit: int | None = None, *, district=None) -> list[OutboxMessage]:
    """The messages written to the outbox, newest first; with `district`, only that district's."""
    folder = current_app.config["OUTBOX_DIR"]
    if not os.path.isdir(folder):
        return []
    names = sorted((n for n in os.listdir(folder) if n.endswith(".eml")), reverse=True)
    messages, theirs = [], {}
    for name in names:
        message = _read(folder, name)
        if district is not None and message.district != district.slug:
            continue
        if district is not None:
            # Filed when the person was of this district alone: kept out once they also work elsewhere.
            if message.to not in theirs:
                theirs[message.to] = _of_district_alone(message.to, district)
            if not theirs[message.to]:
                continue
        messages.append(message)
        if limit is not None and len(messages) >= limit:
            break
    return messages
