"""Evaluation campaigns and cards: the planning office's and the referents' pages."""
from flask import Blueprint

from . import models  # noqa: F401  (the tables must be known to the app)

bp = Blueprint("evaluations", __name__)
