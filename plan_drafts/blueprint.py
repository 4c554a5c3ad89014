"""The drafts' blueprint: views.py (drafts, chapters, approval), objective_views.py (axes, objectives and
their evidence) and coverage_views.py (coverage of the development lines, statements) add their routes to it."""
from flask import Blueprint

bp = Blueprint("drafts", __name__)
