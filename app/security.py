"""HTTP security: headers and a Content-Security-Policy with a nonce per request, secure cookies, the
reverse proxy's forwarded headers, and a fresh session at every login (no session fixation).

A small after_request instead of flask-talisman: talisman's last release is from 2023, it would also own
the HTTPS redirect and the cookie settings (which the reverse proxy and config.py already decide), and
what we need is a dozen lines that the tests read header by header.
"""
from __future__ import annotations

import secrets

from flask import g, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user, login_user
from werkzeug.middleware.proxy_fix import ProxyFix

# What a page may load. Scripts and styles come from this site or carry the request's nonce: no
# 'unsafe-inline', so an injected <script>, onclick= or style= does nothing. Fonts may be data: URLs because
# Bootstrap Italia's stylesheet embeds one that way.
CSP_TEMPLATE = ("default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
                "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
                "base-uri 'self'; frame-ancestors 'none'; form-action 'self'")
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
HSTS = "max-age=31536000"   # a year; no includeSubDomains: other intranet hosts may still speak plain HTTP

# What survives the fresh session of a login: the language chosen before logging in.
KEPT_AT_LOGIN = ("lang",)


def csp_nonce() -> str:
    """This request's nonce, for `<script nonce="{{ csp_nonce() }}">` and `<style nonce=...>`."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def security_headers(nonce: str, secure: bool) -> list[tuple[str, str]]:
    """The headers every answer carries; HSTS only over HTTPS (behind the proxy, once ProxyFix has read
    X-Forwarded-Proto)."""
    headers = [("Content-Security-Policy", CSP_TEMPLATE.format(nonce=nonce)), ("X-Content-Type-Options", "nosniff"),
               ("X-Frame-Options", "DENY"), ("Referrer-Policy", "same-origin"),
               ("Permissions-Policy", PERMISSIONS_POLICY), ("Cross-Origin-Opener-Policy", "same-origin")]
    return headers + [("Strict-Transport-Security", HSTS)] if secure else headers


def set_security_headers(response):
    for name, value in security_headers(csp_nonce(), request.is_secure):
        response.headers[name] = value
    return response


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, with the signing serializer built once per secret key rather than at
    every request (a tenth of a millisecond each: a room of phones polling the wall makes thousands)."""

    def __init__(self):
        self._serializers: dict[tuple, object] = {}

    def get_signing_serializer(self, app):
        key = (id(app), app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        if key not in self._serializers:
            self._serializers[key] = super().get_signing_serializer(app)
        return self._serializers[key]


def start_fresh_session() -> None:
    """Drop everything an earlier visitor (or an attacker who planted a cookie) put in the session, so the
    session after a login shares nothing with the one before it; the language choice is kept."""
    kept = {key: session[key] for key in KEPT_AT_LOGIN if key in session}
    session.clear()
    session.update(kept)


def keep_this_session(user) -> None:
    """After the person ended their own other sessions (a new password, a role they removed), this one goes
    on."""
    if current_user.is_authenticated and current_user.id == user.id:
        login_user(user)


def secure_cookies(config) -> bool:
    """Cookies only over HTTPS, except in the demo, the tests, or where the operator says the intranet
    speaks plain HTTP (PDZ_INSECURE_COOKIES=1). PDZ_SECURE_COOKIES forces the choice either way."""
    if config.get("PDZ_SECURE_COOKIES") is not None:
        return bool(config["PDZ_SECURE_COOKIES"])
    return not (config.get("TESTING") or config.get("PDZ_DEMO") or config.get("PDZ_INSECURE_COOKIES"))


def init_app(app) -> None:
    app.session_interface = SessionCookies()
    secure = secure_cookies(app.config)
    app.config.update(SESSION_COOKIE_SECURE=secure, REMEMBER_COOKIE_SECURE=secure,
                      SESSION_COOKIE_HTTPONLY=True, REMEMBER_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax", REMEMBER_COOKIE_SAMESITE="Lax")
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.after_request(set_security_headers)


def trust_proxies(app) -> None:
    """Outermost, after every other WSGI layer: trust exactly PDZ_PROXY_COUNT proxies' X-Forwarded-For/Proto/
    Host/Port. The client's address feeds the rate limits and the scheme decides HSTS and secure redirects;
    more would let a client forge them."""
    proxies = int(app.config.get("PDZ_PROXY_COUNT") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies)
