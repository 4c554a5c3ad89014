"""Finding the pairs of keywords worth comparing without comparing every pair (keyword sessions and the
API take up to 20,000 lines): each word's related words are found through shared keys (inflection stems,
lemmas, typo deletions), then a keyword meets only the keywords made of its words or their relatives."""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations, islice, product

from .normalise import OPPOSITE_PREFIXES
from .words import ENDINGS, MIN_TYPO_LENGTH, lemma, relate

MAX_BUCKET = 32          # a typo key shared by more words than this is noise, not a typo
MAX_EXPANSIONS = 64      # word combinations tried per keyword
MAX_JOINED = 3           # phrases of up to this many content words are also compared written as one word
MAX_WORDS = 8            # a longer text is a sentence, not a keyword: only its exact spellings are merged


def _deletions(word: str, depth: int) -> set[str]:
    found, frontier = set(), {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def _word_keys(word: str, max_depth: int = 2):
    """Keys under which possibly related words meet: inflection stems, the lemma, typo deletions."""
    stems = [word[:-len(end)] for end in ENDINGS if word.endswith(end) and len(word) - len(end) >= 3]
    for stem in stems:
        yield "s:" + stem
    yield "l:" + lemma(word)
    if len(word) >= MIN_TYPO_LENGTH and not any(c.isdigit() for c in word):
        for form in [word] + [stem for stem in stems if len(stem) >= MIN_TYPO_LENGTH]:
            # stems too, for a typo in a plural (sperenze / speranza)
            yield "t:" + form
            for variant in _deletions(form, min(max_depth, 2 if 12 <= len(form) <= 24 else 1)):
                yield "t:" + variant


def related_words(words: set[str], joined: set[str] = frozenset()) -> dict[str, set[str]]:
    """For each word, the other words it relates to (plural, inflection, typo) — direct links only.
    Words made by joining a phrase are only looked up for one typo: two would cost most of the time."""
    buckets = defaultdict(set)
    for word in words | joined:
        for key in _word_keys(word, 2 if word in words else 1):
            buckets[key].add(word)
    related: dict[str, set[str]] = defaultdict(set)
    for key, bucket in buckets.items():
        if len(bucket) < 2 or (key.startswith("t:") and len(bucket) > MAX_BUCKET):
            continue
        for a, b in combinations(sorted(bucket), 2):
            if b not in related[a] and relate(a, b):
                related[a].add(b)
                related[b].add(a)
    return related


def opposites(words: set[str]) -> dict[str, set[str]]:
    """For each word, the words of `words` that are it with an opposite prefix, or that it negates."""
    found: dict[str, set[str]] = defaultdict(set)
    for word in words:
        for prefix in OPPOSITE_PREFIXES:
            if not word.startswith(prefix):
                continue
            rest = word[len(prefix):]
            for base in (rest, rest[1:] if len(rest) > 1 and rest[0] == rest[1] else None):
                if base and len(base) >= 3 and base in words:
                    found[word].add(base)
                    found[base].add(word)
    return found


def forms(content: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A keyword's content words, and for two or three of them the words written as one
    ("socio sanitari" / "sociosanitario"): the forms under which it meets other keywords."""
    if 2 <= len(content) <= MAX_JOINED:
        return [content, ("".join(content),)]
    return [content]


def candidate_pairs(contents: list[tuple[str, ...]]):
    """Index pairs (i, j), i < j, of keywords whose content words may align, in this order or another,
    or written as one word."""
    searched = [forms(content) if len(content) <= MAX_WORDS else [] for content in contents]
    related = related_words({w for keyword in searched if keyword for w in keyword[0]},
                            {keyword[1][0] for keyword in searched if len(keyword) > 1})
    exact, unordered = defaultdict(list), defaultdict(list)
    for index, keyword in enumerate(searched):
        for form in keyword:
            exact[form].append(index)
            if len(form) > 1:
                unordered[tuple(sorted(form))].append(index)
    seen = set()
    for index, keyword in enumerate(searched):
        for form in keyword:
            choices = [sorted({w} | related.get(w, set())) for w in form]
            for expansion in islice(product(*choices), MAX_EXPANSIONS):
                others = exact.get(expansion, []) + (unordered.get(tuple(sorted(expansion)), [])
                                                      if len(expansion) > 1 else [])
                for other in others:
                    pair = (index, other) if index < other else (other, index)
                    if other != index and pair not in seen:
                        seen.add(pair)
                        yield pair
