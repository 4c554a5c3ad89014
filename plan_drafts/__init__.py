"""Plan drafts: the next three-year plan written from the evidence of the evaluation, then approved."""
from app import registry

from . import cli, privacy, views, writing_office, writing_views
from .demo import load_demo_draft
from .writing_demo import load_demo_writing


def register() -> None:
    """Plug plan drafts into the shell (app/features.py calls this)."""
    registry.add_blueprint(writing_views.bp)   # a draft opened to participants or the public
    registry.add_blueprint(views.bp, "/gestione")
    registry.add_blueprint(writing_office.bp, "/gestione")
    registry.add_command(cli.export_draft, "export")   # pdz export draft
    privacy.register()
    # The draft reads every other feature's demo data, so its seeds come last; then the comments on it.
    registry.add_demo_seed("plan_draft", lambda plan, **_accounts: load_demo_draft(plan))
    registry.add_demo_seed("draft_writing", lambda plan, **_accounts: load_demo_writing(plan))
