"""The bad-input corpus (tests/data/bad_inputs/) against every form of the platform.

On the full demo, each role crawls the site as a person would (links and forms it can reach), then submits
every form it found with the corpus: hostile text in every field, garbage in every field, a 1 MB value,
bad files in every upload, and a forged CSRF token. Each answer must be a page or a clear refusal, never a
server error; afterwards no page and no spreadsheet export may show a payload that can run.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
from collections import Counter, deque
from pathlib import Path
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from app.cli import DEMO_ACCOUNTS
from app.extensions import db

CORPUS_DIR = Path(__file__).parent / "data" / "bad_inputs"
CORPUS = json.loads((CORPUS_DIR / "strings.json").read_text(encoding="utf-8"))
BAD_FILES = sorted(p for p in CORPUS_DIR.iterdir() if p.name not in ("strings.json", "README.md"))
MARKER = "pdz-xss"
HOSTILE = "\n".join(item["value"] for item in CORPUS if MARKER in item["value"]) + " " + \
    next(item["value"] for item in CORPUS if item["name"] == "formula")
# Everything else, three values (every field of a form at once gets each): a few posts per form keep the
# whole crawl within a minute or two.
_REST = [item["value"] for item in CORPUS if MARKER not in item["value"]]
GARBAGE = [" ".join(_REST[0::3]), " ".join(_REST[1::3]), " ".join(_REST[2::3])]
HUGE = "Parola chiave lunghissima " * 42_000       # ~1 MB
TEXT_TYPES = {"text", "search", "textarea", "url", "tel", None, ""}
PASSWORD = "demo-password"
PER_ENDPOINT = 5          # distinct URLs visited per endpoint: enough to reach every kind of page
SKIP_PATHS = re.compile(r"^/(logout|lingua/|static/)|/dashboard/assets/|\.(pdf|docx|odt|zip)$|/pdf\b")
# Forms that only destroy, close or send: submitted with a forged token only (their data is what the
# other forms need).
DESTRUCTIVE = re.compile(r"(elimina|delete|remove|rimuovi|logout|annulla|cancel|chiudi|close|approva|disattiva|"
                         r"approve|riapri|reopen|pubblica|publish|invia|send|submit|revoca|revoke)",
                         re.IGNORECASE)


@pytest.fixture
def demo(make_app):
    app = make_app(WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=False)
    with app.app_context():
        from app.demo import load_demo
        from evaluations.models import EvaluationCampaign
        from tests.cards_helpers import reopen
        plan = load_demo(DEMO_ACCOUNTS, PASSWORD)
        # The 2015 campaign is closed, as it was: reopened here so the card, review and reminder forms are met.
        campaign = db.session.scalar(db.select(EvaluationCampaign).filter_by(plan_id=plan.id))
        mine = [c for c in campaign.cards if any(u.email == DEMO_ACCOUNTS[2][0] for u in c.action.referents)]
        reopen(campaign, drafts=mine[:1], submitted=mine[1:2])
        db.session.commit()
        db.session.remove()
    return app


class Crawler:
    """A person with a browser: follows same-site links, remembers the forms it saw."""

    def __init__(self, app, client):
        self.app, self.client = app, client
        self.adapter = app.url_map.bind("pdz.test")
        self.visits: Counter = Counter()
        self.seen: set[str] = set()
        self.pages: dict[str, str] = {}
        self.forms: dict[tuple, dict] = {}
        self.exports: set[str] = set()
        self.tried: set[tuple] = set()
        self.fuzzed: set[str] = set()

    def endpoint(self, path: str) -> str | None:
        try:
            return self.adapter.match(path, method="GET")[0]
        except Exception:
            return None

    def crawl(self, start: list[str], limit: int = 600, problems: list[str] | None = None) -> None:
        """Follow links from `start`; with `problems`, every page is also checked as it is read."""
        queue = deque(start)
        while queue and len(self.seen) < limit:
            url = queue.popleft()
            if url in self.seen:
                continue
            self.seen.add(url)
            response = self.client.get(url, follow_redirects=True)
            assert response.status_code < 500, f"GET {url} -> {response.status_code}"
            landed = response.request.path + (f"?{response.request.query_string.decode()}"
                                              if response.request.query_string else "")
            if landed != url and landed in self.seen:
                continue
            self.seen.add(landed)
            url = landed
            kind = response.headers.get("Content-Type", "")
            if "spreadsheet" in kind or "text/csv" in kind:
                self.exports.add(url)
            if "text/html" not in kind or response.status_code != 200:
                if problems is not None:
                    check_answer("GET", url, response, problems)
                continue
            html = response.get_data(as_text=True)
            self.pages[url] = html
            soup = BeautifulSoup(html, "html.parser")
            if problems is not None:
                check_answer("GET", url, response, problems, soup)
            for form in soup.find_all("form"):
                self._remember(url, form)
            for link in soup.find_all("a", href=True):
                target = self._local(url, link["href"])
                if target and target not in self.seen:
                    parts = urlsplit(target)
                    endpoint = self.endpoint(parts.path)
                    # a filtered list (?state=…) is a page of its own: it does not use up its list's visits
                    shape = (endpoint, *sorted({key for key, _ in parse_qsl(parts.query)}))
                    if endpoint and self.visits[shape] < PER_ENDPOINT:
                        self.visits[shape] += 1
                        queue.append(target)

    def _local(self, base: str, href: str) -> str | None:
        url = urldefrag(urljoin("http://pdz.test" + base, href))[0]
        parts = urlsplit(url)
        if parts.netloc != "pdz.test" or SKIP_PATHS.search(parts.path):
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def _remember(self, page: str, form) -> None:
        if (form.get("method") or "get").lower() != "post":
            return
        action = self._local(page, form.get("action") or page)
        if action is None:
            return
        fields = []
        for element in form.find_all(["input", "textarea", "select"]):
            name = element.get("name")
            if not name or element.get("type") in ("submit", "button", "reset", "image"):
                continue
            kind = "textarea" if element.name == "textarea" else (
                "select" if element.name == "select" else (element.get("type") or "text").lower())
            if kind == "select":
                options = [o.get("value", o.text) for o in element.find_all("option")]
                value = next((o for o in options if o), "")
            elif kind in ("checkbox", "radio"):
                value = element.get("value", "y")
            else:
                value = element.text if kind == "textarea" else element.get("value", "")
            fields.append((name, kind, value))
        # the same fields also go to the form's script endpoints (autosave, live preview)
        targets = [action] + [self._local(page, value) for attr, value in form.attrs.items()
                              if attr.startswith("data-") and attr.endswith("-url")]
        for target in filter(None, targets):
            key = (target, tuple(sorted({name for name, _k, _v in fields})))
            self.forms.setdefault(key, {"page": page, "action": target, "fields": fields})

    def post_endpoint(self, url: str) -> str | None:
        try:
            return self.adapter.match(urlsplit(url).path, method="POST")[0]
        except Exception:
            return None

    def posted_endpoints(self) -> set[str]:
        return {self.post_endpoint(form["action"]) for form in self.forms.values()} - {None}


def fill(fields, text_value, *, everything=False, file=None) -> dict:
    """Form data: hidden fields kept, free text as `text_value`; with `everything`, every field gets it."""
    data: dict = {}
    for name, kind, value in fields:
        if kind == "hidden":
            data[name] = value
        elif kind == "file":
            if file is not None:
                data[name] = (io.BytesIO(file.read_bytes()), file.name)
        elif everything:
            data[name] = text_value
        elif kind in TEXT_TYPES or kind == "textarea":
            data[name] = text_value
        elif kind == "email":
            data[name] = "bad-input@example.org"
        elif kind == "number":
            data[name] = "1"
        elif kind == "date":
            data[name] = "2015-04-09"
        elif kind == "time":
            data[name] = "15:00"
        elif kind == "datetime-local":
            data[name] = "2015-04-09T15:00"
        elif kind == "password":
            data[name] = text_value[:200]
        else:
            data.setdefault(name, value)
    return data


def unsafe_spots(html: str | BeautifulSoup) -> list[str]:
    """Places where a payload of the corpus would run: script text, event handlers, javascript: URLs."""
    soup = html if isinstance(html, BeautifulSoup) else BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        if tag.name in ("script", "style") and MARKER in (tag.string or ""):
            found.append(f"<{tag.name}> with the marker")
        if tag.name in ("iframe", "object", "embed") and "evil.example" in str(tag):
            found.append(f"<{tag.name}>")
        for attr, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if attr.startswith("on") and MARKER in value:
                found.append(f"<{tag.name} {attr}>")
            if attr in ("href", "src", "action", "formaction", "xlink:href") \
                    and re.sub(r"\s", "", value).lower().startswith("javascript:"):
                found.append(f"<{tag.name} {attr}={value[:40]}>")
    return found


def login(app, email: str):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = BeautifulSoup(page, "html.parser").find("input", {"name": "csrf_token"})["value"]
    response = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


def check_answer(method: str, url: str, response, problems: list, soup: BeautifulSoup | None = None) -> None:
    if response.status_code >= 500:
        problems.append(f"{method} {url} -> {response.status_code}")
    elif "text/html" in response.headers.get("Content-Type", ""):
        spots = unsafe_spots(soup if soup is not None else response.get_data(as_text=True))
        if spots:
            problems.append(f"{method} {url} echoes a live payload: {spots[:3]}")


def submit_corpus(crawler: Crawler) -> list[str]:
    """Every form the crawl found and did not try yet, with the corpus; returns the problems seen."""
    problems: list[str] = []
    client = crawler.client
    forms = sorted((f for key, f in crawler.forms.items() if key not in crawler.tried),
                   key=lambda f: bool(DESTRUCTIVE.search(f["action"])))
    crawler.tried |= set(crawler.forms)
    for form in forms:
        action, fields = form["action"], form["fields"]
        # a forged CSRF token is refused with a clear answer, whatever the form
        forged = fill(fields, "x")
        if "csrf_token" in forged:
            forged["csrf_token"] = "forged" + forged["csrf_token"][::-1]
            response = client.post(action, data=forged)
            if response.status_code in (200, 302, 303) or response.status_code >= 500:
                problems.append(f"forged CSRF on {action} -> {response.status_code}")
        if DESTRUCTIVE.search(action):
            continue
        texts = [name for name, kind, _v in fields if kind in TEXT_TYPES or kind == "textarea"]
        files = [name for name, kind, _v in fields if kind == "file"]
        # the token of the page as it is now (a form page may have changed since the crawl)
        fresh = client.get(form["page"])
        token = BeautifulSoup(fresh.get_data(as_text=True), "html.parser").find("input", {"name": "csrf_token"})

        def send(data):
            if token is not None and "csrf_token" in data:
                data["csrf_token"] = token["value"]
            response = client.post(action, data=data, content_type="multipart/form-data")
            check_answer("POST", action, response, problems)

        if not texts and not files:            # a button (create, move, mark...): pressed once
            send(fill(fields, ""))
        if texts:
            send(fill(fields, HOSTILE))
        endpoint = crawler.post_endpoint(action)
        if endpoint in crawler.fuzzed:   # the rest of the corpus once per endpoint: same code, same answer
            continue
        crawler.fuzzed.add(endpoint)
        if texts:
            send(fill(fields, HUGE))
            for value in GARBAGE:
                send(fill(fields, value, everything=True))
        for bad in BAD_FILES if files else ():
            send(fill(fields, "Allegato di prova", file=bad))
    return problems


def exported_formulas(crawler: Crawler) -> list[str]:
    """Spreadsheet cells that would run as formulas in an office suite."""
    found = []
    for url in sorted(crawler.exports):
        response = crawler.client.get(url)
        kind = response.headers.get("Content-Type", "")
        if "csv" in kind:
            for row in csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))):
                for cell in row:   # a cell's first character is what a spreadsheet reads (not its later lines)
                    cell = cell.strip()
                    if cell[:1] in ("=", "+", "@") or (cell[:1] == "-" and not re.match(r"^-?[\d.,]+$", cell)):
                        found.append(f"{url}: {cell[:40]}")
        elif "spreadsheet" in kind:
            workbook = load_workbook(io.BytesIO(response.data))
            for sheet in workbook.worksheets:
                for row in sheet.iter_rows():
                    for cell in row:
                        if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value[:1] in "=+@"):
                            found.append(f"{url} {sheet.title}!{cell.coordinate}: {str(cell.value)[:40]}")
    return found


def run_as(app, email: str | None, problems: list[str] | None = None) -> Crawler:
    """A crawl as `email` (None: the public) from the role's start pages; with `problems`, pages are checked."""
    client = login(app, email) if email else app.test_client()
    crawler = Crawler(app, client)
    crawler.crawl(start_of(email), problems=problems)
    return crawler


def recheck_pages(crawler: Crawler, urls=None) -> list[str]:
    problems = []
    for url in sorted(crawler.pages if urls is None else urls):
        response = crawler.client.get(url)
        check_answer("GET", url, response, problems)
    return problems


START = ["/", "/blog", "/incontri", "/enti", "/search?q=piano", "/k/CREMA1"]


def start_of(email: str | None) -> list[str]:
    return START + (["/gestione/"] if email else [])


# POST endpoints no crawl of the demo reaches, and where their bad input is tested instead.
_BUTTON = "a button without input, on records the demo does not have: "
NOT_CRAWLED = {
    "auth.logout": "no input",
    "auth.accept_invitation": "a signed link: tests/test_auth.py, and tampered links below",
    "auth.new_password": "a signed link from the e-mail: tests/test_password_reset.py (a forged link too)",
    "office.new_district": "platform administrators only: tests/test_districts.py",
    "keywords_api.group": "JSON API: the malformed-JSON test below",
    "participant.submit": "JSON API: the malformed-JSON test below",
    "focus.statement_text": "the board's statements rewritten in place by board.js (JSON): tests/test_board.py",
    "registration.confirm": "the person's own page, from the e-mail: tests/test_meeting_registration.py",
    "registration.cancel": "the person's own page, from the e-mail: tests/test_meeting_registration.py",
    "registration.erase": "the person's own page, from the e-mail: tests/test_meeting_registration.py",
    "privacy_admin.export": "after a lookup by e-mail: tests/test_privacy.py",
    "privacy_admin.erase": "after a lookup by e-mail: tests/test_privacy.py",
    "accessibility_admin.district_handle": _BUTTON + "accessibility reports: tests/test_accessibility_statement.py",
    "accessibility_admin.installation_handle": "platform administrators only: tests/test_accessibility_statement.py",
    "focus.grouping": "shown only when phones sent keywords since the last grouping (none in the demo): "
                      "tests/test_board.py",
    "focus.board": "shown only when phones sent keywords since the last grouping (none in the demo): "
                   "tests/test_board.py",
    "office.sub_area_edit": "the demo has no sub-areas (its sources name none): tests/test_territory.py",
    "office.sub_area_autosave": "the demo has no sub-areas: tests/test_territory.py",
    "office.sub_area_delete": "the demo has no sub-areas: tests/test_territory.py",
    "office.figure_delete": "no figure is published about Crema (the other sample districts' offices are not "
                            "crawled): tests/test_demo_districts.py",
    "office.programme_edit": "the demo's sources name no funding programme: tests/test_funding.py",
    "office.programme_delete": "the demo's sources name no funding programme: tests/test_funding.py",
    "office.in_kind_delete": "the demo's sources give no hours in kind: tests/test_funding.py",
    "meetings.roster_import_confirm": "the confirmation page follows an uploaded file: tests/test_roster_import.py",
    "meetings.role_report_delete": "the demo's role reports are on the 5 March 2015 meeting, which the crawl does "
                                   "not reach: tests/test_participation_by_role.py",
    "evaluations.conflict": "only after a 409 between two editors: tests/test_evaluation_autosave.py",
    "posts.conflict": "only after a 409 between two editors: tests/test_post_editor.py",
    "drafts.chapter_conflict": "only after a 409 between two editors: tests/test_plan_drafts.py",
    "admin.reactivate_person": _BUTTON + "tests/test_people.py",
    "admin.resend_invitation": _BUTTON + "tests/test_people.py",
    "admin.revoke_invitation": _BUTTON + "tests/test_people.py",
    "focus.group_split": _BUTTON + "tests/test_focus_groups.py",
    "focus.keyword_detach": _BUTTON + "tests/test_focus_groups.py",
    "meetings.attachment_delete": _BUTTON + "tests/test_meetings.py",
    "posts.regenerate": _BUTTON + "tests/test_post_editor.py",
    "meeting_minutes.minutes_approve": _BUTTON + "tests/test_meeting_minutes.py",
    "meeting_minutes.minutes_delete": _BUTTON + "tests/test_meeting_minutes.py",
    "meeting_minutes.minutes_attendance": _BUTTON + "tests/test_meeting_minutes.py",
    "meeting_minutes.minutes_reopen": _BUTTON + "tests/test_meeting_minutes.py",
}
OFFICE, FACILITATOR, REFERENT = (email for email, _name, _role in DEMO_ACCOUNTS)


ROLES = {"office": OFFICE, "facilitator": FACILITATOR, "referent": REFERENT, "public": None}


@pytest.fixture(scope="session")
def reached_folder(tmp_path_factory) -> Path:
    """Where each role's crawl records the POST endpoints it reached: the run's own temporary folder, which
    every pytest-xdist worker of the run shares (a worker's folder is inside it)."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "bad-inputs-reached"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.mark.parametrize("role", ROLES)
def test_every_form_takes_the_corpus_without_error_or_live_payload(demo, role, reached_folder):
    """The role crawls, fills every form with the corpus, crawls again (the records the corpus created have
    forms too) and fills those; then every page it saw and every spreadsheet it can download are read back,
    and the roles after it in ROLES crawl the site and read what it stored (the public reads what every
    role stored).

    Every POST endpoint of the platform is reached by the crawl of some role, or listed in NOT_CRAWLED with
    where else its bad input is tested: a new form cannot escape the corpus by accident. The roles run as
    separate tests (pytest-xdist spreads them), each recording what it reached; the last of the four to
    finish, on whichever worker, checks the union."""
    email = ROLES[role]
    crawler = run_as(demo, email)
    assert crawler.forms, f"the crawl as {role} found no form to try"
    problems = []
    for last in (False, True):
        problems += submit_corpus(crawler)
        crawler.seen.clear()
        crawler.visits.clear()
        crawler.crawl(start_of(email), problems=problems if last else None)   # the last crawl reads back
    problems += recheck_pages(crawler, set(crawler.pages) - crawler.seen)   # and what it did not reach again
    problems += exported_formulas(crawler)
    roles = list(ROLES)
    for reader in roles[roles.index(role) + 1:]:
        run_as(demo, ROLES[reader], problems)
    assert not problems, "\n".join(problems[:40])

    recorded = reached_folder / f"{role}.json"
    recorded.with_suffix(".tmp").write_text(json.dumps(sorted(crawler.posted_endpoints())))
    recorded.with_suffix(".tmp").replace(recorded)          # whole, or not there yet for the other roles
    reached = {path.stem: set(json.loads(path.read_text())) for path in reached_folder.glob("*.json")}
    if set(reached) == set(ROLES):
        every = {rule.endpoint for rule in demo.url_map.iter_rules() if "POST" in rule.methods}
        missing = sorted(every - set().union(*reached.values()) - set(NOT_CRAWLED))
        assert not missing, "POST endpoints the corpus never reaches: " + ", ".join(missing)


def test_tampered_signed_links_are_refused_clearly(demo):
    client = demo.test_client()
    for path in ("/invito/not-a-token", "/invito/" + "A" * 300, "/k/NOPE00", "/k/CREMA1/../../etc/passwd"):
        response = client.get(path)
        assert response.status_code in (400, 403, 404, 410), (path, response.status_code)


# Malformed JSON bodies for the API: broken syntax, the wrong shape, wrong types, a lone surrogate, 2 MB.
MALFORMED_JSON = {
    "broken syntax": b"{not json",
    "malformed.json": (CORPUS_DIR / "malformed.json").read_bytes(),
    "a list": b"[]",
    "null": b"null",
    "a string": b'"parola"',
    "right-to-left mark": "\u202e".encode(),
    "numbers for text": b'{"text": 12, "keywords": 12, "keyword": 12}',
    "lists of junk": b'{"text": [null, {}], "keywords": [null, 1, {}], "keyword": [null]}',
    "lone surrogate": b'{"text": "K\\ud800x", "keyword": "K\\ud800x", "keywords": ["K\\ud800x"]}',
    "2 MB": b'{"text": "' + b"x" * 2_000_000 + b'", "keywords": "' + b"x" * 2_000_000 + b'"}',
    "not UTF-8": b'{"text": "\xff\xfe"}',
}


def api_post_rules(app) -> list:
    return sorted((rule for rule in app.url_map.iter_rules() if "POST" in rule.methods
                   and rule.rule.startswith("/api/")), key=lambda rule: rule.rule)


def api_url(rule) -> str:
    """The rule's URL with real values: a keyword session of the demo that is open to phones."""
    from focus_groups.models import KeywordSession, SessionState
    values = {}
    for name in rule.arguments:
        if name == "code":
            values[name] = db.session.scalar(db.select(KeywordSession.code)
                                             .filter_by(state=SessionState.OPEN).order_by(KeywordSession.id))
        else:
            raise AssertionError(f"{rule.rule}: no value for <{name}> in tests/test_bad_inputs.py api_url")
    return rule.build(values, append_unknown=False)[1]


def test_every_api_post_is_reached_by_the_malformed_json(demo):
    with demo.app_context():
        urls = [api_url(rule) for rule in api_post_rules(demo)]
    assert "/api/v1/keywords/group" in urls and any(url.startswith("/api/v1/sessions/") for url in urls)


@pytest.mark.parametrize("body", MALFORMED_JSON.values(), ids=MALFORMED_JSON.keys())
def test_malformed_json_is_a_clear_error_for_every_api_post(demo, body):
    """Every POST under /api/, with its arguments filled (an open keyword session for /sessions/<code>/),
    answers a malformed body with a JSON 4xx: never a 500, never an HTML page, never a success."""
    client = demo.test_client()
    with demo.app_context():
        urls = [api_url(rule) for rule in api_post_rules(demo)]
    problems = []
    for url in urls:
        response = client.post(url, data=body, content_type="application/json")
        if not (400 <= response.status_code < 500 and response.is_json):
            problems.append(f"{url}: {response.status_code} {response.headers.get('Content-Type')} "
                            f"{response.get_data(as_text=True)[:200]}")
    assert not problems, "\n".join(problems)
