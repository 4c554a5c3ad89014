"""The planning office's import and export of plans: upload a JSON or XLSX file, download the XLSX template,
download a plan as JSON or XLSX. The work is done by app/plan_files.py, shared with the `pdz` command."""
from __future__ import annotations

import io

from flask import current_app, flash, g, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired

from . import plan_files
from .auth import role_required
from .blueprint import transfer as bp
from .extensions import db
from .forms import FlaskForm, form_status
from .models import Plan
from .office_registries import register_district_section
from .plans import PlanImportError
from .view_helpers import OFFICE, owned_or_404


register_district_section("transfer.import_plan", _l("Import and export"), OFFICE,
                          _l("Load a plan from JSON or a spreadsheet; download plans and the template."),
                          order=900)


class ImportForm(FlaskForm):
    file = FileField(_l("Plan file (JSON or XLSX)"), validators=[
        FileRequired(_l("Choose a file.")),
        FileAllowed(["json", "xlsx"], _l("The file must be .json or .xlsx."))])


@bp.route("/<district>/importa", methods=["GET", "POST"])
@role_required(*OFFICE)
def import_plan():
    form, problems = ImportForm(), []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            plan = plan_files.import_plan_file(upload.filename or "", upload.read(), district=g.district)
            db.session.commit()
        except PlanImportError as error:
            db.session.rollback()
            problems = error.problems     # listed in a table by the template, with where and field
        else:
            flash(_("Imported %(title)s: %(areas)d areas, %(actions)d actions.", title=plan.title,
                    areas=len(plan.areas), actions=len(plan.actions)), "success")
            if "office.plan" in current_app.view_functions:
                return redirect(url_for("office.plan", plan_id=plan.id))
            return redirect(url_for("transfer.import_plan"))
    plans = db.session.scalars(db.select(Plan).filter_by(district_id=g.district.id)
                               .order_by(Plan.start_year.desc(), Plan.title)).all()
    return render_template("transfer/import.html", form=form, problems=problems, plans=plans,
                           district=g.district), form_status()


@bp.get("/<district>/importa/modello.xlsx")
@role_required(*OFFICE)
def template():
    return _download(*plan_files.template())


@bp.get("/<district>/piani/<int:plan_id>/esporta.<any(json, xlsx):fmt>")
@role_required(*OFFICE)
def export_plan(plan_id: int, fmt: str):
    plan = owned_or_404(Plan, plan_id)
    return _download(*plan_files.export_plan(plan, fmt))


def _download(content: bytes, filename: str, mimetype: str):
    response = send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=filename,
                         max_age=0)
    response.headers["Cache-Control"] = "private, no-store"   # exports carry referents' e-mail addresses
    return response
