"""A post's body as a page shows it: Markdown rendered and sanitised, then each `[[chart:key]]` line replaced
by the chart kept with the post (drawn by static/js/charts.js) with its table below for everyone who cannot
see it. Only the keys the post holds become charts; anything else in the line stays inert text."""
from __future__ import annotations

import json
import re

from flask import get_template_attribute
from markupsafe import Markup

from app.text import render_markdown

from . import sections
from .models import Post

# A chart line renders as a paragraph of its own (Markdown escapes nothing in it).
CHART_PARAGRAPH = re.compile(r"<p>\[\[chart:(?P<key>[a-z_]+)\]\]</p>")


def render_body(body: str | None, charts: dict | None) -> Markup:
    html = str(render_markdown(body))
    if "[[chart:" not in html:
        # bandit B704: render_markdown's output, sanitised by nh3
        return Markup(html)  # nosec B704
    macro = get_template_attribute("posts/_chart.html", "post_chart")

    def chart(match):
        data = (charts or {}).get(match["key"])
        if not data:
            return ""
        return str(macro(match["key"], data, json.dumps(data.get("figure") or {}, separators=(",", ":"))))

    # bandit B704: sanitised HTML plus our own chart macro's output
    return Markup(CHART_PARAGRAPH.sub(chart, html))  # nosec B704


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
