"""Fixtures: a fresh, migrated database per test (SQLite by default, PostgreSQL when DATABASE_URL is set),
the app, clients and logged-in users of every role."""
from __future__ import annotations

import os
import shutil

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, make_url, text

from app import create_app
from app.extensions import db
from app.models import Role

DATABASE_URL = os.environ.get("DATABASE_URL")
PASSWORD = "password-for-tests"


class FreshContextClient(FlaskClient):
    """Each request runs in an app context of its own, as in production.

    The fixtures keep an app context open for the test body; without this, requests would share its `g`
    (Flask-Login's cached user, Flask-WTF's CSRF flag) and its database session.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if has_app_context():
            db.session.expire_all()  # the test body sees what the request committed
        return response


def _upgrade(url: str, instance_path: str) -> None:
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "OUTBOX_DIR": instance_path})
    with app.app_context():
        from flask_migrate import upgrade
        upgrade(directory=app.extensions["migrate"].directory)
        db.engine.dispose()


def _database_of_this_worker(url: str) -> str:
    """Under pytest-xdist each worker gets a database of its own beside the one DATABASE_URL names."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}).scalar():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """Run the migrations from empty once per session; each test then gets a copy or a truncated schema."""
    if DATABASE_URL:
        from app.config import normalise_database_url
        url = _database_of_this_worker(normalise_database_url(DATABASE_URL))
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
        _upgrade(url, str(tmp_path_factory.mktemp("outbox")))
        return url
    template = tmp_path_factory.mktemp("db") / "template.sqlite3"
    _upgrade(f"sqlite:///{template}", str(tmp_path_factory.mktemp("outbox")))
    return str(template)


@pytest.fixture
def make_app(migrated_database, tmp_path):
    """Build an app on a fresh database; keyword arguments override the test configuration."""
    created = []

    def factory(**overrides):
        if DATABASE_URL:
            url = migrated_database
        else:
            path = tmp_path / f"test{len(created)}.sqlite3"
            shutil.copy(migrated_database, path)
            url = f"sqlite:///{path}"
        config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
                  "RATELIMIT_ENABLED": False, "OUTBOX_DIR": str(tmp_path / "outbox"),
                  "SERVER_NAME": "pdz.test", "PDZ_BASE_URL": "http://pdz.test",
                  "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"}
        config.update(overrides)
        app = create_app(config)
        app.test_client_class = FreshContextClient
        created.append(app)
        return app

    yield factory
    for app in created:
        with app.app_context():
            db.session.remove()
            if DATABASE_URL:
                with db.engine.begin() as conn:
                    _empty_postgresql(conn)
            db.engine.dispose()


def _empty_postgresql(conn) -> None:
    """Every table emptied and every id counter back to 1. DELETE, children first, rather than TRUNCATE:
    on the few rows a test writes it takes ~15 ms, where TRUNCATE of 60 tables took 300–1,000 ms a test."""
    sequences = conn.execute(text("SELECT sequence_name FROM information_schema.sequences "
                                  "WHERE sequence_schema = current_schema()")).scalars()
    conn.execute(text("; ".join([*(f'DELETE FROM "{table.name}"' for table in reversed(db.metadata.sorted_tables)),
                                 *(f'ALTER SEQUENCE "{name}" RESTART' for name in sequences)])))


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def plan(app):
    """The Crema 2012-2014 sample plan, imported as the demo does."""
    from app.plans import import_plan, sample_data
    plan = import_plan(sample_data())
    db.session.commit()
    return plan


@pytest.fixture
def district(plan):
    return plan.district


@pytest.fixture
def make_user(app):
    from app import people

    def factory(email: str, role: Role | None = None, district=None, *, name: str | None = None, admin=False):
        user = people.create_user(email, name or email.split("@")[0].title(), PASSWORD, is_admin=admin)
        if role is not None:
            people.grant(user, district, role)
        db.session.commit()
        return user
    return factory


@pytest.fixture
def office(make_user, district):
    return make_user("ufficio@example.org", Role.PLANNING_OFFICE, district)


@pytest.fixture
def facilitator(make_user, district):
    return make_user("facilitatore@example.org", Role.FACILITATOR, district)


@pytest.fixture
def referent(make_user, district, plan):
    from app import people
    user = make_user("referente@example.org", Role.REFERENT, district)
    people.assign_referent(plan.actions[0], user)
    db.session.commit()
    return user


def login(client, user_or_email, password=PASSWORD):
    email = getattr(user_or_email, "email", user_or_email)
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


@pytest.fixture
def as_office(client, office):
    return login(client, office)


@pytest.fixture
def as_facilitator(client, facilitator):
    return login(client, facilitator)


@pytest.fixture
def as_referent(client, referent):
    return login(client, referent)
