"""What the office acts on, before any chart: the three figures it asks for first (cards received, actions
concluded, budget spent against planned) and the completion of the cards by area and by referent. Pure."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _

from app.charts import euros

from .charts import CardFacts

RECEIVED = ("submitted", "approved")


@dataclass(frozen=True)
class KeyFigures:
    cards: int
    received: int            # sent by the referent or already approved
    concluded: int           # actions whose card says they are concluded
    planned: Decimal
    spent: Decimal

    @property
    def spent_percent(self) -> int | None:
        return round(100 * self.spent / self.planned) if self.planned else None

    def amounts(self) -> tuple[str, str]:
        """Spent and planned in whole euros, the reader's way: a big figure has no cents."""
        return euros(self.spent), euros(self.planned)


def key_figures(cards: list[CardFacts]) -> KeyFigures:
    lines = [line for card in cards for line in card.budget]
    return KeyFigures(cards=len(cards), received=sum(1 for c in cards if c.status in RECEIVED),
                      concluded=sum(1 for c in cards if c.state == "concluded"),
                      planned=sum((line.planned for line in lines), Decimal(0)),
                      spent=sum((line.spent for line in lines), Decimal(0)))


@dataclass
class Completion:
    name: str
    total: int = 0
    by_status: Counter = field(default_factory=Counter)
    not_reportable: int = 0
    late: int = 0

    @property
    def done(self) -> int:
        return sum(self.by_status[status] for status in RECEIVED)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def completion(cards: list[CardFacts], by: str) -> list[Completion]:
    """Cards per area (`by="area"`) or per referent (`by="referent"`), counted by workflow status."""
    groups: dict[str, Completion] = {}
    for card in cards:
        keys = [card.area] if by == "area" else (list(card.referents) or [_("No referent")])
        for key in keys:
            group = groups.setdefault(key, Completion(key))
            group.total += 1
            group.by_status[card.status] += 1
            group.not_reportable += card.not_reportable
            group.late += card.late
    result = list(groups.values())
    return result if by == "area" else sorted(result, key=lambda g: (-g.late, g.percent, g.name))
