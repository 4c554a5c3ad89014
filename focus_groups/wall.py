"""The projector wall of a keyword session and the API it polls. Public: it shows only keywords that are
visible (not hidden, approved when the session is pre-moderated), as text."""
from __future__ import annotations

import json
import re
import secrets
import time

import segno
from flask import abort, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from werkzeug.exceptions import SecurityError
from werkzeug.http import parse_etags, quote_etag
from werkzeug.wsgi import get_host

from app import log
from app.extensions import limiter
from app.security import security_headers
from app.urls import public_url

from . import sessions
from .blueprint import wall as bp
from .models import Keyword, KeywordGroup, KeywordSession


POLL_SECONDS = 1.5          # the wall updates within 2 s
NO_SCRIPT_REFRESH_SECONDS = 5
NO_SCRIPT_TOP = 40          # without JavaScript nothing measures the words: the top groups, at a size that fits
SIZE_LEVELS = 5
CACHE_SECONDS = 0.25        # a room of phones polls the same document: compute it at most 4 times a second

# (app, code) -> (expires, document, etag, JSON body), per process. A change flushed in this process clears it
# at once; one made in another worker shows within CACHE_SECONDS (still well within the wall's 2 s).
_documents: dict[tuple[int, str], tuple[float, dict, str, bytes]] = {}
_WALL_MODELS = (Keyword, KeywordGroup, KeywordSession)


@event.listens_for(OrmSession, "after_flush")
def _forget_documents(orm_session, _context):
    if _documents and any(isinstance(obj, _WALL_MODELS)
                          for obj in (*orm_session.new, *orm_session.dirty, *orm_session.deleted)):
        _documents.clear()


def _cached(app, code: str) -> tuple[float, dict, str, bytes] | None:
    cached = _documents.get((id(app), sessions.normalise_code(code)))
    return cached if cached is not None and cached[0] > time.monotonic() else None


def wall_document_and_etag(code: str) -> tuple[dict, str, bytes] | None:
    """The wall of the session with this code, its ETag and its JSON body, or None for an unknown code."""
    app = current_app._get_current_object()
    cached = _cached(app, code)
    if cached is not None:
        return cached[1:]
    session = sessions.session_by_code(code)
    if session is None:
        return None
    document = sessions.wall_document(session)
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    found = document, sessions.document_etag(document), body
    ttl = app.config.get("WALL_CACHE_SECONDS", CACHE_SECONDS)
    if ttl > 0:
        _documents[(id(app), sessions.normalise_code(code))] = (time.monotonic() + ttl, *found)
    return found


class CachedPolls:
    """WSGI layer in front of Flask: a wall poll whose answer this process has cached is served here, without
    Flask's request machinery (session cookie, CSRF, rate limiter, language, login: none applies to a public
    cached read, and together they cost more than the answer when a room of phones polls). What applies is
    kept: the allowed hosts, the security headers, the request id and the request log line. Any other
    request, and a poll the cache cannot answer, goes on to Flask, whose view fills the cache."""
    PATH = re.compile(r"/api/v1/sessions/([A-Za-z0-9]{1,32})/wall")

    def __init__(self, wsgi_app, app):
        self.wsgi_app, self.app = wsgi_app, app

    def __call__(self, environ, start_response):
        match = self.PATH.fullmatch(environ.get("PATH_INFO", ""))
        cached = (match and environ["REQUEST_METHOD"] == "GET" and not environ.get("QUERY_STRING")
                  and _cached(self.app, match[1]))
        if not cached or not self._host_allowed(environ):
            return self.wsgi_app(environ, start_response)
        started = time.perf_counter()
        _expires, _document, etag, body = cached
        request_id = log.new_request_id(environ.get("HTTP_X_REQUEST_ID", ""))
        fresh = etag in parse_etags(environ.get("HTTP_IF_NONE_MATCH"))
        headers = [("ETag", quote_etag(etag)), ("Cache-Control", "no-cache"), ("X-Request-ID", request_id),
                   *security_headers(secrets.token_urlsafe(18), environ.get("wsgi.url_scheme") == "https")]
        if not fresh:
            headers[:0] = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
        status = 304 if fresh else 200
        start_response("304 NOT MODIFIED" if fresh else "200 OK", headers)
        log.log_request(request_id, "GET", environ["PATH_INFO"], status, started,
                        remote_addr=environ.get("REMOTE_ADDR"))
        return [] if fresh else [body]

    def _host_allowed(self, environ) -> bool:
        try:
            get_host(environ, self.app.config.get("TRUSTED_HOSTS"))
        except SecurityError:
            return False         # Flask answers it (400)
        return True


@bp.record_once
def _serve_cached_polls(state):
    state.app.wsgi_app = CachedPolls(state.app.wsgi_app, state.app)


def size_level(count: int, largest: int) -> int:
    """A group's size on the wall, 1..SIZE_LEVELS: by the square root of its share of the largest count, so one
    word written twice does not dwarf the rest; every group the same size when every count is the same.
    (static/js/wall.js sizes the groups it draws the same way.)"""
    if largest <= 1:
        return 1
    return 1 + round((SIZE_LEVELS - 1) * ((count - 1) / (largest - 1)) ** 0.5)


def join_qr_svg(url: str) -> Markup:
    """The phone page's address as an inline SVG QR code (our own markup, no user input but the code)."""
    qr = segno.make(url, error="m")
    # bandit B704: segno's SVG of our own URL
    return Markup(qr.svg_inline(scale=8, border=2, dark="#000", light="#fff", omitsize=True,  # nosec B704
                                title=_("QR code to join the session"), svgclass="wall-qr-svg"))


@bp.get("/k/<code>/parete")
def page(code):
    session = sessions.session_by_code(code)
    if session is None:
        abort(404)
    if session.code != code:
        return redirect(url_for("wall.page", code=session.code))
    document = sessions.wall_document(session)
    join_url = public_url("participant.phone", code=session.code)
    return render_template("focus_groups/wall.html", session=session, wall=document, join_url=join_url,
                           qr=join_qr_svg(join_url), poll_seconds=POLL_SECONDS,
                           refresh_seconds=NO_SCRIPT_REFRESH_SECONDS, top=NO_SCRIPT_TOP, size_level=size_level,
                           api_url=url_for("wall.api", code=session.code))


@limiter.request_filter
def _not_limited() -> bool:
    """The wall's poll is a cached public read of what the projector shows: a room of phones makes thousands,
    and checking a limit cost more than answering (the limiter's own exemption still resolves every limit)."""
    return request.endpoint == "wall.api"


@bp.get("/api/v1/sessions/<code>/wall")
def api(code):
    found = wall_document_and_etag(code)
    if found is None:
        return jsonify(error="unknown_session", message=_("No session has this code: check it and try again.")), 404
    _document, etag, body = found
    response = current_app.response_class(body, mimetype="application/json")
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)
