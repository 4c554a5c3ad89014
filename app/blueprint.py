"""The shell's blueprints, each created once here: a route module imports its own and adds its routes, so no
route module imports another (the comment says which add routes)."""
from flask import Blueprint

admin = Blueprint("admin", __name__)  # admin.py
auth = Blueprint("auth", __name__)  # auth.py, password_reset.py
health = Blueprint("health", __name__)  # health.py
office = Blueprint("office", __name__)  # office.py, office_actions.py, office_organizations.py
public = Blueprint("public", __name__)  # public.py
transfer = Blueprint("transfer", __name__)  # transfer.py
