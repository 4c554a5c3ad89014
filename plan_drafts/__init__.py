"""Plan drafts: the next three-year plan written from the evidence of the evaluation, then approved."""
from app import registry
from evaluations.targets import add_target_provider

from . import cli, codesign, cycle_export, privacy, views, writing_office, writing_views
from . import worklist  # noqa: F401 (registers what waits for the planning office)
from .codesign_demo import load_demo_codesign
from .continuity_demo import load_demo_continuity
from .demo import load_demo_draft
from .writing_demo import load_demo_writing


def register() -> None:
    """Plug plan drafts into the shell (app/features.py calls this)."""
    registry.add_blueprint(writing_views.bp)   # a draft opened to participants or the public
    registry.add_blueprint(views.bp, "/gestione")
    registry.add_blueprint(writing_office.bp, "/gestione")
    registry.add_command(cli.export_draft, "export")   # pdz export draft
    registry.add_command(cycle_export.export_cycle, "export")   # pdz export cycle
    privacy.register()
    add_target_provider("codesign", codesign.agreed_targets)   # the cards report on the tables' targets
    # The draft reads every other feature's demo data, so its seeds come last; then what its objectives take up
    # from the previous plan, and the comments on it.
    registry.add_demo_seed("plan_draft", lambda plan, **_accounts: load_demo_draft(plan))
    registry.add_demo_seed("draft_continuity", lambda plan, **_accounts: load_demo_continuity(plan))
    registry.add_demo_seed("draft_codesign", lambda plan, **_accounts: load_demo_codesign(plan))
    registry.add_demo_seed("draft_writing", lambda plan, **_accounts: load_demo_writing(plan))
