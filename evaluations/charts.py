"""The planning office's charts: facts about cards in, plotly figures (plain JSON-able dicts), a one-line
takeaway and an accessible table for each out. No database: the dashboard view builds the facts.

Figures are plain dicts in plotly's JSON schema (tests check them with plotly.graph_objects.Figure), built
on the primitives every feature's charts share (app/charts.py), which keeps a 300-action dashboard fast; the
browser draws them with the plotly.js the app serves itself.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _

from app.charts import (MONEY_COLOURS, PEOPLE_COLOURS, QUANTITY, SEQUENTIAL, STATE_COLOURS, Chart, Table,
                        count_axis, euros, label, layout, money_axis, number, percent_axis, short, wrapped)

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


def _share(part, whole) -> int:
    return round(100 * part / whole) if whole else 0


# ---- the charts ------------------------------------------------------------------------------------------

def state_chart(cards: list[CardFacts], labels: Labels) -> Chart:
    """How many actions of each area are in each state: one bar per area, one colour per state."""
    areas = areas_in_order(cards)
    states = list(dict.fromkeys([*labels.states, *(c.state for c in cards if c.state)]))
    if any(c.state is None for c in cards):
        states.append(None)
    counts = Counter((c.area, c.state) for c in cards)
    per_area = Counter(c.area for c in cards)
    data = [{"type": "bar", "name": labels.state(s), "x": [label(a) for a in areas],
             "y": [counts[(a, s)] for a in areas], "marker": {"color": STATE_COLOURS.get(s, QUANTITY)},
             "hovertemplate": "%{x} · " + label(labels.state(s)) + ": %{y:,d}<extra></extra>"}
            for s in states if any(counts[(a, s)] for a in areas)]
    title = _("State of the actions")
    rows = [[labels.state(s), *[counts[(a, s)] for a in areas], sum(counts[(a, s)] for a in areas)]
            for s in states]
    table = Table(_("Actions by state and area"), [_("State"), *areas, _("Total")],
                  ["text", *["int"] * (len(areas) + 1)], rows)
    figure = {"data": data, "layout": layout(title, barmode="stack", xaxis={"type": "category"},
                                             yaxis=count_axis(_("Actions"), max(per_area.values(), default=0)))}
    done = sum(1 for c in cards if c.state == "concluded")
    shares = {a: _share(counts[(a, "concluded")], per_area[a]) for a in areas}
    most = Counter(c.state for c in cards).most_common(1)
    if len(set(shares.values())) > 1:
        behind = min(areas, key=lambda a: (shares[a], -per_area[a]))
        takeaway = _("Actions concluded: %(done)s of %(total)s; furthest behind: %(area)s (%(area_done)s of "
                     "%(area_total)s).", done=number(done), total=number(len(cards)), area=behind,
                     area_done=number(counts[(behind, "concluded")]), area_total=number(per_area[behind]))
    elif most and most[0][0] != "concluded":
        takeaway = _("Actions concluded: %(done)s of %(total)s; the most frequent state: %(state)s (%(count)s).",
                     done=number(done), total=number(len(cards)), state=labels.state(most[0][0]),
                     count=number(most[0][1]))
    else:
        takeaway = _("Actions concluded: %(done)s of %(total)s.", done=number(done), total=number(len(cards)))
    return Chart("states", title, figure, table, takeaway=takeaway)


def progress_chart(cards: list[CardFacts], labels: Labels) -> Chart:
    """Average declared progress by area, with how many cards declared it."""
    by_area: dict[str, list[int]] = defaultdict(list)
    for card in cards:
        if card.progress is not None:
            by_area[card.area].append(card.progress)
    areas = areas_in_order(cards)
    means = [round(sum(by_area[a]) / len(by_area[a])) if by_area[a] else 0 for a in areas]
    title = _("Progress by area")
    figure = {"data": [{"type": "bar", "orientation": "h", "x": means, "y": [label(a) for a in areas],
                        "name": _("Average progress"), "marker": {"color": QUANTITY},
                        "text": [f"{m}%" for m in means], "textposition": "auto",
                        "hovertemplate": "%{y}: %{x:,d}%<extra></extra>"}],
              "layout": layout(title, xaxis=percent_axis(), yaxis={"autorange": "reversed", "type": "category"})}
    rows = [[a, len(by_area[a]), means[i] if by_area[a] else None,
             min(by_area[a]) if by_area[a] else None, max(by_area[a]) if by_area[a] else None]
            for i, a in enumerate(areas)]
    table = Table(_("Declared progress by area"),
                  [_("Area"), _("Cards with progress"), _("Average"), _("Lowest"), _("Highest")],
                  ["text", "int", "pct", "pct", "pct"], rows)
    declared = [p for a in areas for p in by_area[a]]
    if not declared:
        takeaway = _("No card declares its progress yet.")
    else:
        lowest = min((a for a in areas if by_area[a]), key=lambda a: means[areas.index(a)])
        takeaway = _("Average declared progress: %(mean)s%%; the area furthest behind: %(area)s (%(area_mean)s%%).",
                     mean=round(sum(declared) / len(declared)), area=lowest, area_mean=means[areas.index(lowest)])
    return Chart("progress", title, figure, table, takeaway=takeaway)


def _budget_totals(cards, key):
    totals: dict[str, dict[str, Decimal]] = {}
    for card in cards:
        for line in card.budget:
            group = totals.setdefault(key(card, line), {"planned": ZERO, "committed": ZERO, "spent": ZERO})
            group["planned"] += line.planned
            group["committed"] += line.committed
            group["spent"] += line.spent
    return totals


def _money_bar(key: str, name: str, x: list, y: list) -> dict:
    return {"type": "bar", "name": name, "x": x, "y": y, "marker": {"color": MONEY_COLOURS[key]},
            "hovertemplate": "%{x} · " + label(name) + ": %{y:,.0f} €<extra></extra>"}


def budget_by_area_chart(cards: list[CardFacts], labels: Labels) -> Chart:
    """Planned, spent and attracted resources by area; leverage = attracted / planned."""
    areas = areas_in_order(cards)
    totals = _budget_totals(cards, lambda card, line: card.area)
    attracted = defaultdict(lambda: ZERO)
    for card in cards:
        attracted[card.area] += card.attracted
    empty = {"planned": ZERO, "committed": ZERO, "spent": ZERO}
    x = [label(a) for a in areas]
    data = [_money_bar(key, name, x, [totals.get(a, empty)[key] for a in areas])
            for key, name in [("planned", _("Planned")), ("spent", _("Spent"))]]
    data.append(_money_bar("attracted", _("Attracted from calls"), x, [attracted[a] for a in areas]))
    title = _("Budget by area")
    rows = []
    for area in areas:
        t = totals.get(area, empty)
        rows.append([area, t["planned"], t["committed"], t["spent"], attracted[area],
                     leverage(t["planned"], attracted[area])])
    planned = sum((r[1] for r in rows), ZERO)
    spent = sum((r[3] for r in rows), ZERO)
    attracted_total = sum((r[4] for r in rows), ZERO)
    rows.append([_("Total"), planned, sum((r[2] for r in rows), ZERO), spent, attracted_total,
                 leverage(planned, attracted_total)])
    table = Table(_("Budget by area in euros; leverage is euros attracted per euro planned"),
                  [_("Area"), _("Planned"), _("Committed"), _("Spent"), _("Attracted"), _("Leverage")],
                  ["text", "money", "money", "money", "money", "ratio"], rows)
    figure = {"data": data, "layout": layout(title, barmode="group", xaxis={"type": "category"}, yaxis=money_axis())}
    takeaway = (_("Spent %(spent)s of %(planned)s planned (%(percent)s%%); calls attracted %(attracted)s more.",
                  spent=euros(spent), planned=euros(planned), percent=_share(spent, planned),
                  attracted=euros(attracted_total)) if planned else _("No card reports a planned budget yet."))
    return Chart("budget_area", title, figure, table, takeaway=takeaway,
                 empty=not (planned or spent or attracted_total))


def budget_by_source_chart(cards: list[CardFacts], labels: Labels) -> Chart:
    """Planned, committed and spent by funding source."""
    totals = _budget_totals(cards, lambda card, line: line.source)
    sources = list(dict.fromkeys([*(s for s in labels.sources if s in totals), *totals]))
    names = [label(labels.source(s)) for s in sources]
    data = [_money_bar(key, name, names, [totals[s][key] for s in sources])
            for key, name in [("planned", _("Planned")), ("committed", _("Committed")), ("spent", _("Spent"))]]
    title = _("Budget by funding source")
    rows = [[labels.source(s), totals[s]["planned"], totals[s]["committed"], totals[s]["spent"],
             _share(totals[s]["spent"], totals[s]["planned"]) if totals[s]["planned"] else None]
            for s in sources]
    table = Table(_("Budget by funding source in euros"),
                  [_("Source"), _("Planned"), _("Committed"), _("Spent"), _("Spent of planned")],
                  ["text", "money", "money", "money", "pct"], rows)
    figure = {"data": data, "layout": layout(title, barmode="group", xaxis={"type": "category"}, yaxis=money_axis())}
    largest = max(sources, key=lambda s: totals[s]["planned"], default=None)
    takeaway = (_("Largest source: %(source)s, %(planned)s planned, %(percent)s%% of it spent.",
                  source=labels.source(largest), planned=euros(totals[largest]["planned"]),
                  percent=_share(totals[largest]["spent"], totals[largest]["planned"]))
                if largest and totals[largest]["planned"] else _("No card reports a planned budget yet."))
    return Chart("budget_source", title, figure, table, takeaway=takeaway, empty=not totals)


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
    x = [label(a) for a in areas]
    title = _("People involved")
    data = [{"type": "bar", "name": _("People involved"), "x": x, "y": mid,
             "marker": {"color": PEOPLE_COLOURS["involved"]}, "customdata": [[low[a], high[a]] for a in areas],
             "hovertemplate": "%{x}: %{customdata[0]:,d}–%{customdata[1]:,d}<extra></extra>",
             "error_y": {"type": "data", "symmetric": False, "array": [high[a] - m for a, m in zip(areas, mid)],
                         "arrayminus": [m - low[a] for a, m in zip(areas, mid)]}},
            {"type": "bar", "name": _("Beneficiaries reached"), "x": x, "y": [beneficiaries[a] for a in areas],
             "marker": {"color": PEOPLE_COLOURS["beneficiaries"]}, "hovertemplate": "%{x}: %{y:,d}<extra></extra>"}]
    rows = [[a, (low[a], high[a]), beneficiaries[a], unknown[a]] for a in areas]
    table = Table(_("People involved and beneficiaries by area (ranges as lowest–highest)"),
                  [_("Area"), _("People involved"), _("Beneficiaries"), _("Cards without a number")],
                  ["text", "range", "int", "int"], rows)
    top = max([*high.values(), *beneficiaries.values()], default=0)
    figure = {"data": data, "layout": layout(title, barmode="group", xaxis={"type": "category"},
                                             yaxis=count_axis(_("People"), top))}
    least, most = sum(low.values()), sum(high.values())
    takeaway = _("People involved: %(people)s; beneficiaries reached: %(beneficiaries)s.",
                 people=number(least) if least == most else f"{number(least)}–{number(most)}",
                 beneficiaries=number(sum(beneficiaries.values())))
    return Chart("people", title, figure, table, takeaway=takeaway)


def _thesis_name(number_: int, labels: Labels) -> str:
    text = labels.theses.get(number_)
    return f"{number_}. {text}" if text else _("Thesis %(number)d", number=number_)


def theses_heatmap(cards: list[CardFacts], labels: Labels) -> Chart:
    """How far each action embodied each thesis (0-3); blank where the card gave no score."""
    numbers = sorted(set(labels.theses) | {n for c in cards for n in c.thesis_scores})
    names = [_thesis_name(n, labels) for n in numbers]
    x = [wrapped(name) for name in names]
    y = [short(f"{c.action_code} {c.action_title}", 36) for c in cards]
    z = [[c.thesis_scores.get(n) for n in numbers] for c in cards]
    title = _("Theses × actions")
    ticks = [_("0 not at all"), "1", "2", _("3 fully")]
    figure = {"data": [{"type": "heatmap", "x": x, "y": y, "z": z, "zmin": 0, "zmax": 3, "xgap": 2, "ygap": 2,
                        "colorscale": SEQUENTIAL,
                        "colorbar": {"title": {"text": _("Adherence"), "side": "top"}, "tickvals": [0, 1, 2, 3],
                                     "ticktext": ticks},
                        "hovertemplate": "%{y}<br>%{x}: %{z}<extra></extra>"}],
              "layout": layout(title, height=max(360, 24 * len(y) + 160), xaxis={"type": "category", "side": "top"},
                                yaxis={"autorange": "reversed", "type": "category"})}
    headers = [_("Action"), *names]
    rows = [[f"{c.action_code} {c.action_title}", *row] for c, row in zip(cards, z)]
    table = Table(_("Scores from 0 (not at all) to 3 (fully) of each action against each thesis"), headers,
                  ["text", *["int"] * len(numbers)], rows)
    means = {name: sum(s) / len(s) for name, s in
             ((name, [row[i] for row in z if row[i] is not None]) for i, name in enumerate(names)) if s}
    if not means:
        takeaway = _("No card rates the actions against the theses yet.")
    elif len(means) == 1:
        (name, mean), = means.items()
        takeaway = _("Average adherence to %(thesis)s: %(mean)s of 3.", thesis=short(name, 60), mean=number(mean, 1))
    else:
        best, worst = max(means, key=means.get), min(means, key=means.get)
        takeaway = _("The thesis the actions embodied most: %(best)s (average %(best_mean)s of 3); the least: "
                     "%(worst)s (%(worst_mean)s).", best=short(best, 60), best_mean=number(means[best], 1),
                     worst=short(worst, 60), worst_mean=number(means[worst], 1))
    return Chart("theses", title, figure, table, takeaway=takeaway, empty=not means)


def organizations_matrix(cards: list[CardFacts], labels: Labels, *, max_rows: int = 30) -> Chart:
    """Which organizations worked in which areas: a matrix of organizations (the busiest first) by area,
    each cell the number of the area's actions the organization took part in."""
    areas = areas_in_order(cards)
    actions: dict[str, Counter] = defaultdict(Counter)
    for card in cards:
        for name in set(card.organizations):
            actions[name][card.area] += 1
    ranked = sorted(actions, key=lambda o: (-sum(actions[o].values()), -len(actions[o]), o.casefold()))
    shown = ranked[:max_rows]
    z = [[actions[o][a] or None for a in areas] for o in shown]
    busiest = max([n for row in z for n in row if n] or [1])
    title = _("Organizations by area")
    figure = {"data": [{"type": "heatmap", "x": [wrapped(a, 18) for a in areas], "y": [short(o, 48) for o in shown],
                        "z": z, "zmin": 0, "zmax": busiest, "xgap": 2, "ygap": 2, "colorscale": SEQUENTIAL,
                        "texttemplate": "%{z}", "colorbar": {"title": {"text": _("Actions"), "side": "top"},
                                                             "tickformat": ",d"},
                        "hovertemplate": "%{y} · %{x}: %{z:,d}<extra></extra>"}],
              "layout": layout(title, height=max(360, 28 * len(shown) + 160), xaxis={"type": "category", "side": "top"},
                               yaxis={"autorange": "reversed", "type": "category"})}
    rows = [[o, *[actions[o][a] for a in areas], sum(actions[o].values())] for o in ranked]
    table = Table(_("Organizations and the number of actions they took part in, by area"),
                  [_("Organization"), *areas, _("Total")], ["text", *["int"] * (len(areas) + 1)], rows)
    if ranked:
        first = ranked[0]
        takeaway = _("Organizations involved: %(count)s; the most present: %(name)s (actions: %(actions)s, "
                     "areas: %(areas)s).", count=number(len(ranked)), name=first,
                     actions=number(sum(actions[first].values())), areas=number(len(actions[first])))
    else:
        takeaway = _("No card names the organizations involved yet.")
    return Chart("organizations", title, figure, table, takeaway=takeaway, empty=not ranked)


CHARTS = (state_chart, progress_chart, budget_by_area_chart, budget_by_source_chart, people_chart,
          theses_heatmap, organizations_matrix)


def all_charts(cards: list[CardFacts], labels: Labels | None = None) -> list[Chart]:
    labels = labels or Labels()
    return [build(cards, labels) for build in CHARTS]
