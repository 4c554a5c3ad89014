"""Synthesis posts and the district's blog."""
from app import registry

from . import comment_views, office_views, privacy, public_views, views
from . import worklist  # noqa: F401 (registers what waits for the planning office)
from .demo import load_demo_posts


def register() -> None:
    """Plug posts into the shell (app/features.py calls this)."""
    registry.add_blueprint(public_views.bp)   # the blog and its feed
    registry.add_blueprint(comment_views.public_bp)   # readers' comments
    registry.add_blueprint(views.images)   # a post's images (public once the post is)
    for blueprint in (office_views.bp, comment_views.bp, views.bp):
        registry.add_blueprint(blueprint, "/gestione")
    privacy.register()
    # Synthesis posts are written from the focus groups and meetings: their seeds come first.
    registry.add_demo_seed("posts", lambda plan, **_accounts: load_demo_posts(plan))
