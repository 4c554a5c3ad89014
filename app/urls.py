"""Absolute addresses — links in e-mails, the Atom feed, canonical links, the wall's join address, the API's
`url` — built from the configured public address PDZ_BASE_URL, never from the request's Host header, which
the client chooses (a forged one would otherwise put its own site in a password-reset link)."""
from __future__ import annotations

from urllib.parse import quote, urlsplit

from flask import Response, current_app
from werkzeug.exceptions import SecurityError


def public_url(endpoint: str, *, _anchor: str | None = None, **values) -> str:
    """`url_for(endpoint, **values, _external=True)`, but under PDZ_BASE_URL (scheme, host and path)."""
    base = urlsplit(current_app.config["PDZ_BASE_URL"])
    current_app.inject_url_defaults(endpoint, values)
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    url = adapter.build(endpoint, values, force_external=True)
    if _anchor is not None:
        url += "#" + quote(_anchor, safe="%!#$&'()*+,/:;=?@")   # as url_for quotes it
    return url


def public_host() -> str:
    """The host (and port, if any) of the public address: e.g. the domain in an iCalendar UID."""
    return urlsplit(current_app.config["PDZ_BASE_URL"]).netloc


class _UnderPrefix:
    """Served under a path (PDZ_BASE_URL=https://comune.example/pdz, the proxy passing /pdz/... through),
    the application sees /pdz as its SCRIPT_NAME, so the pages' own links keep the prefix. A request without
    the prefix (a local health check) is served as it comes."""

    def __init__(self, wsgi_app, prefix: str):
        self.wsgi_app, self.prefix = wsgi_app, prefix

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == self.prefix or path.startswith(self.prefix + "/"):
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + self.prefix
            environ["PATH_INFO"] = path[len(self.prefix):] or "/"
        return self.wsgi_app(environ, start_response)


def untrusted_host(error: SecurityError) -> Response:
    """A request naming a host other than PDZ_BASE_URL's (Flask's TRUSTED_HOSTS): a bare 400. No page of ours,
    whose links could not be built for an unknown host anyway."""
    return Response("400 Bad Request: unknown host\n", status=400, mimetype="text/plain")


def init_app(app) -> None:
    app.register_error_handler(SecurityError, untrusted_host)
    app.jinja_env.globals["public_url"] = public_url


def serve_under_prefix(app) -> None:
    """Around the app's other WSGI layers (only the proxies' is outside): the path prefix of PDZ_BASE_URL."""
    prefix = urlsplit(app.config["PDZ_BASE_URL"]).path.rstrip("/")
    if prefix:
        app.wsgi_app = _UnderPrefix(app.wsgi_app, prefix)


def public_request_context():
    """A request at the public address, for commands that render what a page would (exports, e-mails): relative
    links carry the path prefix, and the host is a trusted one."""
    return current_app.test_request_context(base_url=current_app.config["PDZ_BASE_URL"] + "/")
