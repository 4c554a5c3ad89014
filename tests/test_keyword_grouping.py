"""The keyword grouping engine (focus_groups/grouping.py): a table of Italian cases — merged without asking,
offered to the facilitator, kept apart — the real keywords of the Crema focus group, the labelled
development set, held-out words of social policy, and the CLI and API that wrap the engine."""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main as pdz
from focus_groups.grouping import (DEFAULT_THRESHOLD, automatic_groups, compare, group_keywords,
                                   grouping_document, suggestions)
from focus_groups.normalise import automatic_key, fold, glue_prefixes, restore_accents

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = json.loads((ROOT / "app" / "sample" / "crema-2012-2014.json").read_text(encoding="utf-8"))
DEV_SET = json.loads((Path(__file__).parent / "data" / "keywords-dev.json").read_text(encoding="utf-8"))

# Same keyword, merged without asking: case, accents, apostrophe-accents, spacing, punctuation, separators.
AUTOMATIC = [
    ("Fiducia", "fiducia"),
    ("Responsabilita'", "responsabilità"),
    ("responsabilita", "responsabilità"),
    ("comunita'", "comunità"),
    ("comunitá", "comunità"),            # the wrong accent
    ("COMUNITÀ", "comunità"),
    ("Volonta’", "volontà"),             # a typographic apostrophe
    ("timidezza  decisionale", "timidezza decisionale"),
    ("  sinergia ", "sinergia"),
    ("Agire!", "agire"),
    ("Corresponsabilità.", "corresponsabilità"),
    ("verifica-parziale", "verifica parziale"),
    ("professionalità/competitività", "professionalità - competitività"),
    ("professionalità – competitività", "Professionalita' / competitivita'"),
    ("co-progettazione", "coprogettazione"),
    ("co progettazione", "coprogettazione"),
    ("socio-sanitario", "sociosanitario"),
    ("Socio Sanitario", "socio-sanitario"),
    ("Sistema complesso, andamento frazionato", "sistema complesso andamento frazionato"),
    ("Il bene comune e' responsabilità collettiva", "il bene comune è responsabilità collettiva"),
    ("pari opportunità", "Pari Opportunita'"),
]

# Offered to the facilitator, with the reason the interface shows.
SUGGESTED = [
    ("lavoro di rete", "lavoro in rete", "function words"),
    ("condivisione", "Condivisioni", "plural"),
    ("rete", "reti", "plural"),
    ("servizio", "servizi", "plural"),
    ("accoglienza", "accoglienze", "plural"),
    ("verifica parziale", "verifiche parziali", "plural"),
    ("timidezza decisionale", "timidezze decisionali", "plural"),
    ("legame", "legami", "plural"),
    ("famiglia fragile", "famiglie fragili", "plural"),
    ("partecipazione attiva", "partecipazioni attive", "plural"),
    ("attivo", "attiva", "inflection"),
    ("ascolto", "ascoltare", "inflection"),
    ("condivisione", "condivisone", "typo"),
    ("speranza", "sperenza", "typo"),
    ("territorio", "teritorio", "typo"),
    ("alleanza", "aleanza", "typo"),
    ("coordinamento", "cordinamento", "typo"),
    ("corresponsabilità", "co-responsabilità", "typo"),
    ("welfare", "welfere", "typo"),
    ("socio sanitari", "sociosanitario", "plural"),   # written as one word, and a plural
    ("sinergia", "sinergai", "typo"),           # two letters swapped
    ("sperenze", "speranza", "typo"),           # a typo in a plural
    ("condivisone", "condivisioni", "typo"),
    ("politico", "politici", "plural"),
    ("sistema", "sistemi", "inflection"),
    ("incertezza e cambiamento", "cambiamento e incertezza", "word order"),
    ("collaborazione e coprogettazione", "coprogettazione e collaborazione", "word order"),
    ("servizi sociali", "sociali servizi", "word order"),
]

# Never merged, never offered: opposites and opposite prefixes, other words one letter away, phrases that
# differ in a content word, a phrase and one of its words.
APART = [
    ("fiducia", "sfiducia"),
    ("attivo", "inattivo"),
    ("responsabilità", "irresponsabilità"),
    ("corresponsabilità", "irresponsabilità"),
    ("responsabilità", "corresponsabilità"),
    ("divisione", "condivisione"),
    ("Divisioni", "condivisione"),
    ("certezza", "incertezza"),
    ("certezze", "Incertezze"),
    ("valutazione", "svalutazione"),
    ("integrazione", "disintegrazione"),
    ("integrazioni", "disintegrazione"),
    ("inclusione", "esclusione"),
    ("legalità", "illegalità"),
    ("sostenibilità", "insostenibilità"),
    ("uguaglianza", "disuguaglianza"),
    ("autonomia", "non autonomia"),
    ("autonomia", "non-autonomia"),
    ("legami", "legali"),
    ("casa", "caso"),
    ("fiducia", "fiduciosi"),
    ("lavoro di rete", "lavoro di gruppo"),
    ("lavoro di rete", "lavoro di squadra"),
    ("partecipazione attiva", "partecipazione passiva"),
    ("servizi sociali", "servizi sanitari"),
    ("incertezza e cambiamento", "incertezza"),
    ("il bene comune è responsabilità collettiva", "corresponsabilità"),
    ("rete", "rate"),
    ("in sicurezza", "insicurezza"),           # spacing is automatic, but not around a function word
    ("sicurezza", "insicurezza"),
    ("parte", "partito"),                      # one verb lemma (partire), two nouns
    ("piano 2", "piano 3"),
    ("progetto1", "progetto2"),
]


def together(lines: list[str], a: str, b: str, threshold: float = DEFAULT_THRESHOLD) -> bool:
    return any(a in g.members and b in g.members for g in group_keywords(lines, threshold))


@pytest.mark.parametrize("a, b", AUTOMATIC, ids=[f"{a}={b}" for a, b in AUTOMATIC])
def test_spellings_of_one_keyword_merge_automatically(a, b):
    assert automatic_key(a) == automatic_key(b)
    [group] = group_keywords([a, b])
    assert group.members == [a, b] and group.automatic


@pytest.mark.parametrize("text, folded", [
    ("Responsabilita'", "responsabilita"), ("co-progettazione", "co progettazione"), ("l’ascolto", "l ascolto"),
    ("  Perche'  no?! ", "perche no"), ("socio_sanitario", "socio sanitario"), ("İstanbul", "istanbul"),
])
def test_one_comparison_form_word_by_word(text, folded):
    """`fold` (what blocked words match on) keeps words apart; `automatic_key` is built on it."""
    assert fold(text) == folded


@pytest.mark.parametrize("a, b, reason", SUGGESTED, ids=[f"{a}~{b}" for a, b, _ in SUGGESTED])
def test_near_variants_are_offered_with_a_reason(a, b, reason):
    groups = automatic_groups([a, b])
    assert len(groups) == 2, "a variant must not be merged without asking"
    [offer] = suggestions(groups)
    assert (offer.first_label, offer.second_label, offer.reason) == (a.strip(), b.strip(), reason)
    assert DEFAULT_THRESHOLD <= offer.score < 1
    [group] = group_keywords([a, b])
    assert group.members == [a, b] and not group.automatic


@pytest.mark.parametrize("a, b", APART, ids=[f"{a}/{b}" for a, b in APART])
def test_different_words_are_kept_apart(a, b):
    x, y = automatic_groups([a, b])
    assert compare(x, y) is None and compare(y, x) is None
    assert not together([a, b], a, b, threshold=0.01)


def test_apart_pairs_stay_apart_among_all_the_other_cases():
    """Chains of suggestions (incertezze ~ incertezza, certezza ~ certezze) never join opposites."""
    lines = [w for case in AUTOMATIC + APART for w in case[:2]] + [w for a, b, _ in SUGGESTED for w in (a, b)]
    groups = group_keywords(lines)
    for a, b in APART:
        assert not any(a in g.members and b in g.members for g in groups), (a, b)


def test_the_acceptance_example():
    lines = ["Fiducia", "fiducia", "sfiducia", "Responsabilita'", "responsabilità", "lavoro di rete",
             "lavoro in rete", "lavoro di gruppo"]
    assert grouping_document(lines) == {"groups": [
        {"label": "fiducia", "members": ["Fiducia", "fiducia"], "automatic": True},
        {"label": "sfiducia", "members": ["sfiducia"], "automatic": True},
        {"label": "responsabilità", "members": ["Responsabilita'", "responsabilità"], "automatic": True},
        {"label": "lavoro di rete", "members": ["lavoro di rete", "lavoro in rete"], "automatic": False},
        {"label": "lavoro di gruppo", "members": ["lavoro di gruppo"], "automatic": True},
    ]}


def test_every_line_is_in_exactly_one_group_duplicates_included():
    lines = ["rete", "Rete", "rete", "reti", "", "   ", "!!!", "?", "rete!", "lavoro di rete", "rete"]
    groups = group_keywords(lines)
    assert sorted(m for g in groups for m in g.members) == sorted(lines)
    [rete] = [g for g in groups if "reti" in g.members]
    assert rete.members.count("rete") == 3 and rete.label == "rete"


def test_a_sentence_is_only_merged_when_spelled_the_same():
    sentence = "la rete dei servizi sociali deve ascoltare le famiglie fragili del territorio ogni giorno"
    lines = [sentence, sentence.upper() + "!", sentence.replace("servizi", "servizio"), "rete", "reti"]
    assert [g.members for g in group_keywords(lines)] == [lines[:2], [lines[2]], ["rete", "reti"]]


def test_the_label_is_the_most_frequent_spelling_preferring_accents_and_lower_case():
    assert group_keywords(["VOLONTA'", "Volontà", "volontà", "volontà"])[0].label == "volontà"
    assert group_keywords(["Responsabilita'", "responsabilità"])[0].label == "responsabilità"
    assert group_keywords(["Fiducia", "fiducia"])[0].label == "fiducia"


def test_the_threshold_limits_what_is_offered():
    lines = ["territorio", "territori", "teritorio"]
    assert len(group_keywords(lines)) == 1
    strict = group_keywords(lines, threshold=0.9)
    assert {tuple(g.members) for g in strict} == {("territorio", "territori"), ("teritorio",)}
    assert len(group_keywords(lines, threshold=1.0)) == 3


def test_suggestions_come_best_first_and_name_automatic_groups():
    groups = automatic_groups(["Speranza", "speranza", "speranze", "sperenza"])
    offers = suggestions(groups)
    assert [(o.first_label, o.second_label, o.reason) for o in offers] == [
        ("speranza", "speranze", "plural"), ("speranza", "sperenza", "typo"), ("speranze", "sperenza", "typo")]
    assert offers[0].first == automatic_key("speranza")
    assert offers[0].score >= offers[1].score


def test_prefixes_helpers():
    assert restore_accents("perche' e' cosi'") == "perchè è così"
    assert restore_accents("dell'ascolto") == "dell'ascolto"
    assert glue_prefixes(("co", "progettazione", "e", "non", "autosufficienza")) == (
        "coprogettazione", "e", "nonautosufficienza")


# ---- real keywords --------------------------------------------------------------------------------------

def test_the_real_crema_keywords_stay_distinct():
    """The 21 keywords of the 2015 focus group are 21 different ideas: nothing merged, nothing offered."""
    keywords = SAMPLE["focus_group"]["keywords"]
    assert len(keywords) == 21
    groups = automatic_groups(keywords)
    assert len(groups) == 21 and suggestions(groups) == []
    assert [g.members for g in group_keywords(keywords)] == [[k] for k in keywords]


def _score(groups: list[dict], gold: dict) -> dict:
    where = {m: i for i, g in enumerate(groups) for m in g["members"]}
    clusters = gold["clusters"]
    same = lambda a, b: where.get(a) is not None and where.get(a) == where.get(b)  # noqa: E731
    must = [(a, b) for v in clusters.values() for a, b in itertools.combinations(v, 2)]
    cannot = [(a, b) for x, y in gold["cannot_link"] for a in clusters[x] for b in clusters[y]]
    cross = [(a, b) for x, y in itertools.combinations(clusters, 2) for a in clusters[x] for b in clusters[y]]
    return {"missing": [m for v in clusters.values() for m in v if m not in where],
            "must_fail": [p for p in must if not same(*p)], "cannot_fail": [p for p in cannot if same(*p)],
            "cross_fail": [p for p in cross if same(*p)]}


@pytest.mark.parametrize("order", ["as listed", "reversed", "interleaved"])
def test_the_development_set_is_grouped_as_labelled(order):
    lines = [m for members in DEV_SET["clusters"].values() for m in members]
    lines = {"as listed": lines, "reversed": lines[::-1], "interleaved": lines[::2] + lines[1::2]}[order]
    result = _score(grouping_document(lines)["groups"], DEV_SET)
    assert result == {"missing": [], "must_fail": [], "cannot_fail": [], "cross_fail": []}


HELD_OUT = {   # words of social policy the engine was not built on: clusters, then pairs never joined
    "clusters": {
        "integrazione": ["integrazione", "Integrazione", "integrazioni", "integrazone"],
        "disintegrazione": ["disintegrazione", "Disintegrazione"],
        "comunità": ["comunità", "comunita'", "comunitá", "Comunita", "comunità!"],
        "rete": ["rete", "reti", "Rete"],
        "servizi": ["servizi", "servizio", "Servizi"],
        "accoglienza": ["accoglienza", "accoglienze", "accoglenza", "Accoglienza"],
        "inclusione": ["inclusione", "Inclusione", "inclusioni"],
        "esclusione": ["esclusione", "esclusioni"],
        "fiducia": ["fiducia", "Fiducia"],
        "sfiducia": ["sfiducia", "Sfiducia"],
        "prossimità": ["prossimità", "prossimita'", "prossimita"],
        "presa in carico": ["presa in carico", "Presa in carico", "prese in carico"],
        "rete dei servizi": ["rete dei servizi", "servizi in rete"],
        "welfare di comunità": ["welfare di comunità", "Welfare di comunita'", "welfare di comunita"],
        "sostenibilità": ["sostenibilità", "sostenibilita'"],
        "insostenibilità": ["insostenibilità"],
        "equità": ["equità", "EQUITA'"],
        "iniquità": ["iniquità"],
        "famiglie fragili": ["famiglie fragili", "famiglia fragile", "Famiglie-fragili"],
        "famiglie numerose": ["famiglie numerose"],
    },
    "cannot_link": [["integrazione", "disintegrazione"], ["inclusione", "esclusione"], ["fiducia", "sfiducia"],
                    ["sostenibilità", "insostenibilità"], ["equità", "iniquità"], ["rete", "rete dei servizi"],
                    ["famiglie fragili", "famiglie numerose"], ["servizi", "rete dei servizi"]],
}


def test_held_out_social_policy_words_generalise():
    lines = [m for members in HELD_OUT["clusters"].values() for m in members]
    result = _score(grouping_document(lines)["groups"], HELD_OUT)
    assert result == {"missing": [], "must_fail": [], "cannot_fail": [], "cross_fail": []}


# ---- the command line and the API ------------------------------------------------------------------------

def test_cli_prints_the_groups_of_a_file(tmp_path):
    path = tmp_path / "keywords.txt"
    path.write_text("Fiducia\nfiducia\nsfiducia\nResponsabilita'\nresponsabilità\n\nlavoro di rete\n"
                    "lavoro in rete\nlavoro di gruppo\n", encoding="utf-8")
    result = CliRunner().invoke(pdz, ["keywords", "group", str(path)])
    assert result.exit_code == 0, result.output
    groups = json.loads(result.output)["groups"]
    assert [g["members"] for g in groups] == [["Fiducia", "fiducia"], ["sfiducia"],
                                              ["Responsabilita'", "responsabilità"],
                                              ["lavoro di rete", "lavoro in rete"], ["lavoro di gruppo"]]
    strict = CliRunner().invoke(pdz, ["keywords", "group", str(path), "--threshold", "1"])
    assert len(json.loads(strict.output)["groups"]) == 6


def test_cli_refuses_a_threshold_out_of_range(tmp_path):
    path = tmp_path / "keywords.txt"
    path.write_text("rete\n", encoding="utf-8")
    result = CliRunner().invoke(pdz, ["keywords", "group", str(path), "--threshold", "2"])
    assert result.exit_code == 2 and "threshold" in result.output


def test_api_groups_keywords_without_login(client):
    response = client.post("/api/v1/keywords/group", json={"keywords": ["rete", "Rete", "reti", "sfiducia"]})
    assert response.status_code == 200
    assert response.get_json() == {"groups": [{"label": "rete", "members": ["rete", "Rete", "reti"],
                                               "automatic": False},
                                              {"label": "sfiducia", "members": ["sfiducia"], "automatic": True}]}
    strict = client.post("/api/v1/keywords/group", json={"keywords": ["rete", "reti"], "threshold": 1})
    assert len(strict.get_json()["groups"]) == 2


@pytest.mark.parametrize("body, error", [
    ("not json", "malformed"),
    ([], "malformed"),
    ({}, "invalid_keywords"),
    ({"keywords": "rete"}, "invalid_keywords"),
    ({"keywords": ["rete", 3]}, "invalid_keywords"),
    ({"keywords": ["x"] * 20_001}, "too_many_keywords"),
    ({"keywords": ["x" * 201]}, "keyword_too_long"),
    ({"keywords": ["rete"], "threshold": 0}, "invalid_threshold"),
    ({"keywords": ["rete"], "threshold": "0.8"}, "invalid_threshold"),
    ({"keywords": ["rete"], "threshold": True}, "invalid_threshold"),
])
def test_api_refuses_bad_input_with_a_clear_json_error(client, body, error):
    if isinstance(body, str):
        response = client.post("/api/v1/keywords/group", data=body, content_type="application/json")
    else:
        response = client.post("/api/v1/keywords/group", json=body)
    assert response.status_code == 400
    assert response.get_json()["error"] == error and response.get_json()["message"]


def test_api_accepts_the_largest_request_and_refuses_a_larger_body(client):
    keywords = [f"parola{i} " + "x" * 180 for i in range(20_000)]
    assert client.post("/api/v1/keywords/group", json={"keywords": keywords[:2000]}).status_code == 200
    response = client.post("/api/v1/keywords/group", data="[" + " " * (9 * 1024 * 1024) + "]",
                           content_type="application/json")
    assert response.status_code == 413 and response.get_json()["error"] == "too_large"


def test_api_needs_no_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    response = app.test_client().post("/api/v1/keywords/group", json={"keywords": ["rete"]})
    assert response.status_code == 200


def test_api_answers_match_the_openapi_document(client):
    from openapi_schema_validator import OAS30Validator

    from tests.test_api import strict
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/keywords/group"]["post"]
    request_schema = operation["requestBody"]["content"]["application/json"]["schema"]
    cases = [({"keywords": ["Fiducia", "fiducia", "sfiducia", "reti", "rete"]}, 200), ({"keywords": 1}, 400)]
    for body, status in cases:
        if status == 200:
            OAS30Validator(strict({**request_schema, "components": spec["components"]})).validate(body)
        response = client.post("/api/v1/keywords/group", json=body)
        assert response.status_code == status
        schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
        OAS30Validator(strict({**schema, "components": spec["components"]})).validate(response.get_json())
