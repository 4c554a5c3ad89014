"""The focus groups' blueprints, each created once here: a route module imports its own and adds its
routes, so no route module imports another (the comment says which add routes)."""
from flask import Blueprint

focus = Blueprint("focus", __name__)  # across.py, board.py, session_views.py, views.py
keywords_api = Blueprint("keywords_api", __name__)  # api.py
participant = Blueprint("participant", __name__)  # participant.py
wall = Blueprint("wall", __name__)  # wall.py
