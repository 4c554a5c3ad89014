"""The plan drafts' blueprints, each created once here: a route module imports its own and adds its
routes, so no route module imports another (the comment says which add routes)."""
from flask import Blueprint

drafts = Blueprint("drafts", __name__)  # coverage_views.py, objective_views.py, views.py
draft_participation = Blueprint("draft_participation", __name__)  # writing_office.py
draft_writing = Blueprint("draft_writing", __name__)  # writing_views.py
