"""The evaluation cards' blueprint: the referents' pages (views.py) and the office's campaigns
(office_views.py) add their routes to it."""
from flask import Blueprint

bp = Blueprint("evaluations", __name__)
