"""Keyword sessions as services: open and close them, take keywords from phones and paper, moderate,
and compute what the projector wall shows. Services only flush; the caller commits."""
from __future__ import annotations

import hashlib
import json
import re
import secrets
import uuid
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from app.errors import DomainError
from app.extensions import db
from app.models import utcnow

from .models import (CODE_ALPHABET, CODE_LENGTH, KEYWORD_MAX_LENGTH, BlockedWord, FocusGroup, Keyword,
                     KeywordGroup, KeywordSession, KeywordSource, SessionState)
from .normalise import automatic_key, fold


class KeywordRejected(DomainError):
    """A submission the participant must be told about: `code` is stable for clients, `status` for HTTP."""

    def __init__(self, code: str, message: str, status: int):
        super().__init__(message)
        self.code = code
        self.status = status


# ---- codes ----------------------------------------------------------------------------------------------

def normalise_code(code: str) -> str:
    """What a participant typed, as codes are stored: upper case, no spaces."""
    return re.sub(r"\s+", "", code or "").upper()


def new_code() -> str:
    """A fresh, unused join code from the unambiguous alphabet."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not db.session.scalar(db.select(KeywordSession.id).filter_by(code=code)):
            return code


def session_by_code(code: str) -> KeywordSession | None:
    return db.session.scalar(db.select(KeywordSession).filter_by(code=normalise_code(code)))


# ---- the facilitator's controls ----------------------------------------------------------------------------

def open_session(focus_group: FocusGroup, prompt: str, *, keywords_per_person: int = 1,
                 premoderation: bool = False, code: str | None = None) -> KeywordSession:
    prompt = (prompt or "").strip()
    if not prompt:
        raise DomainError(_("Write the prompt the participants will see."))
    if keywords_per_person < 1:
        raise DomainError(_("Each participant must be able to send at least one keyword."))
    code = normalise_code(code) if code else new_code()
    if session_by_code(code):
        raise DomainError(_("The code %(code)s is already in use.", code=code))
    session = KeywordSession(focus_group=focus_group, code=code, prompt=prompt,
                             keywords_per_person=keywords_per_person, premoderation=premoderation,
                             state=SessionState.OPEN, opened_at=utcnow())
    db.session.add(session)
    db.session.flush()
    return session


def close_session(session: KeywordSession) -> KeywordSession:
    session.state = SessionState.CLOSED
    session.closed_at = utcnow()
    db.session.flush()
    return session


def reopen_session(session: KeywordSession) -> KeywordSession:
    session.state = SessionState.OPEN
    session.closed_at = None
    db.session.flush()
    return session


def set_paused(session: KeywordSession, paused: bool) -> KeywordSession:
    session.paused = paused
    db.session.flush()
    return session


def set_hidden(keyword: Keyword, hidden: bool) -> Keyword:
    keyword.hidden = hidden
    db.session.flush()
    return keyword


def approve(keyword: Keyword) -> Keyword:
    keyword.approved = True
    db.session.flush()
    return keyword


# ---- submissions ---------------------------------------------------------------------------------------------

def valid_uuid(value) -> str | None:
    """The canonical form of a UUID string, or None."""
    if not isinstance(value, str):
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


def check_text(text) -> str:
    if not isinstance(text, str) or not text.strip():
        raise KeywordRejected("text_empty", _("Write a keyword before sending."), 422)
    if len(text) > KEYWORD_MAX_LENGTH:   # as sent: a million spaces around a word are not a short keyword
        raise KeywordRejected("text_too_long", _("A keyword can be at most %(max)d characters long.",
                                                 max=KEYWORD_MAX_LENGTH), 422)
    return text


def blocked_word_in(session: KeywordSession, text: str) -> str | None:
    words = db.session.scalars(db.select(BlockedWord.word)
                               .filter_by(district_id=session.focus_group.district_id)).all()
    padded = f" {fold(text)} "
    for word in words:
        normal = fold(word)
        if normal and f" {normal} " in padded:
            return word
    return None


def keywords_sent_by(session: KeywordSession, client_id: str) -> int:
    return db.session.scalar(db.select(func.count(Keyword.id))
                             .filter_by(session_id=session.id, client_id=client_id)) or 0


def _existing(session: KeywordSession, submission_id: str) -> Keyword | None:
    return db.session.scalar(db.select(Keyword).filter_by(session_id=session.id, submission_id=submission_id))


@dataclass
class Submission:
    keyword: Keyword
    created: bool          # False for a retry of a submission already stored
    remaining: int         # how many more keywords this participant may send


def submit_keyword(session: KeywordSession, text, client_id: str, submission_id: str) -> Submission:
    """Store a phone's keyword once, however many times the phone retries the same submission."""
    if (keyword := _existing(session, submission_id)) is not None:
        return Submission(keyword, False, max(0, session.keywords_per_person - keywords_sent_by(session, client_id)))
    if not session.is_open:
        raise KeywordRejected("session_closed", _("This session is closed: no more keywords are collected."), 409)
    text = check_text(text)
    sent = keywords_sent_by(session, client_id)
    if sent >= session.keywords_per_person:
        if (keyword := _existing(session, submission_id)) is not None:   # a retry that raced the original
            return Submission(keyword, False, 0)
        raise KeywordRejected("limit_reached", _("You have already sent your keywords for this session. "
                                                 "Thank you!"), 409)
    if blocked_word_in(session, text):
        raise KeywordRejected("blocked_word", _("This word cannot be shown on the wall. Please choose "
                                                "another one."), 422)
    keyword = Keyword(session_id=session.id, text=text, source=KeywordSource.PHONE, client_id=client_id,
                      submission_id=submission_id, approved=not session.premoderation)
    try:
        with db.session.begin_nested():
            db.session.add(keyword)
    except IntegrityError:
        # The same submission arrived twice at once: the other request stored it.
        if (existing := _existing(session, submission_id)) is None:
            raise
        return Submission(existing, False, max(0, session.keywords_per_person - sent - 1))
    return Submission(keyword, True, max(0, session.keywords_per_person - sent - 1))


def add_paper_keywords(session: KeywordSession, lines: str) -> list[Keyword]:
    """Keywords written on paper, one per line, typed in by the facilitator (empty lines skipped)."""
    keywords = []
    for line in (lines or "").splitlines():
        if not line.strip():
            continue
        keywords.append(Keyword(session_id=session.id, text=check_text(line.strip()), source=KeywordSource.PAPER,
                                approved=True))
    db.session.add_all(keywords)
    db.session.flush()
    return keywords


# ---- the wall ------------------------------------------------------------------------------------------------

def wall_document(session: KeywordSession) -> dict:
    """The visible keywords, grouped (by the facilitator's groups, else by their normal form), with counts."""
    rows = db.session.execute(
        db.select(Keyword.text, Keyword.group_id, KeywordGroup.label)
        .outerjoin(KeywordGroup, Keyword.group_id == KeywordGroup.id)
        .where(Keyword.session_id == session.id, Keyword.hidden.is_(False), Keyword.approved.is_(True))
        .order_by(Keyword.id)).all()
    buckets: dict[tuple, dict] = {}
    for text, group_id, group_label in rows:
        key = ("group", group_id) if group_id is not None else ("auto", automatic_key(text))
        bucket = buckets.setdefault(key, {"label": group_label, "count": 0, "variants": {}})
        bucket["count"] += 1
        variant = text.strip()
        bucket["variants"][variant] = bucket["variants"].get(variant, 0) + 1
    groups = []
    for bucket in buckets.values():
        variants = sorted(bucket["variants"].items(), key=lambda item: -item[1])  # stable: first typed wins ties
        groups.append({"label": bucket["label"] or variants[0][0], "count": bucket["count"],
                       "variants": [text for text, _count in variants]})
    groups.sort(key=lambda g: (-g["count"], g["label"].casefold()))
    return {"code": session.code, "prompt": session.prompt, "state": session.state.value,
            "paused": session.paused, "total": len(rows), "groups": groups}


def document_etag(document: dict) -> str:
    """A strong validator: the same bytes give the same tag."""
    body = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()[:32]
