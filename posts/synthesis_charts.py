"""The charts of a synthesis post, each beside the table of its figures: shown where a `[[chart:key]]` line
stands, and only when it tells something a sentence does not. Pure: posts/synthesis_facts.py in, plotly
figures (as dicts) out."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

from babel.numbers import format_currency
from flask_babel import gettext as _

from app.charts import PALETTE, layout

from .synthesis_facts import ZERO, SynthesisInput


def euro(value: Decimal, locale: str) -> str:
    return format_currency(value or ZERO, "EUR", locale=locale)


def tells(counts) -> bool:
    """Whether a bar chart of these counts tells something: bars of one height say nothing a sentence does not."""
    return len(set(counts)) > 1


# ---- the charts ----------------------------------------------------------------------------------------------

def _label(text: str) -> str:
    # plotly reads a few HTML tags inside labels: what people typed must stay text there too.
    return str(text).replace("<", "‹").replace(">", "›")


def _chart(title: str, figure: dict, caption: str, headers: list[str], rows: list[list]) -> dict:
    return {"title": title, "figure": figure, "table": {"caption": caption, "headers": headers, "rows": rows}}


def charts(data: SynthesisInput) -> dict[str, dict]:
    """The figures the `[[chart:...]]` lines show; each with its table (cells formatted as text)."""
    result = {}
    reported = [a for a in data.actions if a.reported]
    states = Counter(a.state_label or _("Not reported") for a in reported).most_common()
    if tells(n for _s, n in states):
        title = _("State of the actions")
        result["states"] = _chart(title, {
            "data": [{"type": "bar", "x": [_label(s) for s, _n in states], "y": [n for _s, n in states],
                      "marker": {"color": PALETTE[0]}}],
            "layout": layout(title, yaxis={"title": {"text": _("Actions")}, "dtick": 1})},
            _("Actions by state"), [_("State"), _("Actions")], [[s, str(n)] for s, n in states])
    money = [a for a in reported if a.planned or a.spent or a.attracted]
    if money:
        codes = [_label(a.code) for a in money]
        title = _("Budget planned, used and attracted")
        series = [("planned", _("Planned")), ("spent", _("Used")), ("attracted", _("Attracted from calls"))]
        result["budget"] = _chart(title, {
            "data": [{"type": "bar", "name": label, "x": codes, "y": [float(getattr(a, key)) for a in money]}
                     for key, label in series],
            "layout": layout(title, barmode="group", yaxis={"title": {"text": "€"}})},
            _("Budget of each action in euros"), [_("Action"), *[label for _k, label in series]],
            [[f"{a.code} {a.title}", *[euro(getattr(a, key), data.locale) for key, _l in series]]
             for a in money])
    groups = sorted((g for g in data.keywords if g.count), key=lambda g: (-g.count, g.label.casefold()))[:25]
    if tells(g.count for g in groups):
        title = _("Keywords by number of mentions")
        result["keywords"] = _chart(title, {
            "data": [{"type": "bar", "orientation": "h", "x": [g.count for g in groups][::-1],
                      "y": [_label(g.label) for g in groups][::-1],
                      "hovertemplate": "%{y}: %{x}<extra></extra>"}],
            "layout": layout(title, height=max(300, 24 * len(groups) + 80),
                              margin={"l": 220, "r": 20, "t": 20, "b": 40}, xaxis={"dtick": 1})},
            _("Keywords and how many wrote them"), [_("Keyword"), _("Mentions")],
            [[g.label, str(g.count)] for g in groups])
    return result
