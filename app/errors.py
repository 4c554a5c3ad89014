"""Domain errors carry a message for the user; views show it, the CLI prints it. Error pages in the user's
language (JSON under /api/), a database out of reach included: 503 to retry, not 500."""
from flask import current_app, g, jsonify, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError, SQLAlchemyError

from .extensions import db, login_manager
from .inputs import InvalidText

# How long a client is asked to wait before trying again while the database is out of reach.
DATABASE_RETRY_AFTER = 30


class DomainError(Exception):
    """A rule of the domain was broken; `message` is shown to the user as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidField(DomainError):
    """A rule broken by the value of one field: the form shows `message` beside `field`."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class ConflictError(DomainError):
    """Someone else saved the same record since this form was loaded."""


def register_error_handlers(app):
    def page(code, title, text):
        def handler(error):
            if getattr(error, "response", None) is not None:
                return error.response   # the view prepared its own answer (e.g. the login page on 429)
            if code == 500:
                db.session.rollback()
            # Keep what the protocol needs (Allow on 405, Retry-After on 429), not the HTML content type.
            headers = [(k, v) for k, v in getattr(error, "get_headers", lambda: [])()
                       if k.lower() in ("allow", "retry-after")]
            if request.path.startswith("/api/"):
                return jsonify(error=title, message=text()), code, headers
            return render_template("error.html", code=code, message=text()), code, headers
        return handler

    for code, title, text in [
        (400, "bad_request", lambda: _("The request could not be understood.")),
        (403, "forbidden", lambda: _("You do not have permission to see this page.")),
        (404, "not_found", lambda: _("The page you asked for does not exist.")),
        (405, "method_not_allowed", lambda: _("This address does not accept that method.")),
        (410, "gone", lambda: _("This link is no longer valid.")),
        (413, "too_large", lambda: _("The file is too large.")),
        (429, "too_many_requests", lambda: _("Too many attempts: wait a minute and try again.")),
        (500, "server_error", lambda: _("Something went wrong on our side. The error has been logged.")),
    ]:
        app.register_error_handler(code, page(code, title, text))

    @app.errorhandler(InvalidText)
    def invalid_text(error):
        message = _("The text sent is not valid Unicode (it holds a lone surrogate): nothing was saved.")
        if request.path.startswith("/api/"):
            return jsonify(error="invalid_text", message=message), 400
        return render_template("error.html", code=400, message=message), 400

    def database_unavailable(error):
        """The database is out of reach (down, restarting, refusing connections): ask to retry, log why."""
        current_app.logger.error("database unavailable: %s", error.__class__.__name__, exc_info=error)
        try:
            db.session.rollback()
        except SQLAlchemyError:
            pass
        message = _("The service is temporarily unavailable: try again in a few minutes.")
        headers = {"Retry-After": str(DATABASE_RETRY_AFTER)}
        if request.path.startswith("/api/"):
            return jsonify(error="unavailable", message=message), 503, headers
        try:   # the page's header asks who is logged in: without a database, nobody
            g._login_user = current_user_or_anonymous()
            return render_template("error.html", code=503, message=message), 503, headers
        except SQLAlchemyError:   # a template helper needed the database too: a page that needs nothing
            return (f'<!doctype html><html lang="{escape(get_locale())}"><title>503</title>'
                    f"<h1>{escape(_('Service temporarily unavailable'))}</h1><p>{escape(message)}</p>"
                    "</html>"), 503, headers

    for unavailable in (OperationalError, InterfaceError, DisconnectionError):
        app.register_error_handler(unavailable, database_unavailable)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        if request.path.startswith("/api/"):
            return jsonify(error="csrf", message=_("The form expired: reload the page and try again.")), 400
        return render_template("error.html", code=400,
                               message=_("The form expired: go back, reload the page and try again.")), 400


def current_user_or_anonymous():
    """The user this request loaded, or an anonymous one when loading it needs a database that is not there."""
    user = g.get("_login_user")
    if user is not None:
        return user
    try:
        login_manager._load_user()
        return g._login_user
    except SQLAlchemyError:
        return login_manager.anonymous_user()
