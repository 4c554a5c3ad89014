"""Personal data across features, for GDPR requests: each feature registers how to export and erase
what it holds about a person (found by e-mail address), so one request covers the whole platform.
A feature may also register a `purge` hook that deletes what its retention period no longer allows.

Every request has a scope: a district's id, when that district's planning office handles it (only the
district's records are touched), or None for the whole platform (the administrator, `pdz privacy ...`)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable

from flask import current_app

from .extensions import db
from .models import District, utcnow
from .people import normalise_email

ERASED = "[erased]"
# Keys of exported records (and of audit-log values) that hold a person's name.
NAME_KEYS = {"name", "author_name", "full_name", "first_name", "last_name"}
# Shorter "names" (an initial, "-") would rub out every word they occur in when the copies are scrubbed.
SHORTEST_NAME = 3

Export = Callable[[str, "int | None"], list[dict]]   # (e-mail, district id or None) -> JSON-ready records
Erase = Callable[[str, "int | None"], int]           # (e-mail, district id or None) -> records erased


@dataclass(frozen=True)
class PersonalData:
    name: str                                  # a stable key, e.g. "meeting_registrations"
    export: Export
    erase: Erase
    purge: Callable[[datetime], int] | None = None   # now -> how many expired records were deleted
    final: bool = False                        # erased after every other kind (the account others look up)


@dataclass
class Erasure:
    """The erasure under way, for the erasers that scrub copies (audit log, outbox): whom to take out."""
    email: str
    district_id: int | None
    names: set[str] = field(default_factory=set)     # every name the person went by in the scope
    user_id: int | None = None                        # the account, once the account eraser has deleted it


REGISTRY: dict[str, PersonalData] = {}
# Retention hooks by name: given with register(), or alone with register_purge() for data whose export and
# erasure are declared elsewhere (or that hold nobody's data once anonymised).
PURGES: dict[str, Callable[[datetime], int]] = {}
_ERASURE = "privacy_erasure"     # key of the Erasure in db.session.info while erase_person runs


def register(name: str, *, export: Export, erase: Erase,
             purge: Callable[[datetime], int] | None = None, final: bool = False) -> None:
    """Declare a kind of personal data. Both functions take the e-mail (normalised) and the scope: a
    district's id, to touch only that district's records, or None for the whole platform.

    Erasure anonymises contributions (keywords, comments stay, unattributed) and deletes what only makes
    sense with the person (registrations, accounts). Records exported under a key of NAME_KEYS tell the
    names the person went by: the copies the platform made (audit log, outbox) are scrubbed of them.
    `purge(now)` deletes records older than their retention period (see `retention_cutoff`).
    Functions only flush; the caller commits the whole request at once."""
    REGISTRY[name] = PersonalData(name, export, erase, purge, final)
    if purge is not None:
        PURGES[name] = purge


def register_purge(name: str, purge: Callable[[datetime], int]) -> None:
    """Add a retention hook `purge(now) -> deleted count` under `name`, without export or erasure."""
    PURGES[name] = purge


def _in_order() -> list[PersonalData]:
    return sorted(REGISTRY.values(), key=lambda entry: (entry.final, entry.name))


def export_person(email: str, district_id: int | None = None) -> dict[str, list[dict]]:
    email = normalise_email(email)
    return {name: entry.export(email, district_id) for name, entry in sorted(REGISTRY.items())}


def export_document(email: str, district_id: int | None = None) -> dict:
    """What a person receives: every registered kind of data about them, dated."""
    email = normalise_email(email)
    district = db.session.get(District, district_id) if district_id is not None else None
    return {"email": email, "exported_at": utcnow().isoformat(timespec="seconds") + "Z",
            "district": district.name if district else None,
            "data": export_person(email, district_id)}


def names_in(exported: dict[str, list[dict]]) -> set[str]:
    """The names a person went by, as the exported records tell them (account, registrations, comments...)."""
    return {value.strip() for records in exported.values() for record in records
            for key, value in record.items()
            if key in NAME_KEYS and isinstance(value, str) and len(value.strip()) >= SHORTEST_NAME}


def erase_person(email: str, district_id: int | None = None) -> dict[str, int]:
    email = normalise_email(email)
    # The names are read before anything is erased: the records that hold them are about to go.
    erasure = Erasure(email, district_id, names_in(export_person(email, district_id)))
    if db.engine.dialect.name == "sqlite":
        # SQLite leaves deleted and overwritten text in the file's free space unless told to zero it.
        db.session.execute(db.text("PRAGMA secure_delete = ON"))
    db.session.info[_ERASURE] = erasure
    try:
        return {entry.name: entry.erase(email, district_id) for entry in _in_order()}
    finally:
        db.session.info.pop(_ERASURE, None)


def current_erasure(email: str, district_id: int | None = None) -> Erasure:
    """The erasure under way for `email` (an eraser called alone gets a fresh one, without names)."""
    erasure = db.session.info.get(_ERASURE)
    if erasure is None or erasure.email != email:
        erasure = Erasure(email, district_id)
    return erasure


def _pattern(email: str, names) -> re.Pattern | None:
    texts = sorted({email, *(n for n in names if n and len(n.strip()) >= SHORTEST_NAME)} - {""},
                   key=len, reverse=True)
    if not texts:
        return None
    # Whole words only (Anna is not taken out of Annalisa), any spacing (a folded header splits a name).
    words = [r"\s+".join(map(re.escape, text.split())) for text in texts]
    return re.compile("|".join(rf"(?<!\w){word}(?!\w)" for word in words), re.IGNORECASE)


def scrub_text(text: str, email: str, names) -> str:
    """`text` with the person's e-mail address and names replaced by ERASED."""
    pattern = _pattern(email, names)
    return pattern.sub(ERASED, text) if pattern and text else text


def scrub_values(values, email: str, names):
    """JSON-like data (dicts, lists, strings) with the person's e-mail and names taken out; a name recorded
    beside their address (a comment's author_name) is theirs even when it is none of `names`."""
    pattern = _pattern(email, names)
    if pattern is None:
        return values

    def scrub(value):
        if isinstance(value, str):
            return pattern.sub(ERASED, value)
        if isinstance(value, list):
            return [scrub(item) for item in value]
        if isinstance(value, dict):
            theirs = any(isinstance(v, str) and v.strip().lower() == email for v in value.values())
            return {key: ERASED if theirs and key in NAME_KEYS and item else scrub(item)
                    for key, item in value.items()}
        return value
    return scrub(values)


def purge_expired(now: datetime | None = None) -> dict[str, int]:
    """Run every registered purge hook: what each deleted because its retention period is over."""
    now = now or utcnow()
    return {name: purge(now) for name, purge in sorted(PURGES.items())}


def retention_cutoff(kind: str, now: datetime) -> datetime | None:
    """Records of `kind` older than this are purged; None when the operator keeps them (0 days).

    The periods are config["RETENTION_DAYS"] (defaults and PDZ_RETENTION_<KIND>_DAYS in app/config.py).
    """
    days = current_app.config["RETENTION_DAYS"].get(kind)
    return now - timedelta(days=days) if days else None
