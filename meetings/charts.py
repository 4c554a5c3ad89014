"""Who comes to the meetings, by kind of organization: counts in, plotly figures and their tables out.
No Flask request, no database (the views count); figures follow app/charts.py."""
from __future__ import annotations

from flask_babel import gettext as _

from app.charts import Chart, Table, layout


def labelled(by_kind) -> list[tuple[str, int]]:
    """(OrganizationType or None, count) pairs as (label, count), people without an organization named."""
    return [(str(kind.label) if kind is not None else _("No organization given"), count)
            for kind, count in by_kind]


def participants_chart(by_kind, key: str = "participants") -> Chart:
    """One meeting (or several summed): confirmed participants per kind of organization."""
    rows = labelled(by_kind)
    title = _("Confirmed participants by kind of organization")
    figure = {"data": [{"type": "bar", "orientation": "h", "x": [count for _label, count in rows],
                        "y": [label for label, _count in rows], "name": _("Participants"),
                        "hovertemplate": "%{y}: %{x}<extra></extra>"}],
              "layout": layout(title, yaxis={"autorange": "reversed", "automargin": True},
                                xaxis={"title": {"text": _("Participants")}, "dtick": 1,
                                       "rangemode": "tozero"},
                                height=60 + 32 * len(rows))}
    table = Table(caption=title, headers=[_("Kind of organization"), _("Participants")],
                  kinds=["text", "int"],
                  rows=[[label, count] for label, count in rows if count])
    return Chart(key=key, title=title, figure=figure, table=table)


def participation_chart(meetings: list[tuple[str, list]]) -> Chart:
    """Several meetings: one stacked bar per meeting, one colour per kind of organization."""
    title = _("Participants of each meeting by kind of organization")
    kinds = [label for label, _c in labelled(meetings[0][1])] if meetings else []
    per_meeting = [(name, dict(labelled(by_kind))) for name, by_kind in meetings]
    used = [k for k in kinds if any(counts.get(k) for _n, counts in per_meeting)]
    data = [{"type": "bar", "name": kind, "x": [name for name, _c in per_meeting],
             "y": [counts.get(kind, 0) for _n, counts in per_meeting]} for kind in used]
    figure = {"data": data, "layout": layout(title, barmode="stack", yaxis={
        "title": {"text": _("Participants")}, "rangemode": "tozero"})}
    table = Table(caption=title, headers=[_("Meeting"), *used, _("Total")],
                  kinds=["text"] + ["int"] * (len(used) + 1),
                  rows=[[name, *[counts.get(k, 0) for k in used], sum(counts.values())]
                        for name, counts in per_meeting])
    return Chart(key="participation", title=title, figure=figure, table=table)
