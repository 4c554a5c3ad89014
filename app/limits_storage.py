"""Rate-limit counters in the application's database (`RATELIMIT_STORAGE_URI = "database://"`), so that
several `pdz serve` processes on several machines count the same hits with nothing but their PostgreSQL.

No maintained SQL storage exists for the `limits` library (it ships Redis, Memcached, MongoDB and memory),
and a deployment of this platform should not need a Redis for a few counters. This is a `limits` storage
for the fixed-window strategy (Flask-Limiter's default): one row per key and window, incremented with one
atomic `INSERT ... ON CONFLICT DO UPDATE ... RETURNING` that restarts the window when it has expired, so
two servers hitting the same key at the same instant never lose a count. Keys are stored as SHA-256
digests: they contain addresses and e-mail addresses, which have no business sitting in a table.

Each call runs on a connection of its own and commits at once: a counter must count even when the view's
transaction rolls back. Times are the servers' clocks (keep them in sync with NTP, as for any cluster).
"""
from __future__ import annotations

import hashlib
import itertools
import time

import sqlalchemy as sa
from limits.storage import Storage
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db

rate_limit_counters = sa.Table(
    "rate_limit_counters", db.metadata,
    sa.Column("key", sa.String(64), primary_key=True),   # sha256 hex of the limiter's key
    sa.Column("count", sa.Integer, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False, index=True),   # seconds since the epoch
)

# The two databases the platform runs on; both spell the atomic upsert the same way.
UPSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
PRUNE_EVERY = 500   # increments between two sweeps of expired rows (per process: cheap, and bounded)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class DatabaseStorage(Storage):
    """A `limits` storage on the Flask app's own database engine (looked up per call, so it follows
    whichever app is serving the request)."""

    STORAGE_SCHEME = ["database"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._increments = itertools.count(1)

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    @staticmethod
    def _engine() -> sa.Engine:
        return db.engine   # needs an app context: every request and CLI command has one

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        engine, now = self._engine(), time.time()
        insert = UPSERTS[engine.dialect.name](rate_limit_counters)
        current = rate_limit_counters.c
        expired = current.expires_at <= now
        statement = insert.values(key=_digest(key), count=amount, expires_at=now + expiry)
        statement = statement.on_conflict_do_update(
            index_elements=[current.key],
            set_={"count": sa.case((expired, amount), else_=current.count + amount),
                  "expires_at": sa.case((expired, now + expiry), else_=current.expires_at)},
        ).returning(current.count)
        with engine.begin() as connection:
            count = connection.execute(statement).scalar_one()
            if next(self._increments) % PRUNE_EVERY == 0:
                connection.execute(rate_limit_counters.delete().where(expired))
        return count

    def _row(self, key: str):
        with self._engine().connect() as connection:
            return connection.execute(sa.select(rate_limit_counters.c.count, rate_limit_counters.c.expires_at)
                                      .where(rate_limit_counters.c.key == _digest(key),
                                             rate_limit_counters.c.expires_at > time.time())).first()

    def get(self, key: str) -> int:
        row = self._row(key)
        return row.count if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row.expires_at if row else time.time()

    def check(self) -> bool:
        try:
            with self._engine().connect() as connection:
                connection.execute(sa.select(1))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with self._engine().begin() as connection:
            return connection.execute(rate_limit_counters.delete()).rowcount

    def clear(self, key: str) -> None:
        with self._engine().begin() as connection:
            connection.execute(rate_limit_counters.delete().where(rate_limit_counters.c.key == _digest(key)))
