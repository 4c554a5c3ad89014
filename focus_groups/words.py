"""How two single words relate: the same word, an inflection (plural, gender), a typo, an opposite.
Pure and cached: the grouping engine asks about every pair of words it sees."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import simplemma
from rapidfuzz.distance import OSA, Levenshtein

from .normalise import opposite_prefix, strip_accents

# Endings that alternate between the singular and the plural (or masculine and feminine) of one Italian
# word: rete/reti, servizio/servizi, speranza/speranze, verifica/verifiche, attivo/attiva.
# Gender (attivo/attiva) is left to simplemma's lemmas: "o"/"a" alone would pair caso and casa.
INFLECTION_ENDINGS = [("a", "e"), ("o", "i"), ("e", "i"), ("io", "i"), ("ca", "che"), ("ga", "ghe"),
                      ("co", "chi"), ("go", "ghi"), ("cia", "ce"), ("gia", "ge")]
ENDINGS = sorted({end for pair in INFLECTION_ENDINGS for end in pair}, key=len, reverse=True)
MIN_TYPO_LENGTH = 5   # shorter words are too often other words one letter away (rete / reti / rate)


@dataclass(frozen=True)
class Relation:
    reason: str    # "same", "plural", "inflection", "typo"
    score: float   # 1.0 for the same word; lower for a looser link


SAME = Relation("same", 1.0)


@lru_cache(maxsize=262144)
def lemma(word: str) -> str:
    """simplemma's Italian lemma of a dictionary word, folded like the words it is compared with; an
    unknown word is its own lemma (simplemma's guesses for unknown words would pair unrelated words)."""
    return strip_accents(simplemma.lemmatize(word, lang="it")) if is_known(word) else word


@lru_cache(maxsize=262144)
def is_known(word: str) -> bool:
    """A word of simplemma's Italian dictionary."""
    return simplemma.is_known(word, lang="it")


def plural(a: str, b: str) -> bool:
    """One Italian ending swapped: rete/reti, servizio/servizi, verifica/verifiche."""
    for x, y in ((a, b), (b, a)):
        for end_x, end_y in INFLECTION_ENDINGS:
            if x.endswith(end_x) and y.endswith(end_y) and x[:-len(end_x)] == y[:-len(end_y)] \
                    and len(x) - len(end_x) >= 3:
                return True
    return False


def same_lemma(a: str, b: str) -> bool:
    """Forms of one dictionary word by simplemma (attivo/attiva, ascolto/ascoltare). Two forms that are
    neither of them the infinitive of their verb lemma are not paired: parte / partito both lemmatise to
    "partire" but are different nouns."""
    la, lb = lemma(a), lemma(b)
    if len(a) < 4 or len(b) < 4 or not (la == lb or la == b or lb == a):
        return False
    verb = la if la == lb else None
    return not (verb and verb.endswith(("are", "ere", "ire")) and verb not in (a, b))


def max_typos(length: int) -> int:
    """Edits allowed for a typo, scaled by length: none for short words, one, then two for long ones."""
    return 0 if length < MIN_TYPO_LENGTH else 1 if length < 12 else 2


def _edits(a: str, b: str, limit: int) -> int | None:
    """Edits (a swap of two neighbouring letters counts as one) from a to b, if at most `limit` and none
    in the first two letters (people get the start right; prefixes live there: inclusione / esclusione)."""
    if not limit or abs(len(a) - len(b)) > limit:
        return None
    distance = OSA.distance(a, b, score_cutoff=limit)
    if distance > limit:
        return None
    if any(op.src_pos < 2 or op.dest_pos < 2 for op in Levenshtein.editops(a, b)):
        return None
    return distance


def typo(a: str, b: str) -> int | None:
    """The number of edits when b looks like a mistyped a (or the reverse), else None. Not a typo when
    both are dictionary words (legami / legali are two words) or hold digits (piano2 / piano3)."""
    if any(c.isdigit() for c in a + b) or (is_known(a) and is_known(b)):
        return None
    distance = _edits(a, b, max_typos(min(len(a), len(b))))
    if distance is None:   # a typo in a plural: sperenze / speranza, condivisone / condivisioni
        for x, y in ((a, b), (b, a)):
            for end_x, end_y in INFLECTION_ENDINGS:
                if x.endswith(end_x) and y.endswith(end_y):
                    stem_x, stem_y = x[:-len(end_x)], y[:-len(end_y)]
                    found = _edits(stem_x, stem_y, max_typos(min(len(stem_x), len(stem_y))))
                    if found:
                        return found
    return distance


@lru_cache(maxsize=262144)
def relate(a: str, b: str) -> Relation | None:
    """How two folded words relate, or None when they are different words (opposites included)."""
    if a == b:
        return SAME
    if plural(a, b):
        relation = Relation("plural", 0.9)
    elif same_lemma(a, b):
        relation = Relation("inflection", 0.85)
    elif distance := typo(a, b):
        relation = Relation("typo", round(1 - distance / (2 * min(len(a), len(b))) - 0.05, 3))
    else:
        return None
    return None if opposite_prefix(a, b) else relation   # checked last: it is the slow test


def opposite(a: str, b: str) -> bool:
    return bool(opposite_prefix(a, b))
