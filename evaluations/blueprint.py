"""The evaluation cards' blueprints, each created once here: a route module imports its own and adds its
routes, so no route module imports another (the comment says which add routes)."""
from flask import Blueprint

evaluations = Blueprint("evaluations", __name__)  # office_views.py, views.py
card_dashboard = Blueprint("card_dashboard", __name__)  # dashboard.py
chart_assets = Blueprint("chart_assets", __name__)  # dashboard.py
card_offline = Blueprint("card_offline", __name__)  # offline.py
card_pdf = Blueprint("card_pdf", __name__)  # pdf.py
evaluations_public = Blueprint("evaluations_public", __name__)  # public_views.py
