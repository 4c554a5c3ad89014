"""The shell's map of the site (the features add theirs through app/registry.py), and the helpers every
template can use."""
from decimal import Decimal

from flask_babel import format_currency, format_date, format_datetime, format_decimal

from . import admin, api, auth, health, office, privacy_views, public, registry, transfer
from .text import render_markdown


def register_blueprints(app):
    """The shell's pages first, then the features' (app/registry.py, filled by app/features.py)."""
    site_map = [
        # public: the plan, sign-in, health check, privacy notice
        (public.bp, None), (auth.bp, None), (health.bp, None), (privacy_views.public_bp, None),
        # management, under /gestione/<district>/...
        (office.bp, "/gestione"), (admin.bp, "/gestione"), (transfer.bp, "/gestione"),
        (privacy_views.bp, "/gestione"),
        # JSON API
        (api.bp, "/api/v1"),
    ]
    for blueprint, prefix in [*site_map, *registry.BLUEPRINTS.values()]:
        app.register_blueprint(blueprint, url_prefix=prefix)


def register_template_helpers(app):
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["euro"] = lambda v: format_currency(v or Decimal(0), "EUR")
    app.jinja_env.filters["number"] = lambda v: format_decimal(v) if v is not None else ""   # 33.786 in Italian
    app.jinja_env.filters["ratio"] = lambda v: format_decimal(v, format="#,##0.00")   # 1,25 in Italian
    app.jinja_env.filters["date"] = lambda v, fmt="medium": format_date(v, fmt) if v else ""
    app.jinja_env.filters["datetime"] = lambda v, fmt="medium": format_datetime(v, fmt) if v else ""
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
