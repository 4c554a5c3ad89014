"""People, invitations, the outbox and the audit log of a district, for its planning office."""
from flask import Blueprint

bp = Blueprint("admin", __name__)
