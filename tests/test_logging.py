"""Structured logs: one line per request with its id, status and timing, errors in the same shape, and
nothing secret (passwords, tokens in links, secret query values) ever written."""
from __future__ import annotations

import json

import pytest

from app import log
from tests.conftest import PASSWORD, login


def lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]


def requests_logged(capsys) -> list[dict]:
    return [line for line in lines(capsys) if line.get("message") == "request"]


@pytest.fixture
def json_app(app):
    log.configure(app, "json")
    return app


def test_one_json_line_per_request_with_its_fields(json_app, capsys):
    capsys.readouterr()
    response = json_app.test_client().get("/health", headers={"User-Agent": "probe"})
    [line] = requests_logged(capsys)
    assert line["method"] == "GET" and line["path"] == "/health" and line["status"] == 200
    assert line["level"] == "info" and line["time"].endswith("+00:00")
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["request_id"] == response.headers["X-Request-ID"] and len(line["request_id"]) == 32
    assert line["user_id"] is None and line["remote_addr"] == "127.0.0.1"


def test_the_proxy_request_id_is_kept_and_a_forged_one_replaced(json_app, capsys):
    client = json_app.test_client()
    capsys.readouterr()
    assert client.get("/health", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == "abc-123"
    forged = client.get("/health", headers={"X-Request-ID": 'x" injected {}'}).headers["X-Request-ID"]
    assert forged != 'x" injected {}' and len(forged) == 32
    assert [line["request_id"] for line in requests_logged(capsys)] == ["abc-123", forged]


def test_the_user_id_is_logged_and_the_password_never(json_app, office, capsys):
    client = json_app.test_client()
    capsys.readouterr()
    login(client, office)
    client.get(f"/gestione/{office.memberships[0].district.slug}/")
    output = capsys.readouterr().err
    assert PASSWORD not in output and "password" not in output
    logged = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert logged[-1]["user_id"] == office.id


def test_tokens_in_links_and_secret_query_values_are_redacted(json_app, capsys):
    client = json_app.test_client()
    token = "eyJpZCI6MTJ9.Z0xq1A.k3Yx9Q4mTu1sv0bPq8Lz2rWc5aE"
    capsys.readouterr()
    client.get(f"/invito/{token}")
    client.get("/cerca?q=scuola&token=s3cr3t-value&api_key=abc")
    client.get("/k/CREMA1")
    output = capsys.readouterr().err
    assert token not in output and "s3cr3t-value" not in output and "api_key=abc" not in output
    paths = [json.loads(line)["path"] for line in output.splitlines() if '"message": "request"' in line]
    assert paths == ["/invito/[redacted]", "/cerca?q=scuola&token=[redacted]&api_key=[redacted]", "/k/CREMA1"]


@pytest.mark.parametrize("segment, secret", [
    ("eyJpZCI6MTJ9.Z0xq1A.k3Yx9Q4mTu1sv0bPq8Lz2rWc5aE", True),     # itsdangerous, timed
    ("0123456789abcdef0123456789abcdef", True),                    # hex key
    ("Xk3_aQ9mTu1sv0bPq8Lz2rWc5aE-4tYhGq", True),                  # token_urlsafe
    ("bootstrap-italia.min.css", False), ("modello-organizzativo-e-governance-del-piano", False),
    ("CREMA1", False), ("42", False)])
def test_what_counts_as_a_secret_path_segment(segment, secret):
    assert log._secret_segment(segment) is secret


def test_an_app_error_is_one_json_line_with_the_request_id(make_app, capsys):
    app = make_app(LOG_FORMAT="json", PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")
    capsys.readouterr()
    response = app.test_client().get("/boom", headers={"X-Request-ID": "req-1"})
    assert response.status_code == 500
    error, request_line = lines(capsys)
    assert error["level"] == "error" and "kaboom" in error["exception"]
    assert error["request_id"] == "req-1" and error["path"] == "/boom"
    assert request_line["status"] == 500 and request_line["level"] == "error"


def test_text_format(make_app, capsys):
    app = make_app(LOG_FORMAT="text")
    capsys.readouterr()
    app.test_client().get("/health?x=1", headers={"X-Request-ID": "req-2"})
    [line] = capsys.readouterr().err.splitlines()
    assert '"GET /health?x=1" 200' in line and "id=req-2" in line and not line.startswith("{")


def test_the_format_comes_from_the_environment(make_app, monkeypatch, capsys):
    monkeypatch.setenv("PDZ_LOG_FORMAT", "json")
    app = make_app()
    capsys.readouterr()
    app.test_client().get("/health")
    assert requests_logged(capsys)


def test_an_unknown_format_is_refused(make_app):
    with pytest.raises(ValueError, match="PDZ_LOG_FORMAT"):
        make_app(LOG_FORMAT="xml")


def test_the_forwarded_client_address_is_logged_behind_the_proxy(make_app, capsys):
    app = make_app(LOG_FORMAT="json", PDZ_PROXY_COUNT=1)
    capsys.readouterr()
    app.test_client().get("/health", headers={"X-Forwarded-For": "203.0.113.7"})
    assert requests_logged(capsys)[0]["remote_addr"] == "203.0.113.7"


def test_pdz_serve_logs_json_unless_told_otherwise(app, monkeypatch):
    from app import server
    from app.cli import main
    monkeypatch.delenv("PDZ_LOG_FORMAT", raising=False)
    served = []
    monkeypatch.setattr(server, "serve",
                        lambda flask_app, **options: served.append(flask_app.config["LOG_FORMAT"]))
    result = app.test_cli_runner().invoke(main, ["serve", "--port", "0"])
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("PDZ_LOG_FORMAT", "text")
    log.configure(app, "text")
    app.test_cli_runner().invoke(main, ["serve", "--port", "0"])
    assert served == ["json", "text"]
