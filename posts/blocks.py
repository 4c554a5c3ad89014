"""The post editor's blocks: a body's Markdown as the office sees it, sections with their title, text and
charts, and back. The stored body keeps the section markers and chart lines (posts/sections.py), which
generation and regeneration rely on; the editor never shows them. Pure: strings in, strings out.

A body becomes a flat list of blocks in reading order:

    section  (key, title, text)   the section's opening marker, its "## " heading and the text up to a chart
    text     (text)               text outside sections, or inside one after a chart
    chart    (key)                a `[[chart:key]]` line
    end      (key)                the section's closing marker (never shown: it keeps the structure)

`assemble(split(body)) == body` for bodies written as generation writes them (blocks one blank line apart);
any other body comes back with the same text and blank lines between blocks tidied.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, replace

from .sections import CHART_RE, MARKER_RE, SECTION_RE

KINDS = ("section", "text", "chart", "end")
HEADING = re.compile(r"^## (?P<title>[^\n]*?)[ \t]*(?:\n|$)")
KEY = re.compile(r"^[a-z_]+$")


@dataclass(frozen=True)
class Block:
    kind: str
    key: str = ""
    title: str = ""
    text: str = ""


def _trim(text: str) -> str:
    """Text without the blank lines around it (leading spaces of its first line are Markdown: they stay)."""
    return re.sub(r"^(?:[ \t]*\n)+", "", text.replace("\r\n", "\n")).rstrip()


def _pieces(text: str) -> list[Block]:
    """Text blocks and chart blocks, in order; blank text left out."""
    found, start = [], 0
    for match in CHART_RE.finditer(text):
        found += [Block("text", text=_trim(text[start:match.start()])), Block("chart", key=match["key"])]
        start = match.end()
    found.append(Block("text", text=_trim(text[start:])))
    return [b for b in found if b.kind == "chart" or b.text]


def _section(key: str, inner: str) -> list[Block]:
    inner = _trim(inner)
    heading = HEADING.match(inner)
    title, rest = (heading["title"], inner[heading.end():]) if heading else ("", inner)
    pieces = _pieces(rest)
    head = Block("section", key=key, title=title)
    if pieces and pieces[0].kind == "text":
        head, pieces = replace(head, text=pieces[0].text), pieces[1:]
    return [head, *pieces, Block("end", key=key)]


def split(body: str | None) -> list[Block]:
    """The blocks of `body`; always ending with a text block (empty if need be) to write more at the end."""
    body = (body or "").replace("\r\n", "\n")
    blocks, start = [], 0
    for match in SECTION_RE.finditer(body):
        blocks += _pieces(body[start:match.start()]) + _section(match["key"], match["inner"])
        start = match.end()
    blocks += _pieces(body[start:])
    if not blocks or blocks[-1].kind != "text":
        blocks.append(Block("text"))
    return blocks


def assemble(blocks: list[Block]) -> str:
    """The Markdown of `blocks`; empty text left out, a body ending with a section ends with a newline."""
    parts: list[str] = []
    for block in blocks:
        if block.kind == "section":
            parts.append(f"<!-- section:{block.key} -->")
            if block.title.strip():
                parts.append(f"## {' '.join(block.title.split())}")
        elif block.kind == "chart":
            parts.append(f"[[chart:{block.key}]]")
        elif block.kind == "end":
            parts.append(f"<!-- /section:{block.key} -->")
        if block.kind in ("section", "text") and _trim(block.text):
            parts.append(_trim(block.text))
    body = "\n\n".join(parts)
    return body + "\n" if blocks and parts and parts[-1].startswith("<!-- /section:") else body


def readable(body: str | None, chart_label) -> str:
    """The body as the office reads it in a comparison: no markers, each chart line as `chart_label(key)`."""
    text = CHART_RE.sub(lambda match: chart_label(match["key"]), MARKER_RE.sub("", body or ""))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def layout(found: list[Block]) -> str:
    """A short digest of the blocks' kinds and keys: the editor keeps its copy on the computer under it, as
    its fields are named by the blocks' places."""
    return f"{zlib.crc32('|'.join(f'{b.kind}:{b.key}' for b in found).encode()):08x}"


# ---- the editor's form ---------------------------------------------------------------------------------------
# Each block is posted as block-<n>-kind, -key, -title, -text; "blocks" lists the <n> in their order (the
# editor's script moves and removes blocks by changing it, and so do the buttons without JavaScript).

def posted(formdata) -> list[Block] | None:
    """The blocks of a posted editor form, in the order it gives after the button pressed (`moved`); None
    when the form posted no blocks."""
    if not hasattr(formdata, "getlist") or "blocks" not in formdata:
        return None
    found: dict[str, Block] = {}
    for n in formdata.get("blocks", "").split(","):
        kind, key = formdata.get(f"block-{n}-kind", ""), formdata.get(f"block-{n}-key", "")
        if n.isdigit() and n not in found and kind in KINDS and (kind == "text" or KEY.match(key)):
            found[n] = Block(kind, key=key if kind != "text" else "",
                             title=formdata.get(f"block-{n}-title", ""), text=formdata.get(f"block-{n}-text", ""))
    hidden = {n for n, block in found.items() if block.kind == "end"}
    return [found[n] for n in moved(list(found), hidden, formdata.get("action", ""))]


def moved(order: list[str], hidden: set[str], action: str) -> list[str]:
    """The block order after an "up:<n>", "down:<n>" or "remove:<n>" button (anything else: unchanged).
    A block moves past the next block the office sees: `hidden` (section closings) are stepped over."""
    verb, _sep, n = action.partition(":")
    if n not in order or verb not in ("up", "down", "remove"):
        return order
    rest = [m for m in order if m != n]
    if verb == "remove":
        return rest
    at = order.index(n)
    if verb == "up":
        before = [i for i, m in enumerate(rest[:at]) if m not in hidden]
        return rest[:before[-1]] + [n] + rest[before[-1]:] if before else order
    after = [i for i, m in enumerate(rest) if i >= at and m not in hidden]
    return rest[:after[0] + 1] + [n] + rest[after[0] + 1:] if after else order
