"""The meetings' management blueprints, each shared by several route files: `bp` (views.py, parts_views.py,
participation_views.py) and `registrations_bp` (registration_office.py, attendance_views.py)."""
from flask import Blueprint

bp = Blueprint("meetings", __name__)
registrations_bp = Blueprint("meeting_registrations", __name__)
