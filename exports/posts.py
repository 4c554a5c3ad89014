"""A blog post as a document (DOCX, ODT, PDF, Markdown): the post's Markdown made fit for paper, then
exports.documents does the rest.

Pure: a PostDocument in, bytes out. The editor's invisible section markers go; an embedded chart becomes
its table (the caller hands the tables over, keyed by the chart's shortcode) or goes; raw HTML never turns
into markup (script and style elements are dropped with their content, as the web page drops them).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .documents import render_document

HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?(</\1\s*>|$)", re.DOTALL | re.IGNORECASE)
# An embedded chart: a line of its own such as "[[chart:budget]]" or "{{ chart budget }}".
CHART_LINE = re.compile(r"^[ \t]*(\[\[\s*chart\s*[:=]\s*([\w-]+)\s*\]\]|\{\{\s*chart[:\s]+([\w-]+)\s*\}\})[ \t]*$",
                        re.MULTILINE | re.IGNORECASE)
BLANK_LINES = re.compile(r"\n{3,}")


@dataclass
class PostDocument:
    title: str
    body: str                                   # the post's Markdown
    subtitle: str | None = None                 # e.g. "Synthesis · District of Crema · 12 March 2015"
    summary: str | None = None
    url: str | None = None                      # the public address, printed at the end
    tags: list[str] = field(default_factory=list)
    chart_tables: Mapping[str, str] = field(default_factory=dict)   # chart name -> Markdown table
    labels: Mapping[str, str] = field(default_factory=dict)         # "source", "tags": translated words


def paper_markdown(body: str, chart_tables: Mapping[str, str] | None = None) -> str:
    """The body without markers and scripts, each chart replaced by its table (or left out)."""
    tables = chart_tables or {}
    text = SCRIPT_OR_STYLE.sub("", HTML_COMMENT.sub("", body or ""))
    text = CHART_LINE.sub(lambda m: tables.get(m[2] or m[3], ""), text)
    return BLANK_LINES.sub("\n\n", text).strip() + "\n"


def post_markdown(doc: PostDocument) -> str:
    parts = []
    if doc.summary and doc.summary.strip():
        parts.append(f"*{_inline(doc.summary)}*")
    parts.append(paper_markdown(doc.body, doc.chart_tables).strip())
    if doc.tags:
        parts.append(f"{doc.labels.get('tags', 'Tags')}: " + ", ".join(_inline(t) for t in doc.tags))
    if doc.url:
        parts.append(f"{doc.labels.get('source', 'Source')}: <{doc.url}>")
    return "\n\n".join(parts) + "\n"


def post_document(doc: PostDocument, fmt: str, *, language: str = "it") -> bytes:
    return render_document(post_markdown(doc), fmt, title=doc.title, subtitle=doc.subtitle, language=language)


def _inline(text: str) -> str:
    """One line of plain text that Markdown will not read as markup."""
    return re.sub(r"([\\`*_{}\[\]<>#|!])", r"\\\1", " ".join(text.split()))
