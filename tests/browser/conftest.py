"""End-to-end fixtures: the real production server (`pdz serve`, gunicorn) on a fresh SQLite database,
seeded through the `pdz` command, driven by Debian's Chromium via Playwright, with axe-core on every page.

The tests run whenever /usr/bin/chromium exists and skip otherwise — unless PDZ_BROWSER_REQUIRED=1 (CI),
where a missing browser is a failure. PDZ_SCREENSHOT_DIR=<dir> saves a PNG of every page checked;
PDZ_CHROMIUM=<path> points at another Chromium binary."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
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


def pytest_collection_modifyitems(config, items):
    reason = _missing_browser()
    for item in items:
        if HERE not in Path(str(item.fspath)).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if reason and not REQUIRED:
            item.add_marker(pytest.mark.skip(reason=f"browser test: {reason}"))


# ---- the live server ---------------------------------------------------------------------------------------

@dataclass
class LiveServer:
    url: str
    log: Path
    district_slug: str
    district_name: str
    plan_title: str
    area_names: list[str]
    detailed_action: dict   # the first action, given referents, organizations and budget for the tests
    office_email: str = OFFICE_EMAIL
    office_name: str = OFFICE_NAME
    password: str = PASSWORD

    def log_tail(self, lines: int = 40) -> str:
        text = [line for line in self.log.read_text(errors="replace").splitlines() if "GET /static/" not in line]
        return "\n".join(text[-lines:])


def _pdz_command() -> list[str]:
    script = Path(sys.executable).with_name("pdz")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())"]


def _run_pdz(env, cwd, *args):
    result = subprocess.run(_pdz_command() + list(args), env=env, cwd=cwd, capture_output=True, text=True,
                            timeout=120)
    if result.returncode != 0:
        pytest.fail(f"`pdz {' '.join(args)}` failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.stdout


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


def _start_server(root: Path, data: dict):
    """Seed a fresh SQLite database with `data` (a plan file's shape) and the planning office account through
    the `pdz` command, then serve it with `pdz serve`; yields the LiveServer and stops it afterwards."""
    _fail_if_no_browser()
    from app.plans import slugify

    env = {k: v for k, v in os.environ.items() if k not in ("PDZ_DEMO", "FLASK_APP")}
    env.update(DATABASE_URL=f"sqlite:///{root / 'pdz.sqlite3'}", SECRET_KEY="test", PYTHONUNBUFFERED="1")
    plan_file = root / "plan.json"
    plan_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    slug = slugify(data["district"]["name"])

    _run_pdz(env, root, "db", "upgrade")
    _run_pdz(env, root, "import", "plan", str(plan_file))
    _run_pdz(env, root, "users", "create", OFFICE_EMAIL, "--name", OFFICE_NAME, "--password", PASSWORD,
             "--district", slug, "--role", "planning_office")

    port = _free_port()
    log = root / "server.log"
    with open(log, "w") as log_file:
        process = subprocess.Popen(_pdz_command() + ["serve", "--host", "127.0.0.1", "--port", str(port),
                                                     "--workers", "1"],
                                   env=env, cwd=root, stdout=log_file, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url + "/", process, log)
        areas = data["plan"]["areas"]
        yield LiveServer(url=url, log=log, district_slug=slug, district_name=data["district"]["name"],
                         plan_title=data["plan"]["title"], area_names=[a["name"] for a in areas],
                         detailed_action=areas[0]["actions"][0] if areas and areas[0]["actions"] else {})
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The server most journeys share: the Crema sample with one action filled in."""
    yield from _start_server(tmp_path_factory.mktemp("live"), _sample_with_details())


@pytest.fixture(scope="module")
def server_without_the_sample(tmp_path_factory):
    """A server whose district (the sample's) holds only a small plan, so the sample can be imported into it
    through the UI without touching the data the other journeys read."""
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data = {"district": sample["district"],
            "plan": {"title": "Piano di prova 2024-2026", "start_year": 2024, "end_year": 2026,
                     "theses": ["Una tesi di prova"],
                     "areas": [{"name": "Area di prova", "actions": [{"title": "Azione di prova"}]}]}}
    yield from _start_server(tmp_path_factory.mktemp("import"), data)


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
def context(browser, live_server):
    """A fresh browser profile per test (no cookies), addressing the live server by relative URLs.
    A test module can override this fixture to address another server."""
    context = browser.new_context(base_url=live_server.url, locale="it-IT", viewport={"width": 1280, "height": 900})
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

