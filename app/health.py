"""`/health`: what a load balancer or a monitor asks every few seconds — is the database reachable and
migrated to the code's schema? JSON, public, never rate-limited, and it tells no secret."""
from __future__ import annotations

import functools
from importlib.metadata import PackageNotFoundError, version as package_version

from alembic.script import ScriptDirectory
from flask import current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .blueprint import health as bp
from .extensions import db, limiter
from .view_helpers import NO_STORE


@functools.cache
def code_version() -> str:
    try:
        return package_version("pdz-partecipato")
    except PackageNotFoundError:   # a source tree that was never installed
        return "unknown"


@functools.cache
def migration_heads(directory: str) -> frozenset[str]:
    """The revisions the code expects (read from disk once per process)."""
    config = current_app.extensions["migrate"].migrate.get_config(directory)
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def database_state() -> dict:
    """Whether a trivial query runs, and whether the schema is at the migrations' head."""
    try:
        db.session.execute(text("SELECT 1"))
        applied = set(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError:
        db.session.rollback()
        return {"database": "unreachable", "migrations": "unknown"}
    heads = migration_heads(current_app.extensions["migrate"].directory)
    return {"database": "ok", "migrations": "head" if applied == heads else "behind"}


@bp.get("/health")
@limiter.exempt
def health():
    state = database_state()
    healthy = state["database"] == "ok"
    # Behind the migrations is "degraded", not down: during an upgrade the new code may start first.
    status = "error" if not healthy else ("ok" if state["migrations"] == "head" else "degraded")
    body = {"status": status, **state, "version": code_version()}
    response = jsonify(body)
    response.status_code = 200 if healthy else 503
    response.headers.update(NO_STORE)
    return response
