"""Backups an operator can trust: a consistent copy of the live database and its restore.

SQLite goes through sqlite3's online backup API (a plain file copy of a database in use can tear);
PostgreSQL through pg_dump's custom format and pg_restore. The password travels in PGPASSWORD, never on a
command line that `ps` would show. Errors are DomainError with a message an operator can act on.
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
# bandit B404: pg_dump and psql are run with fixed arguments, no shell
import subprocess  # nosec B404
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from .errors import DomainError

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"


@dataclass(frozen=True)
class Target:
    """The database a backup is taken from or restored into, as an operator would name it."""
    url: URL

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> str:
        if not self.url.database or self.url.database == ":memory:":
            raise DomainError("An in-memory SQLite database cannot be backed up or restored.")
        return self.url.database

    def describe(self) -> str:
        if self.is_sqlite:
            return f"SQLite {self.sqlite_path}"
        return f"PostgreSQL {self.url.database} on {self.url.host or 'localhost'}:{self.url.port or 5432}"

    def pg_environment(self) -> dict[str, str]:
        """libpq's variables for the connection: nothing secret ends up in argv."""
        env = dict(os.environ)
        values = {"PGHOST": self.url.host, "PGPORT": self.url.port, "PGUSER": self.url.username,
                  "PGPASSWORD": self.url.password, "PGDATABASE": self.url.database}
        env.update({key: str(value) for key, value in values.items() if value is not None})
        return env


def target_of(database_uri: str) -> Target:
    url = make_url(database_uri)
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise DomainError(f"Backups support SQLite and PostgreSQL, not {url.get_backend_name()}.")
    return Target(url)


def backup_kind(path: Path) -> str | None:
    """'sqlite' or 'postgresql' for a file that looks like one of our backups, else None."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError:
        return None
    if head.startswith(PG_CUSTOM_MAGIC):
        return "postgresql"
    if head == SQLITE_MAGIC and _has_migrations_table(path):
        return "sqlite"
    return None


def _has_migrations_table(path: Path) -> bool:
    # Any SQLite file is not a backup of this platform: ours always carries Alembic's version table.
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            found = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone()
            return found is not None
    except sqlite3.DatabaseError:
        return False


def backup(target: Target, destination: Path) -> None:
    """Write a backup of `target` to `destination` atomically: a half-written file never has the final
    name."""
    partial = destination.with_name(destination.name + ".partial")
    try:
        if target.is_sqlite:
            _sqlite_copy(target.sqlite_path, str(partial))
        else:
            _pg_dump(target, partial)
        os.replace(partial, destination)
    except OSError as error:
        raise DomainError(f"Cannot write {destination}: {error.strerror}") from error
    finally:
        partial.unlink(missing_ok=True)


def restore(target: Target, source: Path) -> None:
    """Replace the data of `target` with the backup in `source`; the caller has asked for confirmation."""
    kind = backup_kind(source)
    if kind is None:
        raise DomainError(f"{source} is not a backup made by `pdz backup`.")
    expected = "sqlite" if target.is_sqlite else "postgresql"
    if kind != expected:
        raise DomainError(f"{source} is a {kind} backup; this installation uses {expected}.")
    if target.is_sqlite:
        _sqlite_copy(str(source), target.sqlite_path)
    else:
        _pg_restore(target, source)


def _sqlite_copy(source: str, destination: str) -> None:
    if not os.path.exists(source):
        raise DomainError(f"There is no database at {source}.")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(destination)
    try:
        with dst:
            src.backup(dst)
    except sqlite3.Error as error:
        raise DomainError(f"SQLite backup failed: {error}") from error
    finally:
        src.close()
        dst.close()


# ---- PostgreSQL --------------------------------------------------------------------------------------

def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise DomainError(f"{name} is not installed; install the PostgreSQL client "
                          f"(e.g. apt-get install postgresql-client) matching the server's version.")
    return path


def major_version(text: str) -> int:
    """15 from 'pg_dump (PostgreSQL) 15.18 (Debian ...)' or from server_version_num '150018'."""
    if text.isdigit():
        return int(text) // 10000 if len(text) >= 5 else int(text)
    match = re.search(r"\)\s*(\d+)", text) or re.search(r"(\d+)", text)
    if match is None:
        raise DomainError(f"Cannot read a version from {text!r}.")
    return int(match.group(1))


def _server_major(target: Target) -> int:
    engine = create_engine(target.url)
    try:
        with engine.connect() as conn:
            return major_version(str(conn.execute(text("SHOW server_version_num")).scalar()))
    except Exception as error:   # any driver error: the operator needs the reason, not a trace
        raise DomainError(f"Cannot reach {target.describe()}: {error.__class__.__name__}") from error
    finally:
        engine.dispose()


def _checked_tool(name: str, target: Target) -> str:
    path = _tool(name)
    client = major_version(_run([path, "--version"], target.pg_environment()).strip())
    server = _server_major(target)
    if client < server:
        raise DomainError(f"{name} is version {client} but the server runs PostgreSQL {server}: "
                          f"install the client of version {server} or newer.")
    return path


def _run(argv: list[str], env: dict[str, str]) -> str:
    # bandit B603: argv built by this module, no shell
    result = subprocess.run(argv, env=env, capture_output=True, text=True)  # nosec B603
    if result.returncode != 0:
        raise DomainError(f"{Path(argv[0]).name} failed: {result.stderr.strip() or result.returncode}")
    return result.stdout


def _pg_dump(target: Target, destination: Path) -> None:
    pg_dump = _checked_tool("pg_dump", target)
    _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={destination}"],
         target.pg_environment())


def _pg_restore(target: Target, source: Path) -> None:
    pg_restore = _checked_tool("pg_restore", target)
    # One transaction: a restore that fails half-way leaves the database as it was.
    _run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", f"--dbname={target.url.database}", str(source)], target.pg_environment())
