"""The one module of the shell that knows the features. Each feature package plugs itself into the shell's
registries (app/registry.py; privacy providers into app/privacy.py) from its own `register()`; nothing
else in app/ imports a feature. create_app and the `pdz` command call `register()`."""
import evaluations
import focus_groups
import meetings
import plan_drafts
import posts

# In this order: the demo seeds run in it (posts read the focus groups and meetings, drafts read everything).
FEATURES = (evaluations, focus_groups, meetings, posts, plan_drafts)


def register() -> None:
    """Let every feature register; registering again (each create_app) changes nothing."""
    for feature in FEATURES:
        feature.register()
