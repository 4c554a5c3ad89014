"""The meetings' blueprints, each created once here: a route module imports its own and adds its
routes, so no route module imports another (the comment says which add routes)."""
from flask import Blueprint

meetings = Blueprint("meetings", __name__)  # participation_views.py, parts_views.py, views.py
meeting_registrations = Blueprint("meeting_registrations", __name__)  # attendance_views.py, registration_office.py
meeting_minutes = Blueprint("meeting_minutes", __name__)  # minutes_views.py
minutes_public = Blueprint("minutes_public", __name__)  # minutes_views.py
meetings_public = Blueprint("meetings_public", __name__)  # public_views.py
registration = Blueprint("registration", __name__)  # registration_views.py
