"""`pdz backup` / `pdz restore`: a backup restored over changed data gives back every table as it was,
row by row; restore asks first and refuses files that are not backups."""
from __future__ import annotations

import shutil
import sqlite3

import pytest
from sqlalchemy import select, text

from app.audit import actor_name
from app.backup import major_version
from app.cli import main
from app.extensions import db
from app.account_models import User
from app.models import District, Plan
from tests.conftest import DATABASE_URL

pytestmark = pytest.mark.skipif(bool(DATABASE_URL) and shutil.which("pg_dump") is None,
                                reason="pg_dump is not installed")


@pytest.fixture
def pdz(app):
    token = actor_name.set("system")
    runner = app.test_cli_runner()
    yield lambda *args, **kw: runner.invoke(main, list(args), **kw)
    actor_name.reset(token)


@pytest.fixture
def demo_data(app):
    """The demo's data: a plan, accounts, cards in every state, a keyword session — most tables have rows."""
    from app.cli import DEMO_ACCOUNTS, DEMO_PASSWORD
    from app.demo import load_demo
    load_demo(DEMO_ACCOUNTS, DEMO_PASSWORD)
    db.session.commit()


def every_table() -> dict[str, list[tuple]]:
    """Every table of the metadata (and Alembic's), its rows in primary-key order."""
    db.session.expire_all()
    tables = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            tables[table.name] = [tuple(row) for row in conn.execute(select(table).order_by(*order))]
        tables["alembic_version"] = [tuple(r) for r in conn.execute(text("SELECT version_num FROM alembic_version"))]
    return tables


def test_restore_gives_back_every_table_as_it_was(pdz, demo_data, tmp_path):
    before = every_table()
    assert sum(1 for rows in before.values() if rows) >= 15, "the comparison should cover most tables"
    result = pdz("backup", str(tmp_path / "pdz.backup"))
    assert result.exit_code == 0, result.output

    # Change things in many tables: a new district, a deleted plan (cascades), a renamed user.
    db.session.add(District(name="Altro distretto", slug="altro"))
    db.session.delete(db.session.scalars(select(Plan)).first())
    db.session.scalars(select(User)).first().name = "Changed"
    db.session.commit()
    assert every_table() != before

    result = pdz("restore", str(tmp_path / "pdz.backup"), "--yes")
    assert result.exit_code == 0, result.output
    after = every_table()
    for name, rows in before.items():
        assert len(after[name]) == len(rows), f"{name}: {len(after[name])} rows instead of {len(rows)}"
        assert after[name] == rows, f"{name} differs after the restore"


def test_the_app_works_on_a_restored_database(pdz, demo_data, client, tmp_path):
    assert pdz("backup", str(tmp_path / "b")).exit_code == 0
    assert pdz("restore", str(tmp_path / "b"), "--yes").exit_code == 0
    assert client.get("/health").get_json()["status"] == "ok"
    assert client.get("/").status_code == 200


def test_restore_asks_for_confirmation(pdz, plan, tmp_path):
    assert pdz("backup", str(tmp_path / "b")).exit_code == 0
    db.session.add(District(name="Nuovo", slug="nuovo"))
    db.session.commit()
    result = pdz("restore", str(tmp_path / "b"), input="n\n")
    assert result.exit_code == 1 and "Replace all the data" in result.output
    assert db.session.scalar(select(District).filter_by(slug="nuovo")) is not None   # nothing restored
    result = pdz("restore", str(tmp_path / "b"), input="y\n")
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.scalar(select(District).filter_by(slug="nuovo")) is None


@pytest.mark.parametrize("content", [b"", b"hello, not a backup\n", b"PK\x03\x04 a zip file"])
def test_restore_refuses_a_file_that_is_not_a_backup(pdz, plan, tmp_path, content):
    bogus = tmp_path / "bogus"
    bogus.write_bytes(content)
    result = pdz("restore", str(bogus), "--yes")
    assert result.exit_code == 1 and "not a backup" in result.output
    assert db.session.scalar(select(Plan)) is not None


def test_restore_refuses_a_sqlite_database_of_another_program(pdz, plan, tmp_path):
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    assert "not a backup" in pdz("restore", str(other), "--yes").output


def test_backup_does_not_overwrite_without_force(pdz, plan, tmp_path):
    existing = tmp_path / "b"
    existing.write_text("keep me")
    assert pdz("backup", str(existing)).exit_code == 1
    assert existing.read_text() == "keep me"
    assert pdz("backup", str(existing), "--force").exit_code == 0
    assert existing.read_bytes() != b"keep me"


@pytest.mark.skipif(bool(DATABASE_URL), reason="SQLite-only")
def test_sqlite_backup_is_a_database_file_not_left_half_written(pdz, plan, tmp_path):
    assert pdz("backup", str(tmp_path / "b.sqlite3")).exit_code == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("b.")] == ["b.sqlite3"]
    with sqlite3.connect(tmp_path / "b.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM plan").fetchone() == (1,)


@pytest.mark.skipif(bool(DATABASE_URL), reason="SQLite-only")
def test_a_sqlite_backup_is_refused_on_postgresql(app, plan, tmp_path):
    from app.backup import backup, restore, target_of
    from app.errors import DomainError
    backup(target_of(app.config["SQLALCHEMY_DATABASE_URI"]), tmp_path / "b")
    with pytest.raises(DomainError, match="sqlite backup"):
        restore(target_of("postgresql+psycopg://u:p@127.0.0.1/none"), tmp_path / "b")


@pytest.mark.skipif(not DATABASE_URL, reason="PostgreSQL-only")
def test_the_password_is_not_on_the_command_line(app, monkeypatch, tmp_path):
    from app import backup as backup_module
    seen = []
    real_run = backup_module.subprocess.run

    def spy(argv, **kwargs):
        seen.append((argv, kwargs["env"]))
        return real_run(argv, **kwargs)
    monkeypatch.setattr(backup_module.subprocess, "run", spy)
    target = backup_module.target_of(app.config["SQLALCHEMY_DATABASE_URI"])
    backup_module.backup(target, tmp_path / "b")
    password = target.url.password
    assert seen and all(password not in " ".join(argv) for argv, _env in seen)
    assert all(env["PGPASSWORD"] == password for _argv, env in seen)


def test_missing_or_old_pg_dump_is_explained(monkeypatch):
    from app import backup as backup_module
    from app.errors import DomainError
    target = backup_module.target_of("postgresql+psycopg://u:p@127.0.0.1/x")
    monkeypatch.setattr(backup_module.shutil, "which", lambda name: None)
    with pytest.raises(DomainError, match="pg_dump is not installed"):
        backup_module._checked_tool("pg_dump", target)
    monkeypatch.setattr(backup_module.shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(backup_module, "_run", lambda argv, env: "pg_dump (PostgreSQL) 13.4")
    monkeypatch.setattr(backup_module, "_server_major", lambda t: 15)
    with pytest.raises(DomainError, match="version 13 but the server runs PostgreSQL 15"):
        backup_module._checked_tool("pg_dump", target)


@pytest.mark.parametrize("text_, major", [("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)", 15),
                                          ("pg_restore (PostgreSQL) 9.6.24", 9), ("150018", 15), ("90624", 9)])
def test_major_version(text_, major):
    assert major_version(text_) == major
