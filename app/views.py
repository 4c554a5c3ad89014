"""The map of the site in one screen, and the helpers every template can use."""
from decimal import Decimal

from flask_babel import format_currency, format_date, format_datetime

from .text import render_markdown


def register_blueprints(app):
    from . import admin, api, auth, office, public
    app.register_blueprint(public.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(office.bp, url_prefix="/gestione")
    app.register_blueprint(admin.bp, url_prefix="/gestione")
    app.register_blueprint(api.bp, url_prefix="/api/v1")
    from . import transfer
    app.register_blueprint(transfer.bp, url_prefix="/gestione")
    from evaluations import views as evaluations
    app.register_blueprint(evaluations.bp, url_prefix="/gestione")
    from evaluations import dashboard, offline; dashboard.register(app); offline.register(app)  # noqa: E702
    from evaluations import pdf, public_views; pdf.register(app); public_views.register(app)  # noqa: E702
    from focus_groups import participant, wall; participant.register(app); wall.register(app)  # noqa: E702
    from focus_groups import views as focus; app.register_blueprint(focus.bp, url_prefix="/gestione")  # noqa: E702
    from focus_groups import api as keywords_api; app.register_blueprint(keywords_api.bp, url_prefix="/api/v1")  # noqa: E702,E501


def register_template_helpers(app):
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["euro"] = lambda v: format_currency(v or Decimal(0), "EUR")
    app.jinja_env.filters["date"] = lambda v, fmt="medium": format_date(v, fmt) if v else ""
    app.jinja_env.filters["datetime"] = lambda v, fmt="medium": format_datetime(v, fmt) if v else ""
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
