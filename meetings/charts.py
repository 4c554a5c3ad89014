"""Who comes to the meetings, by kind of organization: counts in, plotly figures, their takeaway and their
tables out. No Flask request, no database (the views count); figures follow app/charts.py, each kind of
organization with its own colour on every chart."""
from __future__ import annotations

from flask_babel import gettext as _

from app.charts import Chart, Table, category_colour, count_axis, label, layout, number


def labelled(by_kind) -> list[tuple[str, int, str]]:
    """(OrganizationType or None, count) pairs as (label, count, colour), people without an organization named."""
    return [(str(kind.label), count, category_colour(list(type(kind)).index(kind))) if kind is not None
            else (_("No organization given"), count, category_colour(None)) for kind, count in by_kind]


def participants_chart(by_kind, key: str = "participants") -> Chart:
    """One meeting (or several summed): confirmed participants per kind of organization."""
    rows = labelled(by_kind)
    title = _("Confirmed participants by kind of organization")
    counts = [count for _label, count, _colour in rows]
    figure = {"data": [{"type": "bar", "orientation": "h", "x": counts, "y": [label(name) for name, _c, _k in rows],
                        "name": _("Participants"), "marker": {"color": [colour for *_r, colour in rows]},
                        "hovertemplate": "%{y}: %{x:,d}<extra></extra>"}],
              "layout": layout(title, yaxis={"autorange": "reversed", "type": "category"},
                                xaxis=count_axis(_("Participants"), max(counts, default=0)),
                                height=80 + 32 * len(rows))}
    table = Table(caption=title, headers=[_("Kind of organization"), _("Participants")],
                  kinds=["text", "int"], rows=[[name, count] for name, count, _colour in rows if count])
    total = sum(counts)
    if total:
        most, most_count, _colour = max(rows, key=lambda row: row[1])
        takeaway = _("Confirmed participants: %(total)s; the most represented: %(kind)s (%(count)s).",
                     total=number(total), kind=most, count=number(most_count))
    else:
        takeaway = _("No confirmed participant yet.")
    return Chart(key=key, title=title, figure=figure, table=table, takeaway=takeaway)


def participation_chart(meetings: list[tuple[str, list]]) -> Chart:
    """Several meetings: one stacked bar per meeting, one colour per kind of organization."""
    title = _("Participants of each meeting by kind of organization")
    kinds = [(name, colour) for name, _c, colour in labelled(meetings[0][1])] if meetings else []
    per_meeting = [(name, {kind: count for kind, count, _colour in labelled(by_kind)}) for name, by_kind in meetings]
    used = [(k, colour) for k, colour in kinds if any(counts.get(k) for _n, counts in per_meeting)]
    totals = [sum(counts.values()) for _n, counts in per_meeting]
    data = [{"type": "bar", "name": kind, "x": [label(name) for name, _c in per_meeting],
             "y": [counts.get(kind, 0) for _n, counts in per_meeting], "marker": {"color": colour},
             "hovertemplate": "%{x} · " + label(kind) + ": %{y:,d}<extra></extra>"} for kind, colour in used]
    figure = {"data": data, "layout": layout(title, barmode="stack", xaxis={"type": "category"},
                                             yaxis=count_axis(_("Participants"), max(totals, default=0)))}
    table = Table(caption=title, headers=[_("Meeting"), *[k for k, _colour in used], _("Total")],
                  kinds=["text"] + ["int"] * (len(used) + 1),
                  rows=[[name, *[counts.get(k, 0) for k, _colour in used], sum(counts.values())]
                        for name, counts in per_meeting])
    if any(totals):
        busiest = max(range(len(per_meeting)), key=lambda i: totals[i])
        takeaway = _("Meetings: %(count)s; the best attended: %(meeting)s (participants: %(people)s).",
                     count=number(len(per_meeting)), meeting=per_meeting[busiest][0], people=number(totals[busiest]))
    else:
        takeaway = _("No confirmed participant yet.")
    return Chart(key="participation", title=title, figure=figure, table=table, takeaway=takeaway)
