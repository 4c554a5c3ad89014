"""The whole 2015 cycle, replayed in a real browser from an empty database, with the words of the sources
(../shared/seeds/004, as the package sample files hold them) wherever the sources say something.

An administrator creates the district and invites the planning office; the office imports the plan and
opens an evaluation campaign; two referents fill in their cards - 1.1 with what its card reported, 1.3 saying
nobody could report, with the source's reason - and the office approves them; the 2 April 2015 focus group on
"Lavoro di comunità" (via Manini, its two time slots) takes a registration; the "Modello organizzativo" focus
group collects its 21 real keywords on 17 simulated phones and on paper, which the facilitator groups and
classifies, with one of the room's development lines; the synthesis post is generated, edited and published;
the plan draft takes up that development line, is commented, amended, exported and approved; the new plan gets
its first campaign. People are placeholders, as in the demo.

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

from evaluations.demo import sample as cards_sample
from focus_groups.demo import sample as focus_sample
from meetings.demo import CYCLE, sample as meetings_sample
from tests.browser.journey import Journey

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
CARDS = cards_sample()["cards"]
MODELLO = next(g for g in focus_sample()["focus_groups"] if g["area"] == "Modello organizzativo")
KEYWORDS = MODELLO["keywords"]                                   # 21, as the room wrote them on paper
PHONES, PAPER, LATE = KEYWORDS[:17], KEYWORDS[17:20], KEYWORDS[20]
COMMUNITY = next(g for g in focus_sample()["focus_groups"] if g["area"] == "Lavoro di comunità")
LINE = MODELLO["development_lines"][2]                           # "Promuovere spazi di riflessione …"
FOCUS_MEETING = meetings_sample(CYCLE)["focus_group"]                 # 2 April 2015, via Manini, two slots


@pytest.fixture(scope="module")
def empty_server(serve):
    """`pdz serve` on an empty database: only the installation's administrator exists."""
    admin = ["users", "create", ADMIN, "--name", "Amministratrice", "--password", PASSWORD, "--admin"]
    return serve("cycle", None, pdz=[admin], env={"PDZ_INSECURE_COOKIES": "1"}, workers=2)


@pytest.fixture
def journey(browser, empty_server, axe, tmp_path):
    shots = Path(os.environ.get("PDZ_JOURNEY_DIR") or tmp_path / "journey")
    shots.mkdir(parents=True, exist_ok=True)
    for old in shots.glob("*.png"):
        old.unlink()
    journey = Journey(browser, empty_server.url, axe, shots, password=PASSWORD, outbox=f"{S}/posta")
    yield journey
    journey.close()
    assert not journey.errors, f"JavaScript errors: {journey.errors}"


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
    office = journey.accept_invitation(link, "invitation-ufficio")
    assert office.url.endswith(f"{S}/"), office.url
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
    invite(BRUNO, "Bruno Rossi", "referent", 2)                 # action 1.3
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
    assert anna.locator("main h1").inner_text().startswith("1.1 ")
    anna.fill("#activities", CARDS["1.1"]["activities"])         # what the source reports
    anna.select_option("#implementation_state", "started")      # "tutte le azioni si sono avviate"
    # The sources give nothing more for this card, but a card cannot be sent without the rest: example figures,
    # and the strength and critical point the "Lavoro di comunità" group wrote first.
    anna.fill("#progress_percent", "50")
    anna.fill("#actual_start", "2012-04-01")
    anna.fill("#people", "20-50")                                # the plan's people per action (sample file)
    for select in anna.locator("select[name^=theses-][name$=-rating]").all():
        select.select_option(index=2)
    anna.select_option("#objective", index=2)
    anna.fill("#strengths", COMMUNITY["strengths"][0])
    anna.fill("#problems", COMMUNITY["critical_points"][0])
    journey.check(anna, "card-filled")
    assert journey.submit(anna, anna.locator("button[name=action][value=submit]")) == 200
    journey.check(anna, "card-sent")

    bruno = people[BRUNO]
    bruno.goto(f"{S}/schede/")
    bruno.locator("main table a[href*='/schede/']").first.click()
    bruno.wait_for_url(re.compile(r"/schede/\d+/$"))
    assert bruno.locator("main h1").inner_text().startswith("1.3 ")
    bruno.locator("label[for=nobody_can_report]").click()
    bruno.fill("#nobody_reason", CARDS["1.3"]["nobody_reason"])
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

    # --- 4. The 2 April focus group meeting: its working group, two time slots, a registration confirmed ------
    office.goto(f"{S}/incontri/nuovo")
    journey.check(office, "new-meeting")
    meeting_day = date.today() + timedelta(days=30)   # its place and hours; a day ahead, so people can register
    (first_start, _end), (_start, last_end) = FOCUS_MEETING["slots"]
    office.fill("#title", FOCUS_MEETING["title"])
    office.fill("#date", meeting_day.isoformat())
    office.fill("#start_time", first_start)
    office.fill("#end_time", last_end)
    office.fill("#place", FOCUS_MEETING["place"])
    office.fill("#address", "Crema")
    assert office.locator("#is_public").is_checked() and office.locator("#registration_open").is_checked()
    assert journey.submit(office, office.locator("main form button[type=submit]")) == 200
    meeting_office = office.url
    meeting_id = re.search(r"/incontri/(\d+)/", meeting_office).group(1)
    office.goto(f"{meeting_office}gruppi/nuovo")
    office.fill("#name", FOCUS_MEETING["area"])
    office.select_option("#area_id", label=FOCUS_MEETING["area"])
    office.fill("#capacity", "30")
    journey.submit(office, office.locator("main form button[type=submit]"))
    for start, end in FOCUS_MEETING["slots"]:
        office.goto(f"{meeting_office}fasce/nuova")
        office.fill("#start_time", start)
        office.fill("#end_time", end)
        office.fill("#capacity", "20")
        journey.submit(office, office.locator("main form button[type=submit]"))
    office.goto(meeting_office)
    journey.check(office, "meeting-office")

    citizen = journey.person()
    citizen.goto("/incontri")
    journey.check(citizen, "public-calendar")
    citizen.goto(f"/incontri/{meeting_id}/iscrizione")
    citizen.fill("#name", "Giulia Verdi")
    citizen.fill("#email", "giulia@example.org")
    citizen.fill("#organization", "Associazione Il Ponte")
    citizen.select_option("#organization_type", "associazione")
    citizen.locator("label[for=working_group-0]").click()
    citizen.locator("label[for=time_slot-0]").click()
    citizen.locator("label[for=consent]").click()
    journey.check(citizen, "registration-form")
    citizen.wait_for_timeout(2200)           # the form refuses what no person could type in under 2 s
    citizen.click("#registration-send")
    citizen.locator("#registration-sent").wait_for()
    [token] = journey.outbox_links(office, r"/iscrizioni/([A-Za-z0-9_\-]+)")[:1]
    citizen.goto(f"/iscrizioni/{token}")
    citizen.click("#registration-confirm")
    assert "Confermata" in citizen.locator("#registration-status").inner_text()
    journey.check(citizen, "registration-confirmed")

    # --- 5. The focus group: 17 phones and paper (the 21 keywords of the source), grouped and classified ------
    office.goto(f"{S}/focus/")
    office.locator("main a[href*='/focus/nuovo']").first.click()
    office.fill("#title", "Modello organizzativo")
    office.select_option("#area_id", label="Modello organizzativo")
    office.locator("#facilitators label", has_text="Fabia").click()
    journey.check(office, "new-focus-group")
    assert journey.submit(office, office.locator("main form.pdz-form button[type=submit]")) == 200
    focus = re.search(r"/gestione/.*/focus/\d+/", office.url).group(0)

    fabia = people[FABIA]
    fabia.goto(focus)
    journey.check(fabia, "focus-group")
    fabia.locator("main a[href$='/sessioni/nuova']").click()
    assert journey.submit(fabia, fabia.locator("main form.pdz-form button[type=submit]")) == 200
    session = fabia.url
    code = re.search(r"/k/([A-Z0-9]+)", fabia.locator("main").inner_html()).group(1)

    wall = journey.person()
    wall.goto(f"/k/{code}/parete")
    journey.check(wall, "wall-empty")
    for number, word in enumerate(PHONES):
        phone = journey.person(viewport={"width": 390, "height": 800})
        phone.goto(f"/k/{code}")
        if number == 0:
            journey.check(phone, "phone")
        phone.fill("#text", word)
        phone.click("#keyword-send")
        phone.wait_for_url("**/grazie*")
        phone.context.close()
        journey.contexts.remove(phone.context)
    wall.get_by_text(f"{len(PHONES)} parole chiave").wait_for(timeout=5000)   # all counted, none twice
    wall.locator("#wall-list .wall-label", has_text=PHONES[-1]).wait_for(timeout=5000)
    journey.check(wall, "wall-with-17-phones")

    fabia.goto(session)
    fabia.fill("textarea[name=text]", "\n".join(PAPER))
    assert journey.submit(fabia, fabia.locator("main form[action$='/carta'] button[type=submit]")) == 200
    journey.check(fabia, "paper-keywords")
    fabia.locator("main a[href$='/raggruppa']").first.click()
    fabia.wait_for_url(re.compile(r"/raggruppa$"))
    journey.check(fabia, "grouping")
    sorted_later = ("sinergia", "timidezza decisionale", "incertezza e cambiamento", "condivisione")
    for _ in range(4):                        # the facilitator weighs the engine's first suggestions
        offer = fabia.locator("#suggestion .card")
        if offer.count() == 0:
            break
        keep_apart = any(word in offer.inner_text().split("\n")[0] for word in sorted_later)
        action = "rifiuta" if keep_apart else "unisci"   # the words the room sorts below stay apart
        journey.submit(fabia, offer.locator(f"form[action$='/{action}'] button"))

    fabia.goto(focus.rstrip("/") + "/lavagna")
    journey.check(fabia, "board")

    def classify(label, column):                 # with the chip's ⋯ menu
        item = fabia.locator(".pdz-chip", has=fabia.locator(".pdz-chip-label", has_text=re.compile(
            rf"^{re.escape(label)}$", re.IGNORECASE)))
        item.locator("summary").click()
        journey.submit(fabia, item.locator(f"button[name=column][value={column}]"))

    classify("sinergia", "strengths")
    classify("timidezza decisionale", "critical_points")
    classify("incertezza e cambiamento", "interpretive_hypotheses")
    classify("condivisione", "development_lines")
    line = LINE
    form = fabia.locator("#new-statement form")
    form.locator("select[name=column]").select_option("development_lines")
    form.locator("textarea[name=text]").fill(line)
    form.locator("label.form-check-label", has_text=re.compile(r"^condivisione$", re.IGNORECASE)).click()
    assert journey.submit(fabia, form.locator("button[type=submit]")) == 200
    assert line in fabia.locator("main").inner_text()
    journey.check(fabia, "board-classified")

    # --- 6. The synthesis post: generated, one paragraph edited, a section regenerated, published ------------
    office.goto(f"{S}/blog/sintesi")
    journey.check(office, "generate-synthesis")
    generate = office.locator("main form[action*='/focus/']", has_text="Modello organizzativo")
    if generate.count() == 0:
        generate = office.locator("main form[action$='/sintesi']").first
    assert journey.submit(office, generate.first.locator("button[type=submit]")) == 200
    editor = office.url
    assert re.search(r"/blog/articoli/\d+/$", editor), editor
    body = office.locator("#body textarea").first            # the text of the first section
    typed = "Un paragrafo **scritto a mano** dall'Ufficio di Piano dopo l'incontro."
    body.fill(body.input_value() + "\n\n" + typed)
    assert journey.submit(office, office.locator("button[name=action][value=save]")) == 200
    journey.check(office, "synthesis-editor")
    fabia.goto(session)                        # the last paper keyword arrives after the draft was written
    fabia.fill("textarea[name=text]", LATE)
    journey.submit(fabia, fabia.locator("main form[action$='/carta'] button[type=submit]"))
    office.locator("#sections-panel a[href$='/sezioni/keywords']").click()
    office.wait_for_load_state("load")
    assert LATE in office.locator("main").inner_text()
    journey.check(office, "regenerate-keywords")
    assert journey.submit(office, office.locator("main form button[type=submit]").last) == 200
    text = "\n".join(area.input_value() for area in office.locator("#body textarea").all())
    assert LATE in text and typed in text      # the edit survived
    publish = office.locator("form[action$='/pubblicazione'], .pdz-publishing form").filter(
        has=office.locator("input[name=action][value=publish]"))
    assert journey.submit(office, publish.locator("button[type=submit]")) == 200
    title = office.locator("input[name=title]").input_value()
    citizen.goto("/blog")
    citizen.locator("main a", has_text=title).first.click()
    citizen.wait_for_load_state("load")
    assert "scritto a mano" in citizen.locator("main").inner_text()
    journey.check(citizen, "synthesis-published")
    feed = citizen.request.get("/feed.atom")
    assert feed.ok and title in feed.text()

    # --- 7. The plan draft: an objective from the development line, a comment, an amendment, exports -----------
    office.goto(f"{S}/bozze/nuova")
    journey.check(office, "new-draft")
    office.fill("#title", "V Piano di Zona 2015-2017")
    office.fill("#start_year", "2015")
    office.fill("#end_year", "2017")
    office.fill("#axes", "Ricomposizione delle conoscenze\nRicomposizione dei servizi\nRicomposizione delle risorse")
    assert journey.submit(office, office.locator("main form.pdz-form button[type=submit]")) == 200
    draft = office.url
    draft_id = re.search(r"/bozze/(\d+)/", draft).group(1)
    journey.check(office, "draft")
    office.goto(f"{draft}copertura")
    uncovered = office.locator("li.pdz-line-uncovered", has_text=line)
    uncovered.locator("select[name=axis]").select_option(index=1)
    assert journey.submit(office, uncovered.locator("button[type=submit]")) == 200
    assert journey.submit(office, office.locator("main form.pdz-form button.btn-primary[type=submit]")) == 200
    objective = office.url
    assert line in office.locator("#evidence").inner_text()
    journey.check(office, "objective-with-evidence")
    office.goto(f"{draft}impostazioni")
    office.select_option("#visibility", "participants")
    journey.submit(office, office.locator("main form button[type=submit]").first)

    bruno.goto(f"/bozze/{draft_id}/")
    journey.check(bruno, "draft-for-participants")
    bruno.locator("main table a", has_text=line[:30]).first.click()
    bruno.wait_for_load_state("load")
    amendment = bruno.locator("#amendment-form")
    amendment.locator("select[name=field]").select_option("title")
    proposal = line + " Anche con le famiglie."
    amendment.locator("textarea[name=text]").fill(proposal)
    amendment.locator("textarea[name=reason]").fill("Le famiglie vedono i bisogni prima dei servizi.")
    assert journey.submit(bruno, amendment.locator("button[type=submit]")) == 200
    journey.check(bruno, "amendment-proposed")

    office.goto(f"{S}/bozze/{draft_id}/partecipazione")
    journey.check(office, "participation")
    office.locator("main table tr", has_text=proposal[:40]).locator("a").first.click()
    office.wait_for_load_state("load")
    assert office.locator(".pdz-diff ins").count() >= 1
    office.locator("label[for=decision-0]").click()                        # accept
    assert journey.submit(office, office.locator("main form button[type=submit]").first) == 200
    office.goto(objective)
    assert "famiglie" in office.locator("main").inner_text()
    for fmt in ("docx", "odt", "pdf"):
        download = office.request.get(f"{S}/bozze/{draft_id}/esporta/{fmt}")
        assert download.ok, (fmt, download.status)
    import docx
    document = docx.Document(io.BytesIO(office.request.get(f"{S}/bozze/{draft_id}/esporta/docx").body()))
    assert any("famiglie" in cell.text for table in document.tables for row in table.rows for cell in row.cells)

    # --- 8. Approval closes the loop: the new plan gets its first campaign -----------------------------------
    office.goto(f"{draft}approva")
    office.fill("#assembly_date", "2015-06-25")
    office.fill("#resolution_number", "3/2015")
    journey.check(office, "approve-draft")
    assert journey.submit(office, office.locator("main form button[type=submit]")) == 200
    office.goto(f"{S}/campagne/nuova")
    office.select_option("#plan_id", label="V Piano di Zona 2015-2017")
    assert journey.submit(office, office.locator("main form button[type=submit]")) == 200
    assert re.search(r"/campagne/\d+/$", office.url), office.url
    journey.check(office, "new-plan-first-campaign")
    citizen.goto("/")
    assert "V Piano di Zona 2015-2017" in citizen.locator("main").inner_text()
    journey.check(citizen, "home-with-the-new-plan")
