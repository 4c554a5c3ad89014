"""The chapters written from data are pure functions: facts in, Markdown out (no Flask, no database)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.text import render_markdown
from exports import draft
from plan_drafts import prefill


def test_the_process_chapter_tells_meetings_focus_groups_and_lines():
    text = prefill.process_chapter(
        "IV Piano di Zona 2012-2014",
        [prefill.MeetingFacts("Incontro aperto", "Open meeting", date(2015, 4, 9),
                              "Crema, Sala Pietro da Cemmo", registered=62, present=48)],
        [prefill.FocusFacts("Modello organizzativo", "Modello organizzativo", date(2015, 3, 5), sessions=1,
                            keywords=21, statements={"Strengths": 5, "Development lines": 4},
                            development_lines=["Ridefinire i modelli organizzativi"])])
    assert "| 9 aprile 2015 | Incontro aperto | Open meeting | Crema, Sala Pietro da Cemmo | 62 | 48 |" in text
    assert "| 5 marzo 2015 | Modello organizzativo | Modello organizzativo | 1 | 21 | 9 |" in text
    assert "- Ridefinire i modelli organizzativi" in text and "21 keywords" in text


def test_attendance_not_taken_is_left_blank_and_nothing_recorded_is_said():
    meeting = prefill.MeetingFacts("Gruppo", "Working group", registered=3)
    text = prefill.process_chapter("Piano", [meeting], [])
    assert "| 3 |  |" in text
    assert "No meeting or focus group" in prefill.process_chapter("Piano", [], [])


def test_user_text_cannot_break_the_markdown():
    text = prefill.process_chapter("Piano", [], [prefill.FocusFacts(
        "Gruppo | con barra", development_lines=["<script>alert(1)</script> e *stelle*\n# titolo"])])
    assert "Gruppo \\| con barra" in text
    html = str(render_markdown(text))
    assert "<script>" not in html and "<em>" not in html and "<h1>" not in html
    assert "stelle" in html


def test_the_evaluation_chapter_counts_cards_by_state_and_area():
    areas = [prefill.AreaEvaluation("Lavoro di comunità", actions=6,
                                    cards_by_state={"Draft": 2, "Approved": 4},
                                    objectives={"Reached": 3, "Partly reached": 1},
                                    nobody_can_report=["1.4 Nuovi spazi di vulnerabilità"],
                                    syntheses=[("Sintesi del gruppo", "/blog/crema/sintesi")]),
             prefill.AreaEvaluation("Modello organizzativo", actions=6, cards_by_state={"Draft": 6})]
    text = prefill.evaluation_chapter("IV Piano", "Valutazione 2012-2014", areas)
    assert "| Area | Actions | Draft | Approved |" in text
    assert "| Lavoro di comunità | 6 | 2 | 4 |" in text and "| Modello organizzativo | 6 | 6 | 0 |" in text
    assert "Reached: 3; Partly reached: 1." in text
    assert "- 1.4 Nuovi spazi di vulnerabilità" in text
    assert "[Sintesi del gruppo](/blog/crema/sintesi)" in text
    assert "No evaluation campaign" in prefill.evaluation_chapter("IV Piano", None, [])
    assert "No card reports any money." in text


def test_the_evaluation_chapter_reports_people_and_money_per_area_and_per_source():
    community = prefill.AreaEvaluation("Lavoro di comunità", actions=2, beneficiaries=1200)
    community.money.add(Decimal("6000"), Decimal("5500.5"), None)
    community.money.add(Decimal("36000"), None, Decimal("14000"))
    care = prefill.AreaEvaluation("Presa in carico integrata", actions=1)
    by_source = [("Bando 2/2013", prefill.Money(Decimal("36000"), Decimal(0), Decimal("14000"))),
                 ("FNPS 2013", prefill.Money(Decimal("6000"), Decimal("5500.5"), Decimal(0)))]
    text = prefill.evaluation_chapter("IV Piano", "Valutazione", [community, care], by_source=by_source)
    assert "| Lavoro di comunità | 1.200 |" in text and "| Presa in carico integrata | 0 |" in text
    assert "| Lavoro di comunità | € 42.000,00 | € 5.500,50 | € 14.000,00 |" in text
    assert "| Presa in carico integrata | € 0,00 | € 0,00 | € 0,00 |" in text
    assert "| Bando 2/2013 | € 36.000,00 | € 0,00 | € 14.000,00 |" in text
    # both tables' totals are the sums of the same cards' lines
    assert text.count("| **Total** | **€ 42.000,00** | **€ 5.500,50** | **€ 14.000,00** |") == 2


def test_the_resources_chapter_sums_by_source_in_euro():
    text = prefill.resources_chapter("IV Piano", [
        prefill.BudgetFacts("FNPS 2015", Decimal("120000"), 2015, "National and regional funds"),
        prefill.BudgetFacts("Foundation calls", Decimal("36000.5"), kind="Foundation calls")],
        [("Lavoro di comunità", Decimal("1234.5"))],
        bids=[prefill.BidFacts("Wel(l)FARE legami", "Fondazione Cariplo", "Submitted")],
        in_kind=[("Volunteer hours", Decimal("1200"), Decimal("18000"))])
    assert "| FNPS 2015 | 2015 | National and regional funds | € 120.000,00 |" in text
    assert "| **Total** |  |  | **€ 156.000,50** |" in text
    assert "| Wel(l)FARE legami | Fondazione Cariplo | Submitted | – | – |" in text
    assert "| Volunteer hours | 1.200 | € 18.000,00 |" in text
    assert "| Lavoro di comunità | € 1.234,50 |" in text
    assert prefill.euro(None) == "€ 0,00"


def test_the_annexes_list_signatories_and_adherents_in_order():
    text = draft.annexes_chapter(
        [draft.Subscriber("Comune di Crema", "Municipality"),
         draft.Subscriber("ASST Crema", "Health agency")],
        [])
    assert text.index("ASST Crema") < text.index("Comune di Crema")
    assert "### Adherents\n\nNone recorded yet." in text


def test_the_objectives_table_numbers_the_rows_by_axis():
    text = draft.objectives_table([
        draft.AxisRows(1, "Ricomposizione delle conoscenze", objectives=[
            draft.ObjectiveRow("1.1", "Osservatorio", responsible="Comune di Crema",
                                 partners=["ASST", "Coop"]),
            draft.ObjectiveRow("1.2", "Cartella sociale")]),
        draft.AxisRows(2, "Ricomposizione dei servizi")])
    assert "### 1. Ricomposizione delle conoscenze" in text
    assert "| 1.1 | Osservatorio |" in text and "| Comune di Crema | ASST, Coop |" in text
    assert "### 2. Ricomposizione dei servizi\n\nNo objectives yet." in text
    assert "<table>" in str(render_markdown(text))


def test_a_translation_function_is_used_for_the_words_of_the_chapter():
    text = draft.annexes_chapter([], [], _=lambda s, **v: "IT:" + (s % v if v else s))
    assert "### IT:Signatories of the agreement" in text


def test_the_context_governance_and_signatures_are_written_from_the_territory():
    from plan_drafts.territory_chapters import (BodyFacts, ComuneFacts, TerritoryFacts, context_chapter,
                                                governance_chapter, signature_table)
    facts = TerritoryFacts(
        district="Ambito Distrettuale Cremasco",
        comuni=[ComuneFacts("Crema", "019035", "CR", 33786, 2023, lead=True, signatory="Sindaco di Crema"),
                ComuneFacts("Soncino", "019097", "CR", 7614, 2023), ComuneFacts("Pieranica", "019070", "CR")],
        management_form="Special agency", management_body="Comunità Sociale Cremasca a.s.c.",
        bodies=[BodyFacts("Assemblea dei Sindaci", "Mayors' assembly", "Approva il Piano.",
                          [("Sindaco di Crema", "presidente", "Crema")]), BodyFacts("Tavolo tecnico", "Technical table")])
    context = context_chapter(facts)
    assert "3 comuni (province: CR)" in context and "The lead municipality is Crema." in context
    assert "41.400 inhabitants (ISTAT, 2023)" in context and "population of 1 comuni is not recorded" in context
    assert "| Crema | 019035 | 33.786 |" in context and "| **Total** |  | **41.400** |" in context
    governance = governance_chapter(facts)
    assert "### Assemblea dei Sindaci" in governance and "| Sindaco di Crema | presidente | Crema |" in governance
    assert "Its members are not recorded." in governance
    signatures = signature_table(facts)
    assert signatures.count("\n| ") == 5          # the header, its rule and one row per comune
    assert "| Soncino | The mayor or a delegate |  |" in signatures
