"""A room of phones polling the wall: a poll this process has cached is answered before Flask's request
machinery, with what a public read keeps (allowed hosts, security headers, request id, request line) and the
same body, ETag and 304 as the Flask view; everything else still goes to Flask."""
from __future__ import annotations

import json

import pytest

from app import log
from tests.test_keyword_api import open_keyword_session, post_keyword
from tests.test_wall import WALL

KEPT = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
        "Permissions-Policy", "Cross-Origin-Opener-Policy", "ETag", "Cache-Control", "Content-Type")


@pytest.fixture
def room(app, plan):
    open_keyword_session(plan)
    log.configure(app, "json")
    return app


def request_lines(capsys) -> list[dict]:
    return [line for line in (json.loads(text) for text in capsys.readouterr().err.splitlines()
                              if text.startswith("{")) if line.get("message") == "request"]


def test_a_cached_poll_answers_like_the_view_without_its_machinery(room, client, capsys):
    post_keyword(client, "fiducia")
    capsys.readouterr()
    from_flask = client.get(WALL)              # fills the cache
    cached = client.get(WALL, headers={"X-Request-ID": "proxy-42"})
    assert cached.get_data() == from_flask.get_data() and cached.get_json()["groups"][0]["label"] == "fiducia"
    assert {name: cached.headers[name] for name in KEPT if name != "Content-Security-Policy"} == {
        name: from_flask.headers[name] for name in KEPT if name != "Content-Security-Policy"}
    assert "nonce-" in cached.headers["Content-Security-Policy"]
    assert cached.headers["X-Request-ID"] == "proxy-42"
    assert "Vary" not in cached.headers and "Set-Cookie" not in cached.headers   # no session was read
    unchanged = client.get(WALL, headers={"If-None-Match": cached.headers["ETag"]})
    assert unchanged.status_code == 304 and not unchanged.get_data()
    lines = request_lines(capsys)
    assert [(line["path"], line["status"]) for line in lines] == [(WALL, 200), (WALL, 200), (WALL, 304)]
    assert lines[1]["request_id"] == "proxy-42" and lines[1]["remote_addr"] == "127.0.0.1"


def test_a_new_keyword_shows_at_the_next_poll(room, client):
    first = client.get(WALL)
    client.get(WALL)
    post_keyword(client, "rete")
    after = client.get(WALL, headers={"If-None-Match": first.headers["ETag"]})
    assert after.status_code == 200 and after.get_json()["total"] == 1


def test_only_a_plain_get_of_a_cached_wall_skips_flask(room, client):
    client.get(WALL)
    assert client.get(WALL, headers={"Host": "evil.example"}).status_code == 400
    assert client.post(WALL).status_code == 405
    assert client.get(WALL + "?x=1").headers.get("Vary") == "Cookie"       # the view answered
    assert client.get("/api/v1/sessions/NOSUCH/wall").status_code == 404
    assert client.get("/api/v1/sessions/NOSUCH/wall").get_json()["error"] == "unknown_session"


def test_with_the_cache_off_every_poll_goes_to_the_view(room, client):
    room.config["WALL_CACHE_SECONDS"] = 0
    assert all(client.get(WALL).headers.get("Vary") == "Cookie" for _ in range(2))


def test_under_a_path_prefix_the_cached_poll_is_served_too(make_app):
    from app.plans import import_plan, sample_data
    app = make_app(PDZ_BASE_URL="http://pdz.test/pdz")
    with app.app_context():
        open_keyword_session(import_plan(sample_data()))
        client = app.test_client()
        assert client.get("/pdz" + WALL).headers.get("Vary") == "Cookie"
        cached = client.get("/pdz" + WALL)
        assert cached.status_code == 200 and "Vary" not in cached.headers and cached.get_json()["code"] == "CREMA1"
