"""The focus groups' management blueprint: views.py, session_views.py, board.py and across.py add their routes
to it, under /gestione/<district>/focus/."""
from flask import Blueprint

bp = Blueprint("focus", __name__)
