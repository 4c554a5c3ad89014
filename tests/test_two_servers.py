"""Two `pdz serve` processes on one PostgreSQL database, as behind a load balancer: a keyword sent to one
shows on the other's wall within 2 s, and a rate limit counts the hits sent to both (the counters live in
the database, not in a process). PostgreSQL only: it is what several machines share."""
from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
import uuid

import pytest

from app.extensions import db
from tests.browser.conftest import _free_port, _pdz_command, _wait_until_up

pytestmark = pytest.mark.skipif(not (os.environ.get("DATABASE_URL") or "").startswith("postgres"),
                                reason="several servers share a PostgreSQL database (set DATABASE_URL)")

CODE = "DUESRV"


@pytest.fixture
def keyword_session(app):
    from app.plans import import_plan, sample_data
    from focus_groups import sessions
    from focus_groups.models import FocusGroup
    plan = import_plan(sample_data())
    group = FocusGroup(district_id=plan.district_id, plan=plan, area=plan.areas[0], title="Due server")
    db.session.add(group)
    sessions.open_session(group, "Scrivete UNA PAROLA CHIAVE", code=CODE)
    db.session.commit()
    return CODE


@pytest.fixture
def two_servers(app, keyword_session, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PDZ_DEMO", "FLASK_APP", "RATELIMIT_STORAGE_URI")}
    env.update(DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], SECRET_KEY="two-servers-test",
               PYTHONUNBUFFERED="1", PDZ_BASE_URL="http://127.0.0.1")   # both answer there, on their own ports
    servers = []
    try:
        for name in ("a", "b"):
            port, log = _free_port(), tmp_path / f"server-{name}.log"
            with open(log, "w") as log_file:
                process = subprocess.Popen(
                    _pdz_command() + ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
                    env=env, cwd=tmp_path, stdout=log_file, stderr=subprocess.STDOUT)
            servers.append((f"http://127.0.0.1:{port}", process, log))
        for url, process, log in servers:
            _wait_until_up(url + "/health", process, log)
        yield [url for url, _process, _log in servers]
    finally:
        for _url, process, _log in servers:
            process.terminate()
        for _url, process, _log in servers:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _post_keyword(server: str, text: str, client_id: str) -> int:
    body = json.dumps({"text": text, "client_id": client_id, "submission_id": str(uuid.uuid4())}).encode()
    request = urllib.request.Request(f"{server}/api/v1/sessions/{CODE}/keywords", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _wall_words(server: str) -> set[str]:
    with urllib.request.urlopen(f"{server}/api/v1/sessions/{CODE}/wall", timeout=10) as response:
        document = json.load(response)
    return {variant for group in document["groups"] for variant in group["variants"]}


def test_a_keyword_sent_to_one_server_shows_on_the_others_wall_within_two_seconds(two_servers):
    first, second = two_servers
    assert "fiducia" not in _wall_words(second)   # the second server has polled (and cached) its wall
    sent = time.monotonic()
    assert _post_keyword(first, "fiducia", str(uuid.uuid4())) == 201
    while "fiducia" not in _wall_words(second):
        assert time.monotonic() - sent < 2, "the keyword did not reach the other server's wall within 2 s"
        time.sleep(0.1)


def test_a_rate_limit_counts_the_hits_sent_to_both_servers(two_servers):
    """One phone may send 10 requests a minute (KEYWORD_RATE_LIMIT): five to each server use them all up,
    so the eleventh is refused whichever server gets it — each server alone has seen only five or six."""
    phone = str(uuid.uuid4())
    statuses = [_post_keyword(two_servers[n % 2], f"parola {n}", phone) for n in range(10)]
    assert 429 not in statuses and statuses[0] == 201
    assert _post_keyword(two_servers[0], "ancora", phone) == 429
    assert _post_keyword(two_servers[1], "ancora", phone) == 429
    assert _post_keyword(two_servers[1], "un altro telefono", str(uuid.uuid4())) == 201
