"""The participant's side of a keyword session: the phone page and the JSON API it may use."""
from flask import Blueprint

from . import models  # noqa: F401  (the models are registered with the app)

bp = Blueprint("participant", __name__)


def register(app):
    app.register_blueprint(bp)
