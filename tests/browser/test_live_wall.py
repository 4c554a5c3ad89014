"""A live keyword session in a real browser: a phone sends a keyword and the projector wall shows it within
2 s without reloading, as text; the pause button freezes the wall; the phone works with JavaScript off."""
from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.browser

CODE = "PAROLA"


@pytest.fixture(scope="module")
def keyword_session(live_server):
    """An open session (two keywords per phone) written straight into the live server's database."""
    from app.extensions import db
    from app.models import Plan
    from focus_groups import sessions
    from focus_groups.models import FocusGroup
    with live_server.app_context():
        if sessions.session_by_code(CODE) is None:
            plan = db.session.scalars(db.select(Plan)).first()
            group = FocusGroup(district_id=plan.district_id, plan=plan, title="Prova dal vivo")
            db.session.add(group)
            sessions.open_session(group, "Scrivete UNA PAROLA CHIAVE sul lavoro di rete", code=CODE,
                                  keywords_per_person=2)
            db.session.commit()
    return CODE


def send_from_phone(phone, text):
    phone.goto(f"/k/{CODE}")
    phone.fill("#text", text)
    phone.click("#keyword-send")
    phone.wait_for_url("**/grazie*")


def wait_for_the_wall_to_receive(page, text, timeout=10.0):
    """Wait for a poll of the wall whose answer holds `text` (the server caches the document a moment), then
    for the poll after it: the wall sends the next one only once it has handled that answer."""
    is_poll = lambda request_or_response: f"/api/v1/sessions/{CODE}/wall" in request_or_response.url  # noqa: E731
    deadline = time.monotonic() + timeout
    while True:
        with page.expect_response(is_poll, timeout=timeout * 1000) as polled:
            pass
        if text in polled.value.text():
            break
        assert time.monotonic() < deadline, f"no poll of the wall brought {text!r} within {timeout} s"
    with page.expect_request(is_poll, timeout=timeout * 1000):
        pass


def test_a_phone_keyword_appears_on_the_wall_within_two_seconds(browser, live_server, keyword_session, page,
                                                                assert_accessible):
    page.set_viewport_size({"width": 1600, "height": 900})
    page.goto(f"/k/{CODE}/parete")
    assert page.locator(".wall-code").inner_text() == CODE and page.locator(".wall-qr svg").count() == 1
    assert_accessible(page, "wall")

    phone_context = browser.new_context(base_url=live_server.url, locale="it-IT",
                                        viewport={"width": 390, "height": 800})
    phone = phone_context.new_page()
    errors = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(f"/k/{CODE}")
    assert_accessible(phone, "phone")
    send_from_phone(phone, "<img src=x onerror=alert(1)>Fiducia")
    assert_accessible(phone, "thank you")
    word = page.locator("#wall-list .wall-label", has_text="<img src=x onerror=alert(1)>Fiducia")
    word.wait_for(timeout=2500)          # polled, not reloaded
    assert page.locator("#wall-list img").count() == 0

    page.locator("#wall-pause").click()
    assert page.locator("#wall-pause").get_attribute("aria-pressed") == "true"
    send_from_phone(phone, "sinergia")
    wait_for_the_wall_to_receive(page, "sinergia")     # the wall has it, and shows it not while paused
    assert page.locator("#wall-list .wall-label", has_text="sinergia").count() == 0
    page.locator("#wall-pause").click()
    page.locator("#wall-list .wall-label", has_text="sinergia").wait_for(timeout=2500)
    assert_accessible(page, "wall with keywords")
    phone_context.close()
    assert not errors, errors


def test_the_phone_works_with_javascript_off(browser, live_server, keyword_session):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="it-IT")
    page = context.new_page()
    page.goto("/k")
    page.fill("#code", CODE.lower())
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**/k/{CODE}")
    page.fill("#text", "condivisione")
    page.locator("#keyword-send").click()
    page.wait_for_url("**/grazie")   # (axe needs JavaScript: the thank-you page is checked in the test above)
    page.goto(f"/k/{CODE}/parete")
    assert page.locator("#wall-list .wall-label", has_text="condivisione").count() == 1
    context.close()
