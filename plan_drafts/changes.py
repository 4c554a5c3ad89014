"""The "changes only" edition: the paragraphs of the draft that changed between two of its states (two frozen
versions, or a frozen version and the current text), numbered as the newer text numbers them (§ chapter.
paragraph), each with its words removed and added, as an assembly votes amendments from. Pure: two
`versions.draft_content` dicts in, `ChangedParagraph`s out."""
from __future__ import annotations

from difflib import SequenceMatcher
from typing import Mapping

from exports.draft import ChangedParagraph, paragraphs

from .diff import ADDED, REMOVED, SAME, diff_text


def _marked(before: str, after: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """(old pieces, new pieces), each piece (text, changed): the removed words of the old, the added of the new."""
    old, new = [], []
    for segment in diff_text(before, after).segments:
        if segment.kind in (SAME, REMOVED):
            old.append((segment.text, segment.kind == REMOVED))
        if segment.kind in (SAME, ADDED):
            new.append((segment.text, segment.kind == ADDED))
    return old, new


def _chapter_changes(number: int, title: str, old_body: str, new_body: str) -> list[ChangedParagraph]:
    before, after = paragraphs(old_body), paragraphs(new_body)
    changes = []
    matcher = SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        olds, news = before[i1:i2], after[j1:j2]
        for k in range(max(len(olds), len(news))):
            old, new = (olds[k] if k < len(olds) else ""), (news[k] if k < len(news) else "")
            place = f"{number}.{j1 + k + 1}" if new else f"{number}.{j1}+"     # a paragraph gone: after j1
            old_pieces, new_pieces = _marked(old, new)
            changes.append(ChangedParagraph(place=place, where=title, old=old_pieces, new=new_pieces))
    return changes


def changed_paragraphs(old: Mapping, new: Mapping, objective_fields: list[tuple[str, str]],
                       removed: str = "Objective removed", axis: str = "Axis") -> list[ChangedParagraph]:
    """Every paragraph of the chapters, every axis's name and description and every field of the objectives
    that differs, in the newer order; objectives no longer there come last, labelled `removed`, with their old
    title."""
    old_chapters = {c["id"]: c for c in old.get("chapters", [])}
    changes: list[ChangedParagraph] = []
    for number, chapter in enumerate(new.get("chapters", []), start=1):
        before = old_chapters.get(chapter["id"], {})
        changes += _chapter_changes(number, chapter["title"], before.get("body", ""), chapter["body"])
    old_axes = {a["id"]: a for a in old.get("axes", [])}
    old_objectives = {o["id"]: o for a in old.get("axes", []) for o in a.get("objectives", [])}
    for number, current in enumerate(new.get("axes", []), start=1):
        before = old_axes.get(current["id"], {})
        was = "\n\n".join(filter(None, (before.get("name", ""), before.get("description", ""))))
        now = "\n\n".join(filter(None, (current.get("name", ""), current.get("description", ""))))
        if was != now:
            old_pieces, new_pieces = _marked(was, now)
            changes.append(ChangedParagraph(place=str(current.get("number", number)), where=axis, old=old_pieces,
                                            new=new_pieces))
        for objective in current.get("objectives", []):
            before = old_objectives.get(objective["id"], {})
            for key, label in objective_fields:
                was, now = _field(before.get(key)), _field(objective.get(key))
                if was != now:
                    old_pieces, new_pieces = _marked(was, now)
                    changes.append(ChangedParagraph(place=objective["number"], where=label, old=old_pieces,
                                                    new=new_pieces))
    kept = {o["id"] for axis in new.get("axes", []) for o in axis.get("objectives", [])}
    changes += [ChangedParagraph(place=o["number"], where=removed, old=[(o.get("title") or "", True)])
                for o in old_objectives.values() if o["id"] not in kept]
    return changes


def _field(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value or "")
