"""A post's body as a page shows it: Markdown rendered and sanitised, then each `[[chart:key]]` line replaced
by the chart kept with the post (drawn by static/js/charts.js) with its table below for everyone who cannot
see it. Only the keys the post holds become charts; anything else in the line stays inert text."""
from __future__ import annotations

import json
import re

from flask import get_template_attribute
from markupsafe import Markup

from app.text import render_markdown

from . import blocks, sections
from .models import Post

# A chart line renders as a paragraph of its own (Markdown escapes nothing in it).
CHART_PARAGRAPH = re.compile(r"<p>\[\[chart:(?P<key>[a-z_]+)\]\]</p>")


def render_body(body: str | None, charts: dict | None) -> Markup:
    html = str(render_markdown(body))
    if "[[chart:" not in html:
        # bandit B704: render_markdown's output, sanitised by nh3
        return Markup(html)  # nosec B704
    # bandit B704: sanitised HTML plus our own chart macro's output
    return Markup(CHART_PARAGRAPH.sub(lambda match: chart_html(match["key"], charts), html))  # nosec B704


def chart_html(key: str, charts: dict | None, prefix: str = "post-chart") -> Markup:
    """The chart `key` of a post (figure and table, from our macro), its element ids starting with `prefix`;
    nothing when the post holds no such chart."""
    data = (charts or {}).get(key)
    if not data:
        return Markup()
    macro = get_template_attribute("posts/_chart.html", "post_chart")
    return macro(key, data, json.dumps(data.get("figure") or {}, separators=(",", ":")), prefix)


def editor_blocks(body: str | None, charts: dict | None) -> list[dict]:
    """The editor's blocks of `body` (posts/blocks.py), numbered, each with the section it is in (its title)
    and, for a chart, its preview."""
    items, section = [], None
    for n, block in enumerate(blocks.split(body)):
        if block.kind == "section":
            section = block.title or block.key
        items.append({"n": n, "block": block, "section": section,
                      "chart_title": ((charts or {}).get(block.key) or {}).get("title") or block.key,
                      "chart": chart_html(block.key, charts, f"block-{n}-chart") if block.kind == "chart" else None})
        if block.kind == "end":
            section = None
    return items


def render_post(post: Post) -> Markup:
    return render_body(post.body, post.charts)


def has_charts(post: Post) -> bool:
    """Whether the page must load plotly and static/js/charts.js."""
    return any(key in (post.charts or {}) for key in sections.chart_keys(post.body))


def chart_tables(post: Post) -> dict[str, str]:
    """chart key → its table as Markdown, for documents (paper has no interactive charts)."""
    return {key: sections.markdown_table(data["table"]) for key, data in (post.charts or {}).items()
            if data.get("table")}


def document_markdown(post: Post) -> str:
    """The body for a DOCX/ODT/PDF: no section markers, each chart replaced by its table."""
    return sections.for_document(post.body, post.charts)
