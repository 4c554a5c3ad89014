"""Attendance pages of a meeting for the planning office: the printable sign-in sheet, the check-in screen
(one click or keystroke per person; works without JavaScript, faster with static/js/checkin.js) with walk-ins,
and who was present or absent per organization. Routes on the registrations' office blueprint
(blueprint.py)."""
from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.auth import role_required
from app.errors import DomainError
from app.extensions import db
from app.forms import form_status
from app.view_helpers import OFFICE, owned_or_404, saved

from . import attendance
from .blueprint import meeting_registrations as bp
from .models import Meeting, Registration
from .registration_forms import ActionForm, WalkInForm, chosen, role_chosen
from .view_helpers import register_meeting_link

register_meeting_link("meeting_registrations.check_in", _l("Check-in"), order=20)
register_meeting_link("meeting_registrations.sign_in_sheet", _l("Sign-in sheet"), order=30)
register_meeting_link("meeting_registrations.attendance_by_organization",
                      _l("Present and absent by organization"), order=40)


def wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _walk_in_form(meeting: Meeting) -> WalkInForm:
    form = WalkInForm(prefix="walkin")
    form.set_choices(meeting, _("— none —"))
    return form


def _check_in_page(meeting: Meeting, walk_in_form: WalkInForm):
    people = attendance.expected(meeting)
    return render_template("meetings/attendance/check_in.html", meeting=meeting, people=people,
                           form=ActionForm(), walk_in_form=walk_in_form,
                           present_count=sum(1 for r in people if r.present))


@bp.get("/<district>/incontri/<int:meeting_id>/presenze")
@role_required(*OFFICE)
def check_in(meeting_id: int):
    meeting = owned_or_404(Meeting, meeting_id)
    return _check_in_page(meeting, _walk_in_form(meeting))


@bp.post("/<district>/presenze/<int:registration_id>")
@role_required(*OFFICE)
def mark(registration_id: int):
    """Present (present=1) or absent (present=0); JSON for the script, a redirect back to the row otherwise."""
    registration = owned_or_404(Registration, registration_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        attendance.check_in(registration, request.form.get("present") == "1")
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        if wants_json():
            return jsonify(error="not_confirmed", message=error.message), 409
        flash(error.message, "danger")
    if wants_json():
        return jsonify(id=registration.id, present=bool(registration.present))
    return redirect(url_for("meeting_registrations.check_in", meeting_id=registration.meeting_id,
                            _anchor=f"person-{registration.id}"))


@bp.post("/<district>/incontri/<int:meeting_id>/presenze/ospite")
@role_required(*OFFICE)
def walk_in(meeting_id: int):
    meeting = owned_or_404(Meeting, meeting_id)
    form = _walk_in_form(meeting)
    person = saved(form, lambda: attendance.walk_in(
            meeting, name=form.name.data, email=form.email.data or None, organization_name=form.organization.data,
            working_group=chosen(form, "working_group", meeting.working_groups), role=role_chosen(form, meeting)))
    if person:
        flash(_("%(name)s is marked present.", name=person.name), "success")
        return redirect(url_for("meeting_registrations.check_in", meeting_id=meeting.id,
                                _anchor=f"person-{person.id}"))
    return _check_in_page(meeting, form), form_status()


@bp.get("/<district>/incontri/<int:meeting_id>/presenze/foglio-firme")
@role_required(*OFFICE)
def sign_in_sheet(meeting_id: int):
    meeting = owned_or_404(Meeting, meeting_id)
    return render_template("meetings/attendance/sheet.html", meeting=meeting,
                           sections=attendance.sign_in_sheet(meeting))


@bp.get("/<district>/incontri/<int:meeting_id>/presenze/enti")
@role_required(*OFFICE)
def attendance_by_organization(meeting_id: int):
    meeting = owned_or_404(Meeting, meeting_id)
    return render_template("meetings/attendance/by_organization.html", meeting=meeting,
                           rows=attendance.by_organization(meeting))
