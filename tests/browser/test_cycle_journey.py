"""The whole 2015 cycle, replayed in a real browser from an empty database.

An administrator creates the district and invites the planning office; the office imports the plan and
opens an evaluation campaign; two referents fill in their cards (one says nobody can report) and the office
approves them; an open meeting with a working group and two time slots takes a registration; a focus group
runs a live keyword session with 20 simulated phones and pasted paper keywords, which the facilitator groups
and classifies; the synthesis post is generated, edited and published; the plan draft is written from a
development line, commented, amended, exported and approved; the new plan gets its first campaign.

axe-core checks every page on the way (0 violations), and each step leaves a screenshot in
PDZ_JOURNEY_DIR (CI: docs/journey/, linked from the README).
"""
from __future__ import annotations

import io
import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.browser.conftest import _free_port, _pdz_command, _run_pdz, _wait_until_up

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "app" / "sample" / "crema-2012-2014.json"
PASSWORD = "journey-password-2015"
ADMIN = "admin@example.org"
OFFICE = "ufficio@example.org"
ANNA, BRUNO, FABIA = "anna@example.org", "bruno@example.org", "fabia@example.org"
DISTRICT = "Ambito distrettuale cremasco"
SLUG = "ambito-distrettuale-cremasco"
S = f"/gestione/{SLUG}"


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory):
    """`pdz serve` on an empty database: only the installation's administrator exists."""
    import subprocess
    root = tmp_path_factory.mktemp("cycle")
    env = {k: v for k, v in os.environ.items() if k not in ("PDZ_DEMO", "FLASK_APP")}
    env.update(DATABASE_URL=f"sqlite:///{root / 'pdz.sqlite3'}", SECRET_KEY="journey", PYTHONUNBUFFERED="1",
               PDZ_OUTBOX_DIR=str(root / "outbox"), PDZ_INSECURE_COOKIES="1")
    _run_pdz(env, root, "db", "upgrade")
    _run_pdz(env, root, "users", "create", ADMIN, "--name", "Amministratrice", "--password", PASSWORD, "--admin")
    port = _free_port()
    log = root / "server.log"
    with open(log, "w") as log_file:
        process = subprocess.Popen(_pdz_command() + ["serve", "--host", "127.0.0.1", "--port", str(port),
                                                     "--workers", "2"],
                                   env=env, cwd=root, stdout=log_file, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url + "/", process, log)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)


class Journey:
    """The people of the cycle, each in a browser profile of their own, and the step counter."""

    def __init__(self, browser, url, axe, shots: Path):
        self.browser, self.url, self.axe, self.shots = browser, url, axe, shots
        self.count = 0
        self.errors: list[str] = []
        self.contexts = []

    def person(self, email: str | None = None, password: str = PASSWORD, **options):
        context = self.browser.new_context(base_url=self.url, locale="it-IT",
                                           viewport={"width": 1280, "height": 900}, **options)
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        if email:
            page.goto("/login")
            form = page.locator("main form").filter(has=page.locator("input[name=password]"))
            form.locator("input[name=email]").fill(email)
            form.locator("input[name=password]").fill(password)
            form.locator("button[type=submit]").click()
            page.wait_for_load_state("load")
            assert "/login" not in page.url, f"{email} could not log in"
        return page

    def check(self, page, name: str):
        """axe-core on the page as it is, and its screenshot as step NN-name.png."""
        page.wait_for_load_state("load")
        self.count += 1
        page.screenshot(path=str(self.shots / f"{self.count:02d}-{name}.png"), full_page=True)
        violations = self.axe.run(page).response["violations"]
        assert not violations, f"axe on step {name} ({page.url}): " + "; ".join(
            f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:3]]}" for v in violations)

    def submit(self, page, button) -> int:
        with page.expect_navigation() as navigation:
            button.click()
        return navigation.value.status

    def outbox_links(self, page, pattern: str) -> list[str]:
        page.goto(f"{S}/posta")
        text = " ".join(page.locator("main pre").all_text_contents())
        return re.findall(pattern, text)

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def journey(browser, empty_server, axe, tmp_path):
    shots = Path(os.environ.get("PDZ_JOURNEY_DIR") or tmp_path / "journey")
    shots.mkdir(parents=True, exist_ok=True)
    for old in shots.glob("*.png"):
        old.unlink()
    journey = Journey(browser, empty_server, axe, shots)
    yield journey
    journey.close()
    assert not journey.errors, f"JavaScript errors: {journey.errors}"


def main_button(page, text: str):
    return page.locator("main button[type=submit]", has_text=text).first


def accept_invitation(journey, link: str, email: str):
    page = journey.person()
    page.goto(link)
    journey.check(page, f"invitation-{email.split('@')[0]}")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"{S}/"), page.url
    return page


def test_the_2015_cycle_from_an_empty_database(journey):
    # --- 1. The administrator creates the district and invites the planning office ----------------------
    admin = journey.person(ADMIN)
    admin.goto("/gestione/ambiti/nuovo")
    journey.check(admin, "new-district")
    admin.fill("#name", DISTRICT)
    admin.fill("#province", "Cremona")
    assert journey.submit(admin, admin.locator("main form button[type=submit]")) == 200
    admin.goto(f"{S}/inviti/nuovo")
    admin.fill("#email", OFFICE)
    admin.fill("#name", "Ufficio di Piano")
    admin.select_option("#role", "planning_office")
    journey.submit(admin, admin.locator("main form button[type=submit]"))
    [link] = journey.outbox_links(admin, r"https?://\S+/invito/\S+")
    office = accept_invitation(journey, link, OFFICE)
    journey.check(office, "office-home")

    # --- 2. The office imports the plan, invites two referents and a facilitator, opens the campaign -----
    office.goto(f"{S}/importa")
    journey.check(office, "import")
    office.set_input_files("main input[type=file][name=file]", str(SAMPLE))
    assert journey.submit(office, office.locator("main form[enctype='multipart/form-data'] "
                                                 "button[type=submit]")) == 200
    assert re.search(r"/piani/\d+$", office.url), office.url
    journey.check(office, "plan-imported")

    def invite(email, name, role, action=None):
        office.goto(f"{S}/inviti/nuovo")
        office.fill("#email", email)
        office.fill("#name", name)
        office.select_option("#role", role)
        if action is not None:
            office.locator(f"label[for=actions-{action}]").click()
        journey.submit(office, office.locator("main form button[type=submit]"))

    invite(ANNA, "Anna Bianchi", "referent", 0)
    invite(BRUNO, "Bruno Rossi", "referent", 1)
    invite(FABIA, "Fabia Ferrari", "facilitator")
    links = journey.outbox_links(office, r"https?://\S+/invito/\S+")
    journey.check(office, "outbox")
    people = {ANNA: None, BRUNO: None, FABIA: None}
    for link in links:
        page = journey.person()
        page.goto(link)
        if page.locator("#name").count() == 0:
            continue                                  # the office's own, already used
        name = page.input_value("#name")
        email = {"Anna Bianchi": ANNA, "Bruno Rossi": BRUNO, "Fabia Ferrari": FABIA}.get(name)
        if email is None:
            continue
        page.fill("#password", PASSWORD)
        page.fill("#confirm", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state("load")
        people[email] = page
    assert all(people.values()), people

    office.goto(f"{S}/campagne/nuova")
    journey.check(office, "new-campaign")
    office.fill("#intro", "Una **fotografia** di quanto è stato fatto in tre anni.")
    office.locator("label[for=send_invitations]").click()
    assert journey.submit(office, office.locator("main form button[type=submit]")) == 200
    campaign = office.url
    assert re.search(r"/campagne/\d+/$", campaign), campaign

    # --- 3. Two referents fill in their cards; one says nobody can report ---------------------------------
    anna = people[ANNA]
    anna.goto(f"{S}/schede/")
    journey.check(anna, "referent-cards")
    anna.locator("main table a[href*='/schede/']").first.click()
    anna.wait_for_url(re.compile(r"/schede/\d+/$"))
    anna.fill("#activities", "Tavoli di coordinamento mensili e una mappa delle reti di vicinato.")
    anna.select_option("#implementation_state", index=2)
    anna.fill("#progress_percent", "70")
    anna.fill("#actual_start", "2012-04-01")
    anna.fill("#people", "20-50")
    for select in anna.locator("select[name^=theses-][name$=-rating]").all():
        select.select_option(index=3)
    anna.select_option("#objective", index=2)
    anna.fill("#strengths", "Una rete che prima non c'era.")
    anna.fill("#problems", "Timidezza decisionale: i tempi delle decisioni sono lunghi.")
    journey.check(anna, "card-filled")
    assert journey.submit(anna, anna.locator("button[name=action][value=submit]")) == 200
    journey.check(anna, "card-sent")

    bruno = people[BRUNO]
    bruno.goto(f"{S}/schede/")
    bruno.locator("main table a[href*='/schede/']").first.click()
    bruno.wait_for_url(re.compile(r"/schede/\d+/$"))
    bruno.locator("label[for=nobody_can_report]").click()
    bruno.fill("#nobody_reason", "L'obiettivo era troppo ambizioso: nessun ente ha potuto seguirlo.")
    assert journey.submit(bruno, bruno.locator("button[name=action][value=submit]")) == 200
    journey.check(bruno, "card-nobody-can-report")

    # The office approves both.
    office.goto(campaign)
    journey.check(office, "campaign-review")
    for _ in range(2):
        office.goto(campaign)
        link = office.locator("main table tbody tr", has_text=re.compile("Inviata|Nessuno")).locator(
            "a[href*='/schede/']").first
        link.click()
        office.wait_for_url(re.compile(r"/schede/\d+/$"))
        form = office.locator("main form[action$='/revisione']")
        decision = form.locator("[name=decision]")
        if decision.evaluate("e => e.tagName") == "SELECT":
            decision.select_option("approve")
        form.locator("textarea[name=comment]").fill("Grazie, scheda completa.")
        assert journey.submit(office, form.locator("button[type=submit]").first) == 200
    journey.check(office, "card-approved")
