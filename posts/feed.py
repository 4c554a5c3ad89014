"""The blog as an Atom feed (feedgen): data in, XML bytes out.

Feed readers live elsewhere, so every address is absolute, links inside a post's text included; the text
arrives already rendered and sanitised (app.text.render_markdown) and feedgen escapes it once more as the
feed's `html` content.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

# XML 1.0 refuses most control characters: a pasted one must not break the whole feed.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
RELATIVE_URL = re.compile(r'(\s(?:href|src)=")(/[^"]*)"')


@dataclass
class FeedEntry:
    url: str                      # absolute
    title: str
    summary: str                  # plain text
    content_html: str             # sanitised HTML; relative links are made absolute here
    published: datetime           # naive UTC, as stored
    updated: datetime
    author: str
    categories: list[str] = field(default_factory=list)


def _clean(text: str) -> str:
    return NOT_XML.sub("", text or "")


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def absolute_links(html: str, base_url: str) -> str:
    return RELATIVE_URL.sub(lambda m: f'{m[1]}{urljoin(base_url, m[2])}"', html)


def atom(entries: list[FeedEntry], *, title: str, subtitle: str, home_url: str, self_url: str,
         language: str = "it", updated: datetime | None = None) -> bytes:
    """An Atom 1.0 document with `entries` in the order given (newest first)."""
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(_clean(title))
    feed.subtitle(_clean(subtitle) or _clean(title))
    feed.link(href=home_url, rel="alternate", type="text/html")
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.language(language)
    feed.generator("PdZ Partecipato")
    newest = max((e.updated for e in entries), default=None)
    feed.updated(_utc(updated or newest or datetime(2000, 1, 1)))
    for item in entries:
        entry = feed.add_entry(order="append")
        entry.id(item.url)
        entry.title(_clean(item.title))
        entry.link(href=item.url, rel="alternate", type="text/html")
        entry.published(_utc(item.published))
        entry.updated(_utc(item.updated))
        entry.author(name=_clean(item.author) or "PdZ Partecipato")
        if item.summary:
            entry.summary(_clean(item.summary))
        entry.content(_clean(absolute_links(item.content_html, item.url)), type="html")
        for name in item.categories:
            entry.category(term=_clean(name), label=_clean(name))
    return feed.atom_str(pretty=True)
