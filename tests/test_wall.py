"""The projector wall: visible keywords grouped with counts, a strong ETag for cheap polling, the join code
and QR, and keywords always shown as text."""
from __future__ import annotations

import re
import uuid

import pytest

from app.extensions import db
from focus_groups import sessions
from focus_groups.models import Keyword, KeywordGroup

from tests.test_keyword_api import open_keyword_session, post_keyword

WALL = "/api/v1/sessions/CREMA1/wall"


@pytest.fixture
def keyword_session(plan):
    return open_keyword_session(plan, keywords_per_person=10)


def counts(client):
    return {g["label"]: g["count"] for g in client.get(WALL).get_json()["groups"]}


def test_variants_count_once_with_the_most_typed_label(client, keyword_session):
    for text in ("fiducia", "Fiducia", "fiducia ", "Responsabilita'", "responsabilità", "responsabilità"):
        post_keyword(client, text)
    assert counts(client) == {"fiducia": 3, "responsabilità": 3}


def test_hidden_keywords_leave_the_wall_and_come_back(client, keyword_session):
    ids = [post_keyword(client, t).get_json()["keyword"]["id"] for t in ("rete", "insulto")]
    sessions.set_hidden(db.session.get(Keyword, ids[1]), True)
    db.session.commit()
    assert counts(client) == {"rete": 1}
    sessions.set_hidden(db.session.get(Keyword, ids[1]), False)
    db.session.commit()
    assert counts(client) == {"rete": 1, "insulto": 1}


def test_facilitator_groups_merge_under_their_label(client, keyword_session):
    ids = [post_keyword(client, t).get_json()["keyword"]["id"] for t in ("lavoro di rete", "lavoro in rete", "rete")]
    group = KeywordGroup(session_id=keyword_session.id, label="Lavoro di rete")
    db.session.add(group)
    db.session.flush()
    for keyword_id in ids[:2]:
        db.session.get(Keyword, keyword_id).group_id = group.id
    db.session.commit()
    assert counts(client) == {"Lavoro di rete": 2, "rete": 1}
    document = client.get(WALL).get_json()
    assert document["total"] == 3 and document["code"] == "CREMA1" and document["state"] == "open"
    assert document["groups"][0]["variants"] == ["lavoro di rete", "lavoro in rete"]


def test_a_strong_etag_answers_304_until_something_changes(client, keyword_session):
    first = client.get(WALL)
    etag = first.headers["ETag"]
    assert not etag.startswith("W/") and first.headers["Cache-Control"] == "no-cache"
    assert client.get(WALL, headers={"If-None-Match": etag}).status_code == 304
    post_keyword(client, "fiducia")
    changed = client.get(WALL, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    etag = changed.headers["ETag"]
    sessions.set_paused(keyword_session, True)
    db.session.commit()
    paused = client.get(WALL, headers={"If-None-Match": etag})
    assert paused.status_code == 200 and paused.get_json()["paused"] is True


def test_the_wall_page_shows_code_qr_and_refreshes_without_javascript(client, keyword_session):
    post_keyword(client, "sinergia")
    response = client.get("/k/CREMA1/parete")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "CREMA1" in html and "<svg" in html
    assert '<p class="wall-url">pdz.test/k/CREMA1</p>' in html   # to be typed as read: no "http://"
    assert re.search(r'<noscript><meta http-equiv="refresh" content="\d+"></noscript>', html)
    assert "sinergia" in html and 'id="wall-pause"' in html
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert client.get("/k/crema1/parete").headers["Location"].endswith("/k/CREMA1/parete")
    assert client.get("/k/NOPE99/parete").status_code == 404


def test_a_keyword_is_always_shown_as_text(client, keyword_session):
    post_keyword(client, '<script>alert("x")</script>')
    post_keyword(client, "<img src=x onerror=alert(1)>")
    html = client.get("/k/CREMA1/parete").get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    labels = [g["label"] for g in client.get(WALL).get_json()["groups"]]
    assert '<script>alert("x")</script>' in labels   # JSON carries the text; wall.js sets it as textContent


def test_the_wall_script_renders_text_only():
    from pathlib import Path
    script = (Path(__file__).parent.parent / "app/static/js/wall.js").read_text()
    assert "textContent = g.label" in script and "innerHTML = g" not in script


def test_keywords_awaiting_moderation_stay_off_the_wall(plan):
    session = open_keyword_session(plan, premoderation=True, code="ABCDEF")
    db.session.add(Keyword(session_id=session.id, text="in attesa", client_id=str(uuid.uuid4()), approved=False))
    db.session.commit()
    assert sessions.wall_document(session)["groups"] == []


def test_sizes_follow_the_counts_and_are_all_the_same_when_the_counts_are():
    from focus_groups.wall import SIZE_LEVELS, size_level
    assert size_level(1, 1) == 1                  # 21 words written once: all the same, none at the top size
    assert size_level(1, 10) == 1 and size_level(10, 10) == SIZE_LEVELS
    assert [size_level(n, 9) for n in range(1, 10)] == sorted(size_level(n, 9) for n in range(1, 10))


def test_without_javascript_the_wall_shows_the_top_groups(client, keyword_session):
    from focus_groups.wall import NO_SCRIPT_TOP
    for number in range(NO_SCRIPT_TOP + 5):
        post_keyword(client, f"parola{number}")
    html = client.get("/k/CREMA1/parete").get_data(as_text=True)
    assert html.count('class="wall-word w-') == NO_SCRIPT_TOP
    assert len(client.get(WALL).get_json()["groups"]) == NO_SCRIPT_TOP + 5      # wall.js draws them all


def test_a_closed_session_has_no_way_in_and_no_refresh(client, keyword_session):
    post_keyword(client, "sinergia")
    sessions.close_session(keyword_session)
    db.session.commit()
    html = client.get("/k/CREMA1/parete").get_data(as_text=True)
    assert "<svg" not in html and "wall-url" not in html and 'id="wall-pause"' not in html
    assert "Sessione chiusa · 1 parola" in html and "http-equiv" not in html and "sinergia" in html
