"""Differences between two versions of a text, word by word, for people who have never read a unified diff.

Pure: strings in, `Segment`s out (kept, added, removed). Paragraphs are matched first and words only inside
the paragraphs that changed, so a long chapter diffs fast and a moved sentence does not smear the page.
Templates show added text as <ins> and removed text as <del> (see templates/plan_drafts/writing/_diff.html).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Iterable, Mapping

SAME, ADDED, REMOVED = "same", "added", "removed"

# A word keeps its Italian elision ("dell'area") and inner dots/commas of numbers ("1.234,50") together.
TOKEN = re.compile(r"\w+(?:['’.,]\w+)*|\s+|[^\w\s]", re.UNICODE)
WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class Segment:
    kind: str          # SAME, ADDED or REMOVED
    text: str


@dataclass
class TextDiff:
    segments: list[Segment] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(s.kind != SAME for s in self.segments)

    @property
    def words_added(self) -> int:
        return _count_words(s.text for s in self.segments if s.kind == ADDED)

    @property
    def words_removed(self) -> int:
        return _count_words(s.text for s in self.segments if s.kind == REMOVED)


@dataclass
class FieldDiff:
    key: str
    label: str
    diff: TextDiff

    @property
    def changed(self) -> bool:
        return self.diff.changed


def _count_words(texts: Iterable[str]) -> int:
    return sum(1 for text in texts for token in TOKEN.findall(text) if WORD.search(token))


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def _paragraphs(text: str) -> list[str]:
    """Lines with their line break, so joining them gives the text back exactly."""
    return text.splitlines(keepends=True)


def _ops(before: list[str], after: list[str], keys=None):
    """(tag, before-text, after-text) runs, with tag "equal" or "change"; items are matched by `keys`."""
    keys = keys or (lambda items: items)
    matcher = SequenceMatcher(None, keys(before), keys(after), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = "".join(before[i1:i2]), "".join(after[j1:j2])
        yield ("equal" if tag == "equal" and old == new else "change"), old, new


def _words(text: str) -> list[str]:
    """Words and punctuation, each with the spaces before it: spaces never match on their own, so "due tre"
    against "tre quattro" keeps "tre" and shows "due" removed and "quattro" added."""
    pieces, spaces = [], ""
    for token in tokens(text):
        if token.isspace():
            spaces += token
        else:
            pieces.append(spaces + token)
            spaces = ""
    return pieces + ([spaces] if spaces else [])


def _stripped(pieces: list[str]) -> list[str]:
    return [piece.strip() or piece for piece in pieces]


def _fold_gaps(ops: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """A change, a lone space or comma kept, another change: read as one change ("the red car" → "a blue
    car" shows "the red" struck and "a blue" added, not four fragments)."""
    result: list[tuple[str, str, str]] = []
    for op in ops:
        if (op[0] == "change" and len(result) >= 2 and result[-2][0] == "change" and result[-1][0] == "equal"
                and not WORD.search(result[-1][1])):
            gap, previous = result.pop()[1], result.pop()
            op = ("change", previous[1] + gap + op[1], previous[2] + gap + op[2])
        result.append(op)
    return result


def _word_diff(before: str, after: str) -> list[Segment]:
    segments = []
    for tag, old, new in _fold_gaps(list(_ops(_words(before), _words(after), _stripped))):
        if tag == "equal":
            segments.append(Segment(SAME, old))
            continue
        if old:
            segments.append(Segment(REMOVED, old))
        if new:
            segments.append(Segment(ADDED, new))
    return segments


def _merge(segments: Iterable[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if merged and merged[-1].kind == segment.kind:
            merged[-1] = Segment(segment.kind, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def _ordered(segments: list[Segment]) -> list[Segment]:
    """Within each run of changes, what was removed before what was added: it reads as "instead of"."""
    result: list[Segment] = []
    run: list[Segment] = []
    for segment in [*segments, Segment(SAME, "")]:
        if segment.kind == SAME:
            result += [s for s in run if s.kind == REMOVED] + [s for s in run if s.kind == ADDED]
            run = []
            result.append(segment)
        else:
            run.append(segment)
    return result


def diff_text(before: str | None, after: str | None) -> TextDiff:
    """Word-level differences between two texts; `None` counts as empty."""
    before, after = (before or "").replace("\r\n", "\n"), (after or "").replace("\r\n", "\n")
    if before == after:
        return TextDiff([Segment(SAME, before)] if before else [])
    segments: list[Segment] = []
    for tag, old, new in _ops(_paragraphs(before), _paragraphs(after)):
        segments += [Segment(SAME, old)] if tag == "equal" else _word_diff(old, new)
    return TextDiff(_merge(_ordered(_merge(segments))))


def diff_fields(before: Mapping[str, object], after: Mapping[str, object],
                labels: Iterable[tuple[str, str]]) -> list[FieldDiff]:
    """One `FieldDiff` per (key, label), in that order: the text of each field before and after."""
    return [FieldDiff(key, label, diff_text(_text(before.get(key)), _text(after.get(key))))
            for key, label in labels]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(str(v) for v in value)
    return str(value)


# ---- two states of a whole draft (a frozen copy and the current text) -------------------------------------

@dataclass
class ItemDiff:
    """A chapter or an objective across two states of a draft: `state` is SAME, ADDED, REMOVED or CHANGED."""
    label: str
    state: str
    fields: list[FieldDiff] = field(default_factory=list)

    @property
    def changed_fields(self) -> list[FieldDiff]:
        return [f for f in self.fields if f.changed]


CHANGED = "changed"


def _items(content: Mapping, kind: str) -> dict:
    if kind == "chapters":
        return {c["id"]: (c["title"], c) for c in content.get("chapters", [])}
    return {o["id"]: (f'{o.get("number", "")} {o.get("title", "")}'.strip(), o)
            for axis in content.get("axes", []) for o in axis.get("objectives", [])}


def compare_contents(old: Mapping, new: Mapping, chapter_labels: list[tuple[str, str]],
                     objective_labels: list[tuple[str, str]]) -> dict[str, list[ItemDiff]]:
    """Chapters and objectives of two draft contents (versions.draft_content), matched by id, in the newer
    order with what was removed at the end."""
    result = {}
    for kind, labels in (("chapters", chapter_labels), ("objectives", objective_labels)):
        before, after = _items(old, kind), _items(new, kind)
        items = []
        for key, (label, data) in after.items():
            if key not in before:
                items.append(ItemDiff(label, ADDED, diff_fields({}, data, labels)))
                continue
            fields = diff_fields(before[key][1], data, labels)
            items.append(ItemDiff(label, CHANGED if any(f.changed for f in fields) else SAME, fields))
        items += [ItemDiff(label, REMOVED, diff_fields(data, {}, labels))
                  for key, (label, data) in before.items() if key not in after]
        result[kind] = items
    return result
