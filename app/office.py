"""The planning office's pages: the dashboard of a user's districts and the management of plan structure."""
from flask import Blueprint, g, redirect, render_template, url_for
from flask_login import current_user, login_required

from .auth import role_required
from .models import Role

bp = Blueprint("office", __name__)

STAFF = (Role.PLANNING_OFFICE, Role.FACILITATOR, Role.REFERENT)


@bp.get("/")
@role_required(*STAFF)
def dashboard():
    districts = current_user.districts
    if len(districts) == 1 and not current_user.is_admin:
        return redirect(url_for("office.district", district=districts[0].slug))
    return render_template("office/dashboard.html", districts=districts)


@bp.get("/<district>/")
@role_required(*STAFF)
def district():
    return render_template("office/district.html", district=g.district,
                           roles=current_user.roles_in(g.district.id))
