"""The Content-Security-Policy in a real browser: on the full demo (campaign, focus groups, the live keyword
session, and whatever later features load into it) served by `pdz serve`, a planning-office user walks every
page reachable by links, and Chromium must report no Content Security Policy violation on any of them —
charts (plotly), the board (SortableJS), the wall and the phone page (fetch) included.

A page that still uses an inline <script>, an on*= handler or a style="..." attribute fails here with its URL.
"""
from __future__ import annotations

import os
import re
import subprocess
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest

from tests.browser.conftest import _fail_if_no_browser, _free_port, _pdz_command, _run_pdz, _wait_until_up

pytestmark = pytest.mark.browser

DEMO_OFFICE, DEMO_PASSWORD = "ufficio@demo.pdz", "demo"
MAX_PAGES = 110
PER_SHAPE = 2            # /schede/1 and /schede/2 are the same template: two of each shape are enough
SKIPPED = re.compile(r"^/(static|assets|api)/|/logout|/lingua/|/(esporta|export|download|scarica)"
                     r"|\.(xlsx|csv|pdf|docx|odt|ics|json|md|atom|png)$")


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """`pdz demo --no-serve` builds the demo database, then the production server serves it (no demo mode:
    secure cookies, the real secret-key check)."""
    _fail_if_no_browser()
    root = tmp_path_factory.mktemp("csp")
    env = {k: v for k, v in os.environ.items() if k not in ("PDZ_DEMO", "FLASK_APP")}
    env.update(DATABASE_URL=f"sqlite:///{root / 'pdz.sqlite3'}", SECRET_KEY="test", PYTHONUNBUFFERED="1")
    _run_pdz(env, root, "demo", "--no-serve")
    port, log = _free_port(), root / "server.log"
    with open(log, "w") as log_file:
        process = subprocess.Popen(_pdz_command() + ["serve", "--host", "127.0.0.1", "--port", str(port),
                                                     "--workers", "1"],
                                   env=env, cwd=root, stdout=log_file, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url + "/", process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def context(browser, demo_server):
    context = browser.new_context(base_url=demo_server, locale="it-IT",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context
    context.close()


def _shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _violations(page, into: dict):
    def record(message):
        if "Content Security Policy" in message.text:
            into.setdefault(urlsplit(page.url).path, []).append(message.text[:300])
    page.on("console", record)


def test_no_page_violates_the_content_security_policy(page, demo_server):
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
        page.wait_for_load_state("load")
        page.wait_for_timeout(250)   # scripts that draw after load (charts, the wall's first poll)
        visited.append(path)
        for href in page.eval_on_selector_all("a[href]:not([download])", "links => links.map(a => a.href)"):
            href = urldefrag(href)[0]
            if href.startswith(demo_server) and urlsplit(href).path not in seen:
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
