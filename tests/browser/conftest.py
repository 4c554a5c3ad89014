"""End-to-end fixtures: the real production server (`pdz serve`, gunicorn) on a fresh SQLite database,
seeded through the `pdz` command, driven by Debian's Chromium via Playwright, with axe-core on every page.

The tests run whenever /usr/bin/chromium exists and skip otherwise — unless PDZ_BROWSER_REQUIRED=1 (CI),
where a missing browser is a failure. PDZ_SCREENSHOT_DIR=<dir> saves a PNG of every page checked;
PDZ_CHROMIUM=<path> points at another Chromium binary.

Under pytest-xdist each worker has its own browser and servers (own folders, free ports), and a module's tests
stay on one worker (`--dist loadgroup`), so its servers start once."""
from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PDZ_CHROMIUM", "/usr/bin/chromium")   # Debian's build; never a downloaded one
# The last five flags stop Chromium calling outside hosts (refused on a closed network: noise and slow starts).
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REQUIRED = os.environ.get("PDZ_BROWSER_REQUIRED") == "1"
HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent.parent / "app" / "sample" / "crema-2012-2014.json"

OFFICE_EMAIL = "ufficio@example.org"
OFFICE_NAME = "Ufficio di Piano Test"
PASSWORD = "browser-test-password"


def _missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not os.path.exists(CHROMIUM):
        return f"{CHROMIUM} not found (apt-get install chromium)"
    try:
        import axe_playwright_python.sync_playwright  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        return f"{error.name} is not installed (pip install -e '.[test]')"
    return None


@pytest.hookimpl(tryfirst=True)   # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    reason = _missing_browser()
    for item in items:
        if HERE not in Path(str(item.fspath)).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        # Under pytest-xdist (--dist loadgroup) a module's tests stay on one worker: they share its servers
        # (started once) and some build on what the previous test left.
        item.add_marker(pytest.mark.xdist_group(f"browser-{Path(str(item.fspath)).stem}"))
        if reason and not REQUIRED:
            item.add_marker(pytest.mark.skip(reason=f"browser test: {reason}"))


# ---- the live server ---------------------------------------------------------------------------------------

@dataclass
class LiveServer:
    url: str
    root: Path              # the server's own folder: its database, outbox and log (nothing shared)
    district_slug: str = ""
    district_name: str = ""
    plan_title: str = ""
    area_names: list[str] = field(default_factory=list)
    detailed_action: dict = field(default_factory=dict)   # the first action (referents, organizations, budget)
    seed_output: str = ""   # what the seed script printed (the ids of the records it made)
    office_email: str = OFFICE_EMAIL
    office_name: str = OFFICE_NAME
    password: str = PASSWORD

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.root / 'pdz.sqlite3'}"

    @contextmanager
    def app_context(self):
        """The platform on this server's database, in an app context: for a test to write its records
        straight in (or read them back); the connections are closed on the way out."""
        from app import create_app
        from app.extensions import db
        app = create_app({"SQLALCHEMY_DATABASE_URI": self.database_url, "SECRET_KEY": "test",
                          "PDZ_BASE_URL": self.url})
        with app.app_context():
            try:
                yield app
            finally:
                db.engine.dispose()

    def log_tail(self, lines: int = 40) -> str:
        text = [line for line in self.log.read_text(errors="replace").splitlines() if "GET /static/" not in line]
        return "\n".join(text[-lines:])


def _pdz_command() -> list[str]:
    script = Path(sys.executable).with_name("pdz")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())"]


def _run(command: list[str], env, cwd) -> str:
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=180)
    if result.returncode != 0:
        shown = " ".join(command) if len(" ".join(command)) < 200 else command[0] + " (the seed script)"
        pytest.fail(f"`{shown}` failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _run_pdz(env, cwd, *args):
    return _run(_pdz_command() + list(args), env, cwd)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _sample_with_details() -> dict:
    """The Crema sample plan, with one action filled in the way a planning office would (the published
    structure has titles only), so the pages with tables and organizations get checked too."""
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    action = data["plan"]["areas"][0]["actions"][0]
    action.update({
        "code": "1.1",
        "description": "Reti di **vicinato** e *prossimità* nei 48 Comuni dell'Ambito.",
        "expected_results": "- una mappa delle reti attive\n- tre patti di collaborazione",
        "planned_start": "2012-03-01", "planned_end": "2014-12-31", "theses": [1, 4],
        "referents": [{"email": "referente@example.org", "name": "Rita Referente"}],
        "organizations": [{"name": "Comune di Crema", "type": "comune", "role": "lead"},
                          {"name": "Cooperativa sociale Esempio", "type": "cooperativa", "role": "partner"}],
        "budget": [{"source": "national_regional", "amount": 12000, "description": "Fondo politiche sociali"},
                   {"source": "foundation_calls", "amount": 24000, "description": "Bando fondazione"}],
    })
    return data


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`pdz serve` exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"`pdz serve` did not answer {url} within {timeout}s:\n{log.read_text(errors='replace')}")


def _fail_if_no_browser():
    reason = _missing_browser()
    if reason:
        pytest.fail(f"PDZ_BROWSER_REQUIRED=1 but {reason}")


def _serve(root: Path, env: dict, workers: int) -> tuple[subprocess.Popen, str]:
    """`pdz serve` on a free port. Another xdist worker may take the port between our probe and gunicorn's
    bind: then the server exits saying so, and we try another port."""
    log = root / "server.log"
    for attempt in range(5):
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        with open(log, "w") as log_file:
            process = subprocess.Popen(_pdz_command() + ["serve", "--host", "127.0.0.1", "--port", str(port),
                                                         "--workers", str(workers)],
                                       env={**env, "PDZ_BASE_URL": url},   # its links, and the one trusted host
                                       cwd=root, stdout=log_file, stderr=subprocess.STDOUT,
                                       start_new_session=True)     # its workers in its own group: see _stop
        try:
            _wait_until_up(url + "/", process, log)
            return process, url
        except pytest.fail.Exception:
            _stop(process)
            if attempt == 4 or "Address already in use" not in log.read_text(errors="replace"):
                raise
    raise AssertionError("unreachable")


def _stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)     # gunicorn's quick stop: the tests are done, nothing to finish
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pass
    try:                                   # a worker still there (a slow, loaded machine) goes too
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


_SEEDED: dict[str, Path] = {}      # a plan (as JSON) -> a copy of the database this worker seeded with it


def _copy_database(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source)) as original, closing(sqlite3.connect(target)) as copy:
        original.backup(copy)


@contextmanager
def served(root: Path, plan: dict | None, *, pdz: Sequence[Sequence[str]] = (), seed: str | None = None,
           env: dict | None = None, workers: int = 1) -> Iterator[LiveServer]:
    """Seed a fresh SQLite database in `root`, then serve it with `pdz serve` until the block ends.

    The seed, in this order: `pdz db upgrade`; with `plan` (a plan file's shape) `pdz import plan` and the
    planning office's account; each of the `pdz` commands (e.g. `["demo", "--no-serve"]`); then `seed`, a
    Python script run with the server's environment (it makes its own app), whose output is kept in
    `seed_output`. `env` adds to the server's environment; the outbox is the server's own.
    A plan this worker has seeded before is not imported again: its database is copied (three `pdz` runs
    fewer per module)."""
    _fail_if_no_browser()
    from app.plans import slugify

    environment = {k: v for k, v in os.environ.items() if k not in ("PDZ_DEMO", "FLASK_APP")}
    # PDZ_BASE_URL: "localhost" while seeding (a script's test_request_context() is at that host); the server
    # gets its own address once its port is known (_serve).
    environment.update(DATABASE_URL=f"sqlite:///{root / 'pdz.sqlite3'}", SECRET_KEY="test",
                       PDZ_BASE_URL="http://localhost",
                       PYTHONUNBUFFERED="1", PDZ_OUTBOX_DIR=str(root / "outbox"), **(env or {}))
    server = LiveServer(url="", root=root)
    if plan is None:
        _run_pdz(environment, root, "db", "upgrade")
    else:
        areas = plan["plan"]["areas"]
        server = LiveServer(url="", root=root, district_slug=slugify(plan["district"]["name"]),
                            district_name=plan["district"]["name"], plan_title=plan["plan"]["title"],
                            area_names=[a["name"] for a in areas],
                            detailed_action=areas[0]["actions"][0] if areas and areas[0]["actions"] else {})
        key = json.dumps(plan, sort_keys=True)
        if key in _SEEDED:
            _copy_database(_SEEDED[key], root / "pdz.sqlite3")
        else:
            plan_file = root / "plan.json"
            plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
            _run_pdz(environment, root, "db", "upgrade")
            _run_pdz(environment, root, "import", "plan", str(plan_file))
            _run_pdz(environment, root, "users", "create", OFFICE_EMAIL, "--name", OFFICE_NAME, "--password",
                     PASSWORD, "--district", server.district_slug, "--role", "planning_office")
            _copy_database(root / "pdz.sqlite3", root / "seeded.sqlite3")
            _SEEDED[key] = root / "seeded.sqlite3"
    for command in pdz:
        _run_pdz(environment, root, *command)
    if seed is not None:
        server.seed_output = _run([sys.executable, "-c", seed], environment, root)
    process, server.url = _serve(root, environment, workers)
    try:
        yield server
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The server most journeys share: the Crema sample with one action filled in."""
    with served(tmp_path_factory.mktemp("live"), _sample_with_details()) as server:
        yield server


@pytest.fixture(scope="module")
def serve(tmp_path_factory):
    """A module's own servers: `serve(name, plan, seed=..., ...)` starts one (see `served`) and returns its
    LiveServer; they all stop when the module's tests are done."""
    with ExitStack() as stack:
        def start(name: str, plan: dict | None, **options) -> LiveServer:
            return stack.enter_context(served(tmp_path_factory.mktemp(name), plan, **options))
        yield start


@pytest.fixture
def server(live_server):
    """The server the pages of a test address; a module with a server of its own overrides this fixture."""
    return live_server


# ---- the browser -------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    _fail_if_no_browser()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, server):
    """A fresh browser profile per test (no cookies), addressing `server` by relative URLs."""
    context = browser.new_context(base_url=server.url, locale="it-IT", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"JavaScript errors on the page: {errors}"


# ---- accessibility -----------------------------------------------------------------------------------------

def format_violations(violations: list[dict]) -> str:
    """axe's findings as a person reads them: rule, impact, what to fix, and where."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']}\n  {v.get('helpUrl', '')}")
        for node in v["nodes"][:8]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:200]}\n      {summary[:400]}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe
    return Axe()


@pytest.fixture
def assert_accessible(axe, request):
    """Run axe-core on the page as it is now and fail on any violation, listing them readably."""
    shots = os.environ.get("PDZ_SCREENSHOT_DIR")
    counter = iter(range(1, 1000))

    def check(page, label: str | None = None):
        page.wait_for_load_state("load")
        results = axe.run(page)
        where = label or page.url
        if shots:
            os.makedirs(shots, exist_ok=True)
            name = f"{request.node.name}-{next(counter):02d}.png"
            page.screenshot(path=os.path.join(shots, name), full_page=True)
        violations = results.response["violations"]
        assert not violations, f"axe found {len(violations)} violation(s) on {where}:\n{format_violations(violations)}"
        return results
    return check


@pytest.fixture
def visit(page, assert_accessible):
    """Open a path, check the HTTP status and the page's accessibility; returns the page."""
    def go(path: str, status: int = 200):
        response = page.goto(path)
        assert response is not None and response.status == status, \
            f"{path} answered {response and response.status}, expected {status}"
        assert_accessible(page, path)
        return page
    return go


@pytest.fixture
def login(page, assert_accessible):
    """Log in through the login form (fields `email` and `password`, CSRF on, as in production)."""
    def log_in(email: str = OFFICE_EMAIL, password: str = PASSWORD):
        page.goto("/login")
        assert_accessible(page, "/login")
        form = page.locator("main form").filter(has=page.locator("input[name=password]"))
        form.locator("input[name=email]").fill(email)
        form.locator("input[name=password]").fill(password)
        form.locator("button[type=submit]").click()
        page.wait_for_load_state("load")
        return page
    return log_in


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_makereport(item, call):
    """When a browser test fails, show the end of the server's log next to the failure."""
    if call.when == "call" and call.excinfo is not None:
        for server in getattr(item, "funcargs", {}).values():
            if isinstance(server, LiveServer) and server.log.exists():
                item.add_report_section("call", "pdz serve log (tail)", server.log_tail())

