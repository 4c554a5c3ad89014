"""A card as a PDF file: the same printable view as the browser's, rendered on the server with WeasyPrint.
Same permissions as the print view; the renderer reads only the app's own static files, so nothing typed in
a card (an image in its markdown, say) can make the server fetch a URL."""
from __future__ import annotations

import mimetypes
import os
import re
import threading
from urllib.parse import unquote, urljoin, urlsplit

from flask import Response, current_app, render_template, request
from werkzeug.security import safe_join

from app.auth import role_required
from app.view_helpers import OFFICE_AND_REFERENTS

from . import services
from .blueprint import card_pdf as bp
from .card_data import card_dicts, vocabulary
from .models import THESIS_SCALE
from .view_helpers import card_or_404

# The site's body is a flex column (sticky footer); WeasyPrint does not split a flex box across pages and
# would drop everything after the first one.
PAGED = "body { display: block !important; }"


STYLESHEET_LINK = re.compile(r"<link\b[^>]*\brel=[\"']stylesheet[\"'][^>]*>", re.IGNORECASE)
HREF = re.compile(r"\bhref=[\"']([^\"']+)[\"']")
_parsed: dict[tuple[str, float], object] = {}      # (path, mtime) -> weasyprint.CSS
_parsing = threading.Lock()


def _static_path(url: str, static_url: str | None, static_folder: str) -> str | None:
    """The file under the static folder that a URL names (under static_url, or file://), if there is one."""
    parts = urlsplit(url)
    if static_url and url.startswith(static_url):
        relative = unquote(parts.path[len(urlsplit(static_url).path):])
    elif parts.scheme == "file":
        relative = os.path.relpath(unquote(parts.path), static_folder)
    else:
        return None
    path = safe_join(static_folder, relative)
    return path if path and os.path.isfile(path) else None


def _static_fetcher(static_url: str | None, static_folder: str):
    from weasyprint.urls import URLFetcher, URLFetcherResponse   # here: loading pango takes a moment

    class StaticFetcher(URLFetcher):
        """data: URLs and files under the static folder; anything else is refused (left out of the PDF)."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _static_path(url, static_url, static_folder)
            if path is None:
                raise ValueError(f"not fetched for a PDF: {url}")
            with open(path, "rb") as file:
                body = file.read()
            kind = mimetypes.guess_type(path)[0] or "text/plain"
            return URLFetcherResponse(url, body, {"Content-Type": kind})

    return StaticFetcher(allowed_protocols={"http", "https", "data", "file"})


def _stylesheets(html: str, static_url: str, static_folder: str) -> tuple[str, list]:
    """The page without its <link> stylesheets, and those stylesheets parsed once per file version: the
    design system's CSS alone takes seconds to parse, a page with it parsed in advance well under one."""
    from weasyprint import CSS   # here: loading pango takes a moment, and only the PDF needs it
    sheets = []
    for link in STYLESHEET_LINK.findall(html):
        href = HREF.search(link)
        path = href and _static_path(urljoin(static_url, href[1]), static_url, static_folder)
        if path:
            key = (path, os.path.getmtime(path))
            with _parsing:
                if key not in _parsed:
                    _parsed[key] = CSS(filename=path, url_fetcher=_static_fetcher(None, static_folder),
                                       media_type="print")
            sheets.append(_parsed[key])
    return STYLESHEET_LINK.sub("", html), sheets


def html_to_pdf(html: str, base_url: str, static_url: str, static_folder: str) -> bytes:
    """The page as an A4 PDF (print media rules apply: no navigation, no buttons)."""
    from weasyprint import CSS, HTML   # imported here: loading pango takes a moment, and only this needs it
    page, sheets = _stylesheets(html, static_url, static_folder)
    return HTML(string=page, base_url=base_url, url_fetcher=_static_fetcher(static_url, static_folder),
                media_type="print").write_pdf(stylesheets=[*sheets, CSS(string=PAGED)])


@bp.get("/<district>/schede/<int:card_id>/scheda.pdf")
@role_required(*OFFICE_AND_REFERENTS)
def download_pdf(card_id: int):
    card = card_or_404(card_id)
    data = card_dicts(card.campaign, card_ids=[card.id])[0]
    missing = services.missing_items(card) if card.is_editable else []
    html = render_template("evaluations/print.html", card=card, c=data, vocab=vocabulary(),
                           scale=THESIS_SCALE, missing=missing)
    static_url = urljoin(request.url_root, current_app.static_url_path.rstrip("/") + "/")
    payload = html_to_pdf(html, request.url_root, static_url, current_app.static_folder)
    code = re.sub(r"[^A-Za-z0-9._-]+", "-", card.action.code or "")
    return Response(payload, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="scheda-{code}-{card.id}.pdf"',
                             "Cache-Control": "private, no-store"})
