"""Grouping keywords by meaning (focus_groups/meaning.py): different words for one idea are suggested
together with the reason, never merged without the facilitator; the CLI adds the suggestions to the grouping
document; the grouping page offers them after the spelling variants."""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main as pdz
from app.extensions import db
from focus_groups import board_services as svc
from focus_groups import management, meaning

DEV_SET = json.loads((Path(__file__).parent / "data" / "meaning-dev.json").read_text(encoding="utf-8"))


def together(suggestions) -> set[frozenset[str]]:
    return {frozenset(pair) for s in suggestions for pair in itertools.combinations(s.keywords, 2)}


def test_the_thesaurus_ships_with_the_package_and_knows_synonyms():
    assert "isolamento" in meaning.thesaurus()["solitudine"]
    assert meaning.link("solitudine", "isolamento") == (meaning.THESAURUS_SYNONYMS, ("solitudine", "isolamento"))
    assert meaning.link("persone anziane", "anziani")[0] == meaning.THESAURUS_WORDS   # on the lemma, "persone" aside


def test_a_shared_modifier_or_a_generic_word_ties_nothing():
    assert meaning.link("risorse economiche", "disagio economico") == (0.0, None)       # a phrase is its head
    assert meaning.link("persone anziane", "persone con disabilità") == (0.0, None)
    assert meaning.link("fiducia", "Fiducia") == (0.0, None)                # spelling is the other engine's


def test_prefixed_siblings_and_one_head_with_different_specifics_are_never_suggested_together():
    pairs = [("inclusione", "esclusione"), ("corresponsabilità", "irresponsabilità"), ("valutazione", "svalutazione"),
             ("integrazione", "disintegrazione"), ("lavoro di rete", "lavoro di squadra"),
             ("partecipazione attiva", "partecipazione passiva")]
    assert all(meaning.unrelated(a, b) for a, b in pairs)
    assert not meaning.unrelated("isolamento", "isolamento sociale") and not meaning.unrelated("volontari",
                                                                                               "volontariato")
    found = together(meaning.suggest([w for pair in pairs for w in pair] + ["fiducia", "scuola", "salute", "casa"]))
    assert not found & {frozenset(p) for p in pairs}


def test_words_of_one_meaning_are_suggested_together_and_others_kept_apart():
    words = ["solitudine", "isolamento", "lavoro", "occupazione", "casa", "abitazione", "giovani", "ragazzi",
             "trasporti", "burocrazia", "fiducia", "scuola", "salute", "rete"]
    found = meaning.suggest(words)
    pairs = together(found)
    assert {frozenset(p) for p in [("solitudine", "isolamento"), ("lavoro", "occupazione"),
                                   ("casa", "abitazione"), ("giovani", "ragazzi")]} <= pairs
    ideas = [{"solitudine", "isolamento"}, {"lavoro", "occupazione"}, {"casa", "abitazione"},
             {"giovani", "ragazzi"}]
    for pair in pairs:                                    # nothing across two ideas
        assert any(pair <= idea for idea in ideas), pair
    assert all(0 < s.score <= 1 and s.reasons for s in found)


def test_a_small_session_still_gets_suggestions_and_one_keyword_none():
    assert together(meaning.suggest(["fiducia", "affidabilità", "scuola"])) == {frozenset({"fiducia",
                                                                                          "affidabilità"})}
    assert meaning.suggest(["fiducia"]) == [] and meaning.suggest([]) == []


def test_on_the_development_set_most_same_meaning_pairs_are_found_and_none_wrong():
    """The issue's goal: pair recall 0.75 at pair precision 0.9 (reached: 0.79 at 1.0)."""
    labels = [w for group in DEV_SET["groups"] for w in group]
    meaning_of = {w: i for i, group in enumerate(DEV_SET["groups"]) for w in group}
    pairs = together(meaning.suggest(labels))
    positives = {frozenset(p) for g in DEV_SET["groups"] for p in itertools.combinations(g, 2)}
    right = pairs & positives
    assert len(right) / len(positives) >= 0.75 and len(right) / len(pairs) >= 0.9
    assert all(meaning_of[a] == meaning_of[b] for a, b in map(tuple, right))


def test_the_cli_adds_meaning_suggestions_and_leaves_the_groups_alone(tmp_path):
    source = tmp_path / "keywords.txt"
    source.write_text("solitudine\nSolitudine\nisolamento\nlavoro\noccupazione\nscuola\n", encoding="utf-8")
    runner = CliRunner()
    plain = json.loads(runner.invoke(pdz, ["keywords", "group", str(source)]).output)
    result = runner.invoke(pdz, ["keywords", "group", str(source), "--meaning"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["groups"] == plain["groups"] and "meaning_suggestions" not in plain
    suggested = [set(s["keywords"]) for s in document["meaning_suggestions"]]
    assert {"solitudine", "isolamento"} in suggested and {"lavoro", "occupazione"} in suggested
    assert all(isinstance(s["score"], float) and s["reasons"] for s in document["meaning_suggestions"])


@pytest.fixture
def different_words(plan):
    focus = management.create_focus_group(plan, title="Lavoro di comunità", area=plan.areas[0])
    session = management.open_session(focus, prompt="Scrivete UNA PAROLA CHIAVE")
    management.paste_keywords(session, "\n".join(["solitudine", "solitudine", "isolamento", "scuola"]))
    db.session.commit()
    return session


def test_the_grouping_page_offers_a_meaning_merge_with_its_reason_and_merges_only_on_accept(
        as_facilitator, district, different_words):
    base = f"/gestione/{district.slug}/focus/sessioni/{different_words.id}"
    page = as_facilitator.get(f"{base}/raggruppa").get_data(as_text=True)
    assert "sinonimi nel thesaurus italiano" in page and "isolamento" in page
    db.session.expire_all()
    assert len(svc.live_groups(different_words)) == 3              # shown, not merged
    [offer] = svc.suggestions(different_words)
    assert (offer.target.label, offer.other.label) == ("solitudine", "isolamento")   # into the larger group
    as_facilitator.post(f"{base}/unisci", data={"target": offer.target.id, "other": offer.other.id})
    db.session.expire_all()
    assert sorted(svc.group_count(g) for g in svc.live_groups(different_words)) == [1, 3]


def test_terms_of_one_kind_are_not_synonyms_and_a_thesaurus_tie_between_two_heads_holds():
    """Encoded as keywords, the young and the old stay apart in a small room; "disagio economico" is tied to
    "indigenza" by the thesaurus although the model alone reads the two as unrelated."""
    assert together(meaning.suggest(["giovani", "anziani", "terza età", "ragazzi", "scuola"])) == {
        frozenset({"giovani", "ragazzi"})}
    words = ["povertà", "indigenza", "disagio economico", "scuola", "salute", "casa", "giovani", "trasporti",
             "fiducia", "burocrazia", "comunità", "rete"]
    assert {"povertà", "indigenza", "disagio economico"} in [set(s.keywords) for s in meaning.suggest(words)]
