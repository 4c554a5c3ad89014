"""Every page of every role, as people see it at 1280×900 (and a citizen's on a phone, 390×844): the demo served by `pdz serve`, walked by link from
each person's landing page (one page of each kind: a route with the same query keys), and on each page

- the server answers 200 (a link to a page the person may not open is a broken promise),
- nothing is wider than the window (wide tables scroll inside their own box or stack),
- axe-core finds no violation.

With PDZ_SCREENS_DIR set (CI: docs/screens/, linked from the README) each page leaves a screenshot of its first
screen, `<role>/<endpoint>.jpg`, and each role an index `<role>.md` naming the page behind each picture."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from werkzeug.exceptions import HTTPException

from tests.browser.conftest import format_violations
from tests.browser.crawl import log_in, walk

pytestmark = pytest.mark.browser

DESKTOP, PHONE = (1280, 900), (390, 844)
PASSWORD = "demo"
ADMIN = "amministrazione@demo.pdz"
# Who walks, from where, on what screen: a citizen (no login, on a computer and on a phone), then each role of
# the demo district and the installation's administrator.
ROLES = {
    "cittadino": (None, ["/"], DESKTOP),
    "cittadino-telefono": (None, ["/"], PHONE),
    "referente": ("referente@demo.pdz", ["/gestione/"], DESKTOP),
    "facilitatore": ("facilitatore@demo.pdz", ["/gestione/"], DESKTOP),
    "ufficio": ("ufficio@demo.pdz", ["/gestione/"], DESKTOP),
    "amministratore": (ADMIN, ["/gestione/"], DESKTOP),
}
# The administrator sees a district's pages as its office does: those pages are checked again, but their
# picture is the office's (the set stays small enough to keep in the repository).
SAME_PICTURES = {"amministratore": "ufficio"}
MAX_PAGES = 300
QUALITY = 50


@pytest.fixture(scope="module")
def server(serve):
    admin = ["users", "create", ADMIN, "--name", "Amministrazione (demo)", "--password", PASSWORD, "--admin"]
    return serve("every-page", None, pdz=[["demo", "--no-serve"], admin], workers=2)


@pytest.fixture(scope="module")
def routes(server):
    """The URL map, to name each page by its route."""
    with server.app_context() as app:
        yield app.url_map.bind("localhost")


def _shape(routes):
    def shape(url: str) -> str:
        parts = urlsplit(url)
        try:
            endpoint, _args = routes.match(parts.path, method="GET")
        except HTTPException:
            endpoint = parts.path
        keys = sorted({key for key, _value in parse_qsl(parts.query)})
        return "--".join([endpoint, *keys])
    return shape


class Screens:
    """The screenshots of one role's walk and their index (nothing when PDZ_SCREENS_DIR is not set)."""

    def __init__(self, role: str, screen: tuple[int, int]):
        root = os.environ.get("PDZ_SCREENS_DIR")
        self.role, self.screen, self.root, self.lines = role, screen, Path(root) if root else None, []
        if self.root:
            (self.root / role).mkdir(parents=True, exist_ok=True)
            for old in (self.root / role).glob("*.jpg"):
                old.unlink()

    def take(self, page, name: str, url: str) -> None:
        if not self.root:
            return
        picture = f"{name.replace('.', '-')}.jpg"
        file, other = f"{self.role}/{picture}", SAME_PICTURES.get(self.role)
        if other and (self.root / other / picture).exists():
            file = f"{other}/{picture}"
        else:
            page.screenshot(path=str(self.root / file), type="jpeg", quality=QUALITY)
        title = page.title().split(" · ")[0]
        self.lines.append(f"| [{title}]({file}) | `{url}` |")

    def write_index(self) -> None:
        if self.root:
            width, height = self.screen
            text = [f"# Pagine viste da: {self.role}", "", f"{len(self.lines)} pagine, a {width}×{height}.", "",
                    "| Pagina | Indirizzo |", "|---|---|", *self.lines, ""]
            (self.root / f"{self.role}.md").write_text("\n".join(text), encoding="utf-8")


@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_answers_and_passes_axe(role, page, server, routes, axe):
    email, starts, (width, height) = ROLES[role]
    page.set_viewport_size({"width": width, "height": height})
    if email:
        log_in(page, email, PASSWORD)
    shape, screens, problems, visited = _shape(routes), Screens(role, (width, height)), [], 0
    for url, status in walk(page, server.url, starts, shape, max_pages=MAX_PAGES):
        visited += 1
        if status != 200:
            problems.append(f"{url}: HTTP {status}")
            continue
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            culprits = page.evaluate("""w => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > w).slice(0, 3)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.'))""",
                                     width)
            problems.append(f"{url}: {wide} px wide ({', '.join(culprits)})")
        violations = axe.run(page).response["violations"]
        if violations:
            problems.append(f"{url}: axe\n{format_violations(violations)}")
        screens.take(page, shape(url), url)
    screens.write_index()
    assert visited >= 10, f"{role} reached only {visited} pages"
    assert not problems, f"{len(problems)} problem(s) on {visited} pages seen by {role}:\n" + "\n".join(problems)
