"""The planning office's dashboard: completion, late cards, and charts that each come with a table; plotly's
JavaScript served by the app itself."""
from __future__ import annotations

import json
import re
from datetime import date, timedelta
from decimal import Decimal

import plotly
import plotly.graph_objects as go
import pytest

from app.extensions import db
from cards_helpers import open_campaign
from evaluations.charts import BudgetFact, CardFacts, Labels, all_charts, leverage
from evaluations.completion import completion, key_figures


def facts():
    return [
        CardFacts("1.1", "Sportello", "Presa in carico", status="approved", state="running", progress=60,
                  referents=("Anna",), organizations=("Comune", "Coop A"),
                  budget=(BudgetFact("national_regional", Decimal(10000), Decimal(8000), Decimal(7000)),
                          BudgetFact("foundation_calls", Decimal(5000), spent=Decimal(5000), attracted=Decimal(15000))),
                  people_min=20, people_max=50, beneficiaries=30, thesis_scores={1: 3, 2: 1}),
        CardFacts("1.2", "Rete", "Presa in carico", status="draft", state=None, referents=("Anna", "Bruno"),
                  organizations=("Comune", "Coop A", "ASST"), late=True, thesis_scores={1: 0}),
        CardFacts("2.1", "Comunità", "Lavoro di comunità", status="submitted", state="concluded", progress=100,
                  organizations=("ASST",), budget=(BudgetFact("municipalities", Decimal(2000), spent=Decimal(2500)),),
                  people_min=35, people_max=35, not_reportable=True),
    ]


def test_every_chart_is_a_valid_plotly_figure_with_a_table():
    charts = all_charts(facts(), Labels(theses={1: "Dalla delega alla corresponsabilità", 2: "Alleanze"}))
    assert [c.key for c in charts] == ["states", "progress", "budget_area", "budget_source", "people", "theses",
                                       "organizations"]
    for chart in charts:
        go.Figure(json.loads(chart.figure_json))       # raises on anything plotly does not know
        assert chart.table.rows and chart.table.caption
        assert all(len(row) == len(chart.table.headers) == len(chart.table.kinds) for row in chart.table.rows)


def test_budget_table_gives_the_leverage_of_calls():
    budget = next(c for c in all_charts(facts()) if c.key == "budget_area").table
    area = {row[0]: row for row in budget.rows}
    assert area["Presa in carico"][1] == Decimal(15000)          # planned
    assert area["Presa in carico"][4] == Decimal(15000)          # attracted
    assert area["Presa in carico"][5] == 1.0                     # leverage
    assert area["Lavoro di comunità"][5] == 0.0
    assert leverage(Decimal(0), Decimal(10)) is None


def test_people_ranges_are_summed_low_to_high_and_heatmap_keeps_blanks():
    charts = {c.key: c for c in all_charts(facts())}
    people = {row[0]: row for row in charts["people"].table.rows}
    assert people["Presa in carico"][1] == (20, 50)
    assert people["Presa in carico"][3] == 1                     # one card without a number
    heat = charts["theses"].figure["data"][0]
    assert heat["z"] == [[3, 1], [0, None], [None, None]]


def test_organizations_are_a_matrix_of_actions_by_area_busiest_first():
    matrix = next(c for c in all_charts(facts()) if c.key == "organizations")
    assert matrix.table.headers[1:] == ["Presa in carico", "Lavoro di comunità", matrix.table.headers[-1]]
    assert matrix.table.rows == [["ASST", 1, 1, 2], ["Comune", 2, 0, 2], ["Coop A", 2, 0, 2]]
    heat = matrix.figure["data"][0]
    assert heat["type"] == "heatmap" and heat["y"] == ["ASST", "Comune", "Coop A"]
    assert heat["z"][0] == [1, 1] and heat["z"][1] == [2, None]      # an empty cell stays blank
    assert "ASST" in matrix.takeaway and "3" in matrix.takeaway


def test_the_first_three_figures_are_cards_received_actions_concluded_and_money_spent():
    figures = key_figures(facts())
    assert (figures.cards, figures.received, figures.concluded) == (3, 2, 1)
    assert (figures.planned, figures.spent) == (Decimal(17000), Decimal(14500))
    assert figures.spent_percent == 85


def test_completion_by_referent_puts_the_late_first():
    rows = completion(facts(), "referent")
    assert [(g.name, g.late, g.total) for g in rows[:2]] == [("Bruno", 1, 1), ("Anna", 1, 2)]
    assert rows[-1].late == 0                                    # the card without referents
    by_area = {g.name: g for g in completion(facts(), "area")}
    assert by_area["Lavoro di comunità"].percent == 100
    assert by_area["Presa in carico"].percent == 50


@pytest.fixture
def campaign(plan):
    return open_campaign(plan, deadline=date.today() - timedelta(days=1))


def dashboard_url(district, campaign):
    return f"/gestione/{district.slug}/campagne/{campaign.id}/cruscotto"


def test_dashboard_renders_charts_and_tables_from_demo_like_data(as_office, district, campaign, plan):
    response = as_office.get(dashboard_url(district, campaign))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count('data-figure="') == 7
    assert html.count('class="table table-sm pdz-chart-table"') == 7
    assert 'id="completion-area"' in html and 'id="completion-referent"' in html
    cards = len(plan.actions)
    assert re.search(rf'id="count-cards">{cards}<', html)
    for area in plan.areas:
        assert area.name in html
    # no script from elsewhere, and no inline script (CSP script-src 'self')
    assert not re.search(r'<script[^>]+src="(https?:)?//', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert f"/assets/plotly-{plotly.__version__}.min.js" in html
    # the deadline has passed: draft and returned cards are late, and listed
    late = sum(1 for c in campaign.cards if c.state.value in ("draft", "returned"))
    assert re.search(rf'id="count-late">{late}<', html)


def test_dashboard_filters_by_area(as_office, district, campaign, plan):
    area = plan.areas[1]
    html = as_office.get(dashboard_url(district, campaign) + f"?area={area.id}").get_data(as_text=True)
    assert re.search(rf'id="count-cards">{len(area.actions)}<', html)
    figure = json.loads(re.search(r'id="chart-progress".*?data-figure="([^"]+)"', html, re.S).group(1)
                        .replace("&#34;", '"').replace("&quot;", '"').replace("&amp;", "&").replace("&#39;", "'"))
    assert figure["data"][0]["y"] == [area.name]


def test_plan_dashboard_opens_the_latest_campaign(as_office, district, campaign, plan):
    response = as_office.get(f"/gestione/{district.slug}/piani/{plan.id}/cruscotto")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(dashboard_url(district, campaign))
    assert as_office.get(f"/gestione/{district.slug}/cruscotto").status_code == 200


def test_dashboard_is_for_the_planning_office_only(client, as_referent, district, campaign):
    assert as_referent.get(dashboard_url(district, campaign)).status_code == 403
    as_referent.post("/logout")
    response = client.get(dashboard_url(district, campaign))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_campaign_of_another_district_is_not_found(as_office, district, campaign, make_user):
    from app.models import District, Plan
    other = District(name="Ambito di Dalmine", slug="dalmine")
    db.session.add(other)
    db.session.add(Plan(district=other, title="PdZ Dalmine", start_year=2012, end_year=2014))
    db.session.commit()
    assert as_office.get(f"/gestione/dalmine/campagne/{campaign.id}/cruscotto").status_code in (403, 404)
    from app import people
    from app.models import Role
    office = db.session.get(type(make_user("x@example.org")), as_office_id(as_office))
    people.grant(office, other, Role.PLANNING_OFFICE)
    db.session.commit()
    assert as_office.get(f"/gestione/dalmine/campagne/{campaign.id}/cruscotto").status_code == 404


def as_office_id(client):
    with client.session_transaction() as session:
        return int(session["_user_id"].split(":")[0])    # "<id>:<session token>"


def test_plotly_is_served_by_the_app_with_long_cache(client):
    response = client.get(f"/assets/plotly-{plotly.__version__}.min.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert len(response.data) > 1_000_000
    again = client.get(f"/assets/plotly-{plotly.__version__}.min.js",
                       headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/assets/plotly-0.0.1.min.js").status_code == 301


def test_ratios_are_written_the_readers_way(app):
    from flask import render_template_string
    from flask_babel import refresh
    template = '{% from "evaluations/_charts.html" import cell %}{{ cell(1.25, "ratio") }}'
    with app.test_request_context():
        assert render_template_string(template) == "1,25"
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        refresh()   # the locale is kept on the app context the test already holds
        assert render_template_string(template) == "1.25"


def test_the_first_screen_says_cards_received_actions_concluded_and_budget_spent(as_office, district, campaign):
    html = as_office.get(dashboard_url(district, campaign)).get_data(as_text=True)
    received = sum(1 for c in campaign.cards if c.state.value in ("submitted", "approved"))
    concluded = sum(1 for c in campaign.cards if c.implementation_state and c.implementation_state.value == "concluded")
    spent = sum((r.spent or 0 for c in campaign.cards for r in c.resources), Decimal(0))
    amount = f"{spent:,.0f}\xa0€".replace(",", ".")
    for key, value in [("received", received), ("concluded", concluded), ("spent", amount)]:
        assert re.search(rf'id="figure-{key}">.*?class="pdz-key-figure-value">{value}<', html, re.S), key
    assert html.index('id="figure-spent"') < html.index('id="filter-area"') < html.index('id="chart-states"')
