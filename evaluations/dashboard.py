"""The planning office's dashboard of an evaluation campaign (completion, late cards, charts with a table
each) and the spreadsheet exports of its cards. Plotly's JavaScript is served here too, from the installed
plotly package, so nothing comes from a CDN."""
from __future__ import annotations

from functools import lru_cache

import plotly
from flask import Response, abort, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from app.auth import role_required
from app.models import Plan
from app.office_registries import register_district_section
from app.view_helpers import OFFICE, owned_or_404
from exports.cards import cards_to_csv, cards_to_xlsx

from .blueprint import card_dashboard as bp, chart_assets as assets
from .card_data import campaigns_of, card_dicts, card_facts, chart_labels, value_labels
from .charts import all_charts
from .completion import completion, key_figures
from .models import CardState, EvaluationCampaign

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

register_district_section("card_dashboard.plans", _l("Evaluation dashboard"), OFFICE,
                          _l("Completion, late cards and charts of the evaluation campaigns."), order=100)


@bp.get("/<district>/cruscotto")
@role_required(*OFFICE)
def plans():
    """Every plan of the district with its campaigns: the way into a dashboard."""
    plans = [(plan, campaigns_of(plan)) for plan in g.district.plans]
    return render_template("evaluations/dashboard_plans.html", plans=plans)


@bp.get("/<district>/piani/<int:plan_id>/cruscotto")
@role_required(*OFFICE)
def plan_dashboard(plan_id: int):
    plan = owned_or_404(Plan, plan_id)
    campaigns = campaigns_of(plan)
    if campaigns:
        return redirect(url_for(".campaign", campaign_id=campaigns[0].id))
    return render_template("evaluations/dashboard_plans.html", plans=[(plan, [])])


@bp.get("/<district>/campagne/<int:campaign_id>/cruscotto")
@role_required(*OFFICE)
def campaign(campaign_id: int):
    campaign = owned_or_404(EvaluationCampaign, campaign_id)
    plan = campaign.plan
    area = next((a for a in plan.areas if a.id == request.args.get("area", type=int)), None)
    cards = card_dicts(campaign, area_id=area.id if area else None)
    facts = [card_facts(card) for card in cards]
    counts = {state: sum(1 for c in cards if c["state"] == state.value) for state in CardState}
    return render_template(
        "evaluations/dashboard.html", campaign=campaign, plan=plan, area=area, cards=cards, counts=counts,
        late=[c for c in cards if c["late"]], nobody=[c for c in cards if c["nobody_can_report"]],
        state_labels={s.value: s.label for s in CardState},
        by_area=completion(facts, "area"), by_referent=completion(facts, "referent"),
        figures=key_figures(facts), charts=all_charts(facts, chart_labels(plan)), campaigns=campaigns_of(plan),
        plotly_url=url_for("chart_assets.plotly_js", version=plotly.__version__))


@bp.get("/<district>/campagne/<int:campaign_id>/schede.<fmt>")
@role_required(*OFFICE)
def export(campaign_id: int, fmt: str):
    """All cards of the campaign: XLSX with one sheet per section, or CSV; one row per action."""
    if fmt not in ("xlsx", "csv"):
        abort(404)
    campaign = owned_or_404(EvaluationCampaign, campaign_id)
    rows = card_dicts(campaign)
    if fmt == "xlsx":
        payload, mimetype = cards_to_xlsx(rows, value_labels()), XLSX
    else:
        payload, mimetype = cards_to_csv(rows, value_labels()), "text/csv; charset=utf-8"
    filename = f"schede-{g.district.slug}-{campaign.id}.{fmt}"
    return Response(payload, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "private, no-store"})


@lru_cache(maxsize=1)
def _plotly_js() -> bytes:
    from plotly.offline import get_plotlyjs   # here: only the first request for the script needs it
    return get_plotlyjs().encode("utf-8")


@assets.get("/assets/plotly-<version>.min.js")
def plotly_js(version: str):
    """Public: a library, no data. The version in the address lets browsers keep it for a year."""
    if version != plotly.__version__:
        return redirect(url_for(".plotly_js", version=plotly.__version__), 301)
    response = Response(_plotly_js(), mimetype="text/javascript")
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.add_etag()
    return response.make_conditional(request)
