"""The classification board in a real browser: the planning office creates a focus group and a keyword
session through the pages, pastes paper keywords, groups them, then classifies them on the board by drag and
drop (SortableJS) and with the keyboard alone (select + Move, no mouse); a statement linked to a keyword is
written in a column. Every page on the way is checked by axe-core."""
from __future__ import annotations

import re

import pytest

from tests.browser.journey import submit

pytestmark = pytest.mark.browser

FOCUS_TITLE = "Lavagna di prova nel browser"
PAPER = ["solitudine", "burocrazia", "volontariato", "Solitudine"]   # the last is the first's variant


def _item(page, label):
    return page.locator(".pdz-board-item", has=page.locator("span.fw-semibold", has_text=re.compile(
        rf"^{re.escape(label)}$")))


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
    groups = page.locator("#groups-heading + table tbody tr")
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
        _item(page, "volontariato").locator("span.fw-semibold").drag_to(strengths)
    assert moved.value.status == 200, moved.value.text()
    assert moved.value.json()["column"] == "strengths"
    assert _item(page, "volontariato").locator("select[name=column]").input_value() == "strengths"
    page.reload()
    assert _column_of(page, "volontariato") == "strengths"
    assert _column_of(page, "solitudine") == ""

    # (2) With the keyboard only: Tab to the group's column select, choose "critical points" with the arrow
    # keys, Tab to its Move button and press Enter (the form posts without JavaScript's help).
    group_id = _item(page, "burocrazia").get_attribute("data-id")
    select = f"#move-{group_id}"
    _tab_to(page, select)
    for _ in range(5):
        if page.locator(select).input_value() == "critical_points":
            break
        page.keyboard.press("ArrowDown")
    assert page.locator(select).input_value() == "critical_points"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('form').querySelector('select').id") \
        == f"move-{group_id}"
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 200
    assert page.url.endswith(f"#group-{group_id}")
    assert _column_of(page, "burocrazia") == "critical_points"
    page.reload()
    assert _column_of(page, "burocrazia") == "critical_points"
    assert _column_of(page, "volontariato") == "strengths"
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


SHARED_TITLE = "Lavagna condivisa nel browser"


@pytest.fixture(scope="module")
def shared_board(live_server):
    """A focus group with three paper keywords, written straight into the live server's database;
    returns the board's path."""
    from app import create_app
    from app.extensions import db
    from app.models import Plan
    from focus_groups import management
    from focus_groups.models import FocusGroup
    app = create_app({"SQLALCHEMY_DATABASE_URI": live_server.database_url,
                      "SECRET_KEY": "test", "PDZ_BASE_URL": live_server.url})
    with app.app_context():
        focus = db.session.scalars(db.select(FocusGroup).filter_by(title=SHARED_TITLE)).first()
        if focus is None:
            plan = db.session.scalars(db.select(Plan)).first()
            focus = management.create_focus_group(plan, title=SHARED_TITLE)
            ks = management.open_session(focus, prompt="Una parola sul lavoro di rete")
            management.paste_keywords(ks, "rete\nfiducia\nascolto")
            db.session.commit()
        path = f"/gestione/{live_server.district_slug}/focus/{focus.id}/lavagna"
        db.engine.dispose()
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
        _item(page, label).locator("span.fw-semibold").drag_to(target, **kwargs)
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
    labels = critical.locator(".pdz-board-item span.fw-semibold").all_inner_texts()
    assert labels == ["fiducia", "rete"], labels

    # The second facilitator's page (reloaded) moves "ascolto" with the versions it now has.
    other.reload()
    development = other.locator("ul.pdz-board-list[data-column=development_lines]")
    assert _drag(other, "ascolto", development).status == 200
    page.reload()
    assert _column_of(page, "ascolto") == "development_lines"
    assert critical.locator(".pdz-board-item span.fw-semibold").all_inner_texts() == ["fiducia", "rete"]
    other_context.close()
    assert not errors, errors
