"""`/health` answers a monitor: the database is reachable and migrated, in JSON, without a login or secrets."""
from __future__ import annotations

from sqlalchemy import text

from app import create_app
from app.extensions import db


def test_health_reports_a_reachable_database_at_head(client):
    response = client.get("/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["migrations"] == "head"
    assert body["version"]
    assert response.headers["Cache-Control"] == "no-store"


def test_health_tells_no_secret(app, client):
    payload = client.get("/health").get_data(as_text=True)
    assert app.config["SECRET_KEY"] not in payload
    assert "sqlite" not in payload.lower() and "postgresql" not in payload.lower()
    assert set(client.get("/health").get_json()) == {"status", "database", "migrations", "version"}


def test_health_is_degraded_when_the_schema_is_behind(app, client):
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001_old'"))
    body = client.get("/health").get_json()
    assert body["status"] == "degraded" and body["migrations"] == "behind"


def test_health_answers_503_when_the_database_fails(tmp_path):
    # Not make_app: its teardown would clean a database this app cannot reach.
    broken = create_app({"TESTING": True, "OUTBOX_DIR": str(tmp_path),
                         "SQLALCHEMY_DATABASE_URI": "sqlite:////nonexistent-folder/none.sqlite3"})
    response = broken.test_client().get("/health")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "unreachable", "migrations": "unknown",
                                   "version": response.get_json()["version"]}


def test_health_is_not_rate_limited(make_app):
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_DEFAULT="2 per minute")
    client = limited.test_client()
    assert all(client.get("/health").status_code == 200 for _ in range(5))
