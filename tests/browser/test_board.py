"""The classification board in a real browser: the planning office creates a focus group and a keyword
session through the pages, pastes paper keywords, groups them, then classifies them on the board by drag and
drop (SortableJS), with the keyboard alone (arrow keys and 0-4 on a chip) and with a chip's ⋯ menu (a form,
no script needed); a statement linked to a keyword is written in a column; with 60 groups the tray and the
four columns fit the first 1920×1080 view. Every page on the way is checked by axe-core."""
from __future__ import annotations

import re

import pytest

from tests.browser.journey import submit

pytestmark = pytest.mark.browser

FOCUS_TITLE = "Lavagna di prova nel browser"
PAPER = ["solitudine", "burocrazia", "volontariato", "Solitudine"]   # the last is the first's variant


def _item(page, label):
    return page.locator(".pdz-chip", has=page.locator(".pdz-chip-label", has_text=re.compile(
        rf"^{re.escape(label)}$")))


def _key(page, label, key):
    """Press `key` on the focused chip of `label`; returns the board's answer to the move."""
    with page.expect_response(lambda r: r.url.endswith("/colonna") and r.request.method == "POST") as answer:
        page.keyboard.press(key)
    return answer.value


def _column_of(page, label) -> str:
    """The data-column of the list holding the group (\"\" = not classified yet)."""
    return _item(page, label).evaluate("item => item.closest('.pdz-board-list').dataset.column")


def _tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab from the top of the page until `selector` has the focus, as a keyboard user would."""
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} never got the focus with Tab")


def test_keywords_are_classified_by_drag_and_drop_and_by_keyboard(page, login, visit, assert_accessible,
                                                                  live_server):
    slug = live_server.district_slug
    login()

    # A focus group on the first area, created through its form.
    visit(f"/gestione/{slug}/focus/")
    page.locator("main a[href*='/focus/nuovo']").first.click()
    page.wait_for_url(re.compile(r"/focus/nuovo"))
    assert_accessible(page, "new focus group")
    page.fill("input[name=title]", FOCUS_TITLE)
    assert submit(page, page.locator("main form.pdz-form button.btn-primary[type=submit]")) == 200
    assert re.search(r"/focus/\d+/$", page.url), page.url
    assert page.locator("h1").inner_text() == FOCUS_TITLE
    focus_path = re.search(r"/gestione/.*$", page.url).group(0)
    assert_accessible(page, "focus group")

    # A keyword session, opened through its form; paper keywords pasted in one go.
    page.locator("main a[href$='/sessioni/nuova']").click()
    page.wait_for_url(re.compile(r"/sessioni/nuova$"))
    assert_accessible(page, "new session")
    assert submit(page, page.locator("main form.pdz-form button.btn-primary[type=submit]")) == 200
    assert re.search(r"/sessioni/\d+/$", page.url), page.url
    page.fill("textarea[name=text]", "\n".join(PAPER))
    paste_form = page.locator("main form[action$='/carta']")
    assert submit(page, paste_form.locator("button[type=submit]")) == 200
    table = page.locator("#keywords table tbody")
    for word in PAPER:
        assert table.locator("th", has_text=re.compile(rf"^{word}$")).count() == 1
    assert_accessible(page, "session with paper keywords")

    # Grouping: the two "solitudine" count once.
    page.locator("main a[href$='/raggruppa']").first.click()
    page.wait_for_url(re.compile(r"/raggruppa$"))
    groups = page.locator("#groups-heading + .table-responsive table tbody tr")
    assert groups.count() == 3
    solitudine = page.locator("tr", has=page.locator("th", has_text="solitudine"))
    assert solitudine.locator("td").first.inner_text() == "2"
    assert_accessible(page, "grouping")

    # The board: every group starts unclassified.
    board_path = focus_path.rstrip("/") + "/lavagna"
    visit(board_path)
    for label in ("solitudine", "burocrazia", "volontariato"):
        assert _column_of(page, label) == ""
    page.wait_for_function("typeof Sortable !== 'undefined'")

    # (1) Drag "volontariato" into the strengths column; it is there after a reload.
    strengths = page.locator("ul.pdz-board-list[data-column=strengths]")
    with page.expect_response(lambda r: r.url.endswith("/colonna") and r.request.method == "POST") as moved:
        _item(page, "volontariato").locator(".pdz-chip-label").drag_to(strengths)
    assert moved.value.status == 200, moved.value.text()
    assert moved.value.json()["column"] == "strengths"
    page.reload()
    assert _column_of(page, "volontariato") == "strengths"
    assert _column_of(page, "solitudine") == ""

    # (2) With the keyboard only: Tab to the chip, "2" sends it to the critical points, → to the hypotheses
    # and ← back; the chip keeps the focus and the move is announced.
    group_id = _item(page, "burocrazia").get_attribute("data-id")
    _tab_to(page, f"#group-{group_id}")
    assert _key(page, "burocrazia", "2").status == 200
    assert _column_of(page, "burocrazia") == "critical_points"
    assert page.evaluate("() => document.activeElement.id") == f"group-{group_id}"
    assert "burocrazia" in page.locator("#board-moved").inner_text()
    assert _key(page, "burocrazia", "ArrowRight").status == 200
    assert _column_of(page, "burocrazia") == "interpretive_hypotheses"
    assert _key(page, "burocrazia", "ArrowLeft").status == 200
    page.reload()
    assert _column_of(page, "burocrazia") == "critical_points"
    assert _column_of(page, "volontariato") == "strengths"

    # (2b) The ⋯ menu, with the keyboard too: a form that posts without JavaScript's help.
    solitudine = _item(page, "solitudine")
    _tab_to(page, f"#{solitudine.get_attribute('id')} summary")
    page.keyboard.press("Enter")
    menu = solitudine.locator("form.pdz-chip-targets")
    assert menu.is_visible()
    with page.expect_navigation() as navigation:
        menu.get_by_role("button", name="Linee di sviluppo").click()
    assert navigation.value.status == 200
    assert _column_of(page, "solitudine") == "development_lines"
    assert_accessible(page, "board with classified groups")

    # (3) A statement in the critical points column, linked to the "burocrazia" group.
    form = page.locator("#new-statement form")
    form.locator("select[name=column]").select_option("critical_points")
    sentence = "Le pratiche per accedere ai servizi sono troppo lente."
    form.locator("textarea[name=text]").fill(sentence)
    form.locator("label.form-check-label", has_text=re.compile(r"^burocrazia$")).click()   # the styled box
    assert form.get_by_label("burocrazia", exact=True).is_checked()
    assert submit(page, form.locator("button[type=submit]")) == 200
    listed = page.locator("#column-critical_points ol li", has_text=sentence)
    assert listed.count() == 1
    assert "burocrazia" in listed.locator("small").inner_text()
    assert page.locator("#column-strengths ol li", has_text=sentence).count() == 0
    assert_accessible(page, "board with a statement")

    # (4) The room rewrites it in place: click, type, leave the text; it is saved, and stays after a reload.
    text = listed.locator(".pdz-statement-text")
    text.click()
    page.keyboard.press("End")
    with page.expect_response(lambda r: r.url.endswith("/testo") and r.request.method == "POST") as saved:
        page.keyboard.type(" E lente anche le risposte.")
        page.keyboard.press("Control+Enter")
    assert saved.value.status == 200, saved.value.text()
    page.reload()
    rewritten = page.locator("#column-critical_points .pdz-statement-text").first.inner_text()
    assert rewritten == sentence + " E lente anche le risposte."


SHARED_TITLE = "Lavagna condivisa nel browser"


@pytest.fixture(scope="module")
def shared_board(live_server):
    """A focus group with three paper keywords, written straight into the live server's database;
    returns the board's path."""
    from app.extensions import db
    from app.models import Plan
    from focus_groups import management
    from focus_groups.models import FocusGroup
    with live_server.app_context():
        focus = db.session.scalars(db.select(FocusGroup).filter_by(title=SHARED_TITLE)).first()
        if focus is None:
            plan = db.session.scalars(db.select(Plan)).first()
            focus = management.create_focus_group(plan, title=SHARED_TITLE)
            ks = management.open_session(focus, prompt="Una parola sul lavoro di rete")
            management.paste_keywords(ks, "rete\nfiducia\nascolto")
            db.session.commit()
        path = f"/gestione/{live_server.district_slug}/focus/{focus.id}/lavagna"
    return path


def _log_in(page, live_server):
    page.goto("/login")
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.locator("input[name=email]").fill(live_server.office_email)
    form.locator("input[name=password]").fill(live_server.password)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def _drag(page, label, target, **kwargs):
    """Drag a group by its label onto `target`; returns the board's answer to the move."""
    with page.expect_response(lambda r: r.url.endswith("/colonna") and r.request.method == "POST") as answer:
        _item(page, label).locator(".pdz-chip-label").drag_to(target, **kwargs)
    return answer.value


def test_two_facilitators_never_overwrite_each_other_and_the_order_is_kept(browser, live_server, shared_board,
                                                                           page, assert_accessible):
    _log_in(page, live_server)
    page.goto(shared_board)
    page.wait_for_function("typeof Sortable !== 'undefined'")

    other_context = browser.new_context(base_url=live_server.url, locale="it-IT",
                                        viewport={"width": 1280, "height": 900})
    other = other_context.new_page()
    errors = []
    other.on("pageerror", lambda error: errors.append(str(error)))
    _log_in(other, live_server)
    other.goto(shared_board)
    other.wait_for_function("typeof Sortable !== 'undefined'")

    # The first facilitator puts "rete" among the critical points...
    critical = page.locator("ul.pdz-board-list[data-column=critical_points]")
    assert _drag(page, "rete", critical).status == 200

    # ...the second, whose page is older, tries to put it among the strengths: refused, put back, and said.
    answer = _drag(other, "rete", other.locator("ul.pdz-board-list[data-column=strengths]"))
    assert answer.status == 409 and answer.json()["error"] == "conflict"
    assert _column_of(other, "rete") == ""
    assert other.locator("#board-status").is_visible()
    assert other.locator("#board-status").inner_text().strip()
    assert_accessible(other, "board with a conflict message")
    other.reload()
    assert _column_of(other, "rete") == "critical_points"

    # A group dropped above another in the same column stays above it after a reload.
    target = _item(page, "rete")
    assert _drag(page, "fiducia", target, target_position={"x": 20, "y": 3}).status == 200
    page.reload()
    labels = critical.locator(".pdz-chip .pdz-chip-label").all_inner_texts()
    assert labels == ["fiducia", "rete"], labels

    # The second facilitator's page (reloaded) moves "ascolto" with the versions it now has.
    other.reload()
    development = other.locator("ul.pdz-board-list[data-column=development_lines]")
    assert _drag(other, "ascolto", development).status == 200
    page.reload()
    assert _column_of(page, "ascolto") == "development_lines"
    assert critical.locator(".pdz-chip .pdz-chip-label").all_inner_texts() == ["fiducia", "rete"]
    other_context.close()
    assert not errors, errors


CROWDED_TITLE = "Lavagna con sessanta gruppi"


@pytest.fixture(scope="module")
def crowded_board(live_server):
    """A focus group with 60 different keywords, none classified yet."""
    from app.extensions import db
    from app.models import Plan
    from focus_groups import board_services, management
    from focus_groups.models import FocusGroup
    nouns = ["rete", "fiducia", "ascolto", "tempo", "risorse", "famiglie", "comunità", "servizi", "lavoro", "casa",
             "scuola", "salute", "giovani", "anziani", "territorio"]
    qualities = ["condivisa", "fragile", "possibile", "partecipata"]
    with live_server.app_context():
        focus = db.session.scalars(db.select(FocusGroup).filter_by(title=CROWDED_TITLE)).first()
        if focus is None:
            plan = db.session.scalars(db.select(Plan)).first()
            focus = management.create_focus_group(plan, title=CROWDED_TITLE)
            ks = management.open_session(focus, prompt="Una parola sul Piano")
            management.paste_keywords(ks, "\n".join(f"{n} {q}" for n in nouns for q in qualities))
            board_services.ensure_groups(ks)
            auspici = board_services.add_extra_column(focus, "Due auspici trasversali")
            auspici.body = "Molto e bene per pochi ma non per tutti!\nPrendiamoci meglio cura di noi"
            db.session.commit()
        path = f"/gestione/{live_server.district_slug}/focus/{focus.id}/lavagna"
    return path


@pytest.mark.parametrize("view", ["", "?vista=proiettore"], ids=["page", "projector"])
def test_with_60_groups_the_tray_and_the_four_columns_fit_the_first_view(page, live_server, crowded_board,
                                                                           assert_accessible, view):
    page.set_viewport_size({"width": 1920, "height": 1080})
    _log_in(page, live_server)
    page.goto(crowded_board + view)
    assert page.locator(".pdz-chip").count() == 60
    headings = ["#loose-heading", *(f"#column-{c}-heading" for c in
                                    ("strengths", "critical_points", "interpretive_hypotheses", "development_lines"))]
    for heading in headings:
        box = page.locator(heading).bounding_box()
        assert box and box["y"] + box["height"] <= 1080, (heading, box)
    assert page.locator("header.it-header-wrapper").count() == (0 if view else 1)
    assert page.locator(".pdz-extra-column h2").first.inner_text() == "Due auspici trasversali"
    assert_accessible(page, f"board with 60 groups and an added column{' (projector)' if view else ''}")
