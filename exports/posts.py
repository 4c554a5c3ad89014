"""A blog post as a document (DOCX, ODT, PDF, Markdown): the summary, the text, its tags and its public
address, then exports.documents does the rest.

Pure: a PostDocument in, bytes out. The body arrives ready for paper (posts.rendering.document_markdown:
no section markers, charts as tables); here raw HTML goes as the web page drops it - comments, script and
style elements with their content, other tags leaving their text - and links keep only safe targets
(exports.documents).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .documents import render_document

HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?(</\1\s*>|$)", re.DOTALL | re.IGNORECASE)
# A raw HTML tag (not an autolink such as <https://...> or <name@example.org>): its text stays, the tag goes.
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>")
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
    images: Mapping[str, bytes] = field(default_factory=dict)       # image URL in the body -> its bytes


def paper_markdown(body: str) -> str:
    """The body as the web page shows it: no HTML comments, scripts or styles, other tags reduced to their
    text."""
    text = HTML_TAG.sub("", SCRIPT_OR_STYLE.sub("", HTML_COMMENT.sub("", body or "")))
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
    return render_document(post_markdown(doc), fmt, title=doc.title, subtitle=doc.subtitle, language=language,
                           images=doc.images)


def _inline(text: str) -> str:
    """One line of plain text that Markdown will not read as markup."""
    return re.sub(r"([\\`*_{}\[\]<>#|!])", r"\\\1", " ".join(text.split()))
