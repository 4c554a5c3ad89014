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
MAX_WORDS = 8            # a longer text is a sentence, not a keyword: only its exact spellings are merged


def _deletions(word: str, depth: int) -> set[str]:
    found, frontier = set(), {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def _word_keys(word: str):
    """Keys under which possibly related words meet: inflection stems, the lemma, typo deletions."""
    stems = [word[:-len(end)] for end in ENDINGS if word.endswith(end) and len(word) - len(end) >= 3]
    for stem in stems:
        yield "s:" + stem
    yield "l:" + lemma(word)
    if len(word) >= MIN_TYPO_LENGTH and not any(c.isdigit() for c in word):
        for form in [word] + [stem for stem in stems if len(stem) >= MIN_TYPO_LENGTH]:
            # stems too, for a typo in a plural (sperenze / speranza)
            yield "t:" + form
            for variant in _deletions(form, 2 if 12 <= len(form) <= 24 else 1):
                yield "t:" + variant


def related_words(words: set[str]) -> dict[str, set[str]]:
    """For each word, the other words it relates to (plural, inflection, typo) — direct links only."""
    buckets = defaultdict(set)
    for word in words:
        for key in _word_keys(word):
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


def candidate_pairs(contents: list[tuple[str, ...]]):
    """Index pairs (i, j), i < j, of keywords whose content words may align, in this order or another."""
    words = {w for content in contents if len(content) <= MAX_WORDS for w in content}
    related = related_words(words)
    exact, unordered = defaultdict(list), defaultdict(list)
    for index, content in enumerate(contents):
        exact[content].append(index)
        unordered[tuple(sorted(content))].append(index)
    seen = set()
    for index, content in enumerate(contents):
        if not content or len(content) > MAX_WORDS:
            continue
        choices = [sorted({w} | related.get(w, set())) for w in content]
        for expansion in islice(product(*choices), MAX_EXPANSIONS):
            others = exact.get(expansion, []) + (unordered.get(tuple(sorted(expansion)), [])
                                                  if len(expansion) > 1 else [])
            for other in others:
                pair = (index, other) if index < other else (other, index)
                if other != index and pair not in seen:
                    seen.add(pair)
                    yield pair
