"""The planning office's pages: the dashboard of a user's districts and the management of plan structure.

Plans, theses and areas are here; actions and organizations in office_actions.py and office_organizations.py,
on the same blueprint (app/blueprint.py). Every view below `/<district>/` checks the role in g.district and,
through `owned_or_404` (app/view_helpers.py), that what it loads by id belongs to g.district.
"""
from __future__ import annotations

from typing import Callable

from flask import current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

# The sibling route files add their routes to the same blueprint when imported here.
from . import (autosave, funding_views, office_actions, office_organizations, structure,  # noqa: F401
               roles_views, territory_views, worklist)
from .auth import admin_required, role_required
from .blueprint import office as bp
from .errors import DomainError
from .extensions import db
from .forms import form_status
from .models import District, Plan, PlanningArea, SystemAction, Thesis
from .office_registries import district_sections, plan_links
from .structure_forms import AreaForm, DistrictForm, PlanForm, ThesisForm
from .versioned import version_token
from .view_helpers import (EVERY_ROLE, OFFICE, confirm_delete, may_open, move_from_request, owned_or_404,
                           plan_url, saved)


# --- dashboard and district overview -------------------------------------------------------------

@bp.get("/")
@role_required(*EVERY_ROLE)
def dashboard():
    districts = current_user.districts
    if current_user.is_admin:
        districts = list(db.session.scalars(db.select(District).order_by(District.name)))
    if len(districts) == 1 and not current_user.is_admin:
        return redirect(url_for("office.district", district=districts[0].slug))
    return render_template("office/dashboard.html", districts=districts)


@bp.route("/ambiti/nuovo", methods=["GET", "POST"])
@admin_required
def new_district():
    """An installation serves several districts: its administrator adds them."""
    form = DistrictForm()
    if form.validate_on_submit():
        try:
            district = structure.create_district(form.name.data, form.province.data)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            form.name.errors.append(error.message)
        else:
            flash(_("District %(name)s created: invite its planning office.", name=district.name), "success")
            return redirect(url_for("admin.new_invitation", district=district.slug))
    return render_template("office/district_form.html", form=form), form_status()


@bp.get("/<district>/")
@role_required(*EVERY_ROLE)
def district():
    roles = current_user.roles_in(g.district.id)
    is_office = current_user.has_role(g.district.id, *OFFICE)
    sections, seen = [], set()
    for endpoint, label, allowed, *text in district_sections():
        if endpoint not in seen and endpoint in current_app.view_functions \
                and current_user.has_role(g.district.id, *allowed):
            sections.append((endpoint, label, text[0] if text else None))
        seen.add(endpoint)
    my_actions = [a for a in current_user.actions if a.plan.district_id == g.district.id]
    # What needs the user now comes first: the office's work list, then each role's panel (a referent's cards,
    # a facilitator's groups); the plans and the sections follow.
    return render_template("office/district.html", district=g.district, roles=roles, is_office=is_office,
                           sections=sections, my_actions=my_actions,
                           work=worklist.office_work(g.district) if is_office else [],
                           panels=worklist.landing_panels(g.district, current_user))


# --- plans -----------------------------------------------------------------------------------------

def _plan_values(form: PlanForm) -> dict:
    previous = owned_or_404(Plan, form.previous_plan.data) if form.previous_plan.data else None
    return {"title": form.title.data, "start_year": form.start_year.data, "end_year": form.end_year.data,
            "status": form.status.data, "description": form.description.data, "previous_plan": previous}


@bp.route("/<district>/piani/nuovo", methods=["GET", "POST"])
@role_required(*OFFICE)
def plan_new():
    latest = g.district.plans[0] if g.district.plans else None
    # A new Piano di Zona usually continues the latest one, for the next three years.
    form = PlanForm(data={"previous_plan": latest.id, "start_year": latest.end_year + 1,
                          "end_year": latest.end_year + 3} if latest else None, creating=True)
    form.set_choices(structure.other_plans(None, g.district))
    plan = saved(form, lambda: structure.create_plan(g.district, **_plan_values(form)))
    if plan:
        flash(_("Plan %(title)s created.", title=plan.title), "success")
        return redirect(plan_url(plan))
    return render_template("office/plan_form.html", form=form, plan=None), form_status()


@bp.get("/<district>/piani/<int:plan_id>")
@role_required(*OFFICE)
def plan(plan_id):
    plan = owned_or_404(Plan, plan_id)
    links = [(label, url_for(endpoint, plan_id=plan.id, **values)) for endpoint, label, values in plan_links()
             if may_open(endpoint)]
    return render_template("office/plan.html", plan=plan, links=links)


def _plan_data(plan: Plan) -> dict:
    return {"version": plan.version, "title": plan.title, "start_year": plan.start_year, "end_year": plan.end_year,
            "status": plan.status, "description": plan.description, "previous_plan": plan.previous_plan_id}


def _plan_edit_form(plan: Plan) -> tuple[PlanForm, Callable[[], object]]:
    """The edit form (with what was posted) and the service that saves it, for the page and its autosave."""
    form = PlanForm(data=_plan_data(plan))
    form.set_choices(structure.other_plans(plan, g.district))
    return form, lambda: structure.update_plan(plan, version=form.version.data, **_plan_values(form))


autosave.add_edit_page(bp, "/<district>/piani/<int:plan_id>/", "plan", OFFICE, autosave.EditPage(
    Plan, _plan_edit_form, _plan_data, "office/plan_form.html", context=lambda plan: {"plan": plan},
    saved=lambda plan: _("Plan %(title)s saved.", title=plan.title), done=plan_url))


@bp.route("/<district>/piani/<int:plan_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def plan_delete(plan_id):
    plan = owned_or_404(Plan, plan_id)
    return confirm_delete(
        plan, title=_("Delete the plan"), name=plan.title,
        # A kind with nothing to delete gives an empty list, which confirm_delete leaves out.
        consequences=[
            plan.theses and ngettext("%(num)d thesis", "%(num)d theses", len(plan.theses)),
            plan.areas and ngettext("%(num)d priority area", "%(num)d priority areas", len(plan.areas)),
            plan.actions and ngettext("%(num)d system action with its referents, organizations and budget",
                                      "%(num)d system actions with their referents, organizations and budget",
                                      len(plan.actions))],
        cancel=plan_url(plan), delete=lambda: structure.delete_plan(plan),
        done=url_for("office.district"), message=_("Plan %(title)s deleted.", title=plan.title))


# --- theses ----------------------------------------------------------------------------------------

@bp.route("/<district>/piani/<int:plan_id>/tesi/nuova", methods=["GET", "POST"])
@role_required(*OFFICE)
def thesis_new(plan_id):
    plan = owned_or_404(Plan, plan_id)
    form = ThesisForm(creating=True)
    if saved(form, lambda: structure.add_thesis(plan, form.text.data)):
        flash(_("Thesis added."), "success")
        return redirect(plan_url(plan, "theses"))
    return render_template("office/thesis_form.html", form=form, plan=plan, thesis=None), form_status()


def _thesis_data(thesis: Thesis) -> dict:
    # Theses have no version column: the token is a digest of their content.
    return {"version": version_token(thesis), "text": thesis.text}


def _thesis_edit_form(thesis: Thesis) -> tuple[ThesisForm, Callable[[], object]]:
    form = ThesisForm(data=_thesis_data(thesis))
    return form, lambda: structure.update_thesis(thesis, version=form.version.data, text=form.text.data)


autosave.add_edit_page(bp, "/<district>/tesi/<int:thesis_id>/", "thesis", OFFICE, autosave.EditPage(
    Thesis, _thesis_edit_form, _thesis_data, "office/thesis_form.html",
    context=lambda thesis: {"plan": thesis.plan, "thesis": thesis}, saved=lambda thesis: _("Thesis saved."),
    done=lambda thesis: plan_url(thesis.plan_id, "theses")))


@bp.route("/<district>/tesi/<int:thesis_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def thesis_delete(thesis_id):
    thesis = owned_or_404(Thesis, thesis_id)
    plan_id = thesis.plan_id
    linked = db.session.scalar(db.select(db.func.count()).select_from(SystemAction).where(
        SystemAction.theses.contains(thesis)))
    return confirm_delete(
        thesis, title=_("Delete the thesis"), name=thesis.text,
        consequences=[ngettext("its link with %(num)d system action", "its link with %(num)d system actions",
                               linked)] if linked else [],
        cancel=plan_url(plan_id, "theses"), delete=lambda: structure.delete_thesis(thesis),
        done=plan_url(plan_id, "theses"), message=_("Thesis deleted."))


@bp.post("/<district>/tesi/<int:thesis_id>/sposta")
@role_required(*OFFICE)
def thesis_move(thesis_id):
    thesis = owned_or_404(Thesis, thesis_id)
    move_from_request(structure.move_thesis, thesis)
    return redirect(plan_url(thesis.plan_id, f"thesis-{thesis.id}"))


# --- areas -----------------------------------------------------------------------------------------

@bp.route("/<district>/piani/<int:plan_id>/aree/nuova", methods=["GET", "POST"])
@role_required(*OFFICE)
def area_new(plan_id):
    plan = owned_or_404(Plan, plan_id)
    form = AreaForm(creating=True)
    area = saved(form, lambda: structure.add_area(plan, name=form.name.data,
                                                  description=form.description.data))
    if area:
        flash(_("Area %(name)s added.", name=area.name), "success")
        return redirect(plan_url(plan, f"area-{area.id}"))
    return render_template("office/area_form.html", form=form, plan=plan, area=None), form_status()


def _area_data(area: PlanningArea) -> dict:
    return {"version": area.version, "name": area.name, "description": area.description}


def _area_edit_form(area: PlanningArea) -> tuple[AreaForm, Callable[[], object]]:
    form = AreaForm(data=_area_data(area))
    return form, lambda: structure.update_area(area, version=form.version.data, name=form.name.data,
                                               description=form.description.data)


autosave.add_edit_page(bp, "/<district>/aree/<int:area_id>/", "area", OFFICE, autosave.EditPage(
    PlanningArea, _area_edit_form, _area_data, "office/area_form.html",
    context=lambda area: {"plan": area.plan, "area": area}, saved=lambda area: _("Area %(name)s saved.", name=area.name),
    done=lambda area: plan_url(area.plan_id, f"area-{area.id}")))


@bp.route("/<district>/aree/<int:area_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def area_delete(area_id):
    area = owned_or_404(PlanningArea, area_id)
    plan_id = area.plan_id
    return confirm_delete(
        area, title=_("Delete the priority area"), name=area.name,
        consequences=[
            area.actions and ngettext("%(num)d system action with its referents, organizations and budget",
                                      "%(num)d system actions with their referents, organizations and budget",
                                      len(area.actions))],
        cancel=plan_url(plan_id, f"area-{area.id}"), delete=lambda: structure.delete_area(area),
        done=plan_url(plan_id, "areas"), message=_("Area %(name)s deleted.", name=area.name))


@bp.post("/<district>/aree/<int:area_id>/sposta")
@role_required(*OFFICE)
def area_move(area_id):
    area = owned_or_404(PlanningArea, area_id)
    move_from_request(structure.move_area, area)
    return redirect(plan_url(area.plan_id, f"area-{area.id}"))
