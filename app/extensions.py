"""The Flask extensions, created once and bound in create_app()."""
from flask import has_request_context, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
import sqlite3

from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine

# Named constraints keep migrations portable between SQLite and PostgreSQL.
naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}



class _SQLAlchemy(SQLAlchemy):
    def paginate(self, select, *, page=None, **kwargs):
        """Flask-SQLAlchemy reads `?page=` with int() when no page is given: read it through the request's
        `type=int` instead (app/inputs.py), so a page number no database holds is a 404, not a 500."""
        if page is None and has_request_context():
            page = request.args.get("page", 1, type=int)
        return super().paginate(select, page=page, **kwargs)


db = _SQLAlchemy(metadata=MetaData(naming_convention=naming_convention))
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def _login_email() -> str:
    return (request.form.get("email") or "").strip().lower()


def login_rate_key() -> str:
    """Count login attempts per address and account, so one office sharing an IP is not locked out."""
    return f"{get_remote_address()}|{_login_email()}"


def login_account_key() -> str:
    """Count login attempts per account from any address: guessing one password from many machines."""
    return f"account|{_login_email()}"


@event.listens_for(Engine, "connect")
def _sqlite_enforces_foreign_keys(dbapi_connection, _record):
    # SQLite ignores foreign keys (and ON DELETE CASCADE) unless asked: behave like PostgreSQL.
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA foreign_keys=ON")
        # Under load a writer waits for the one before it (up to 30 s) rather than failing at once.
        dbapi_connection.execute("PRAGMA busy_timeout=30000")
