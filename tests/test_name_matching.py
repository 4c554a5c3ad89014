"""Names on a roster are matched to people already known despite spelling variants, and never to a different
person who only shares a surname or a first name. All names are made up."""
from __future__ import annotations

import pytest

from meetings.names import MATCH_THRESHOLD, match_names, name_similarity, name_key, normalise_name

KNOWN = [(1, "Ottavia Brambillasca"), (2, "Renato Pizzamiglio"), (3, "Maria Pia Tessadori"),
         (4, "Gianluca De Stefanis"), (5, "Marco Locatelli"), (6, "Francesca Morlacchini")]


def only(name: str, candidates=KNOWN):
    [match] = match_names([name], candidates)
    return match


def test_case_accents_spaces_and_punctuation_do_not_matter():
    assert normalise_name("  NICOLÒ   Ferrè-Albani ") == "nicolo ferre albani"
    assert normalise_name("Anna D'Oria") == "anna doria"
    assert name_similarity("OTTAVIA BRAMBILLASCA", "ottavia brambillasca") == 100
    assert name_similarity("Nicolò Ferrè", "Nicolo Ferre") == 100
    match = only("ottavia  BRAMBILLASCA")
    assert (match.candidate_id, match.score, match.certain) == (1, 100, True)


def test_surname_first_or_last_is_the_same_name():
    assert name_similarity("Brambillasca Ottavia", "Ottavia Brambillasca") == 100
    assert name_key("Brambillasca Ottavia") == name_key("Ottavia Brambillasca")
    match = only("Pizzamiglio Renato")
    assert (match.candidate_id, match.certain) == (2, True)


def test_given_names_and_surnames_written_joined_or_apart():
    assert name_similarity("Mariapia Tessadori", "Maria Pia Tessadori") == 100
    assert name_similarity("Tessadori Mariapia", "Maria Pia Tessadori") == 100   # and in the other order
    assert name_similarity("Gianluca Destefanis", "Gianluca De Stefanis") == 100
    match = only("Tessadori Maria-Pia")
    assert (match.candidate_id, match.certain) == (3, True)
    assert only("Destefanis Gianluca").candidate_id == 4


@pytest.mark.parametrize("written", ["Don Marco Locatelli", "Dott. Marco Locatelli", "dott.ssa Marco Locatelli",
                                     "Prof.Marco Locatelli", "Sig. Dott. Marco Locatelli"])
def test_titles_before_a_name_are_dropped(written):
    assert normalise_name(written) == "marco locatelli"
    match = only(written)
    assert (match.candidate_id, match.certain) == (5, True)


def test_a_title_is_kept_when_it_is_all_there_is_and_never_cut_from_a_name():
    assert normalise_name("Don") == "don"
    assert normalise_name("Donatella Ingrassia") == "donatella ingrassia"
    assert normalise_name("Padre") == "padre"


def test_a_typo_is_matched_but_not_as_certain():
    assert MATCH_THRESHOLD < name_similarity("Francesca Morlachini", "Francesca Morlacchini") < 100
    match = only("Francesca Morlachini")
    assert (match.candidate_id, match.certain) == (6, False)
    assert only("Otavia Brambilasca").candidate_id == 1       # one typo in each part of a long name


def test_a_shared_surname_only_is_not_a_match():
    people = [(10, "Mario Rossi")]
    assert name_similarity("Mario Rossi", "Luca Rossi") < MATCH_THRESHOLD
    assert name_similarity("Rossi", "Mario Rossi") < MATCH_THRESHOLD
    assert only("Luca Rossi", people).candidate_id is None
    assert only("Rossi", people).candidate_id is None
    assert only("Mario Luca Rossi", people).candidate_id is None   # another given name is another person


def test_a_shared_first_name_only_is_not_a_match():
    people = [(10, "Ottavia Brambillasca")]
    assert name_similarity("Ottavia Brambillasca", "Ottavia Pizzamiglio") < MATCH_THRESHOLD
    assert only("Ottavia Pizzamiglio", people).candidate_id is None
    assert only("Ottavia", people).candidate_id is None


def test_a_different_final_vowel_is_a_different_person_not_a_typo():
    assert name_similarity("Mario Locatelli", "Maria Locatelli") < MATCH_THRESHOLD
    assert name_similarity("Francesco Morlacchini", "Francesca Morlacchini") < MATCH_THRESHOLD
    assert only("Marca Locatello").candidate_id is None
    assert name_similarity("Elena Bossi", "Elena Rossi") < MATCH_THRESHOLD     # short surnames: no typos


def test_two_close_candidates_are_alternatives_for_the_office_not_a_pick():
    people = [(20, "Beatrice Scandellari"), (21, "Beatrice Scandolari")]
    match = only("Beatrice Scandollari", people)   # one letter from each
    assert match.candidate_id is None and not match.certain
    assert {c.id for c in match.alternatives} == {20, 21}
    namesakes = only("Marco Locatelli", KNOWN + [(7, "Locatelli Marco")])
    assert namesakes.candidate_id is None and {c.id for c in namesakes.alternatives} == {5, 7}


def test_the_same_name_wins_over_a_typo_close_one_but_is_not_certain():
    people = [(20, "Beatrice Scandellari"), (21, "Beatrice Scandellaris")]
    match = only("Beatrice Scandellari", people)
    assert (match.candidate_id, match.score, match.certain) == (20, 100, False)
    assert [c.id for c in match.alternatives] == [21]


def test_a_name_without_a_candidate_gets_none():
    match = only("Teodora Valsecchi")
    assert (match.candidate_id, match.candidate_name, match.score, match.certain) == (None, None, 0, False)
    assert match.alternatives == ()
    assert only("Teodora Valsecchi", []).candidate_id is None


def test_empty_input():
    assert match_names([], KNOWN) == []
    assert [m.candidate_id for m in match_names(["", "   ", "--"], KNOWN)] == [None, None, None]
    assert name_similarity("", "Marco Locatelli") == 0
    assert normalise_name("") == ""


def test_one_person_is_certain_for_one_incoming_name_at_most():
    twice = match_names(["Marco Locatelli", "Locatelli Marco", "Ottavia Brambillasca"], KNOWN)
    assert [m.candidate_id for m in twice] == [5, 5, 1]
    assert [m.certain for m in twice] == [False, False, True]       # reported, not merged
    assert [m.shared_with for m in twice] == [(1,), (0,), ()]

    typo_too = match_names(["Francesca Morlachini", "Francesca Morlacchini"], KNOWN)
    assert (typo_too[1].candidate_id, typo_too[1].certain) == (6, True)
    assert typo_too[0].candidate_id is None                            # the certain row keeps the person
    assert [c.id for c in typo_too[0].alternatives] == [6]


def test_results_keep_the_incoming_order_and_names():
    names = ["Renato Pizzamiglio", "Nessuno Qui", "Brambillasca Ottavia"]
    assert [(m.name, m.candidate_id) for m in match_names(names, KNOWN)] == [
        ("Renato Pizzamiglio", 2), ("Nessuno Qui", None), ("Brambillasca Ottavia", 1)]
