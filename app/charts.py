"""Chart primitives every feature's charts share: the palette, the plotly layout in the house style, and a
chart with its accessible table. Pure: no Flask, no database; figures are plain dicts in plotly's JSON schema."""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

# Colour-blind-safe palette (Okabe–Ito); meaning is never carried by colour alone: every chart has a table.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


@dataclass
class Table:
    """The accessible alternative of a chart: `kinds` says how the template formats each column
    ("text", "int", "money", "pct", "ratio", "range")."""
    caption: str
    headers: list[str]
    kinds: list[str]
    rows: list[list]


@dataclass
class Chart:
    key: str
    title: str
    figure: dict
    table: Table
    description: str = ""

    @property
    def figure_json(self) -> str:
        return json.dumps(self.figure, default=json_default, separators=(",", ":"))


def json_default(value):
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def layout(title: str, **extra) -> dict:
    """A plotly layout in the house style (font, palette, margins, legend below); `extra` overrides."""
    # The page's heading names the chart: no title inside the figure, so it is not read twice.
    figure_layout = {"meta": {"title": title}, "margin": {"l": 60, "r": 20, "t": 20, "b": 60},
                     "font": {"family": "Titillium Web, Geneva, Tahoma, sans-serif"}, "colorway": PALETTE,
                     "legend": {"orientation": "h", "y": -0.2}}
    figure_layout.update(extra)
    return figure_layout
