"""Evaluation cards: each system action's referent reports on it in a campaign the planning office opens;
the office reviews, approves and publishes them (models, views, services, charts, exports, the API)."""
from app import registry

from . import api, cli, cli_exports, dashboard, offline, pdf, privacy, public_views, views
from . import worklist  # noqa: F401 (registers what waits for the office and for referents)
from .demo import load_demo_campaign


def register() -> None:
    """Plug evaluation cards into the shell (app/features.py calls this)."""
    registry.add_blueprint(public_views.bp)     # published evaluations
    registry.add_blueprint(dashboard.assets)    # the charts' script, on public pages too
    for blueprint in (views.bp, dashboard.bp, offline.bp, pdf.bp):
        registry.add_blueprint(blueprint, "/gestione")
    registry.add_command(cli.cards)                       # pdz cards remind
    registry.add_command(cli_exports.export_cards, "export")   # pdz export cards
    registry.add_api("evaluations", schemas=api.card_schemas, paths=api.card_paths)   # its route: api.py
    privacy.register()
    registry.add_demo_seed("evaluations", lambda plan, *, password, users: load_demo_campaign(
        plan, password=password, **users))
