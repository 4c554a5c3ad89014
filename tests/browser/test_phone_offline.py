"""A phone on bad Wi-Fi (issue 18, point 5): a keyword typed while the phone is offline is kept on the phone,
which says it is waiting for the network, and is sent when the connection comes back - counted once."""
from __future__ import annotations

import json
import urllib.request

import pytest

pytestmark = pytest.mark.browser

CODE = "OFFLINE"


@pytest.fixture(scope="module")
def keyword_session(live_server):
    from app.extensions import db
    from app.models import Plan
    from focus_groups import sessions
    from focus_groups.models import FocusGroup
    with live_server.app_context():
        if sessions.session_by_code(CODE) is None:
            plan = db.session.scalars(db.select(Plan)).first()
            group = FocusGroup(district_id=plan.district_id, plan=plan, title="Rete instabile")
            db.session.add(group)
            sessions.open_session(group, "Una parola sul lavoro di comunità", code=CODE)
            db.session.commit()
    return CODE


def wall(live_server) -> dict:
    with urllib.request.urlopen(f"{live_server.url}/api/v1/sessions/{CODE}/wall", timeout=10) as answer:  # nosec B310
        return {g["label"]: g["count"] for g in json.load(answer)["groups"]}


def test_a_keyword_typed_offline_is_sent_once_when_the_network_returns(browser, live_server, keyword_session,
                                                                         assert_accessible):
    context = browser.new_context(base_url=live_server.url, locale="it-IT", viewport={"width": 390, "height": 800})
    phone = context.new_page()
    errors = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(f"/k/{CODE}")
    context.set_offline(True)
    phone.fill("#text", "prossimità")
    phone.click("#keyword-send")
    waiting = phone.locator("#keyword-waiting")
    waiting.wait_for(timeout=10000)
    assert "In attesa di rete" in waiting.inner_text()
    assert phone.locator("#keyword-send").is_disabled()
    assert_accessible(phone, "phone waiting for the network")
    assert "prossimità" not in wall(live_server)
    kept = phone.evaluate(f"() => JSON.parse(localStorage.getItem('pdz_pending_{CODE}'))")
    assert kept["text"] == "prossimità" and kept["id"]

    context.set_offline(False)
    phone.wait_for_url("**/grazie*", timeout=15000)
    assert wall(live_server)["prossimità"] == 1
    assert phone.evaluate(f"() => localStorage.getItem('pdz_pending_{CODE}')") is None
    phone.goto(f"/k/{CODE}")                      # nothing left to send: the keyword counts once
    phone.wait_for_timeout(500)
    assert wall(live_server)["prossimità"] == 1
    assert not errors, errors
    context.close()
