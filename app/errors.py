"""Domain errors carry a message for the user; views show it, the CLI prints it."""
from flask import jsonify, render_template, request
from flask_babel import gettext as _

from .extensions import db


class DomainError(Exception):
    """A rule of the domain was broken; `message` is shown to the user as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


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

    from flask_wtf.csrf import CSRFError

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        if request.path.startswith("/api/"):
            return jsonify(error="csrf", message=_("The form expired: reload the page and try again.")), 400
        return render_template("error.html", code=400,
                               message=_("The form expired: go back, reload the page and try again.")), 400
