"""The planning office's page on the district's list of participant roles. Routes on the office blueprint."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from . import roles as services
from .auth import role_required
from .blueprint import office as bp
from .extensions import db
from .forms import FlaskForm, form_status
from .office_registries import register_district_section
from .role_models import ParticipantRole
from .view_helpers import OFFICE, confirm_delete, owned_or_404, saved

register_district_section("office.roles", _l("Participant roles"), OFFICE,
                          _l("The capacities people take part in, for the participation pages."), order=17)


class RoleForm(FlaskForm):
    name = StringField(_l("Role"), validators=[DataRequired(), Length(max=100)])


def _uses(role: ParticipantRole) -> dict[str, int]:
    """How many rows of each table that points to the role name it (registrations, roster places, comments,
    amendments, the minutes' reports), by table."""
    columns = [fk.parent for table in db.metadata.tables.values() for fk in table.foreign_keys
               if fk.column.table.name == "participant_role"]
    return {column.table.name: db.session.scalar(select(func.count()).select_from(column.table)
                                                 .where(column == role.id)) or 0 for column in columns}


@bp.route("/<district>/ruoli/", methods=["GET", "POST"])
@role_required(*OFFICE)
def roles():
    form = RoleForm()
    role = saved(form, lambda: services.add_role(g.district, form.name.data))
    if role:
        flash(_("%(name)s added.", name=role.name), "success")
        return redirect(url_for("office.roles"))
    listed = [(role, sum(_uses(role).values())) for role in services.district_roles(g.district.id)]
    return render_template("office/roles.html", form=form, roles=listed), form_status()


@bp.route("/<district>/ruoli/<int:role_id>/modifica", methods=["GET", "POST"])
@role_required(*OFFICE)
def role_edit(role_id: int):
    role = owned_or_404(ParticipantRole, role_id)
    form = RoleForm(data={"name": role.name})
    if saved(form, lambda: services.rename_role(role, form.name.data)):
        flash(_("%(name)s saved.", name=role.name), "success")
        return redirect(url_for("office.roles"))
    return render_template("office/role_form.html", form=form, role=role), form_status()


@bp.route("/<district>/ruoli/<int:role_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def role_delete(role_id: int):
    role = owned_or_404(ParticipantRole, role_id)
    by_table = _uses(role)
    reported = by_table.pop("role_report", 0)     # a report of the role is the role: it goes with it
    uses = sum(by_table.values())
    return confirm_delete(
        role, title=_("Delete the role"), name=role.name,
        consequences=[uses and ngettext("%(num)d participation loses its role (it stays counted, without one)",
                                        "%(num)d participations lose their role (they stay counted, without one)",
                                        uses),
                      reported and ngettext("%(num)d meeting's minutes no longer report the role",
                                            "%(num)d meetings' minutes no longer report the role", reported)],
        cancel=url_for("office.roles"), delete=lambda: services.delete_role(role), done=url_for("office.roles"),
        message=_("%(name)s deleted.", name=role.name))
