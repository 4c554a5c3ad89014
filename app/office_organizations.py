"""The planning office's directory of the district's organizations (bodies involved in actions)."""
from __future__ import annotations

from typing import Callable

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from . import autosave
from . import structure_actions as actions
from .auth import role_required
from .blueprint import office as bp
from .extensions import db
from .forms import form_status
from .models import Organization
from .structure_forms import OrganizationForm
from .view_helpers import OFFICE, confirm_delete, owned_or_404, saved


def _values(form: OrganizationForm) -> dict:
    return {"name": form.name.data, "type_": form.type.data, "municipality": form.municipality.data,
            "website": form.website.data, "description": form.description.data}


@bp.get("/<district>/enti")
@role_required(*OFFICE)
def organizations():
    query = (request.args.get("q") or "").strip()
    page = db.paginate(actions.search_organizations(g.district, query), per_page=current_app.config["PER_PAGE"],
                       error_out=False)
    return render_template("office/organizations.html", page=page, query=query)


@bp.route("/<district>/enti/nuovo", methods=["GET", "POST"])
@role_required(*OFFICE)
def organization_new():
    form = OrganizationForm(creating=True)
    org = saved(form, lambda: actions.create_organization(g.district, **_values(form)))
    if org:
        flash(_("Organization %(name)s created.", name=org.name), "success")
        return redirect(url_for("office.organizations", q=org.name))
    return render_template("office/organization_form.html", form=form, organization=None), form_status()


def _data(org: Organization) -> dict:
    return {"version": org.version, "name": org.name, "type": org.type, "municipality": org.municipality,
            "website": org.website, "description": org.description}


def _edit_form(org: Organization) -> tuple[OrganizationForm, Callable[[], object]]:
    """The edit form (with what was posted) and the service that saves it, for the page and its autosave."""
    form = OrganizationForm(data=_data(org))
    return form, lambda: actions.update_organization(org, version=form.version.data, **_values(form))


autosave.add_edit_page(bp, "/<district>/enti/<int:organization_id>/", "organization", OFFICE, autosave.EditPage(
    Organization, _edit_form, _data, "office/organization_form.html",
    context=lambda org: {"organization": org}, saved=lambda org: _("Organization %(name)s saved.", name=org.name),
    done=lambda org: url_for("office.organizations", q=org.name)))


@bp.route("/<district>/enti/<int:organization_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def organization_delete(organization_id):
    org = owned_or_404(Organization, organization_id)
    used_by = actions.organization_usage(org)
    return confirm_delete(
        org, title=_("Delete the organization"), name=org.name,
        consequences=[ngettext("its involvement in %(num)d system action: %(codes)s",
                               "its involvement in %(num)d system actions: %(codes)s", len(used_by),
                               codes=", ".join(a.code for a in used_by))] if used_by else [],
        cancel=url_for("office.organizations"), delete=lambda: actions.delete_organization(org),
        done=url_for("office.organizations"), message=_("Organization %(name)s deleted.", name=org.name))
