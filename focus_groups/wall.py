"""The projector wall of a keyword session and its polling API."""
from flask import Blueprint

bp = Blueprint("wall", __name__)


def register(app):
    app.register_blueprint(bp)
