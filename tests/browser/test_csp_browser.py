"""The Content-Security-Policy in a real browser: on the full demo (campaign, focus groups, the live keyword
session, and whatever later features load into it) served by `pdz serve`, a planning-office user walks every
page reachable by links, and Chromium must report no Content Security Policy violation on any of them —
charts (plotly), the board (SortableJS), the wall and the phone page (fetch) included.

A page that still uses an inline <script>, an on*= handler or a style="..." attribute fails here with its URL.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.browser.crawl import log_in, walk

pytestmark = pytest.mark.browser

DEMO_OFFICE, DEMO_PASSWORD = "ufficio@demo.pdz", "demo"
MAX_PAGES = 110
PER_SHAPE = 2            # /schede/1 and /schede/2 are the same template: two of each shape are enough


@pytest.fixture(scope="module")
def server(serve):
    """`pdz demo --no-serve` builds the demo database, then the production server serves it (no demo mode:
    secure cookies, the real secret-key check)."""
    return serve("csp", None, pdz=[["demo", "--no-serve"]])


@pytest.fixture
def context(context):
    context.set_default_timeout(15_000)
    return context


def _shape(url: str) -> str:
    return re.sub(r"\d+", "N", urlsplit(url).path)


def _violations(page, into: dict):
    def record(message):
        if "Content Security Policy" in message.text:
            into.setdefault(urlsplit(page.url).path, []).append(message.text[:300])
    page.on("console", record)


def test_no_page_violates_the_content_security_policy(page, server):
    violations: dict[str, list[str]] = {}
    _violations(page, violations)

    log_in(page, DEMO_OFFICE, DEMO_PASSWORD)

    starts = ["/", "/gestione/", "/k/CREMA1", "/k/CREMA1/parete", page.url]
    visited = [url for url, _status in walk(page, server.url, starts, _shape, per_shape=PER_SHAPE,
                                            max_pages=MAX_PAGES)]

    # The phone sends a keyword with its script (fetch), the wall shows it: both under the policy.
    page.goto("/k/CREMA1/parete")
    phone = page.context.new_page()
    _violations(phone, violations)
    phone.goto("/k/CREMA1")
    phone.fill("#text", "fiducia reciproca")
    phone.click("#keyword-send")
    phone.wait_for_url("**/grazie*")
    page.locator("#wall-list .wall-label", has_text="fiducia reciproca").first.wait_for(timeout=5000)

    assert len(visited) >= 25, f"the walk reached only {len(visited)} pages: {visited}"
    assert not violations, "Content Security Policy violations:\n" + "\n".join(
        f"- {path}: {messages[0]}" + (f" (and {len(messages) - 1} more)" if len(messages) > 1 else "")
        for path, messages in violations.items())
