"""Across focus groups: keywords that came up in several groups of a plan, a frequency chart, and the
downloads of one focus group (XLSX, CSV, Markdown)."""
from __future__ import annotations

from collections import Counter

import plotly
from flask import Response, abort, g, render_template, url_for
from flask_babel import gettext as _

from app.auth import role_required
from app.extensions import db
from app.models import Plan
from app.charts import QUANTITY, Chart, Table, count_axis, label, layout, number
from app.view_helpers import OFFICE_AND_FACILITATORS, owned_or_404
from exports.focus import focus_to_csv, focus_to_markdown, focus_to_xlsx

from .blueprint import focus as bp
from .normalise import automatic_key
from .export_data import export_data
from .models import FocusGroup, Keyword, KeywordSession

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TOP = 25


def plan_keywords(plan: Plan) -> list[tuple[str, str, str]]:
    """(automatic key, text as typed, focus group title) of every visible keyword of the plan."""
    rows = db.session.execute(
        db.select(Keyword.text, FocusGroup.title, FocusGroup.id)
        .join(KeywordSession, Keyword.session_id == KeywordSession.id)
        .join(FocusGroup, KeywordSession.focus_group_id == FocusGroup.id)
        .where(FocusGroup.plan_id == plan.id, Keyword.hidden.is_(False), Keyword.approved.is_(True))
        .order_by(FocusGroup.id, Keyword.id)).all()
    return [(automatic_key(text), text, f"{title} (#{fid})") for text, title, fid in rows]


def across_groups(rows) -> list[dict]:
    """Keywords present in two focus groups or more, most shared first."""
    by_key: dict[str, dict] = {}
    for key, text, group in rows:
        entry = by_key.setdefault(key, {"label": text, "groups": {}, "count": 0})
        entry["groups"][group] = entry["groups"].get(group, 0) + 1
        entry["count"] += 1
    shared = [e for e in by_key.values() if len(e["groups"]) > 1]
    return sorted(shared, key=lambda e: (-len(e["groups"]), -e["count"], e["label"].casefold()))


def frequency_chart(rows, top: int = TOP) -> Chart:
    labels: dict[str, str] = {}
    counts = Counter()
    for key, text, _group in rows:
        labels.setdefault(key, text)
        counts[key] += 1
    common = counts.most_common(top)
    names = [label(labels[k]) for k, _n in common]
    title = _("Most frequent keywords")
    figure = {"data": [{"type": "bar", "orientation": "h", "x": [n for _k, n in common][::-1], "y": names[::-1],
                        "marker": {"color": QUANTITY}, "hovertemplate": "%{y}: %{x:,d}<extra></extra>"}],
              "layout": layout(title, height=max(300, 24 * len(common) + 80), margin={"l": 220, "r": 20, "t": 20,
                                                                                       "b": 40},
                               xaxis=count_axis(_("Times"), common[0][1] if common else 0),
                               yaxis={"type": "category"})}
    table = Table(_("Keywords and how many times they were written"), [_("Keyword"), _("Times")],
                  ["text", "int"], [[labels[k], n] for k, n in common])
    takeaway = (_("Keywords written: %(total)s; the most frequent: “%(keyword)s” (times: %(count)s).",
                  total=number(sum(counts.values())), keyword=labels[common[0][0]], count=number(common[0][1]))
                if common else "")
    return Chart("keywords", title, figure, table, takeaway=takeaway)


@bp.get("/<district>/piani/<int:plan_id>/focus/parole")
@role_required(*OFFICE_AND_FACILITATORS)
def across(plan_id: int):
    plan = owned_or_404(Plan, plan_id)
    rows = plan_keywords(plan)
    return render_template("focus_groups/across.html", plan=plan, shared=across_groups(rows),
                           chart=frequency_chart(rows) if rows else None,
                           plotly_url=url_for("chart_assets.plotly_js", version=plotly.__version__))


@bp.get("/<district>/focus/<int:focus_id>/parole.<fmt>")
@role_required(*OFFICE_AND_FACILITATORS)
def export(focus_id: int, fmt: str):
    focus = owned_or_404(FocusGroup, focus_id)
    data = export_data(focus)
    db.session.commit()    # groups given to keywords not grouped yet
    if fmt == "xlsx":
        payload, mimetype = focus_to_xlsx(data), XLSX
    elif fmt == "csv":
        payload, mimetype = focus_to_csv(data), "text/csv; charset=utf-8"
    elif fmt == "md":
        payload, mimetype = focus_to_markdown(data, keywords_title=_("Keywords")), "text/markdown; charset=utf-8"
    else:
        abort(404)
    filename = f"focus-{g.district.slug}-{focus.id}.{fmt}"
    return Response(payload, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})
