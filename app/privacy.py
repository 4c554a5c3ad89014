"""Personal data across features, for GDPR requests: each feature registers how to export and erase
what it holds about a person (found by e-mail address), so one request covers the whole platform.
A feature may also register a `purge` hook that deletes what its retention period no longer allows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from .people import normalise_email


@dataclass(frozen=True)
class PersonalData:
    name: str                                  # a stable key, e.g. "meeting_registrations"
    export: Callable[[str], list[dict]]        # e-mail -> JSON-ready records about that person
    erase: Callable[[str], int]                # e-mail -> how many records were erased or anonymised
    purge: Callable[[datetime], int] | None = None   # now -> how many expired records were deleted
    final: bool = False                        # erased after every other kind (the account others look up)


REGISTRY: dict[str, PersonalData] = {}
# Retention hooks by name: given with register(), or alone with register_purge() for data whose export and
# erasure are declared elsewhere (or that hold nobody's data once anonymised).
PURGES: dict[str, Callable[[datetime], int]] = {}


def register(name: str, *, export: Callable[[str], list[dict]], erase: Callable[[str], int],
             purge: Callable[[datetime], int] | None = None, final: bool = False) -> None:
    """Declare a kind of personal data. Erasure anonymises contributions (keywords, comments stay,
    unattributed) and deletes what only makes sense with the person (registrations, accounts).
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


def export_person(email: str) -> dict[str, list[dict]]:
    email = normalise_email(email)
    return {name: entry.export(email) for name, entry in sorted(REGISTRY.items())}


def export_document(email: str) -> dict:
    """What a person receives: every registered kind of data about them, dated."""
    from .models import utcnow
    email = normalise_email(email)
    return {"email": email, "exported_at": utcnow().isoformat(timespec="seconds") + "Z",
            "data": export_person(email)}


def erase_person(email: str) -> dict[str, int]:
    email = normalise_email(email)
    return {entry.name: entry.erase(email) for entry in _in_order()}


def purge_expired(now: datetime | None = None) -> dict[str, int]:
    """Run every registered purge hook: what each deleted because its retention period is over."""
    from .models import utcnow
    now = now or utcnow()
    return {name: purge(now) for name, purge in sorted(PURGES.items())}


def retention_cutoff(kind: str, now: datetime) -> datetime | None:
    """Records of `kind` older than this are purged; None when the operator keeps them (0 days).

    The periods are config["RETENTION_DAYS"] (defaults and PDZ_RETENTION_<KIND>_DAYS in app/config.py).
    """
    from flask import current_app
    days = current_app.config["RETENTION_DAYS"].get(kind)
    return now - timedelta(days=days) if days else None
