"""A chapter's Markdown cut into the paragraphs a reader comments on, and how to find one again after edits.

Pure. A paragraph is a Markdown block (text between blank lines); a list whose items are spaced by blank
lines, an indented continuation and a fenced code block stay one paragraph, so numbering is not broken.
"""
from __future__ import annotations

import re

FENCE = re.compile(r"^\s*(```|~~~)")
LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s")
MARKUP = re.compile(r"[#*_`>|\\\[\]]+|^\s*([-+]|\d+[.)])\s", re.MULTILINE)
EXCERPT_LENGTH = 120
MATCH_LENGTH = 40


def blocks(markdown_text: str | None) -> list[str]:
    result: list[str] = []
    current: list[str] = []
    fenced = False
    for line in (markdown_text or "").replace("\r\n", "\n").split("\n"):
        if FENCE.match(line):
            fenced = not fenced
        if not fenced and not line.strip():
            if current:
                result.append("\n".join(current))
                current = []
            continue
        if not current and result and _continues(result[-1], line):
            current = result.pop().split("\n") + [""]
        current.append(line)
    if current:
        result.append("\n".join(current))
    return result


def _continues(previous: str, line: str) -> bool:
    """A list item after a list, or an indented line after a list item, belongs to the same list."""
    last = previous.split("\n")[0]
    return bool(LIST_ITEM.match(last)) and (bool(LIST_ITEM.match(line)) or line.startswith(("  ", "\t")))


def excerpt(block: str) -> str:
    """The opening words of a paragraph as plain text, kept with a comment to say what it was about."""
    text = " ".join(MARKUP.sub(" ", block).split())
    return text if len(text) <= EXCERPT_LENGTH else text[:EXCERPT_LENGTH - 1].rstrip() + "…"


def locate(paragraphs: list[str], index: int | None, remembered: str | None) -> int | None:
    """Where a comment made on paragraph `index` (whose excerpt was `remembered`) sits now: the same index if
    it still starts the same way, else the paragraph that does, else None (the paragraph was rewritten)."""
    if index is None:
        return None
    if not remembered:
        return index if 0 <= index < len(paragraphs) else None
    key = remembered.rstrip("…")[:MATCH_LENGTH]
    if 0 <= index < len(paragraphs) and excerpt(paragraphs[index]).startswith(key):
        return index
    for position, paragraph in enumerate(paragraphs):
        if excerpt(paragraph).startswith(key):
            return position
    return None
