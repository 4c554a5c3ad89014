"""The planning office's dashboard in a real browser: plotly (served by the app, under the CSP, loaded once the
page is shown) draws every chart from a campaign with cards in every state, with Italian number formats and
readable text; each chart's table opens, and axe finds nothing; the printable card too."""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from tests.browser.conftest import PASSWORD, _sample_with_details

pytestmark = pytest.mark.browser

# Cards in every state with people, money, theses and organizations (tests/cards_helpers.py): the demo's own
# campaign tells only what the sources say, too little for every chart.
SEED = textwrap.dedent(f"""
    import sys
    sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})
    from app import create_app
    from app.extensions import db
    from app.models import Plan
    from tests.cards_helpers import open_campaign
    app = create_app()
    with app.app_context():
        plan = db.session.scalar(db.select(Plan))
        campaign = open_campaign(plan)
        print(campaign.id, campaign.cards[0].id)
""")


@pytest.fixture(scope="module")
def server(serve):
    server = serve("dashboard", _sample_with_details(), seed=SEED)
    server.campaign_id, server.card_id = map(int, server.seed_output.split()[-2:])
    return server


@pytest.fixture
def context(context):
    context.set_default_timeout(15_000)      # plotly draws seven charts
    return context


def _log_in(page, server):
    page.goto("/login")
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=email]").fill(server.office_email)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)


def test_the_dashboard_draws_every_chart_with_its_table(page, server, assert_accessible):
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text
            and "font" not in m.text else None)
    _log_in(page, server)
    page.goto(f"/gestione/{server.district_slug}/campagne/{server.campaign_id}/cruscotto")
    charts = page.locator("[data-figure]")
    assert charts.count() == 7
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 7")
    assert not blocked, blocked
    assert_accessible(page)
    page.locator("#chart-budget_area summary").click()
    table = page.locator("#table-budget_area")
    assert table.is_visible()
    assert table.locator("tbody tr").count() == len(server.area_names) + 1     # areas and the total
    assert_accessible(page)


def test_the_charts_write_numbers_the_italian_way_in_readable_text(page, server):
    _log_in(page, server)
    page.goto(f"/gestione/{server.district_slug}/campagne/{server.campaign_id}/cruscotto")
    assert page.locator("#figure-received .pdz-key-figure-value").is_visible()     # the first screen: figures
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 7")
    drawn = page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(plot => ({
        id: plot.id, separators: plot._fullLayout.separators,
        ticks: Array.from(plot.querySelectorAll('.xtick text, .ytick text, .cbaxis text')).map(t => t.textContent),
        sizes: Array.from(plot.querySelectorAll('.xtick text, .ytick text, .legendtext, .g-xtitle text, .g-ytitle text'))
                    .map(t => parseFloat(getComputedStyle(t).fontSize)),
        colorbarTitle: Array.from(plot.querySelectorAll('.cbtitle text')).map(t => t.textContent).join(' ')}))""")
    assert len(drawn) == 7 and {plot["separators"] for plot in drawn} == {",."}
    ticks = [tick for plot in drawn for tick in plot["ticks"]]
    assert not [tick for tick in ticks if re.search(r"\d\s?[kMG]\b", tick)], ticks     # never 20k
    money = next(plot for plot in drawn if plot["id"] == "chart-budget_area-plot")["ticks"]
    assert any(re.fullmatch(r"\d{1,3}(\.\d{3})+\s€", tick) for tick in money), money     # 20.000 €
    assert min(size for plot in drawn for size in plot["sizes"]) >= 12
    theses = next(plot for plot in drawn if plot["id"] == "chart-theses-plot")
    assert theses["colorbarTitle"] and not any(re.fullmatch(r"\w+ \d", t) for t in theses["ticks"])


def test_the_printable_card_is_accessible(page, server, assert_accessible):
    _log_in(page, server)
    page.goto(f"/gestione/{server.district_slug}/schede/{server.card_id}/stampa")
    assert page.locator("h1").inner_text().strip()
    assert_accessible(page)
    page.emulate_media(media="print")
    assert not page.locator("header.it-header-wrapper").is_visible()
