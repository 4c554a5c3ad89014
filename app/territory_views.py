"""The planning office's pages on the district's territory and governance: comuni, sub-areas, the managing body,
the governance bodies and their members, and the import from a file. Routes on the office blueprint."""
from __future__ import annotations

from flask import flash, g, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from . import autosave
from . import territory as services
from .auth import role_required
from .blueprint import office as bp
from .extensions import db
from .forms import form_status
from .office_registries import register_district_section
from .territory_files import TerritoryFileError, import_territory, read, template_xlsx
from .territory_forms import (BodyForm, FigureForm, ManagementEditForm, MemberForm, MunicipalityForm, SubAreaForm,
                              TerritoryImportForm)
from .territory_models import BodyMember, GovernanceBody, Management, Municipality, PublishedFigure, SubArea
from .view_helpers import NO_STORE, OFFICE, confirm_delete, owned_or_404, saved

register_district_section("office.territory", _l("Territory and governance"), OFFICE,
                          _l("The comuni with their population, the managing body, the assembly and the other "
                             "bodies."), order=15)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def territory_url(anchor: str | None = None) -> str:
    return url_for("office.territory", _anchor=anchor)


@bp.get("/<district>/territorio/")
@role_required(*OFFICE)
def territory():
    return render_template("office/territory/territory.html", held=services.territory(g.district))


@bp.route("/<district>/territorio/gestione", methods=["GET", "POST"])
@role_required(*OFFICE)
def management_edit():
    current = db.session.scalar(db.select(Management).filter_by(district_id=g.district.id))
    form = ManagementEditForm(data={"version": current.version, "form": current.form.value, "body": current.body,
                                    "notes": current.notes} if current else None, creating=current is None)
    if saved(form, lambda: services.set_management(g.district, form=form.form.data, body=form.body.data,
                                                    notes=form.notes.data, version=form.version.data)):
        flash(_("Managing body saved."), "success")
        return redirect(territory_url("management"))
    return render_template("office/territory/management_form.html", form=form), form_status(), NO_STORE


# --- comuni ----------------------------------------------------------------------------------------------------

def _sub_area_choices(form) -> None:
    form.sub_area_id.choices = [("", _("– none –")), *[
        (s.id, s.name) for s in db.session.scalars(db.select(SubArea).filter_by(district_id=g.district.id)
                                                   .order_by(SubArea.name))]]


def _municipality_values(form: MunicipalityForm) -> dict:
    return {"istat_code": form.istat_code.data, "name": form.name.data or None, "population": form.population.data,
            "population_year": form.population_year.data, "is_lead": form.is_lead.data,
            "sub_area": owned_or_404(SubArea, form.sub_area_id.data) if form.sub_area_id.data else None}


def _municipality_data(municipality: Municipality) -> dict:
    return {"version": municipality.version, "istat_code": municipality.istat_code, "name": municipality.name,
            "population": municipality.population, "population_year": municipality.population_year,
            "is_lead": municipality.is_lead, "sub_area_id": municipality.sub_area_id}


def _municipality_form(municipality: Municipality):
    form = MunicipalityForm(data=_municipality_data(municipality))
    _sub_area_choices(form)
    return form, lambda: services.update_municipality(municipality, version=form.version.data,
                                                       **_municipality_values(form))


@bp.route("/<district>/territorio/comuni/nuovo", methods=["GET", "POST"])
@role_required(*OFFICE)
def municipality_new():
    form = MunicipalityForm(creating=True)
    _sub_area_choices(form)
    municipality = saved(form, lambda: services.add_municipality(g.district, **_municipality_values(form)))
    if municipality:
        flash(_("%(name)s added.", name=municipality.name), "success")
        return redirect(territory_url("municipalities"))
    return render_template("office/territory/municipality_form.html", form=form, municipality=None), form_status()


autosave.add_edit_page(bp, "/<district>/comuni/<int:municipality_id>/", "municipality", OFFICE, autosave.EditPage(
    Municipality, _municipality_form, _municipality_data, "office/territory/municipality_form.html",
    context=lambda municipality: {"municipality": municipality},
    saved=lambda municipality: _("%(name)s saved.", name=municipality.name),
    done=lambda municipality: territory_url("municipalities")))


@bp.route("/<district>/comuni/<int:municipality_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def municipality_delete(municipality_id: int):
    municipality = owned_or_404(Municipality, municipality_id)
    seats = db.session.scalar(db.select(db.func.count(BodyMember.id)).filter_by(municipality_id=municipality.id))
    return confirm_delete(
        municipality, title=_("Remove the comune"), name=municipality.name,
        consequences=[seats and ngettext("%(num)d seat in a governance body loses its comune",
                                         "%(num)d seats in governance bodies lose their comune", seats)],
        cancel=territory_url("municipalities"), delete=lambda: services.delete_municipality(municipality),
        done=territory_url("municipalities"), message=_("%(name)s removed.", name=municipality.name))


# --- sub-areas ---------------------------------------------------------------------------------------------------

def _comuni_choices(form) -> None:
    form.municipalities.choices = [(m.id, m.name) for m in db.session.scalars(
        db.select(Municipality).filter_by(district_id=g.district.id).order_by(Municipality.name))]


def _chosen_comuni(form) -> list[Municipality]:
    return [owned_or_404(Municipality, municipality_id) for municipality_id in form.municipalities.data or []]


def _sub_area_data(sub_area: SubArea) -> dict:
    return {"version": sub_area.version, "name": sub_area.name,
            "municipalities": [m.id for m in sub_area.municipalities]}


def _sub_area_form(sub_area: SubArea):
    form = SubAreaForm(data=_sub_area_data(sub_area))
    _comuni_choices(form)
    return form, lambda: services.update_sub_area(sub_area, version=form.version.data, name=form.name.data,
                                                   municipalities=_chosen_comuni(form))


@bp.route("/<district>/territorio/sottoambiti/nuovo", methods=["GET", "POST"])
@role_required(*OFFICE)
def sub_area_new():
    form = SubAreaForm(creating=True)
    _comuni_choices(form)
    if saved(form, lambda: services.add_sub_area(g.district, form.name.data, _chosen_comuni(form))):
        flash(_("Sub-area added."), "success")
        return redirect(territory_url("sub-areas"))
    return render_template("office/territory/sub_area_form.html", form=form, sub_area=None), form_status()


autosave.add_edit_page(bp, "/<district>/sottoambiti/<int:sub_area_id>/", "sub_area", OFFICE, autosave.EditPage(
    SubArea, _sub_area_form, _sub_area_data, "office/territory/sub_area_form.html",
    context=lambda sub_area: {"sub_area": sub_area}, saved=lambda sub_area: _("Sub-area saved."),
    done=lambda sub_area: territory_url("sub-areas")))


@bp.route("/<district>/sottoambiti/<int:sub_area_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def sub_area_delete(sub_area_id: int):
    sub_area = owned_or_404(SubArea, sub_area_id)
    count = len(sub_area.municipalities)
    return confirm_delete(
        sub_area, title=_("Delete the sub-area"), name=sub_area.name,
        consequences=[count and ngettext("%(num)d comune stays in the district, in no sub-area",
                                         "%(num)d comuni stay in the district, in no sub-area", count)],
        cancel=territory_url("sub-areas"), delete=lambda: services.delete_sub_area(sub_area),
        done=territory_url("sub-areas"), message=_("Sub-area deleted."))


# --- governance bodies -------------------------------------------------------------------------------------------

def _body_data(body: GovernanceBody) -> dict:
    return {"version": body.version, "kind": body.kind.value, "name": body.name, "description": body.description}


def _body_form(body: GovernanceBody):
    form = BodyForm(data=_body_data(body))
    return form, lambda: services.update_body(body, version=form.version.data, kind=form.kind.data,
                                               name=form.name.data, description=form.description.data)


def body_url(body: GovernanceBody) -> str:
    return url_for("office.body", body_id=body.id)


@bp.route("/<district>/territorio/organismi/nuovo", methods=["GET", "POST"])
@role_required(*OFFICE)
def body_new():
    form = BodyForm(creating=True)
    body = saved(form, lambda: services.add_body(g.district, kind=form.kind.data, name=form.name.data,
                                                  description=form.description.data))
    if body:
        flash(_("%(name)s added: now its members.", name=body.name), "success")
        return redirect(body_url(body))
    return render_template("office/territory/body_form.html", form=form, body=None), form_status()


def _member_form() -> MemberForm:
    form = MemberForm()
    form.municipality_id.choices = [("", _("– none –")), *[
        (m.id, m.name) for m in db.session.scalars(db.select(Municipality).filter_by(district_id=g.district.id)
                                                   .order_by(Municipality.name))]]
    return form


@bp.route("/<district>/organismi/<int:body_id>/", methods=["GET", "POST"])
@role_required(*OFFICE)
def body(body_id: int):
    """The body and its members; POST adds a member."""
    body = owned_or_404(GovernanceBody, body_id)
    form = _member_form()
    municipality = None
    if form.municipality_id.data:
        municipality = owned_or_404(Municipality, form.municipality_id.data)
    if saved(form, lambda: services.add_member(body, name=form.name.data, role=form.role.data,
                                                municipality=municipality)):
        flash(_("%(name)s added to %(body)s.", name=form.name.data, body=body.name), "success")
        return redirect(body_url(body) + "#members")
    return render_template("office/territory/body.html", body=body, form=form), form_status()


autosave.add_edit_page(bp, "/<district>/organismi/<int:body_id>/", "body", OFFICE, autosave.EditPage(
    GovernanceBody, _body_form, _body_data, "office/territory/body_form.html",
    context=lambda body: {"body": body}, saved=lambda body: _("%(name)s saved.", name=body.name), done=body_url))


@bp.route("/<district>/organismi/<int:body_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def body_delete(body_id: int):
    body = owned_or_404(GovernanceBody, body_id)
    return confirm_delete(
        body, title=_("Delete the body"), name=body.name,
        consequences=[body.members and ngettext("%(num)d member", "%(num)d members", len(body.members))],
        cancel=body_url(body), delete=lambda: services.delete_body(body), done=territory_url("bodies"),
        message=_("%(name)s deleted.", name=body.name))


@bp.route("/<district>/componenti/<int:member_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def member_delete(member_id: int):
    member = owned_or_404(BodyMember, member_id)
    body = member.body
    return confirm_delete(
        member, title=_("Remove the member"), name=member.name, consequences=[], cancel=body_url(body),
        delete=lambda: services.delete_member(member), done=body_url(body) + "#members",
        message=_("%(name)s removed from %(body)s.", name=member.name, body=body.name))


# --- from and to a file --------------------------------------------------------------------------------------------

# --- figures as published ------------------------------------------------------------------------------------------

@bp.route("/<district>/territorio/cifre/nuova", methods=["GET", "POST"])
@role_required(*OFFICE)
def figure_new():
    form = FigureForm()
    if saved(form, lambda: services.add_figure(g.district, label=form.label.data, value=form.value.data,
                                               subject=form.subject.data, year=form.year.data,
                                               source=form.source.data)):
        flash(_("Figure added."), "success")
        return redirect(territory_url("figures"))
    return render_template("office/territory/figure_form.html", form=form), form_status()


@bp.route("/<district>/cifre/<int:figure_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def figure_delete(figure_id: int):
    figure = owned_or_404(PublishedFigure, figure_id)
    return confirm_delete(figure, title=_("Delete the figure"), name=f"{figure.label}: {figure.value}",
                          consequences=[], cancel=territory_url("figures"),
                          delete=lambda: services.delete_figure(figure), done=territory_url("figures"),
                          message=_("Figure deleted."))


@bp.route("/<district>/territorio/importa", methods=["GET", "POST"])
@role_required(*OFFICE)
def territory_import():
    form = TerritoryImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            counts = import_territory(g.district, read(upload.filename, upload.read()))
            db.session.commit()
        except TerritoryFileError as error:
            db.session.rollback()
            form.file.errors = [error.message]
            problems = error.problems
        else:
            flash(_("Imported: %(comuni)d comuni, %(bodies)d bodies with %(members)d members, %(figures)d published "
                    "figures.", comuni=counts["municipalities"], bodies=counts["bodies"], members=counts["members"],
                    figures=counts["figures"]), "success")
            return redirect(territory_url())
    status = 422 if problems else form_status()
    return render_template("office/territory/import.html", form=form, problems=problems), status


@bp.get("/<district>/territorio/territorio.xlsx")
@role_required(*OFFICE)
def territory_workbook():
    response = make_response(template_xlsx(g.district))
    response.headers["Content-Type"] = XLSX
    response.headers["Content-Disposition"] = f'attachment; filename="territorio-{g.district.slug}.xlsx"'
    return response
