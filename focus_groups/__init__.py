"""Focus groups and their keyword sessions: phones send keywords, the projector wall groups them live, the
facilitator classifies them on a board and writes statements (models, views, live wall, grouping, exports)."""
from app import registry

from . import api, cli, cli_exports, participant, privacy, views, wall
from . import worklist  # noqa: F401 (registers the facilitator's panel)
from .demo import load_demo_focus_groups


def register() -> None:
    """Plug focus groups into the shell (app/features.py calls this)."""
    registry.add_blueprint(participant.bp)   # phones: /k/<code>
    registry.add_blueprint(wall.bp)          # the projector wall
    registry.add_blueprint(views.bp, "/gestione")
    registry.add_blueprint(api.bp, "/api/v1")   # keyword grouping as a public service
    registry.add_command(cli.keywords)                        # pdz keywords group
    registry.add_command(cli_exports.export_focus, "export")  # pdz export focus
    registry.add_api("focus_groups", schemas=api.api_schemas, paths=api.api_paths)
    privacy.register()
    registry.add_demo_seed("focus_groups", lambda plan, **_accounts: load_demo_focus_groups(plan))
