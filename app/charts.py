"""Chart primitives every feature's charts share: the palette and what each colour means, the plotly layout in
the house style (the reader's number format, readable text), axes that never write "20k", and a chart with its
one-line takeaway and its accessible table. No database; figures are plain dicts in plotly's JSON schema."""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale
from babel.numbers import format_currency, format_decimal, get_decimal_symbol, get_group_symbol

# Colour-blind-safe palette (Okabe–Ito); meaning is never carried by colour alone: every chart has a table.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, YELLOW, BLACK = PALETTE
GREY = "#767676"       # nothing reported / not given: the one neutral colour

# One meaning per colour: a category has the same colour on every chart of the site. A single series of counts
# is QUANTITY; the families below never share a chart, and within a family every colour is distinct.
QUANTITY = BLUE
# What became of an action: done (green), under way (sky), begun (orange), not begun (purple), not done
# (vermillion), not reported (grey). Keys are the implementation states of the evaluation cards.
STATE_COLOURS = {"concluded": GREEN, "running": SKY, "started": ORANGE, "not_started": PURPLE,
                 "not_carried_out": VERMILLION, None: GREY}
MONEY_COLOURS = {"planned": BLUE, "committed": SKY, "spent": ORANGE, "attracted": PURPLE}
PEOPLE_COLOURS = {"involved": BLUE, "beneficiaries": PURPLE}
# Intensity (a score, a number of actions): from almost white to the quantity's blue, with a titled colour bar.
SEQUENTIAL = [[0, "#F2F7FB"], [1, BLUE]]

FONT = {"family": "Titillium Web, Geneva, Tahoma, sans-serif", "size": 14, "color": "#1A1A1A"}
SMALLEST_TEXT = 12      # px: no tick, label or hover text is smaller


def category_colour(position: int | None) -> str:
    """The colour of the position-th category of an ordered list a district keeps (kinds of organization,
    roles): the same category keeps its place, so its colour, on every chart. None: not given (grey). Eight
    categories get eight colours; a longer list starts again (its table tells them apart)."""
    return GREY if position is None else PALETTE[position % len(PALETTE)]


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
    takeaway: str = ""      # one line, read before the chart: what it says, from its own data
    empty: bool = False     # nothing to draw: the takeaway says so, and no blank figure is shown

    @property
    def figure_json(self) -> str:
        return json.dumps(self.figure, default=json_default, separators=(",", ":"))


def json_default(value):
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


# ---- the reader's numbers -------------------------------------------------------------------------------

def locale() -> str:
    """The language of the request (Italian outside one: the platform's first language)."""
    try:
        from flask_babel import get_locale
        current = get_locale()
    except (ImportError, RuntimeError):
        current = None
    return str(current) if current else "it"


def separators(language: str | None = None) -> str:
    """Plotly's `separators`: decimal mark then thousands mark, as the reader writes them ("," "." in Italian)."""
    language = language or locale()
    return get_decimal_symbol(language) + get_group_symbol(language)


def number(value, digits: int = 0, language: str | None = None) -> str:
    """A figure for a takeaway, written the reader's way (20.000; 1,25)."""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value or 0, format=pattern, locale=language or locale())


def euros(value, language: str | None = None) -> str:
    """An amount in whole euros the reader's way (20.000 €; €20,000): a takeaway rounds, the table does not."""
    language = language or locale()
    pattern = Locale.parse(language).currency_formats["standard"].pattern.split(";")[0].replace(".00", "")
    return format_currency(round(value or 0), "EUR", format=pattern, currency_digits=False, locale=language)


def label(text) -> str:
    """Text people typed, safe inside plotly labels (plotly reads a few HTML tags there)."""
    return str(text).replace("<", "‹").replace(">", "›")


def short(text, width: int = 40) -> str:
    text = label(" ".join(str(text).split()))
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def wrapped(text, width: int = 22, lines: int = 3) -> str:
    """A long axis label on a few lines (plotly breaks lines only at <br>)."""
    rows: list[str] = []
    for word in label(" ".join(str(text).split())).split(" "):
        if rows and len(rows[-1]) + 1 + len(word) <= width:
            rows[-1] += " " + word
        else:
            rows.append(word)
    if len(rows) > lines:
        rows = rows[:lines]
        rows[-1] = rows[-1][:width - 1] + "…"
    return "<br>".join(rows)


# ---- axes and the layout ------------------------------------------------------------------------------------

def count_axis(title: str, top: float = 0, **extra) -> dict:
    """An axis of whole numbers: 20.000, never 20k nor 0,5 (one tick per unit when the counts are small)."""
    axis = {"title": {"text": title}, "tickformat": ",d", "hoverformat": ",d", "rangemode": "tozero"}
    if top <= 5:
        axis["dtick"] = 1
    return {**axis, **extra}


def money_axis(**extra) -> dict:
    return {"tickformat": ",.0f", "ticksuffix": " €", "hoverformat": ",.2~f",
            "rangemode": "tozero", **extra}


def percent_axis(**extra) -> dict:
    return {"range": [0, 100], "tickformat": ",d", "ticksuffix": "%", "hoverformat": ",d", **extra}


# Every axis: no SI suffix nor exponent, thousands grouped, numbers as `separators` says.
AXIS = {"exponentformat": "none", "separatethousands": True, "automargin": True}


def layout(title: str, **extra) -> dict:
    """A plotly layout in the house style: the reader's separators, text of 12 px at least, the palette, the
    legend below; `extra` overrides (axes keep the house defaults under what they set)."""
    # The page's heading names the chart: no title inside the figure, so it is not read twice.
    figure_layout = {"meta": {"title": title}, "separators": separators(),
                     "margin": {"l": 60, "r": 20, "t": 20, "b": 60}, "font": dict(FONT), "colorway": PALETTE,
                     "hoverlabel": {"font": {"size": FONT["size"]}},
                     "uniformtext": {"minsize": SMALLEST_TEXT, "mode": "hide"},
                     "legend": {"orientation": "h", "y": -0.2, "font": {"size": FONT["size"]}}}
    figure_layout.update(extra)
    for name in ("xaxis", "yaxis"):
        figure_layout[name] = {**AXIS, **figure_layout.get(name, {})}
    return figure_layout
