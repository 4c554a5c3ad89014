"""PdZ Partecipato: the application factory."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, current_app, g, has_request_context, request, session
import flask_babel
from flask_babel import get_locale

from . import audit  # noqa: F401  (registers the audit listeners)
from . import role_models  # noqa: F401  (the participant roles other tables point to)
from . import config as config_module
from . import features, log, security, urls
from . import limits_storage  # noqa: F401  (registers the "database://" rate-limit storage)
from .errors import register_error_handlers
from .inputs import CleanRequest, register_converters
from .extensions import babel, csrf, db, limiter, login_manager, migrate
from .models import District
from .views import register_blueprints, register_template_helpers

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def select_locale() -> str:
    """Italian unless the user chose English with the language switch (the `lang` cookie).

    The browser's Accept-Language is ignored on purpose: the platform speaks Italian first, and the
    language of a public administration's site should not change with the visitor's settings.
    Outside a request (CLI, mails sent from commands) the default language is used.
    """
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    chosen = request.cookies.get("lang") or session.get("lang")
    return chosen if chosen in current_app.config["LANGUAGES"] else default


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True,
                template_folder=str(PACKAGE_ROOT / "templates"), static_folder="static")
    app.request_class = CleanRequest
    register_converters(app)   # before any route: numbers past the ids' range, control characters: 404
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(config_module.from_environment(app.instance_path))
    app.config.update(
        MAX_CONTENT_LENGTH=10 * 1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,   # a referent may leave a form open all afternoon
        JSON_SORT_KEYS=False,
    )
    if test_config:
        app.config.update(test_config)
    config_module.check(app.config)
    log.init_app(app)   # first: request ids and timing wrap everything else

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PACKAGE_ROOT / "migrations"))
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # A session cookie replayed from another address or browser is dropped (and so is "remember me").
    login_manager.session_protection = "strong"
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(Path(__file__).parent / "translations"))
    # Flask-Babel caches the locale on `g`; an app context can outlive one request (tests, CLI),
    # so decide the language afresh for every request.
    app.before_request(flask_babel.refresh)
    app.config.setdefault("RATELIMIT_ENABLED", True)
    limiter.init_app(app)
    security.init_app(app)
    urls.init_app(app)   # public_url() for templates

    features.register()   # the features fill the registries before the site map is drawn
    register_blueprints(app)
    register_template_helpers(app)
    register_error_handlers(app)
    urls.serve_under_prefix(app)
    security.trust_proxies(app)   # last: the outermost WSGI layer

    @app.context_processor
    def inject_locale():
        return {"current_locale": str(get_locale()), "languages": app.config["LANGUAGES"]}

    @app.url_value_preprocessor
    def pull_district(endpoint, values):
        g.district = None
        if values and "district" in values:
            g.district = db.first_or_404(db.select(District).filter_by(slug=values.pop("district")))

    @app.url_defaults
    def add_district(endpoint, values):
        if "district" in values or not g.get("district"):
            return
        if app.url_map.is_endpoint_expecting(endpoint, "district"):
            values["district"] = g.district.slug
    return app
