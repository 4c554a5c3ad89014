"""The shell's blueprints that span several route files; each route file imports its blueprint from here
and adds its routes, so no route file imports another (auth.py and office.py import their siblings)."""
from flask import Blueprint

auth = Blueprint("auth", __name__)
office = Blueprint("office", __name__)
