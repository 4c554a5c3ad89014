"""A blog post as a document (DOCX, ODT, PDF, Markdown): the summary, the text, its tags and its public
address, then exports.documents does the rest.

Pure: a PostDocument in, bytes out. The body arrives ready for paper (posts.rendering.document_markdown:
no section markers, charts as tables); here raw HTML loses what would only be noise on paper - comments,
and script and style elements with their content, as the web page drops them - and the rest of it stays
inert text (exports.documents).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .documents import render_document

HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?(</\1\s*>|$)", re.DOTALL | re.IGNORECASE)
BLANK_LINES = re.compile(r"\n{3,}")


@dataclass
class PostDocument:
    title: str
    body: str                                   # the post's Markdown, charts already turned into tables
    subtitle: str | None = None                 # e.g. "Synthesis · District of Crema · 12 March 2015"
    summary: str | None = None
    url: str | None = None                      # the public address, printed at the end
    tags: list[str] = field(default_factory=list)
    labels: Mapping[str, str] = field(default_factory=dict)         # "source", "tags": translated words


def paper_markdown(body: str) -> str:
    """The body without HTML comments, scripts and styles."""
    text = SCRIPT_OR_STYLE.sub("", HTML_COMMENT.sub("", body or ""))
    return BLANK_LINES.sub("\n\n", text).strip() + "\n"


def post_markdown(doc: PostDocument) -> str:
    parts = []
    if doc.summary and doc.summary.strip():
        parts.append(f"*{_inline(doc.summary)}*")
    parts.append(paper_markdown(doc.body).strip())
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
