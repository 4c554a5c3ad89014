"""The Content-Security-Policy in a real browser: on the full demo (campaign, focus groups, the live keyword
session, and whatever later features load into it) served by `pdz serve`, a planning-office user walks every
page reachable by links, and Chromium must report no Content Security Policy violation on any of them —
charts (plotly), the board (SortableJS), the wall and the phone page (fetch) included.

A page that still uses an inline <script>, an on*= handler or a style="..." attribute fails here with its URL.
"""
from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

pytestmark = pytest.mark.browser

DEMO_OFFICE, DEMO_PASSWORD = "ufficio@demo.pdz", "demo"
MAX_PAGES = 110
PER_SHAPE = 2            # /schede/1 and /schede/2 are the same template: two of each shape are enough
SKIPPED = re.compile(r"^/(static|assets|api)/|/logout|/lingua/|/(esporta|export|download|scarica)"
                     r"|\.(xlsx|csv|pdf|docx|odt|ics|json|md|atom|png)$")


@pytest.fixture(scope="module")
def server(serve):
    """`pdz demo --no-serve` builds the demo database, then the production server serves it (no demo mode:
    secure cookies, the real secret-key check)."""
    return serve("csp", None, pdz=[["demo", "--no-serve"]])


@pytest.fixture
def context(context):
    context.set_default_timeout(15_000)
    return context


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _violations(page, into: dict):
    def record(message):
        if "Content Security Policy" in message.text:
            into.setdefault(urlsplit(page.url).path, []).append(message.text[:300])
    page.on("console", record)


def test_no_page_violates_the_content_security_policy(page, server):
    violations: dict[str, list[str]] = {}
    _violations(page, violations)

    page.goto("/login")
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=email]").fill(DEMO_OFFICE)
    form.locator("input[name=password]").fill(DEMO_PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)

    queue = deque(["/", "/gestione/", "/k/CREMA1", "/k/CREMA1/parete", page.url])
    seen, shapes, visited = set(), {}, []
    while queue and len(visited) < MAX_PAGES:
        target = queue.popleft()
        path = urlsplit(target).path
        if path in seen or SKIPPED.search(path) or shapes.get(_shape(path), 0) >= PER_SHAPE:
            continue
        seen.add(path)
        shapes[_shape(path)] = shapes.get(_shape(path), 0) + 1
        try:
            response = page.goto(target)
        except Exception as error:   # a link that starts a download is not a page
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        # Scripts that draw after load (charts) and the wall's first poll: wait until the network is quiet. A page
        # that keeps polling (a live wall, a check-in screen on a loaded machine) may never be quiet for 500 ms:
        # what it loaded by then has run under the policy, which is what this walk checks.
        page.wait_for_load_state("load")
        try:
            page.wait_for_load_state("networkidle", timeout=5000)
        except PlaywrightTimeoutError:
            pass
        visited.append(path)
        for href in page.eval_on_selector_all("a[href]:not([download])", "links => links.map(a => a.href)"):
            href = urldefrag(href)[0]
            if href.startswith(server.url) and urlsplit(href).path not in seen:
                queue.append(href)

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
