"""The planning office's charts: facts about cards in, plotly figures (plain JSON-able dicts) and an
accessible table for each out. No Flask, no database: the dashboard view builds the facts.

Figures are plain dicts in plotly's JSON schema (tests check them with plotly.graph_objects.Figure), built
on the primitives every feature's charts share (app/charts.py), which keeps a 300-action dashboard fast; the browser draws them with the plotly.js the app serves itself.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from flask_babel import gettext as _

from app.charts import PALETTE, Chart, Table, layout

ZERO = Decimal(0)


@dataclass(frozen=True)
class BudgetFact:
    source: str                 # funding source value, e.g. "foundation_calls"
    planned: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO
    attracted: Decimal = ZERO   # resources attracted from calls (e.g. a foundation grant)


@dataclass(frozen=True)
class CardFacts:
    """What the dashboard needs to know of one card (one system action in one campaign)."""
    action_code: str
    action_title: str
    area: str
    status: str = "draft"                      # workflow: draft / submitted / returned / approved
    state: str | None = None                   # the action's state: not_started ... not_carried_out
    progress: int | None = None                # 0-100
    referents: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    budget: tuple[BudgetFact, ...] = ()
    people_min: int | None = None              # a number is min == max, a range "20–50" is min < max
    people_max: int | None = None
    beneficiaries: int | None = None
    thesis_scores: dict[int, int | None] = field(default_factory=dict)   # thesis number -> 0..3
    not_reportable: bool = False
    late: bool = False

    @property
    def attracted(self) -> Decimal:
        return sum((line.attracted for line in self.budget), ZERO)


@dataclass
class Labels:
    """Translated labels of the coded values (value -> label); unknown values show as they are."""
    states: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    theses: dict[int, str] = field(default_factory=dict)      # number -> text

    def state(self, value):
        return self.states.get(value, value) if value else _("Not reported")

    def status(self, value):
        return self.statuses.get(value, value)

    def source(self, value):
        return self.sources.get(value, value)


def leverage(planned: Decimal, attracted: Decimal) -> float | None:
    """Euros attracted from calls for every euro planned (None when nothing was planned)."""
    return round(float(attracted) / float(planned), 2) if planned else None


def areas_in_order(cards: list[CardFacts]) -> list[str]:
    return list(dict.fromkeys(c.area for c in cards))


# ---- the charts ------------------------------------------------------------------------------------------

def state_chart(cards: list[CardFacts], labels: Labels) -> Chart:
    """How many actions are in each state, stacked by area."""
    areas = areas_in_order(cards)
    states = list(dict.fromkeys([*labels.states, *(c.state for c in cards if c.state)]))
    if any(c.state is None for c in cards):
        states.append(None)
    counts = Counter((c.area, c.state) for c in cards)
    data = [{"type": "bar", "name": area, "x": [labels.state(s) for s in states],
             "y": [counts[(area, s)] for s in states]} for area in areas]
    title = _("State of the actions")
    rows = [[labels.state(s), *[counts[(a, s)] for a in areas], sum(counts[(a, s)] for a in areas)]
            for s in states]
    table = Table(_("Actions by state and area"), [_("State"), *areas, _("Total")],
                  ["text", *["int"] * (len(areas) + 1)], rows)
    figure = {"data": data, "layout": layout(title, barmode="stack", yaxis={"title": {"text": _("Actions")}})}
    return Chart("states", title, figure, table)


def progress_chart(cards: list[CardFacts], labels: Labels) -> Chart:
    """Average declared progress by area, with how many cards declared it."""
    by_area: dict[str, list[int]] = defaultdict(list)
    for card in cards:
        if card.progress is not None:
            by_area[card.area].append(card.progress)
    areas = areas_in_order(cards)
    means = [round(sum(by_area[a]) / len(by_area[a])) if by_area[a] else 0 for a in areas]
    title = _("Progress by area")
    figure = {"data": [{"type": "bar", "orientation": "h", "x": means, "y": areas, "name": _("Average progress"),
                        "text": [f"{m}%" for m in means], "textposition": "auto"}],
              "layout": layout(title, xaxis={"range": [0, 100], "ticksuffix": "%"},
                                yaxis={"automargin": True, "autorange": "reversed"})}
    rows = [[a, len(by_area[a]), means[i] if by_area[a] else None,
             min(by_area[a]) if by_area[a] else None, max(by_area[a]) if by_area[a] else None]
            for i, a in enumerate(areas)]
    table = Table(_("Declared progress by area"),
                  [_("Area"), _("Cards with progress"), _("Average"), _("Lowest"), _("Highest")],
                  ["text", "int", "pct", "pct", "pct"], rows)
    return Chart("progress", title, figure, table)


def _budget_totals(cards, key):
    totals: dict[str, dict[str, Decimal]] = {}
    for card in cards:
        for line in card.budget:
            group = totals.setdefault(key(card, line), {"planned": ZERO, "committed": ZERO, "spent": ZERO})
            group["planned"] += line.planned
            group["committed"] += line.committed
            group["spent"] += line.spent
    return totals


def budget_by_area_chart(cards: list[CardFacts], labels: Labels) -> Chart:
    """Planned, spent and attracted resources by area; leverage = attracted / planned."""
    areas = areas_in_order(cards)
    totals = _budget_totals(cards, lambda card, line: card.area)
    attracted = defaultdict(lambda: ZERO)
    for card in cards:
        attracted[card.area] += card.attracted
    empty = {"planned": ZERO, "committed": ZERO, "spent": ZERO}
    series = [("planned", _("Planned")), ("spent", _("Spent"))]
    data = [{"type": "bar", "name": label, "x": areas, "y": [totals.get(a, empty)[key] for a in areas]}
            for key, label in series]
    data.append({"type": "bar", "name": _("Attracted from calls"), "x": areas, "y": [attracted[a] for a in areas]})
    title = _("Budget by area")
    rows = []
    for area in areas:
        t = totals.get(area, empty)
        rows.append([area, t["planned"], t["committed"], t["spent"], attracted[area],
                     leverage(t["planned"], attracted[area])])
    planned = sum((r[1] for r in rows), ZERO)
    attracted_total = sum((r[4] for r in rows), ZERO)
    rows.append([_("Total"), planned, sum((r[2] for r in rows), ZERO), sum((r[3] for r in rows), ZERO),
                 attracted_total, leverage(planned, attracted_total)])
    table = Table(_("Budget by area in euros; leverage is euros attracted per euro planned"),
                  [_("Area"), _("Planned"), _("Committed"), _("Spent"), _("Attracted"), _("Leverage")],
                  ["text", "money", "money", "money", "money", "ratio"], rows)
    figure = {"data": data, "layout": layout(title, barmode="group", yaxis={"title": {"text": "€"}})}
    return Chart("budget_area", title, figure, table)


def budget_by_source_chart(cards: list[CardFacts], labels: Labels) -> Chart:
    """Planned, committed and spent by funding source."""
    totals = _budget_totals(cards, lambda card, line: line.source)
    sources = list(dict.fromkeys([*(s for s in labels.sources if s in totals), *totals]))
    names = [labels.source(s) for s in sources]
    data = [{"type": "bar", "name": label, "x": names, "y": [totals[s][key] for s in sources]}
            for key, label in [("planned", _("Planned")), ("committed", _("Committed")), ("spent", _("Spent"))]]
    title = _("Budget by funding source")
    rows = [[labels.source(s), totals[s]["planned"], totals[s]["committed"], totals[s]["spent"],
             round(float(totals[s]["spent"]) / float(totals[s]["planned"]) * 100) if totals[s]["planned"] else None]
            for s in sources]
    table = Table(_("Budget by funding source in euros"),
                  [_("Source"), _("Planned"), _("Committed"), _("Spent"), _("Spent of planned")],
                  ["text", "money", "money", "money", "pct"], rows)
    figure = {"data": data, "layout": layout(title, barmode="group", yaxis={"title": {"text": "€"}})}
    return Chart("budget_source", title, figure, table)


def people_chart(cards: list[CardFacts], labels: Labels) -> Chart:
    """People involved (ranges summed as low–high) and beneficiaries reached, by area."""
    areas = areas_in_order(cards)
    low, high, beneficiaries, unknown = Counter(), Counter(), Counter(), Counter()
    for card in cards:
        if card.people_min is not None:
            low[card.area] += card.people_min
            high[card.area] += card.people_max if card.people_max is not None else card.people_min
        else:
            unknown[card.area] += 1
        beneficiaries[card.area] += card.beneficiaries or 0
    mid = [(low[a] + high[a]) / 2 for a in areas]
    title = _("People involved")
    data = [{"type": "bar", "name": _("People involved"), "x": areas, "y": mid,
             "error_y": {"type": "data", "symmetric": False, "array": [high[a] - m for a, m in zip(areas, mid)],
                         "arrayminus": [m - low[a] for a, m in zip(areas, mid)]}},
            {"type": "bar", "name": _("Beneficiaries reached"), "x": areas, "y": [beneficiaries[a] for a in areas]}]
    rows = [[a, (low[a], high[a]), beneficiaries[a], unknown[a]] for a in areas]
    table = Table(_("People involved and beneficiaries by area (ranges as lowest–highest)"),
                  [_("Area"), _("People involved"), _("Beneficiaries"), _("Cards without a number")],
                  ["text", "range", "int", "int"], rows)
    figure = {"data": data, "layout": layout(title, barmode="group")}
    return Chart("people", title, figure, table)


def theses_heatmap(cards: list[CardFacts], labels: Labels) -> Chart:
    """How far each action embodied each thesis (0-3); blank where the card gave no score."""
    numbers = sorted(set(labels.theses) | {n for c in cards for n in c.thesis_scores})
    x = [_("Thesis %(number)d", number=n) for n in numbers]
    y = [c.action_code for c in cards]
    z = [[c.thesis_scores.get(n) for n in numbers] for c in cards]
    title = _("Theses × actions")
    figure = {"data": [{"type": "heatmap", "x": x, "y": y, "z": z, "zmin": 0, "zmax": 3, "xgap": 2, "ygap": 2,
                        "colorscale": "Blues", "colorbar": {"title": {"text": _("Score")}, "tickvals": [0, 1, 2, 3]},
                        "hovertemplate": "%{y} · %{x}: %{z}<extra></extra>"}],
              "layout": layout(title, height=max(320, 22 * len(y) + 120),
                                yaxis={"autorange": "reversed", "automargin": True, "type": "category"})}
    headers = [_("Action"), *[f"{x[i]}: {labels.theses.get(n, '')}".rstrip(": ") for i, n in enumerate(numbers)]]
    rows = [[f"{c.action_code} {c.action_title}", *row] for c, row in zip(cards, z)]
    table = Table(_("Scores from 0 (not at all) to 3 (fully) of each action against each thesis"), headers,
                  ["text", *["int"] * len(numbers)], rows)
    return Chart("theses", title, figure, table)


def organizations_network(cards: list[CardFacts], labels: Labels, *, max_nodes: int = 40,
                          max_rows: int = 100) -> Chart:
    """Organizations linked by the actions they share; nodes on a circle, the busiest first."""
    actions_of: Counter = Counter()
    shared: Counter = Counter()
    for card in cards:
        orgs = sorted(set(card.organizations))
        actions_of.update(orgs)
        shared.update(combinations(orgs, 2))
    nodes = [name for name, _count in actions_of.most_common(max_nodes)]
    where = {name: i for i, name in enumerate(nodes)}
    pos = [(math.cos(2 * math.pi * i / max(len(nodes), 1)), math.sin(2 * math.pi * i / max(len(nodes), 1)))
           for i in range(len(nodes))]
    edge_x, edge_y = [], []
    for (a, b), _count in shared.items():
        if a in where and b in where:
            edge_x += [pos[where[a]][0], pos[where[b]][0], None]
            edge_y += [pos[where[a]][1], pos[where[b]][1], None]
    title = _("Organizations by shared actions")
    data = [{"type": "scatter", "mode": "lines", "x": edge_x, "y": edge_y, "hoverinfo": "skip",
             "line": {"width": 1, "color": "#9aa5b1"}, "showlegend": False},
            {"type": "scatter", "mode": "markers+text", "x": [p[0] for p in pos], "y": [p[1] for p in pos],
             "text": nodes, "textposition": "top center", "showlegend": False,
             "marker": {"size": [8 + 3 * actions_of[n] for n in nodes], "color": PALETTE[0]},
             "customdata": [actions_of[n] for n in nodes],
             "hovertemplate": "%{text}: %{customdata}<extra></extra>"}]
    hidden = {"visible": False, "showgrid": False, "zeroline": False}
    figure = {"data": data, "layout": layout(title, height=560, xaxis=hidden, yaxis={**hidden, "scaleanchor": "x"})}
    pairs = sorted(shared.items(), key=lambda item: (-item[1], item[0]))[:max_rows]
    rows = [[a, b, count] for (a, b), count in pairs]
    table = Table(_("Pairs of organizations working on the same actions (the %(count)d most frequent)",
                    count=len(rows)), [_("Organization"), _("Organization"), _("Shared actions")],
                  ["text", "text", "int"], rows)
    return Chart("network", title, figure, table)


CHARTS = (state_chart, progress_chart, budget_by_area_chart, budget_by_source_chart, people_chart,
          theses_heatmap, organizations_network)


def all_charts(cards: list[CardFacts], labels: Labels | None = None) -> list[Chart]:
    labels = labels or Labels()
    return [build(cards, labels) for build in CHARTS]


# ---- completion tables (no chart needed: they are lists to act on) -------------------------------------

@dataclass
class Completion:
    name: str
    total: int = 0
    by_status: Counter = field(default_factory=Counter)
    not_reportable: int = 0
    late: int = 0

    @property
    def done(self) -> int:
        return self.by_status["submitted"] + self.by_status["approved"]

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
