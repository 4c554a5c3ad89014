"""Every chart the platform builds reads at a glance and the same way: Italian number formats (no "20k"), text of
12 px at least, one colour per category across the site, a takeaway drawn from its data and a table; the theses
heatmap names its theses and its colour scale, the organizations are a matrix. Built from demo-like data through
the builders the pages use."""
from __future__ import annotations

import re
from decimal import Decimal

import plotly.graph_objects as go
import pytest
from flask_babel import get_locale, gettext, refresh
from markupsafe import escape

from app.charts import GREY, MONEY_COLOURS, PALETTE, STATE_COLOURS, Chart
from app.models import OrganizationType
from evaluations.card_data import chart_labels
from evaluations.charts import BudgetFact, CardFacts, Labels, all_charts
from focus_groups.across import frequency_chart
from meetings.charts import participants_chart, participation_chart
from plan_drafts.participation import RoleRow
from plan_drafts.participation_views import role_chart, time_chart
from posts.synthesis_charts import charts as synthesis_charts
from posts.synthesis_facts import ActionFacts, KeywordGroupFacts, SynthesisInput

THESES = {1: "Dalla delega alla corresponsabilità", 2: "Dalle gerarchie alle alleanze",
          3: "Dal lavoro sulla gravità al lavoro sulla potenzialità"}
AREAS = ["Presa in carico integrata", "Lavoro di comunità", "Modello organizzativo"]
BODIES = ["Comune di Crema", "ASST Crema", "Cooperativa Igea", "Fondazione Cariplo", "Associazione Auser"]
STATES = ["concluded", "running", "started", "not_started", "not_carried_out", None]


def cards(count: int = 17) -> list[CardFacts]:
    """A plan like the demo's: 17 actions in three areas, every state, money in the tens of thousands."""
    return [CardFacts(
        f"{1 + i % 3}.{1 + i // 3}", f"Azione {i}", AREAS[i % 3], status=["draft", "submitted", "approved"][i % 3],
        state=STATES[i % len(STATES)], progress=None if i % 4 == 3 else (i * 17) % 101, referents=("Anna",),
        organizations=tuple(BODIES[i % 5: i % 5 + 2]),
        budget=(BudgetFact("national_regional", Decimal(24000), Decimal(20000), Decimal(18000 + 100 * i)),
                BudgetFact("foundation_calls", Decimal(6000), spent=Decimal(5000), attracted=Decimal(36000))),
        people_min=20, people_max=50 + i, beneficiaries=1200 + i, thesis_scores={1: i % 4, 2: 3, 3: (i + 1) % 4})
        for i in range(count)]


def labels() -> Labels:
    return Labels(states={s: s.replace("_", " ").title() for s in STATES if s}, theses=THESES)


def every_chart() -> list[Chart | dict]:
    """The figures of every page that draws one: dashboard, meetings, participation, keywords, synthesis posts."""
    by_kind = [(kind, 3 * n) for n, kind in enumerate(OrganizationType)] + [(None, 2)]
    roles = ["Cittadino", "Operatore", "Amministratore"]
    rows = [("corresponsabilita", "corresponsabilità", "A"), ("sinergia", "sinergia", "B")] * 3 + [
        ("corresponsabilita", "corresponsabilità", "B")]
    synthesis = SynthesisInput(plan_title="IV Piano di Zona", locale=str(get_locale()), actions=[
        ActionFacts(f"3.{i}", f"Azione {i}", card_status="approved", state=STATES[i % 2],
                    state_label=STATES[i % 2].title(), planned=Decimal(12000 * i), spent=Decimal(9000 * i),
                    attracted=Decimal(18000)) for i in range(1, 4)],
        keywords=[KeywordGroupFacts("sinergia", (("sinergia", 4),)), KeywordGroupFacts("attesa", (("attesa", 1),))])
    return [*all_charts(cards(), labels()), participants_chart(by_kind),
            participation_chart([("09/04/2015 · Incontro aperto", by_kind), ("05/03/2015 · Focus", by_kind[:3])]),
            role_chart([RoleRow("Operatore", 120, 2), RoleRow("Cittadino", 40, 1), RoleRow("Non indicato", 3)], roles),
            time_chart([("2015-03", {"Operatore": 80, "Cittadino": 10}), ("2015-04", {"Cittadino": 30})], roles),
            frequency_chart(rows), *synthesis_charts(synthesis).values()]


def figure(chart) -> dict:
    return chart.figure if isinstance(chart, Chart) else chart["figure"]


def axes(fig: dict) -> list[dict]:
    return [value for key, value in fig["layout"].items() if re.fullmatch(r"[xy]axis\d*", key)]


@pytest.fixture
def italian(app):
    with app.test_request_context():
        refresh()
        yield every_chart()


def test_every_chart_is_a_valid_figure_with_a_takeaway_and_a_table(italian):
    assert len(italian) == 15
    for chart in italian:
        go.Figure(figure(chart))
        table = chart.table if isinstance(chart, Chart) else chart["table"]
        takeaway = chart.takeaway if isinstance(chart, Chart) else chart["takeaway"]
        assert takeaway.strip() and "\n" not in takeaway
        table = table if isinstance(table, dict) else table.__dict__
        assert table["caption"] and table["rows"]
        assert all(len(row) == len(table["headers"]) for row in table["rows"])


def test_numbers_are_written_the_italian_way_and_never_with_si_suffixes(italian):
    for chart in italian:
        fig = figure(chart)
        assert fig["layout"]["separators"] == ",."
        for axis in axes(fig):
            assert axis["exponentformat"] == "none" and axis["separatethousands"] is True
            assert not axis.get("tickformat", "").endswith("s")
        for trace in fig["data"]:
            for spec in re.findall(r"%\{[^}:]+:([^}]+)\}", trace.get("hovertemplate", "")):
                assert not spec.endswith("s"), spec
    money = next(c for c in italian if isinstance(c, Chart) and c.key == "budget_area")
    assert money.figure["layout"]["yaxis"]["ticksuffix"] == " €"
    assert "€" in money.takeaway and re.search(r"\d\.\d{3}", money.takeaway)     # 18.000 €, not 18,000 or 18k


def test_english_readers_get_english_separators(app):
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        refresh()
        assert {figure(c)["layout"]["separators"] for c in every_chart()} == {".,"}


def test_every_text_is_twelve_pixels_or_more(italian):
    def sizes(node, in_font=False):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "size" and in_font:
                    yield value
                yield from sizes(value, in_font=key in ("font", "tickfont", "textfont") or key.endswith("font"))
        elif isinstance(node, list):
            for value in node:
                yield from sizes(value, in_font)
    for chart in italian:
        fig = figure(chart)
        assert fig["layout"]["font"]["size"] >= 12
        assert fig["layout"]["uniformtext"]["minsize"] >= 12          # bar labels hide rather than shrink
        assert all(size >= 12 for size in sizes(fig))


def test_one_category_one_colour_on_every_chart_from_a_colour_blind_safe_palette(italian):
    colours: dict[str, set] = {}
    for chart in italian:
        for trace in figure(chart)["data"]:
            colour = trace.get("marker", {}).get("color")
            if isinstance(colour, str) and trace.get("name"):
                colours.setdefault(trace["name"], set()).add(colour)
            elif isinstance(colour, list):
                categories = trace["y"] if trace.get("orientation") == "h" else trace["x"]
                for category, one in zip(categories, colour):
                    colours.setdefault(category, set()).add(one)
    assert all(len(found) == 1 for found in colours.values()), colours
    assert {c for found in colours.values() for c in found} <= {*PALETTE, GREY}
    assert colours[gettext("Planned")] == {MONEY_COLOURS["planned"]}
    assert colours[gettext("Spent")] == {MONEY_COLOURS["spent"]}
    assert colours["Concluded"] == {STATE_COLOURS["concluded"]}
    kinds = next(c for c in italian if isinstance(c, Chart) and c.key == "participants").figure["data"][0]
    assert len(set(kinds["marker"]["color"])) == len(kinds["y"])          # every kind its own colour on a chart
    municipality = str(OrganizationType.COMUNE.label)      # one kind of organization, on two meeting charts
    assert len(colours[municipality]) == 1
    assert len({*colours["Operatore"], *colours["Cittadino"]}) == 2     # a role: one colour on both charts


def test_the_theses_heatmap_names_its_theses_and_its_scale(italian):
    heat = next(c for c in italian if isinstance(c, Chart) and c.key == "theses").figure["data"][0]
    assert heat["type"] == "heatmap"
    assert [x.replace("<br>", " ") for x in heat["x"]][0].startswith("1. Dalla delega alla")
    assert all(not re.fullmatch(r"\w+ \d", x) for x in heat["x"])       # names, not "Thesis 1"
    assert heat["colorbar"]["title"]["text"] and len(heat["colorbar"]["ticktext"]) == 4


def test_organizations_are_a_matrix_of_organizations_by_area(italian):
    chart = next(c for c in italian if isinstance(c, Chart) and c.key == "organizations")
    (matrix,) = chart.figure["data"]
    assert matrix["type"] == "heatmap" and matrix["colorbar"]["title"]["text"]
    assert set(matrix["y"]) == set(BODIES)
    assert [x.replace("<br>", " ") for x in matrix["x"]] == AREAS
    assert [row[0] for row in chart.table.rows] == matrix["y"]             # the busiest first, in both


def test_takeaways_say_what_the_data_says(italian):
    by_key = {c.key: c for c in italian if isinstance(c, Chart)}
    concluded = sum(1 for c in cards() if c.state == "concluded")
    assert f"{concluded} " in by_key["states"].takeaway and " 17" in by_key["states"].takeaway
    behind = min(AREAS, key=lambda a: sum(1 for c in cards() if c.area == a and c.state == "concluded")
                 / sum(1 for c in cards() if c.area == a))
    assert behind in by_key["states"].takeaway
    assert "Cittadino" not in by_key["roles"].takeaway and "Operatore" in by_key["roles"].takeaway
    assert "corresponsabilità" in by_key["keywords"].takeaway and "4" in by_key["keywords"].takeaway


def test_the_dashboard_shows_a_takeaway_above_every_chart(as_office, district, plan):
    from cards_helpers import open_campaign
    campaign = open_campaign(plan)
    html = as_office.get(f"/gestione/{district.slug}/campagne/{campaign.id}/cruscotto").get_data(as_text=True)
    assert html.count('class="pdz-chart-takeaway"') == 7
    for key in ("states", "theses", "organizations"):
        assert html.index(f'id="chart-{key}-takeaway"') < html.index(f'id="chart-{key}-plot"')
    assert '&#34;separators&#34;:&#34;,.&#34;' in html
    assert str(escape(chart_labels(plan).theses[1])) in html


def test_a_chart_with_nothing_to_draw_says_so_instead_of_a_blank_figure(app):
    with app.test_request_context():
        charts = {c.key: c for c in all_charts([CardFacts("1.1", "Sportello", AREAS[0], state="started")], labels())}
    assert charts["organizations"].empty and charts["theses"].empty and charts["budget_area"].empty
    assert not charts["states"].empty
    assert all(chart.takeaway for chart in charts.values())
