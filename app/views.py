"""The shell's map of the site (the features add theirs through app/registry.py), and the helpers every
template can use."""
from decimal import Decimal

from flask_babel import format_currency, format_decimal

from . import accessibility_views, admin, api, auth, health, office, privacy_views, public, registry, transfer
from .audit_labels import actor_label
from .clock import format_day, format_moment, format_wall_clock, to_local
from .text import render_markdown


def register_blueprints(app):
    """The shell's pages first, then the features' (app/registry.py, filled by app/features.py)."""
    site_map = [
        # public: the plan, sign-in, health check, privacy notice
        (public.bp, None), (auth.bp, None), (health.bp, None), (privacy_views.public_bp, None),
        (accessibility_views.public_bp, None),   # the accessibility statement, its form, the legal notes
        # management, under /gestione/<district>/...
        (office.bp, "/gestione"), (admin.bp, "/gestione"), (transfer.bp, "/gestione"),
        (privacy_views.bp, "/gestione"), (accessibility_views.bp, "/gestione"),
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
    # One clock (app/clock.py): |datetime shows a stored UTC moment in Rome time; |local turns it into Rome
    # wall-clock time (for |date or an input); |date and |wall_clock show dates and meeting times as they are.
    app.jinja_env.filters["datetime"] = format_moment
    app.jinja_env.filters["local"] = to_local
    app.jinja_env.filters["date"] = format_day
    app.jinja_env.filters["wall_clock"] = format_wall_clock
    app.jinja_env.globals["actor_label"] = actor_label   # who made a change, for the audit log and the histories
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
