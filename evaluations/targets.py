"""Targets agreed for an action elsewhere (a co-design table's families reached, operators and volunteers
involved) that its evaluation cards report on: each card a campaign opens starts with them as indicators, beside
last cycle's (carry_over.py). Features plug in a provider from their `register()`, so evaluations imports none."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from app.models import SystemAction

from .models import CardIndicator


@dataclass(frozen=True)
class Target:
    name: str
    unit: str | None
    target: Decimal


# Provider name -> (actions) -> {action id: the targets agreed for it}; kept by name, so registering again
# (every create_app does) changes nothing.
PROVIDERS: dict[str, Callable[[list[SystemAction]], dict[int, list[Target]]]] = {}


def add_target_provider(name: str, provider: Callable[[list[SystemAction]], dict[int, list[Target]]]) -> None:
    PROVIDERS[name] = provider


def with_targets(actions: list[SystemAction], indicators: dict[int, list[CardIndicator]]
                 ) -> dict[int, list[CardIndicator]]:
    """`indicators` (action id -> the new card's rows) with every agreed target: on the row of the same name when
    there is one, else on a row of its own at the end."""
    result = {action_id: list(rows) for action_id, rows in indicators.items()}
    for provider in PROVIDERS.values():
        for action_id, targets in provider(actions).items():
            rows = result.setdefault(action_id, [])
            for target in targets:
                row = next((r for r in rows if r.name.casefold() == target.name.casefold()), None)
                if row is None:
                    rows.append(CardIndicator(position=len(rows), name=target.name[:300], unit=target.unit,
                                              target=target.target))
                else:
                    row.target = target.target
    return {action_id: rows for action_id, rows in result.items() if rows}
