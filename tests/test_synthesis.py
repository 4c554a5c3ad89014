"""The synthesis generator and the section markup, without Flask or a database: data in, Markdown out."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from app.text import render_markdown
from posts import sections
from posts.synthesis import SECTION_KEYS, charts, generate, section
from posts.synthesis_facts import ActionFacts, Involved, KeywordGroupFacts, MeetingFacts, SynthesisInput


def action(code="1.1", title="Azione", **values) -> ActionFacts:
    return ActionFacts(code=code, title=title, **values)


def reported(code="1.1", **values) -> ActionFacts:
    defaults = dict(card_status="approved", state="running", state_label="In corso", progress=50)
    return action(code, **{**defaults, **values})


def full_input(**values) -> SynthesisInput:
    data = dict(
        plan_title="IV Piano di Zona 2012-2014", area_name="Modello organizzativo",
        area_text="Ripensare i modelli organizzativi.\n\nSecondo paragrafo.",
        focus_title="Modello organizzativo", focus_date=date(2015, 3, 5),
        stimulus_questions=["Che cosa ha funzionato?"],
        theses=["Dalla delega alla corresponsabilità", "Dalle gerarchie alle alleanze"],
        actions=[
            reported("3.1", title="Ufficio di piano", thesis_ratings={1: 3, 2: 1}, progress=80,
                     planned_start=date(2012, 1, 1), actual_start=date(2012, 6, 1),
                     involved=(Involved("Comune di Crema", "Ente pubblico"),
                               Involved("Coop Alfa", "Terzo settore")),
                     people_min=20, people_max=50, planned=Decimal(10000), spent=Decimal(6000),
                     attracted=Decimal(15000), plan_budget=Decimal(12000)),
            reported("3.2", title="Tavoli tematici", state="concluded", state_label="Conclusa",
                     thesis_ratings={1: 2}, involved=(Involved("Comune di Crema", "Ente pubblico"),),
                     people_min=10, people_max=10, planned=Decimal(5000), spent=Decimal(5000),
                     attracted=Decimal(5000)),
            action("3.3", title="Osservatorio", card_status="submitted", nobody_can_report=True,
                   nobody_reason="Obiettivo troppo ambizioso"),
            action("3.4", title="Formazione", card_status="draft"),
        ],
        keywords=[
            KeywordGroupFacts("corresponsabilità", (("corresponsabilità", 3), ("corresponsabilita", 1)),
                              "strengths"),
            KeywordGroupFacts("sinergia", (("sinergia", 2),), "strengths"),
            KeywordGroupFacts("attesa", (("attesa", 1),), "critical_points"),
            KeywordGroupFacts("speranza", (("speranza", 1),), None),
        ],
        statements={"strengths": ["Sono nate nuove alleanze"],
                    "development_lines": ["Ridefinire i luoghi di governance", "Sostenere gli operatori"]},
        next_meetings=[MeetingFacts("Incontro aperto", datetime(2015, 4, 9, 15, 0), "Sala Ricevimenti",
                                    "/incontri/1")],
        campaign_title="Valutazione 2014")
    data.update(values)
    return SynthesisInput(**data)


def test_every_skeleton_section_is_there_in_order_with_its_heading():
    result = generate(full_input())
    found = sections.sections(result.markdown)
    assert list(found) == list(SECTION_KEYS)
    for key, text in found.items():
        assert text.startswith("## "), key
        assert text == result.generated[key]
    html = str(render_markdown(result.markdown))
    assert html.count("<h2>") == len(SECTION_KEYS)
    assert "section:" not in html                 # the markers vanish on render


def test_where_we_started_quotes_the_area_and_the_theses():
    intro = section(full_input(), "intro").text
    assert "> Ripensare i modelli organizzativi.\n>\n> Secondo paragrafo." in intro
    assert "1. Dalla delega alla corresponsabilità\n2. Dalle gerarchie alle alleanze" in intro
    assert "- Che cosa ha funzionato?" in intro


def test_actions_with_state_timing_and_the_finding_of_nobody_reporting():
    text = section(full_input(), "actions").text
    assert "| 3.1 Ufficio di piano | In corso | 80% |" in text
    assert "3.2 Tavoli tematici | Conclusa" in text
    assert "started later than planned" in text      # outside a request: the English source text
    assert "**3.3 Osservatorio**: Obiettivo troppo ambizioso" in text
    assert "3.4 Formazione" in text.split("**3.3 Osservatorio**")[1]        # still without a card
    assert "[[chart:states]]" not in text and "states" not in charts(full_input())   # two bars of one: no chart
    assert "| 3.3" not in text and "| 3.4" not in text        # only reported cards speak in the table


def test_adherence_to_the_theses_averages_the_ratings():
    text = section(full_input(), "theses").text
    assert "| 1\\. Dalla delega alla corresponsabilità | 2,5 | 2 |" in text
    assert "| 2\\. Dalle gerarchie alle alleanze | 1 | 1 |" in text


def test_subjects_are_counted_once_and_people_summed():
    text = section(full_input(), "subjects").text
    assert text.count("- Comune di Crema") == 1 and "- Coop Alfa" in text
    assert "Ente pubblico 1" in text and "Terzo settore 1" in text
    assert "30–60" in text


def test_budget_planned_used_attracted_and_leverage():
    text = section(full_input(), "budget").text
    assert "12.000,00" in text                                  # what the plan gave
    assert "15.000,00" in text and "11.000,00" in text          # planned by the cards (10,000 + 5,000), used
    assert "20.000,00" in text and "1,33" in text               # attracted, and per euro planned
    assert "[[chart:budget]]" in text


def test_keywords_are_grouped_with_their_variants_and_counts():
    text = section(full_input(), "keywords").text
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert lines == ["- **corresponsabilità** (4) — corresponsabilita (1)", "- **sinergia** (2)",
                     "- **attesa** (1)", "- **speranza** (1)"]
    assert "8" in text.splitlines()[2]          # the total in the sentence
    keywords = charts(full_input())["keywords"]
    assert keywords["table"]["rows"][0] == ["corresponsabilità", "4"]


def test_the_four_lists_take_statements_and_the_keywords_placed_there():
    data = full_input()
    strengths = section(data, "strengths").text
    assert strengths.endswith("- Sono nate nuove alleanze")      # the room's list as written, nothing added
    critical = section(data, "critical_points").text
    assert "attesa" in critical and "- " not in critical
    lines = section(data, "development_lines").text
    assert "- Ridefinire i luoghi di governance\n- Sostenere gli operatori" in lines
    assert "speranza" not in section(data, "interpretive_hypotheses").text


def test_how_we_go_on_lists_the_next_meetings_with_links():
    text = section(full_input(), "next_steps").text
    assert "[Incontro aperto](/incontri/1), Sala Ricevimenti" in text and "2015" in text


@pytest.mark.parametrize("key", SECTION_KEYS)
def test_empty_data_still_gives_every_section_a_sentence(key):
    text = section(SynthesisInput(plan_title="Piano"), key).text
    heading, *rest = text.split("\n\n")
    assert heading.startswith("## ") and rest and all(part.strip() for part in rest)


def test_no_cards_nobody_reporting_and_no_keywords():
    data = full_input(actions=[action("1", card_status="draft"),
                               action("2", title="Due", card_status="approved", nobody_can_report=True)],
                      keywords=[], statements={}, next_meetings=[])
    result = generate(data)
    actions = result.generated["actions"]
    assert "[[chart:states]]" not in actions and "**2 Due**" in actions
    assert "| " not in result.generated["theses"]
    assert "[[chart:" not in result.generated["keywords"]
    assert set(result.charts) == set()
    assert "blog" in result.generated["next_steps"]


def test_a_focus_group_on_a_free_topic_has_no_actions():
    data = SynthesisInput(plan_title="Piano", focus_title="Tema libero")
    assert "free topic" in section(data, "actions").text      # outside a request: English


HOSTILE = ["<script>alert(1)</script>", "[clic](javascript:alert(1))", "<img src=x onerror=alert(1)>",
           "<!-- /section:keywords -->", "[[chart:budget]]", "# Titolo falso", "| a | b |", "1. elenco",
           "- voce"]


def test_what_people_typed_renders_inert_and_cannot_break_the_structure():
    data = full_input(
        area_name=HOSTILE[0], area_text="\n\n".join(HOSTILE), theses=HOSTILE, focus_title=HOSTILE[1],
        stimulus_questions=HOSTILE,
        actions=[reported(code=h, title=h, state_label=h, nobody_reason=h, involved=(Involved(h, h),),
                          planned=Decimal(1)) for h in HOSTILE] + [reported(state_label=HOSTILE[0])],
        keywords=[KeywordGroupFacts(h, ((h, n + 1), (h + "x", 1)), "strengths") for n, h in enumerate(HOSTILE)],
        statements={"strengths": HOSTILE, "development_lines": HOSTILE},
        next_meetings=[MeetingFacts(h, datetime(2030, 1, 1), h) for h in HOSTILE])
    result = generate(data)
    body = result.markdown
    assert list(sections.sections(body)) == list(SECTION_KEYS)       # no section was closed early
    assert sections.chart_keys(body) == ["states", "budget", "keywords"]
    html = str(render_markdown(body))
    assert "<script" not in html and 'href="javascript' not in html and "<img" not in html
    assert html.count("<h1") == 0 and "<table>" in html
    assert html.count("<h2>") == len(SECTION_KEYS)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html          # shown as text
    for chart in result.charts.values():
        labels = str(chart["figure"]["data"])
        assert "<script" not in labels and "<img" not in labels


# ---- the section markup ------------------------------------------------------------------------------------

def test_replacing_a_section_keeps_everything_else_byte_for_byte():
    body = generate(full_input()).markdown
    before, after = body.split("<!-- section:keywords -->")
    edited = before.replace("Ripensare", "Ripensare *davvero*") + "<!-- section:keywords -->" + after
    replaced = sections.replace(edited, "keywords", "## Parole\n\nNuove")
    assert sections.extract(replaced, "keywords") == "## Parole\n\nNuove"
    assert replaced.split("<!-- section:keywords -->")[0] == edited.split("<!-- section:keywords -->")[0]
    assert replaced.split("<!-- /section:keywords -->")[1] == edited.split("<!-- /section:keywords -->")[1]
    with pytest.raises(KeyError):
        sections.replace("no markers", "keywords", "x")


def test_hand_edits_are_told_apart_from_whitespace():
    assert not sections.edited("## A\n\ntext  \n\n\n\nmore", "## A\n\ntext\n\nmore\n")
    assert sections.edited("## A\n\ntext changed", "## A\n\ntext")


def test_diff_lists_removed_and_added_lines_in_reading_order():
    lines = sections.diff("## K\n\n- a (1)\n- b (1)", "## K\n\n- a (2)\n- b (1)\n- c (1)")
    assert [(line.kind, line.text) for line in lines if line.kind != "same"] == [
        ("removed", "- a (1)"), ("added", "- a (2)"), ("added", "- c (1)")]


def test_documents_get_tables_instead_of_charts_and_no_markers():
    result = generate(full_input())
    text = sections.for_document(result.markdown, result.charts)
    assert "<!--" not in text and "[[chart:" not in text
    assert "| corresponsabilità | 4 |" in text
    assert text.count("\n## ") + text.startswith("## ") == len(SECTION_KEYS)


def test_markdown_images_only_from_this_site_or_http_and_always_with_alt():
    html = str(render_markdown("![Sala](/blog/immagini/1) ![x](javascript:alert(1)) "
                               "![d](data:image/png;base64,AA) ![e](//evil.example/x.png) <img src=\"/a.png\"> "
                               "![h](https://example.org/a.png)"))
    assert '<img alt="Sala" src="/blog/immagini/1">' in html
    assert '<img alt="x">' in html and '<img alt="d">' in html and '<img alt="e">' in html
    assert '<img alt="" src="/a.png">' in html and 'src="https://example.org/a.png"' in html
    assert "javascript" not in html and "data:" not in html and "evil" not in html


# ---- every sentence from a named fact: each section with its data and without -----------------------------

NO_DATES = dict(actions=[reported("1.1"), reported("1.2", planned_start=date(2012, 1, 1),
                                                    actual_start=date(2012, 1, 1))])
GAPS = [  # (section, the input without the data, what the section says then, what it says with the data)
    ("intro", dict(focus_title=None, focus_date=None), "before or without a focus group", "met to evaluate"),
    ("intro", dict(area_text=""), "The plan gives no description of this area.", "> Ripensare"),
    ("actions", dict(actions=[]), "The plan lists no system action in this area.", "The area has 4 system"),
    ("actions", dict(actions=[action("1.1", card_status="draft")]), "No evaluation card of this area tells",
     "2 evaluation cards tell"),
    ("actions", NO_DATES, "are not given in 1 card out of 2", "1 action did not keep to the planned timing"),
    ("theses", dict(theses=[]), "The plan states no theses.", "How far the actions embodied each thesis"),
    ("subjects", dict(actions=[reported("1.1")]), "The cards name no organization involved yet.",
     "bodies took part in the actions"),
    ("subjects", dict(actions=[reported("1.1")]), "No card declares how many people were involved.",
     "People involved, as declared by 2 cards"),
    ("budget", dict(actions=[reported("1.1")]), "The plan records no budget line for the area's actions.",
     "The plan gave the area's actions"),
    ("budget", dict(actions=[reported("1.1")]), "No card reports figures on resources yet.",
     "According to the cards"),
    ("keywords", dict(keywords=[]), "No keyword was collected in this group.", "The participants wrote 8"),
    ("strengths", dict(keywords=[], statements={}), "Nothing was written here yet.", "- Sono nate nuove"),
    ("critical_points", dict(keywords=[]), "Nothing was written here yet.", "without a statement yet: attesa"),
    ("development_lines", dict(statements={}), "Nothing was written here yet.", "- Ridefinire i luoghi"),
    ("next_steps", dict(next_meetings=[]), "will be announced on this blog", "[Incontro aperto](/incontri/1)"),
]


@pytest.mark.parametrize("key, without, missing, present", GAPS)
def test_each_section_says_what_its_data_says_and_says_when_the_data_is_missing(key, without, missing, present):
    assert present in section(full_input(), key).text
    text = section(full_input(**without), key).text
    assert missing in text and present not in text


def test_no_dates_means_no_claim_of_being_on_time():
    text = section(full_input(**NO_DATES), "actions").text
    assert "| dates not given |" in text and "| on time |" in text        # 1.2 started as planned
    assert "kept to the planned timing" in text and "that reported kept" not in text
    text = section(full_input(actions=[reported("1.1")]), "actions").text
    assert "kept to the planned timing" not in text and "on time" not in text


def test_a_chart_only_when_its_bars_differ_and_the_summary_names_what_is_missing():
    equal = [KeywordGroupFacts(w, ((w, 1),)) for w in ("rete", "fiducia", "tempo")]
    assert "[[chart:keywords]]" not in section(full_input(keywords=equal), "keywords").text
    assert "keywords" not in charts(full_input(keywords=equal))
    assert "[[chart:keywords]]" in section(full_input(), "keywords").text
    states = [reported("1"), reported("2"), reported("3", state_label="Conclusa")]
    assert "[[chart:states]]" in section(full_input(actions=states), "actions").text
    from posts.synthesis import summary
    assert summary(full_input()).endswith("2 evaluation cards; 8 keywords; 2 development lines.")
    assert summary(SynthesisInput(plan_title="Piano")).endswith(
        "no evaluation card sent yet; no keyword collected; no development line written yet.")


def test_a_statement_keeps_its_sub_points_as_a_nested_list():
    data = full_input(statements={"development_lines": ["Ridefinire i modelli che tendano a:\n- partire dallo sguardo "
                                                        "dei fruitori;\n- scelte tempestive;", "Sostenere gli operatori"]})
    text = section(data, "development_lines").text
    assert "- Ridefinire i modelli che tendano a:\n    - partire dallo sguardo dei fruitori;\n    - scelte" in text
    html = str(render_markdown(text))
    assert html.count("<ul>") == 2 and html.count("<li>") == 4


def test_the_budget_quotes_what_the_cards_say_of_their_resources_in_words():
    data = full_input(actions=[reported("1.2", title="Scelta/sfida educativa",
                                        resources_notes="Un budget da un min. 6.000,00 a un max di 36.000,00 euro.")])
    text = section(data, "budget").text
    assert "**1.2 Scelta/sfida educativa**\n\n> Un budget da un min. 6.000,00 a un max di 36.000,00 euro." in text
    assert "No card reports figures on resources yet." in text                 # words, not figures


def test_the_actions_quote_what_each_card_tells_was_done():
    data = full_input(actions=[reported("1.1", title="Tessuto sociale", activities="La riorganizzazione per zone."),
                               reported("1.2", title="Sfida educativa")])
    text = section(data, "actions").text
    assert "**1.1 Tessuto sociale**\n\n> La riorganizzazione per zone." in text and "**1.2" not in text


def test_before_publishing_the_office_reads_what_the_data_could_not_fill_and_the_sources():
    from posts.synthesis_checks import gaps, sources
    assert [(g.section, g.missing) for g in gaps(full_input())] == [
        ("actions", "The planned and actual dates that would tell the timing are not given in 1 card out of 2."),
        ("interpretive_hypotheses", "Nothing was written here yet.")]
    sparse = full_input(actions=[reported("1.1")], keywords=[], next_meetings=[], area_text="")
    found = [g.section for g in gaps(sparse)]
    assert found == ["intro", "actions", "theses", "subjects", "subjects", "budget", "budget", "keywords",
                     "critical_points", "interpretive_hypotheses", "next_steps"]
    listed = sources(full_input())
    assert listed[1] == "The evaluation campaign “Valutazione 2014”: 3 cards sent of 4 actions"
    assert listed[2] == "The focus group “Modello organizzativo”: 8 keywords, 3 statements"


def test_each_section_names_the_records_its_sentences_came_from():
    from posts.synthesis_checks import records
    data = full_input(plan_id=7, focus_id=3, campaign_id=2,
                      actions=[reported("3.1", title="Ufficio di piano", action_id=11, card_id=21),
                               action("3.4", title="Formazione", action_id=14)],
                      next_meetings=[MeetingFacts("Incontro aperto", datetime(2015, 4, 9, 9, 30), id=5)])
    found = {key: [(r.kind, r.id) for r in listed] for key, listed in records(data)}
    assert found["intro"] == [("plan", 7), ("focus", 3)]
    assert found["actions"] == [("campaign", 2), ("card", 21), ("action", 14)]      # the action with no card too
    assert found["subjects"] == [("card", 21)] and found["budget"] == [("plan", 7), ("card", 21)]
    assert found["keywords"] == found["development_lines"] == [("focus", 3)]
    assert found["next_steps"] == [("meeting", 5)]
    labels = {r.label for _key, listed in records(data) for r in listed}
    assert "Card 3.1 – Ufficio di piano" in labels and "Action 3.4 – Formazione (no card)" in labels
    # A section with nothing behind it names nothing, rather than a record it did not read
    bare = {key for key, _listed in records(full_input(next_meetings=[], focus_id=None, plan_id=7))}
    assert "next_steps" not in bare and "keywords" not in bare


def test_the_lists_the_room_added_follow_its_development_lines_as_written():
    data = full_input(extra_lists=[("Due auspici trasversali", ["“Molto e bene per pochi ma non per tutti!”",
                                                               "Fiducia\n- reciproca"])])
    text = section(data, "development_lines").text
    lines = text.index("- Sostenere gli operatori")
    added = text.index("### Due auspici trasversali")
    assert lines < added and "- “Molto e bene per pochi ma non per tutti\\!”" in text and "    - reciproca" in text
    assert "###" not in section(full_input(), "development_lines").text


def test_an_empty_list_points_to_the_lists_the_room_wrote_instead():
    data = full_input(statements={}, keywords=[], extra_lists=[("Punti di forza e criticità", ["Lentezza"])])
    text = section(data, "strengths").text
    assert "the group wrote lists of its own, below (Punti di forza e criticità)" in text
