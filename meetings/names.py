"""Whether two written names are one person despite spelling variants: case and accents, surname first or
last, titles ("Dott.ssa", "Don"), given names written joined or apart ("Mariapia" / "Maria Pia"), a typo.
Pure: strings in, dataclasses out; the roster import uses it to link rows to people already known."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import product

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA
from rapidfuzz.process import extract

# Titles that Italian minutes put before a name; a title comes before any shorter one it starts with, so that
# "dott.ssa" is tried before "dott".
HONORIFICS = (r"dott\.?ssa", r"prof\.?ssa", r"d\.?ssa", r"sig\.?ra", r"sig\.?na", "padre", "dott", "prof",
              "mons", "suor", "arch", "sig", "avv", "ing", "don", "dr")
# A title is followed by a full stop or a space: "Don Marco", "Dott.Rossi"; never "Donata".
_HONORIFIC = re.compile(r"(?:%s)(?:\.\s*|\s+)" % "|".join(HONORIFICS))
_APOSTROPHES = re.compile(r"['’‘`ʼ]")     # dropped: D'Angelo is written Dangelo as often as D Angelo
_PUNCTUATION = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
VOWELS = frozenset("aeiou")

MATCH_THRESHOLD = 80.0     # below it, more than about one letter in five differs: another name
CLOSE_MARGIN = 5.0         # two candidates this close are both plausible: the office chooses
PARTIAL_CEILING = 50.0     # a name with a part the other lacks (Mario Rossi / Luca Rossi) never scores more
MAX_JOINED = 3             # "Maria Pia", "De Luca", "Anna Maria Rosa" may be written as one word
MAX_ALTERNATIVES = 5


@dataclass(frozen=True)
class Candidate:
    """A known person a name may stand for, with how alike the two names are (0-100)."""
    id: int
    name: str
    score: float


@dataclass(frozen=True)
class NameMatch:
    """What one incoming name was matched to.

    `candidate_id`/`candidate_name` is the pick, None when nobody is close enough or when two candidates are
    equally plausible (then both are in `alternatives`). `certain` when the pick is the same name (only order,
    case, accents, titles or spaces differ) and no other candidate reaches the threshold: it may be linked
    without asking. `score` is the pick's (or, without a pick, the best candidate's) similarity, 0 for none.
    `alternatives` are the other candidates at or above the threshold, best first. `shared_with` holds the
    positions, in the incoming list, of other names picked for the same person: such picks are never certain.
    """
    name: str
    candidate_id: int | None
    candidate_name: str | None
    score: float
    certain: bool
    alternatives: tuple[Candidate, ...] = ()
    shared_with: tuple[int, ...] = ()


# --- normalising -------------------------------------------------------------------------------------------------

def _plain(text: str) -> str:
    """Casefolded, accents stripped (NFKD), spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    letters = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _SPACES.sub(" ", letters).strip()


def fold(text: str) -> str:
    """The comparison form of a short text: casefolded, without accents or punctuation, single spaces.
    Apostrophes join their neighbours (D'Angelo -> dangelo); other punctuation separates (Rossi,Mario)."""
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", _APOSTROPHES.sub("", _plain(text)))).strip()


def normalise_name(name: str) -> str:
    """A person's name folded for comparison, without leading titles ("Dott.ssa Anna Neri" -> "anna neri").
    A title is kept when nothing else would be left ("Don" stays "don")."""
    plain = _plain(name)
    while (title := _HONORIFIC.match(plain)) and fold(plain[title.end():]):
        plain = plain[title.end():]
    return fold(plain)


def name_key(name: str) -> str:
    """The key two spellings of one name share: normalised, its parts in alphabetical order, so that surname
    first and surname last give the same key."""
    return " ".join(sorted(normalise_name(name).split()))


# --- comparing ---------------------------------------------------------------------------------------------------

def _compact_forms(tokens: list[str]) -> list[str]:
    """The name without spaces, starting from each of its parts: surname first or last, given names joined."""
    return ["".join(tokens[i:] + tokens[:i]) for i in range(len(tokens))]


def _raw_similarity(a: str, b: str) -> float:
    """The best of the token-sort ratio and the ratio with spaces removed (either order); blind to which parts
    match, so only an upper bound of `name_similarity`."""
    return max(fuzz.token_sort_ratio(a, b), *(fuzz.ratio(x, "".join(b.split())) for x in _compact_forms(a.split())))


def _same_part(x: str, y: str) -> bool:
    """One part of a name (a word) written twice: the same, or a typo of it. Short parts allow no typo (Rossi /
    Bossi, Neri / Nesi are different surnames); nor does a change of the first letter or of the final vowel
    (Mario / Maria, Francesco / Francesca, Ferrari / Ferraro are different people)."""
    if x == y:
        return True
    shorter = min(len(x), len(y))
    allowed = 0 if shorter < 6 else 1 if shorter < 10 else 2
    if not allowed or x[0] != y[0] or (x[-1] != y[-1] and x[-1] in VOWELS and y[-1] in VOWELS):
        return False
    return OSA.distance(x, y, score_cutoff=allowed) <= allowed


def _joins(tokens: list[str]) -> list[tuple[str, range]]:
    """Each part, and each run of up to MAX_JOINED neighbouring parts written as one word."""
    return [("".join(tokens[i:j]), range(i, j))
            for i in range(len(tokens)) for j in range(i + 1, min(len(tokens), i + MAX_JOINED) + 1)]


def _covered(a: list[str], b: list[str]) -> tuple[set[int], set[int]]:
    """The parts of each name that the other one also has: as the same word or a typo of it, or written joined
    on one side and apart on the other ("mariapia" / "maria pia"; a join must be exact)."""
    covered_a: set[int] = set()
    covered_b: set[int] = set()
    for (x, where_a), (y, where_b) in product(_joins(a), _joins(b)):
        single = len(where_a) == 1 and len(where_b) == 1
        if (single and _same_part(x, y)) or (not single and (len(where_a) == 1 or len(where_b) == 1) and x == y):
            covered_a.update(where_a)
            covered_b.update(where_b)
    return covered_a, covered_b


def _similarity(a: str, b: str, raw: float) -> float:
    """`name_similarity` of two normalised names whose raw similarity is known."""
    if not a or not b:
        return 0.0
    tokens_a, tokens_b = a.split(), b.split()
    if sorted(tokens_a) == sorted(tokens_b) or set(_compact_forms(tokens_a)) & set(_compact_forms(tokens_b)):
        return 100.0
    covered_a, covered_b = _covered(tokens_a, tokens_b)
    if len(covered_a) == len(tokens_a) and len(covered_b) == len(tokens_b):
        return round(raw, 1)
    # A part with no counterpart (another given name, another surname): relatives, at most, not one person.
    share = min(sum(len(tokens_a[i]) for i in covered_a) / len(a.replace(" ", "")),
                sum(len(tokens_b[i]) for i in covered_b) / len(b.replace(" ", "")))
    return round(min(raw * share, PARTIAL_CEILING), 1)


def name_similarity(a: str, b: str) -> float:
    """How alike two person names are, 0-100. 100 when they are the same name once normalised, in any order of
    their parts and with or without spaces inside them ("Rossi Anna Maria" / "Annamaria Rossi"). Otherwise the
    best of the token-sort ratio and the ratio without spaces, provided every part of each name has its
    counterpart in the other (the same word, a typo of it, or the same letters joined or apart); a name with a
    part the other lacks - another given name on a shared surname, or the reverse - is at most PARTIAL_CEILING.
    """
    na, nb = normalise_name(a), normalise_name(b)
    return _similarity(na, nb, _raw_similarity(na, nb)) if na and nb else 0.0


# --- matching a list ---------------------------------------------------------------------------------------------

def _ranked(name: str, raw_scores: dict[int, float], candidates: list[tuple[int, str]], normalised: list[str],
            threshold: float) -> list[Candidate]:
    """The candidates at or above the threshold, best first (ties by name, then id, for a stable order)."""
    found = []
    for index, raw in raw_scores.items():
        if (score := _similarity(name, normalised[index], raw)) >= threshold:
            found.append(Candidate(candidates[index][0], candidates[index][1], score))
    return sorted(found, key=lambda c: (-c.score, c.name, c.id))


def _match(name: str, ranked: list[Candidate]) -> NameMatch:
    """The pick among ranked candidates: the best, unless a second one is as plausible. Only the same name
    (100) beats a typo-close one; two of the same name (namesakes) or two within CLOSE_MARGIN leave the choice
    to the office."""
    if not ranked:
        return NameMatch(name, None, None, 0.0, False)
    best, others = ranked[0], ranked[1:]
    second = others[0].score if others else None
    tie = second is not None and (second == 100.0 if best.score == 100.0 else best.score - second < CLOSE_MARGIN)
    if tie:
        return NameMatch(name, None, None, best.score, False, tuple(ranked[:MAX_ALTERNATIVES]))
    return NameMatch(name, best.id, best.name, best.score, best.score == 100.0 and not others,
                     tuple(others[:MAX_ALTERNATIVES]))


def _settle_shared(matches: list[NameMatch]) -> list[NameMatch]:
    """One person, one incoming name: when a pick is certain, the same person is withdrawn from the other names
    that picked them (left among their alternatives); when several certain or several uncertain picks share a
    person, they all stay, not certain, each naming the others in `shared_with`."""
    by_candidate: dict[int, list[int]] = {}
    for index, match in enumerate(matches):
        if match.candidate_id is not None:
            by_candidate.setdefault(match.candidate_id, []).append(index)
    settled = list(matches)
    for indexes in by_candidate.values():
        if len(indexes) < 2:
            continue
        certain = [i for i in indexes if matches[i].certain]
        for i in indexes:
            match = matches[i]
            if len(certain) == 1 and i not in certain:
                picked = Candidate(match.candidate_id, match.candidate_name, match.score)
                settled[i] = NameMatch(match.name, None, None, match.score, False,
                                       (picked, *match.alternatives)[:MAX_ALTERNATIVES])
            elif len(certain) != 1:
                settled[i] = NameMatch(match.name, match.candidate_id, match.candidate_name, match.score, False,
                                       match.alternatives, tuple(j for j in indexes if j != i))
    return settled


def match_names(names: list[str], candidates: list[tuple[int, str]],
                threshold: float = MATCH_THRESHOLD) -> list[NameMatch]:
    """For each incoming name, in order, the known person (id, name) it most likely is.

    Names compare as `name_similarity` does. Every part of a name must have its counterpart before the
    threshold matters; it then stops typos from piling up: at 80, one typo passes even in a short name, while a
    name with more than about one letter in five changed does not. See `NameMatch` for what is picked, what is
    certain and what is left to the office.
    """
    normalised = [normalise_name(name) for _, name in candidates]
    compact = ["".join(name.split()) for name in normalised]
    matches = []
    for name in names:
        folded = normalise_name(name)
        ranked = _ranked(folded, _raw_scores(folded, normalised, compact, threshold), candidates, normalised,
                         threshold) if folded else []
        matches.append(_match(name, ranked))
    return _settle_shared(matches)


def _raw_scores(name: str, normalised: list[str], compact: list[str], threshold: float) -> dict[int, float]:
    """`_raw_similarity` of a name against every candidate that reaches the threshold, by candidate position;
    computed by rapidfuzz in bulk, so only those candidates need the part-by-part check."""
    scores: dict[int, float] = {}
    searches = [(name, normalised, fuzz.token_sort_ratio)]
    searches += [(form, compact, fuzz.ratio) for form in _compact_forms(name.split())]
    for query, choices, scorer in searches:
        for _, score, index in extract(query, choices, scorer=scorer, score_cutoff=threshold, limit=None):
            scores[index] = max(score, scores.get(index, 0.0))
    return scores
