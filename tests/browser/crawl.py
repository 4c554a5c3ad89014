"""A walk over every page a person can reach by following links: breadth first from some start pages, one
or a few pages of each shape (the same template with other ids adds nothing), pages only (downloads, feeds,
the API and the language switch are left out). Used by the Content-Security-Policy check and the crawl of
every page of every role."""
from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterator
from urllib.parse import urldefrag, urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

NOT_PAGES = re.compile(r"^/(static|assets|api)/|/logout|/lingua/|/(esporta|export|download|scarica)"
                       r"|\.(xlsx|csv|pdf|docx|odt|ics|json|md|atom|xml|png|svg|zip)$")


def log_in(page, email: str, password: str) -> None:
    """Through the login form, as a person does; back on the page the site lands them on."""
    page.goto("/login")
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)


def settle(page, quiet_ms: int = 5000) -> None:
    """Wait for the page's scripts: charts draw after load, the wall polls. A page that keeps polling may never
    be quiet for 500 ms: what it drew by then is what a person sees."""
    page.wait_for_load_state("load")
    try:
        page.wait_for_load_state("networkidle", timeout=quiet_ms)
    except PlaywrightTimeoutError:
        pass


def walk(page, base_url: str, starts: list[str], shape: Callable[[str], str], *, per_shape: int = 1,
         max_pages: int = 200, skip: Callable[[str], bool] = lambda url: False) -> Iterator[tuple[str, int]]:
    """Open the pages reachable from `starts`, yielding (url, HTTP status) with each page loaded and settled,
    at most `per_shape` of each `shape(url)`; the links are read after the caller is done with the page."""
    queue, seen, shapes, count = deque(starts), set(), {}, 0
    while queue and count < max_pages:
        url = urldefrag(queue.popleft())[0]
        if url.startswith(base_url):
            url = url[len(base_url):] or "/"
        path = urlsplit(url).path
        if url in seen or NOT_PAGES.search(path) or skip(url) or shapes.get(shape(url), 0) >= per_shape:
            continue
        seen.add(url)
        try:
            response = page.goto(url)
        except Exception as error:   # a link that starts a download is not a page
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        shapes[shape(url)] = shapes.get(shape(url), 0) + 1
        count += 1
        settle(page)
        yield url, response.status
        for href in page.eval_on_selector_all("a[href]:not([download])", "links => links.map(a => a.href)"):
            href = urldefrag(href)[0]
            if href.startswith(base_url) and href[len(base_url):] not in seen:
                queue.append(href)
