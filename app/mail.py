"""Sends e-mail by SMTP when configured; otherwise writes it to the outbox folder the office can read."""
from __future__ import annotations

import os
import smtplib
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parsedate_to_datetime
from email import policy
from email.parser import BytesParser

from flask import current_app


@dataclass
class OutboxMessage:
    filename: str
    to: str
    subject: str
    date: datetime | None
    body: str


def send(to: str, subject: str, body: str) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now().astimezone())
    message["Message-ID"] = make_msgid(domain="pdz.local")
    message.set_content(body)
    if config.get("MAIL_SERVER"):
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
    with open(os.path.join(outbox, name), "wb") as fh:
        fh.write(message.as_bytes())


def outbox(limit: int | None = None) -> list[OutboxMessage]:
    """The messages written to the outbox, newest first."""
    folder = current_app.config["OUTBOX_DIR"]
    if not os.path.isdir(folder):
        return []
    names = sorted((n for n in os.listdir(folder) if n.endswith(".eml")), reverse=True)[:limit]
    messages = []
    for name in names:
        with open(os.path.join(folder, name), "rb") as fh:
            parsed = BytesParser(policy=policy.default).parse(fh)
        messages.append(OutboxMessage(
            filename=name, to=str(parsed["To"]), subject=str(parsed["Subject"]),
            date=parsedate_to_datetime(parsed["Date"]) if parsed["Date"] else None,
            body=parsed.get_body(preferencelist=("plain",)).get_content()))
    return messages
