"""Gunicorn, the production server, embedded so `pdz serve` needs no separate config file."""
from gunicorn.app.base import BaseApplication
from sqlalchemy import text

from .extensions import db


class _Server(BaseApplication):
    def __init__(self, app, options):
        self.application, self.options = app, options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def prepare_sqlite(app) -> None:
    """A SQLite database served to many people at once runs in WAL mode: readers never wait for a writer,
    and a writer waits its turn instead of failing with "database is locked". The mode is stored in the
    file, so setting it once here covers every process of the server. An app without the database (the
    bare app benchmarks/phones.py compares with) has nothing to prepare."""
    if "sqlalchemy" not in app.extensions:
        return
    with app.app_context():
        if db.engine.dialect.name == "sqlite" and db.engine.url.database not in (None, "", ":memory:"):
            with db.engine.connect() as connection:
                connection.execute(text("PRAGMA journal_mode=WAL"))
        db.engine.dispose()


def serve(app, *, host: str, port: int, workers: int = 2, threads: int = 8) -> None:
    prepare_sqlite(app)
    _Server(app, {"bind": f"{host}:{port}", "workers": workers, "threads": threads, "worker_class": "gthread",
                  # No gunicorn access log: app/log.py writes one line per request, with its request id.
                  "accesslog": None, "timeout": 60, "graceful_timeout": 20}).run()
