"""Personal data across features, for GDPR requests: each feature registers how to export and erase
what it holds about a person (found by e-mail address), so one request covers the whole platform."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .people import normalise_email


@dataclass(frozen=True)
class PersonalData:
    name: str                                  # a stable key, e.g. "meeting_registrations"
    export: Callable[[str], list[dict]]        # e-mail -> JSON-ready records about that person
    erase: Callable[[str], int]                # e-mail -> how many records were erased or anonymised


REGISTRY: dict[str, PersonalData] = {}


def register(name: str, *, export: Callable[[str], list[dict]], erase: Callable[[str], int]) -> None:
    """Declare a kind of personal data. Erasure anonymises contributions (keywords, comments stay,
    unattributed) and deletes what only makes sense with the person (registrations, accounts).
    Functions only flush; the caller commits the whole request at once."""
    REGISTRY[name] = PersonalData(name, export, erase)


def export_person(email: str) -> dict[str, list[dict]]:
    email = normalise_email(email)
    return {name: entry.export(email) for name, entry in sorted(REGISTRY.items())}


def erase_person(email: str) -> dict[str, int]:
    email = normalise_email(email)
    return {name: entry.erase(email) for name, entry in sorted(REGISTRY.items())}
