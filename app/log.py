"""Logs an operator can ship and search: one line per request (JSON or text) and app errors in the same
shape, each with the request id that the reverse proxy sent (X-Request-ID) or that we made up and echo back.

What is never logged: request bodies (passwords, e-mail texts), query-string values that look secret,
and tokens inside URLs (signed invitation or confirmation links are redacted; a short session code like
/k/CODE is not a secret and stays readable).
"""
from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
import uuid
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlencode

from flask import g, has_request_context, request

FORMATS = ("json", "text")
REQUEST_LOGGER = "pdz.request"
REDACTED = "[redacted]"
_request_logger = logging.getLogger(REQUEST_LOGGER)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# URL variables and query parameters whose value is a credential.
_SECRET_NAME = re.compile(r"^(\w*_)?(token|secret|signature|sig|password|passwd|key)$", re.I)
# A path segment that is a signed token (itsdangerous: payload[.timestamp].signature)...
_SIGNED_SEGMENT = re.compile(r"^[\w-]+(\.[\w-]+){0,2}\.[\w-]{20,}$")
# ...or a long random key (hex, or url-safe base64 with capitals); slugs are lower case with hyphens.
_RANDOM_SEGMENT = re.compile(r"^(?:[0-9a-f]{32,}|(?=[\w-]*[A-Z])(?=[\w-]*[a-z])[\w-]{32,})$")


def _secret_segment(segment: str) -> bool:
    return bool(_SIGNED_SEGMENT.match(segment) or _RANDOM_SEGMENT.match(segment))


def request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


def safe_path() -> str:
    """The path with credentials taken out: named token variables, signed-looking segments, secret query
    values."""
    secret_values = {str(value) for name, value in (request.view_args or {}).items()
                     if _SECRET_NAME.match(name)}
    path = "/".join(REDACTED if s in secret_values or _secret_segment(s) else s
                    for s in request.path.split("/"))
    if request.query_string:
        pairs = parse_qsl(request.query_string.decode("latin-1"), keep_blank_values=True)
        path += "?" + urlencode([(k, REDACTED if _SECRET_NAME.match(k) else v) for k, v in pairs], safe="[]")
    return path


def _user_id():
    # Only if this request already loaded the user: a log line must not cost a database query.
    user = g.get("_login_user")
    return getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is now (gunicorn and pytest both replace it)."""

    def __init__(self):
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        when = datetime.fromtimestamp(record.created, timezone.utc)
        entry = {"time": when.isoformat(timespec="milliseconds"),
                 "level": record.levelname.lower(), "logger": record.name}
        entry.update(getattr(record, "fields", None) or {"message": record.getMessage()})
        if "request_id" not in entry and request_id():
            entry.update(request_id=request_id(), method=request.method, path=safe_path())
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "fields", None)
        stamp = datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="seconds")
        if fields:
            line = (f"{stamp} {record.levelname} {fields['remote_addr']} "
                    f"\"{fields['method']} {fields['path']}\" "
                    f"{fields['status']} {fields['duration_ms']}ms id={fields['request_id']}"
                    f" user={fields['user_id'] or '-'}")
        else:
            line = f"{stamp} {record.levelname} {record.name} [{request_id() or '-'}] {record.getMessage()}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def configure(app, fmt: str) -> None:
    """Send request lines and the app's errors to stderr in `fmt` (json or text). Safe to call again."""
    if fmt not in FORMATS:
        raise ValueError(f"PDZ_LOG_FORMAT must be one of {', '.join(FORMATS)}, not {fmt!r}")
    handler = _StderrHandler()
    handler.setFormatter(JSONFormatter() if fmt == "json" else TextFormatter())
    for logger in (logging.getLogger(REQUEST_LOGGER), app.logger):
        logger.handlers[:] = [handler]
        logger.propagate = False
        logger.disabled = False   # Alembic's fileConfig() disables loggers it does not name
    logging.getLogger(REQUEST_LOGGER).setLevel(logging.INFO)
    app.config["LOG_FORMAT"] = fmt


def new_request_id(incoming: str) -> str:
    """The reverse proxy's request id if it looks like one, else a fresh one."""
    return incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex


def log_request(request_id: str | None, method: str, path: str, status: int, started: float | None,
                user_id=None, remote_addr: str | None = None) -> None:
    """The request line (`path` already free of secrets: safe_path())."""
    fields = {"message": "request", "request_id": request_id, "method": method, "path": path, "status": status,
              "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
              "user_id": user_id, "remote_addr": remote_addr}
    _request_logger.log(logging.ERROR if status >= 500 else logging.INFO, "request", extra={"fields": fields})


def _start():
    g.request_id = new_request_id(request.headers.get("X-Request-ID", ""))
    g.request_started = time.perf_counter()


def _finish(response):
    response.headers["X-Request-ID"] = g.get("request_id") or ""
    log_request(g.get("request_id"), request.method, safe_path(), response.status_code, g.get("request_started"),
                _user_id(), request.remote_addr)
    return response


def init_app(app, default: str = "text") -> None:
    """Request ids and request lines for every request; the format from PDZ_LOG_FORMAT or `default`."""
    configure(app, app.config.get("LOG_FORMAT") or os.environ.get("PDZ_LOG_FORMAT") or default)
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish)
