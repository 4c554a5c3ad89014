"""The sections of a generated post's Markdown: delimited by invisible HTML comments so one section can be
found, compared with what was generated and replaced while the rest of the text stays as the office wrote it.

    <!-- section:keywords -->
    ## The keywords that emerged
    ...
    <!-- /section:keywords -->

The comments vanish on render (nh3 drops them) and in documents (`for_document`). Pure: strings in, out.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

SECTION_RE = re.compile(r"<!-- section:(?P<key>[a-z_]+) -->(?P<inner>.*?)<!-- /section:(?P=key) -->",
                        re.DOTALL)
CHART_RE = re.compile(r"^\[\[chart:(?P<key>[a-z_]+)\]\][ \t]*$", re.MULTILINE)
MARKER_RE = re.compile(r"^[ \t]*<!-- /?section:[a-z_]+ -->[ \t]*\n?", re.MULTILINE)


def wrap(key: str, inner: str) -> str:
    # Blank lines around the text: a marker must never be read as part of a list, a table or a paragraph.
    return f"<!-- section:{key} -->\n\n{inner.strip()}\n\n<!-- /section:{key} -->"


def join(blocks: list[str]) -> str:
    return "\n\n".join(blocks).strip() + "\n"


def sections(body: str) -> dict[str, str]:
    """Section key → its text (heading included) as it is in `body` now."""
    return {m["key"]: m["inner"].strip() for m in SECTION_RE.finditer(body or "")}


def extract(body: str, key: str) -> str | None:
    return sections(body).get(key)


def replace(body: str, key: str, inner: str) -> str:
    """`body` with section `key` replaced by `inner`; everything outside it is kept byte for byte.
    A KeyError when the section's markers are not in the body any more."""
    for match in SECTION_RE.finditer(body or ""):
        if match["key"] == key:
            return body[:match.start()] + wrap(key, inner) + body[match.end():]
    raise KeyError(key)


def _normal(text: str | None) -> str:
    # Trailing spaces and blank-line runs are not edits anyone means.
    lines = [line.rstrip() for line in (text or "").strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def edited(current: str | None, generated: str | None) -> bool:
    """Whether the office changed a section by hand since it was generated."""
    return _normal(current) != _normal(generated)


@dataclass(frozen=True)
class DiffLine:
    kind: str          # "same", "removed" or "added"
    text: str


def diff(old: str, new: str) -> list[DiffLine]:
    """A line-by-line comparison readable by anyone: unchanged, removed and added lines in reading order."""
    a, b = _normal(old).splitlines(), _normal(new).splitlines()
    lines: list[DiffLine] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            lines.extend(DiffLine("same", line) for line in a[i1:i2])
            continue
        lines.extend(DiffLine("removed", line) for line in a[i1:i2])
        lines.extend(DiffLine("added", line) for line in b[j1:j2])
    return lines


def chart_keys(body: str) -> list[str]:
    return [m["key"] for m in CHART_RE.finditer(body or "")]


def for_document(body: str, charts: dict | None = None) -> str:
    """The Markdown for a printed document: no markers, and each chart line becomes its data table."""
    text = MARKER_RE.sub("", body or "")

    def table(match):
        chart = (charts or {}).get(match["key"])
        return markdown_table(chart["table"]) if chart and chart.get("table") else ""

    return re.sub(r"\n{3,}", "\n\n", CHART_RE.sub(table, text)).strip() + "\n"


_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]|#!])")
# "- x", "+ x", "1. x", "1) x" would start a list, "---" a rule or a heading.
_LIST_START = re.compile(r"^(\d*)([-+.)])(?=\s|-*$)")


def inline(text) -> str:
    """One line of user text shown literally: no HTML, no Markdown, no line breaks (so no markers either)."""
    flat = " ".join(str("" if text is None else text).split())
    flat = _INLINE_SPECIAL.sub(r"\\\1", flat).replace("<", "&lt;").replace(">", "&gt;")
    return _LIST_START.sub(r"\1\\\2", flat)


def markdown_table(table: dict) -> str:
    """A table ({"caption", "headers", "rows"}, cells as plain text) as a Markdown pipe table."""
    headers = table.get("headers") or []
    if not headers:
        return ""
    lines = [f"*{inline(table.get('caption'))}*", ""] if table.get("caption") else []
    lines.append("| " + " | ".join(inline(h) for h in headers) + " |")
    lines.append("|" + "|".join(" --- " for _h in headers) + "|")
    for row in table.get("rows") or []:
        lines.append("| " + " | ".join(inline(c) for c in row) + " |")
    return "\n".join(lines)
