"""Grouping keyword variants: the same keyword typed differently counts once (automatic groups), and
near-variants (plurals, typos, word order, function words) are *suggested* to the facilitator with a score
and a reason, never merged behind their back. Opposites (fiducia / sfiducia) and phrases that differ in a
content word (lavoro di rete / lavoro di gruppo) are never suggested. Pure: no Flask, no database.

Library use:
    groups = automatic_groups(lines)           # merged without asking
    offers = suggestions(groups)               # pairs the facilitator may accept one by one
    document = grouping_document(lines)        # {"groups": [...]} as `pdz keywords group` prints
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import permutations

from .candidates import MAX_JOINED, candidate_pairs, opposites
from .normalise import automatic_key, content_words, fold, glue_prefixes, readable
from .words import Relation, opposite, relate

DEFAULT_THRESHOLD = 0.75
MAX_REORDERED_WORDS = 6   # word-order matching tries permutations: keywords are short phrases


@dataclass
class AutoGroup:
    """Lines that are the same keyword (same `automatic_key`), in input order."""
    key: str
    members: list[str] = field(default_factory=list)
    label: str = ""
    content: tuple[str, ...] = ()   # folded content words of the label, detached prefixes glued on


@dataclass(frozen=True)
class Suggestion:
    """Two automatic groups the facilitator may merge: `score` in (0, 1], `reason` among
    "function words", "plural", "inflection", "typo", "word order"."""
    first: str      # key of an automatic group
    second: str
    first_label: str
    second_label: str
    score: float
    reason: str


@dataclass
class Group:
    label: str
    members: list[str]
    automatic: bool

    def as_dict(self) -> dict:
        return {"label": self.label, "members": self.members, "automatic": self.automatic}


def _label(members: list[str]) -> str:
    """The most frequent spelling; on a tie the one with accents, then in lower case, then the first."""
    forms = [m.strip() for m in members]
    counts = Counter(forms)
    first = {f: i for i, f in reversed(list(enumerate(forms)))}
    return max(counts, key=lambda f: (counts[f], not f.isascii(), f == f.lower(), -first[f]))


def automatic_groups(lines: list[str]) -> list[AutoGroup]:
    """Every line in exactly one group, duplicates included; groups in order of first appearance."""
    groups: dict[str, AutoGroup] = {}
    for line in lines:
        key = automatic_key(line)
        groups.setdefault(key, AutoGroup(key)).members.append(line)
    for group in groups.values():
        group.label = _label(group.members)
        group.content = glue_prefixes(content_words(tuple(fold(group.label).split())))
    return list(groups.values())


# -- comparing two keywords ------------------------------------------------------------------------------

def _aligned(xs: tuple[str, ...], ys: tuple[str, ...]) -> list[Relation] | None:
    relations = [relate(x, y) for x, y in zip(xs, ys)]
    return None if None in relations else relations


def _reordered(xs: tuple[str, ...], ys: tuple[str, ...]) -> list[Relation] | None:
    if len(xs) > MAX_REORDERED_WORDS:
        return None
    best = None
    for perm in permutations(ys):
        relations = _aligned(xs, perm)
        if relations and (best is None or min(r.score for r in relations) > min(r.score for r in best)):
            best = relations
    return best


def has_opposites(x: AutoGroup, y: AutoGroup) -> bool:
    return any(opposite(a, b) for a in x.content for b in y.content)


def compare(x: AutoGroup, y: AutoGroup) -> tuple[str, float] | None:
    """(reason, score) when y is a near-variant of x, else None."""
    if has_opposites(x, y):
        return None
    xs, ys = x.content, y.content
    if not xs or not ys:   # no words at all ("!!!", an empty line): only spelled the same is the same
        return None
    if len(xs) == len(ys):
        relations = _aligned(xs, ys)
        if relations is not None:
            weakest = min(relations, key=lambda r: r.score)
            if weakest.reason == "same":   # the content words are equal: only function words differ
                return "function words", 0.95
            return weakest.reason, weakest.score
        relations = _reordered(xs, ys)
        if relations is not None:
            return "word order", round(0.9 * min(r.score for r in relations), 3)
        return None
    if max(len(xs), len(ys)) <= MAX_JOINED:   # written as one word: "socio sanitari" / "sociosanitario"
        relation = relate("".join(xs), "".join(ys))
        if relation is not None:
            return ("function words", 0.95) if relation.reason == "same" else (relation.reason, relation.score)
    return None


class _UnionFind:
    def __init__(self):
        self.parent: dict = {}

    def find(self, item):
        self.parent.setdefault(item, item)
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root


def suggestions(groups: list[AutoGroup], threshold: float = DEFAULT_THRESHOLD) -> list[Suggestion]:
    """Near-variants among automatic groups, best first, at or above `threshold`."""
    found = []
    for i, j in candidate_pairs([g.content for g in groups]):
        x, y = groups[i], groups[j]
        result = compare(x, y)
        if result and result[1] >= threshold:
            found.append(Suggestion(x.key, y.key, x.label, y.label, result[1], result[0]))
    order = {g.key: i for i, g in enumerate(groups)}
    found.sort(key=lambda s: (-s.score, order[s.first], order[s.second]))
    return found


def group_keywords(lines: list[str], threshold: float = DEFAULT_THRESHOLD) -> list[Group]:
    """Automatic groups joined with the suggestions the facilitator would be offered at `threshold`.

    Suggestions are applied best first; two clusters are never joined when a word of one is the opposite
    of a word of the other, so a chain of suggestions cannot carry sfiducia into fiducia."""
    groups = automatic_groups(lines)
    words = {g.key: set(g.content) for g in groups}
    opposite_of = opposites({w for g in groups for w in g.content})
    clusters = _UnionFind()
    for offer in suggestions(groups, threshold):
        a, b = clusters.find(offer.first), clusters.find(offer.second)
        if a == b:
            continue
        if len(words[a]) > len(words[b]):
            a, b = b, a   # look up the smaller cluster's words in the larger one's
        if any(opposite_of.get(word, set()) & words[b] for word in words[a]):
            continue
        clusters.parent[a] = b
        words[b] |= words.pop(a)
    members = defaultdict(list)
    for group in groups:
        members[clusters.find(group.key)].append(group)
    result = []
    for parts in members.values():
        main = max(parts, key=lambda g: len(g.members))   # max keeps the first on a tie
        result.append(Group(main.label, [m for g in parts for m in g.members], len(parts) == 1))
    return result


def grouping_document(lines: list[str], threshold: float = DEFAULT_THRESHOLD) -> dict:
    """The JSON document of `pdz keywords group` and `POST /api/v1/keywords/group`."""
    return {"groups": [g.as_dict() for g in group_keywords(lines, threshold)]}


__all__ = ["AutoGroup", "DEFAULT_THRESHOLD", "Group", "Suggestion", "automatic_groups", "compare",
           "group_keywords", "grouping_document", "readable", "suggestions"]
