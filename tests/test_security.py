"""HTTP security: the headers and the Content-Security-Policy with its nonce, cookie flags, a fresh session
at every login, login rate limits per address and per account, and the rate-limit counters kept in the
database so that every server counts the same hits."""
from __future__ import annotations

import re
import threading
import time

import pytest
from flask import request
from sqlalchemy import select

from app.extensions import db
from app.limits_storage import DatabaseStorage, rate_limit_counters
from app.security import secure_cookies
from tests.conftest import PASSWORD, login

NONCE = re.compile(r"'nonce-([A-Za-z0-9_-]{20,})'")


def _directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in policy.split(";") if part.strip()}


# ---- headers and the Content-Security-Policy --------------------------------------------------------------

def test_every_page_gets_a_strict_policy_without_unsafe_inline(client, plan):
    response = client.get("/")
    csp = _directives(response)
    nonce = NONCE.search(csp["script-src"]).group(1)
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == f"'self' 'nonce-{nonce}'"
    assert csp["style-src"] == f"'self' 'nonce-{nonce}'"
    assert csp["img-src"] == "'self' data:"
    assert csp["object-src"] == "'none'" and csp["base-uri"] == "'self'"
    assert csp["frame-ancestors"] == "'none'" and csp["form-action"] == "'self'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]


def test_the_nonce_is_new_for_every_response_and_carried_by_the_page_scripts(client, plan):
    first, second = client.get("/"), client.get("/")
    nonces = [NONCE.search(r.headers["Content-Security-Policy"]).group(1) for r in (first, second)]
    assert nonces[0] != nonces[1]
    html = first.get_data(as_text=True)
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(f'nonce="{nonces[0]}"' in tag for tag in scripts)
    assert nonces[1] not in html


def test_pages_carry_no_inline_script_handler_or_style(as_office, district, plan):
    pages = ["/", f"/gestione/{district.slug}/", "/login"]
    for path in pages:
        html = as_office.get(path, follow_redirects=True).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\son[a-z]+\s*=", html), path
        assert not re.search(r"\sstyle\s*=", html), path
        assert "<style" not in html, path


@pytest.mark.parametrize("header, value", [
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
])
def test_security_headers_on_pages_api_and_errors(client, plan, header, value):
    for path in ("/", "/api/v1/plans", "/no-such-page"):
        assert client.get(path).headers[header] == value, path


def test_permissions_policy_turns_off_powerful_features(client):
    policy = client.get("/login").headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://pdz.test")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_behind_a_proxy_the_forwarded_scheme_and_address_are_trusted_only_when_configured(make_app):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    direct = make_app()
    assert "Strict-Transport-Security" not in direct.test_client().get("/login", headers=forwarded).headers
    proxied = make_app(PDZ_PROXY_COUNT=1)
    seen = []
    proxied.before_request(lambda: seen.append(request.remote_addr))
    assert "Strict-Transport-Security" in proxied.test_client().get("/login", headers=forwarded).headers
    assert seen == ["203.0.113.7"]


# ---- cookies ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("config, secure", [
    ({}, True),
    ({"TESTING": True}, False),
    ({"PDZ_DEMO": True}, False),
    ({"PDZ_INSECURE_COOKIES": True}, False),
    ({"TESTING": True, "PDZ_SECURE_COOKIES": True}, True),
])
def test_cookies_are_secure_outside_demo_tests_and_declared_plain_http(config, secure):
    assert secure_cookies(config) is secure


def test_the_session_cookie_is_secure_httponly_and_lax_in_production(make_app):
    app = make_app(PDZ_SECURE_COOKIES=True)
    with app.app_context():
        from app import people
        people.create_user("ufficio@example.org", "Ufficio", PASSWORD)
        db.session.commit()
    client = app.test_client()
    response = client.post("/login", base_url="https://pdz.test",
                           data={"email": "ufficio@example.org", "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    for name in ("session", "remember_token"):
        flags = cookies[name].lower()
        assert "secure" in flags and "httponly" in flags and "samesite=lax" in flags, cookies[name]


def test_plain_http_intranets_can_turn_secure_cookies_off(make_app, monkeypatch):
    monkeypatch.setenv("PDZ_INSECURE_COOKIES", "1")
    app = make_app(TESTING=False, SECRET_KEY="x" * 32)
    assert app.config["SESSION_COOKIE_SECURE"] is False and app.config["REMEMBER_COOKIE_SECURE"] is False
    monkeypatch.delenv("PDZ_INSECURE_COOKIES")
    app = make_app(TESTING=False, SECRET_KEY="x" * 32)
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["REMEMBER_COOKIE_SECURE"] is True


# ---- session fixation -------------------------------------------------------------------------------------

def _session_cookie(client):
    cookie = client.get_cookie("session", domain="pdz.test")
    return cookie.value if cookie else None


def test_login_starts_a_fresh_session_keeping_only_the_language(client, office):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        session["lang"] = "en"
        session["csrf_token"] = "known-to-the-attacker"
    before = _session_cookie(client)
    login(client, office)
    after = _session_cookie(client)
    assert after and after != before
    with client.session_transaction() as session:
        assert "planted" not in session and session.get("csrf_token") != "known-to-the-attacker"
        assert session["lang"] == "en" and session["_user_id"] == f"{office.id}:{office.session_token}"


def test_a_session_cookie_replayed_from_another_browser_is_not_logged_in(client, office, district):
    login(client, office)
    stolen = _session_cookie(client)
    other = client.application.test_client()
    other.set_cookie("session", stolen, domain="pdz.test")
    response = other.get(f"/gestione/{district.slug}/", headers={"User-Agent": "another browser"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    # The owner's own browser stays logged in.
    assert client.get(f"/gestione/{district.slug}/").status_code == 200


def test_logout_clears_the_session(as_office, district):
    as_office.post("/logout")
    with as_office.session_transaction() as session:
        assert "_user_id" not in session
    assert as_office.get(f"/gestione/{district.slug}/").status_code == 302


# ---- login rate limits ------------------------------------------------------------------------------------

def _limited_app(make_app, **limits):
    config = {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "100 per minute",
              "LOGIN_ACCOUNT_RATE_LIMIT": "100 per minute", "LOGIN_ADDRESS_RATE_LIMIT": "100 per minute"}
    app = make_app(**{**config, **limits})
    with app.app_context():
        from app import people
        people.create_user("ufficio@example.org", "Ufficio", PASSWORD)
        db.session.commit()
    return app


def _attempt(client, password, email="ufficio@example.org", address="198.51.100.1"):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_failed_logins_on_one_account_are_limited_from_any_address(make_app):
    client = _limited_app(make_app, LOGIN_ACCOUNT_RATE_LIMIT="3 per hour").test_client()
    assert [_attempt(client, "wrong", address=f"198.51.100.{n}").status_code for n in range(3)] == [422] * 3
    refused = _attempt(client, PASSWORD, address="198.51.100.99")   # even the right password, from elsewhere
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "Troppi tentativi di accesso non riusciti" in page and 'name="password"' in page
    assert _attempt(client, "x", email="collega@example.org").status_code == 422   # other accounts are free


def test_failed_logins_from_one_address_are_limited_across_accounts(make_app):
    client = _limited_app(make_app, LOGIN_ADDRESS_RATE_LIMIT="3 per minute").test_client()
    for n in range(3):
        assert _attempt(client, "x", email=f"utente{n}@example.org").status_code == 422
    assert _attempt(client, PASSWORD).status_code == 429
    assert _attempt(client, PASSWORD, address="198.51.100.2").status_code == 302   # another address


def test_successful_logins_do_not_count(make_app):
    client = _limited_app(make_app, LOGIN_ACCOUNT_RATE_LIMIT="2 per hour").test_client()
    for _ in range(4):
        assert _attempt(client, PASSWORD).status_code == 302
        client.post("/logout")
    assert _attempt(client, "wrong").status_code == 422


# ---- rate-limit counters in the database ------------------------------------------------------------------

@pytest.fixture
def storage(app):
    return DatabaseStorage("database://")


def test_counters_count_within_a_window_and_restart_after_it(storage, monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr("app.limits_storage.time.time", lambda: now[0])
    assert [storage.incr("k", 60) for _ in range(3)] == [1, 2, 3]
    assert storage.get("k") == 3 and storage.get_expiry("k") == 1_000_060.0
    now[0] += 59
    assert storage.incr("k", 60, amount=2) == 5
    now[0] += 1   # the window is over: the next hit starts a new one
    assert storage.get("k") == 0
    assert storage.incr("k", 60) == 1 and storage.get_expiry("k") == 1_000_120.0


def test_counters_are_cleared_and_keep_no_personal_data(storage):
    storage.incr("LIMITER/198.51.100.1|ufficio@example.org/auth.login", 60)
    storage.incr("other", 60)
    keys = db.session.scalars(select(rate_limit_counters.c.key)).all()
    assert len(keys) == 2 and not any("@" in key or "198.51" in key for key in keys)
    storage.clear("other")
    assert storage.get("other") == 0
    assert storage.get("LIMITER/198.51.100.1|ufficio@example.org/auth.login") == 1
    assert storage.reset() == 1 and storage.check()


def test_expired_counters_are_swept(storage, monkeypatch):
    monkeypatch.setattr("app.limits_storage.PRUNE_EVERY", 3)
    storage.incr("old", 1)
    time.sleep(1.05)
    storage.incr("a", 60)
    storage.incr("b", 60)   # the third increment sweeps
    assert db.session.scalar(select(db.func.count()).select_from(rate_limit_counters)) == 2


def test_two_apps_on_one_database_count_the_same_hits(make_app, district):
    """Two servers (two apps, each with its own engine) on one database share the login limit."""
    first = _limited_app(make_app, LOGIN_ACCOUNT_RATE_LIMIT="4 per hour")
    second = make_app(SQLALCHEMY_DATABASE_URI=first.config["SQLALCHEMY_DATABASE_URI"], RATELIMIT_ENABLED=True,
                      LOGIN_RATE_LIMIT="100 per minute", LOGIN_ACCOUNT_RATE_LIMIT="4 per hour",
                      LOGIN_ADDRESS_RATE_LIMIT="100 per minute")
    clients = [first.test_client(), second.test_client()]
    statuses = [_attempt(clients[n % 2], "wrong").status_code for n in range(5)]
    assert statuses == [422, 422, 422, 422, 429]


def test_concurrent_increments_are_never_lost(storage, app):
    def hit():
        with app.app_context():
            for _ in range(25):
                storage.incr("shared", 60)
            db.session.remove()
    threads = [threading.Thread(target=hit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert storage.get("shared") == 100


# ---- the public address (PDZ_BASE_URL) and the Host header --------------------------------------------------

def test_a_request_naming_an_unknown_host_is_refused(client, plan):
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/api/v1/plans", headers={"Host": "pdz.test.evil.example"}).status_code == 400
    assert client.get("/").status_code == 200


def test_production_refuses_to_start_without_a_public_address(make_app, monkeypatch):
    from app.config import ConfigError
    monkeypatch.delenv("PDZ_BASE_URL", raising=False)
    with pytest.raises(ConfigError, match="PDZ_BASE_URL is not set"):
        make_app(TESTING=False, SECRET_KEY="x" * 32, PDZ_BASE_URL=None)


@pytest.mark.parametrize("value", ["pdz.example.org", "ftp://pdz.example.org", "https://",
                                   "https://pdz.example.org/?lang=it", "https://user:pw@pdz.example.org"])
def test_a_public_address_that_is_not_a_web_address_is_refused(make_app, value):
    from app.config import ConfigError
    with pytest.raises(ConfigError, match="PDZ_BASE_URL"):
        make_app(TESTING=False, SECRET_KEY="x" * 32, PDZ_BASE_URL=value)


def test_the_public_address_names_the_only_trusted_host(make_app):
    app = make_app(TESTING=False, SECRET_KEY="x" * 32, PDZ_BASE_URL="https://comune.example/pdz/", SERVER_NAME=None)
    assert app.config["PDZ_BASE_URL"] == "https://comune.example/pdz"
    assert app.config["TRUSTED_HOSTS"] == ["comune.example"]
    client = app.test_client()
    assert client.get("/health", base_url="https://comune.example/pdz").status_code == 200
    assert client.get("/health", base_url="http://127.0.0.1:8000").status_code == 400


def test_the_demo_has_a_public_address_of_its_own_and_trusts_localhost(make_app, monkeypatch):
    monkeypatch.delenv("PDZ_BASE_URL", raising=False)
    app = make_app(TESTING=False, PDZ_DEMO=True, PDZ_BASE_URL=None, SERVER_NAME=None)
    assert app.config["PDZ_BASE_URL"] == "http://127.0.0.1:5000"
    client = app.test_client()
    for address in ("http://127.0.0.1:5000", "http://localhost:5000"):
        assert client.get("/health", base_url=address).status_code == 200
    assert client.get("/health", base_url="http://evil.example:5000").status_code == 400


def test_under_a_path_the_pages_are_served_there_and_link_there(make_app):
    app = make_app(PDZ_BASE_URL="https://comune.example/pdz")
    page = app.test_client().get("/pdz/login", base_url="http://comune.example")   # as nginx passes it on
    assert page.status_code == 200
    assert 'href="/pdz/password-dimenticata"' in page.get_data(as_text=True)


def test_the_session_signer_is_built_once_per_secret_key(app):
    sessions = app.session_interface
    first = sessions.get_signing_serializer(app)
    assert first is sessions.get_signing_serializer(app)          # not rebuilt at every request
    app.secret_key = "another-secret-key-for-this-test"
    assert sessions.get_signing_serializer(app) is not first       # a new key signs with a new serializer
