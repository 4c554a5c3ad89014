"""The charts of a synthesis post, each beside the table of its figures: shown where a `[[chart:key]]` line
stands, and only when it tells something a sentence does not. Pure: posts/synthesis_facts.py in, plotly
figures (as dicts) out."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

from babel.numbers import format_currency
from flask_babel import gettext as _

from app.charts import (MONEY_COLOURS, QUANTITY, STATE_COLOURS, count_axis, euros, label, layout, money_axis,
                        number, separators)

from .synthesis_facts import ZERO, SynthesisInput


def euro(value: Decimal, locale: str) -> str:
    return format_currency(value or ZERO, "EUR", locale=locale)


def tells(counts) -> bool:
    """Whether a bar chart of these counts tells something: bars of one height say nothing a sentence does not."""
    return len(set(counts)) > 1


# ---- the charts ----------------------------------------------------------------------------------------------

def _chart(title: str, figure: dict, caption: str, headers: list[str], rows: list[list], takeaway: str) -> dict:
    return {"title": title, "figure": figure, "table": {"caption": caption, "headers": headers, "rows": rows},
            "takeaway": takeaway}


def charts(data: SynthesisInput) -> dict[str, dict]:
    """The figures the `[[chart:...]]` lines show; each with its table (cells formatted as text)."""
    result = {}
    language = data.locale
    reported = [a for a in data.actions if a.reported]
    states = Counter((a.state, a.state_label or _("Not reported")) for a in reported).most_common()
    if tells(n for _s, n in states):
        title = _("State of the actions")
        result["states"] = _chart(title, {
            "data": [{"type": "bar", "x": [label(name) for (_s, name), _n in states], "y": [n for _s, n in states],
                      "marker": {"color": [STATE_COLOURS.get(state, QUANTITY) for (state, _l), _n in states]},
                      "hovertemplate": "%{x}: %{y:,d}<extra></extra>"}],
            "layout": layout(title, separators=separators(language), xaxis={"type": "category"},
                             yaxis=count_axis(_("Actions"), states[0][1]))},
            _("Actions by state"), [_("State"), _("Actions")], [[name, str(n)] for (_s, name), n in states],
            _("Actions concluded: %(done)s of %(total)s.", total=number(len(reported), language=language),
              done=number(sum(n for (state, _l), n in states if state == "concluded"), language=language)))
    money = [a for a in reported if a.planned or a.spent or a.attracted]
    if money:
        codes = [label(a.code) for a in money]
        title = _("Budget planned, used and attracted")
        series = [("planned", _("Planned")), ("spent", _("Used")), ("attracted", _("Attracted from calls"))]
        planned, spent = (sum((getattr(a, key) for a in money), ZERO) for key in ("planned", "spent"))
        result["budget"] = _chart(title, {
            "data": [{"type": "bar", "name": name, "x": codes, "y": [float(getattr(a, key)) for a in money],
                      "marker": {"color": MONEY_COLOURS[key]},
                      "hovertemplate": "%{x} · " + label(name) + ": %{y:,.0f} €<extra></extra>"}
                     for key, name in series],
            "layout": layout(title, barmode="group", separators=separators(language), xaxis={"type": "category"},
                             yaxis=money_axis())},
            _("Budget of each action in euros"), [_("Action"), *[name for _k, name in series]],
            [[f"{a.code} {a.title}", *[euro(getattr(a, key), data.locale) for key, _l in series]] for a in money],
            _("Used %(spent)s of %(planned)s planned.", spent=euros(spent, language), planned=euros(planned, language)))
    groups = sorted((g for g in data.keywords if g.count), key=lambda g: (-g.count, g.label.casefold()))[:25]
    if tells(g.count for g in groups):
        title = _("Keywords by number of mentions")
        result["keywords"] = _chart(title, {
            "data": [{"type": "bar", "orientation": "h", "x": [g.count for g in groups][::-1],
                      "y": [label(g.label) for g in groups][::-1], "marker": {"color": QUANTITY},
                      "hovertemplate": "%{y}: %{x:,d}<extra></extra>"}],
            "layout": layout(title, height=max(300, 24 * len(groups) + 80), separators=separators(language),
                             margin={"l": 220, "r": 20, "t": 20, "b": 40}, yaxis={"type": "category"},
                             xaxis=count_axis(_("Mentions"), groups[0].count))},
            _("Keywords and how many wrote them"), [_("Keyword"), _("Mentions")],
            [[g.label, str(g.count)] for g in groups],
            _("The keyword written most: “%(keyword)s” (times: %(count)s).", keyword=groups[0].label,
              count=number(groups[0].count, language=language)))
    return result
