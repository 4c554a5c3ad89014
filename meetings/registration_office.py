"""The planning office's registration pages of a meeting: the list (filters, search, pages, CSV), registering
someone, moving and cancelling a registration, closing and reopening registrations. Personal data: planning
office only. Check-in and the sign-in sheet are in attendance_views.py, on the same blueprint
(blueprint.py)."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.exc import StaleDataError

from app.auth import role_required
from app.errors import DomainError
from app.extensions import db
from app.forms import form_status
from app.text import contains_text
from app.view_helpers import NO_STORE, OFFICE, owned_or_404, saved
from exports.registrations import registrations_to_csv

# Check-in and the sign-in sheet add their routes to the same blueprint when imported here.
from . import attendance_views, places, registrations  # noqa: F401
from .blueprint import meeting_registrations as bp
from .models import Meeting, Registration, RegistrationStatus
from .registration_forms import ActionForm, MoveForm, OfficeRegistrationForm, chosen, role_chosen
from .view_helpers import meeting_url, register_meeting_link

PER_PAGE = 25

register_meeting_link("meeting_registrations.registrations", _l("Registrations"), order=10)


def registrations_url(meeting_or_id, **args) -> str:
    return url_for("meeting_registrations.registrations", meeting_id=getattr(meeting_or_id, "id", meeting_or_id),
                   **args)


def _filters(meeting: Meeting) -> dict:
    """The list's filters from the query string, each checked against the meeting's own groups and slots."""
    args = request.args
    status = args.get("status") or ""
    return {"group": next((g.id for g in meeting.working_groups if g.id == args.get("group", type=int)), None),
            "slot": next((s.id for s in meeting.time_slots if s.id == args.get("slot", type=int)), None),
            "status": status if status in {s.value for s in RegistrationStatus} else "",
            "q": (args.get("q") or "").strip()[:100]}


def registration_query(meeting: Meeting, *, group=None, slot=None, status="", q=""):
    query = db.select(Registration).where(Registration.meeting_id == meeting.id)
    if group:
        query = query.where(Registration.working_group_id == group)
    if slot:
        query = query.where(Registration.time_slot_id == slot)
    if status:
        query = query.where(Registration.status == RegistrationStatus(status))
    if q:
        query = query.where(contains_text(q, Registration.name, Registration.email, Registration.organization_name))
    return query.order_by(Registration.status, Registration.waitlisted_at, Registration.name, Registration.id)


@bp.get("/<district>/incontri/<int:meeting_id>/iscrizioni/", endpoint="registrations")
@role_required(*OFFICE)
def registrations_page(meeting_id: int):
    meeting = owned_or_404(Meeting, meeting_id)
    filters = _filters(meeting)
    page = db.paginate(registration_query(meeting, **filters), page=request.args.get("page", 1, type=int),
                       per_page=PER_PAGE, error_out=False)
    return render_template("meetings/registration/office_list.html", meeting=meeting, page=page, filters=filters,
                           places=places.places_summary(meeting), form=ActionForm(),
                           statuses=list(RegistrationStatus), meeting_url=meeting_url(meeting))


@bp.get("/<district>/incontri/<int:meeting_id>/iscrizioni.csv")
@role_required(*OFFICE)
def registrations_csv(meeting_id: int):
    meeting = owned_or_404(Meeting, meeting_id)
    rows = db.session.scalars(registration_query(meeting, **_filters(meeting))).all()
    body = registrations_to_csv([registrations.csv_row(r) for r in rows], registrations.csv_headers())
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="registrations-meeting-{meeting.id}.csv"', **NO_STORE})


def _organization_choices(form, meeting) -> None:
    form.set_choices(meeting, _("— none —"))


@bp.route("/<district>/incontri/<int:meeting_id>/iscrizioni/nuova", methods=["GET", "POST"])
@role_required(*OFFICE)
def registration_new(meeting_id: int):
    meeting = owned_or_404(Meeting, meeting_id)
    form = OfficeRegistrationForm()
    _organization_choices(form, meeting)
    if saved(form, lambda: registrations.register(
            meeting, name=form.name.data, email=form.email.data, organization_name=form.organization.data,
            organization_type=form.organization_type.data or None,
            working_group=chosen(form, "working_group", meeting.working_groups),
            time_slot=chosen(form, "time_slot", meeting.time_slots),
            join_waitlist=form.join_waitlist.data, source=registrations.RegistrationSource.OFFICE,
            role=role_chosen(form, meeting))):
        flash(_("%(name)s is registered.", name=form.name.data), "success")
        return redirect(registrations_url(meeting))
    return render_template("meetings/registration/office_form.html", form=form, meeting=meeting,
                           organizations=meeting.district.organizations), form_status()


@bp.route("/<district>/iscrizioni/<int:registration_id>/sposta", methods=["GET", "POST"])
@role_required(*OFFICE)
def registration_move(registration_id: int):
    registration = owned_or_404(Registration, registration_id)
    meeting = registration.meeting
    form = MoveForm(data={"working_group": registration.working_group_id or 0,
                          "time_slot": registration.time_slot_id or 0})
    form.set_choices(meeting, _("— none —"))
    if saved(form, lambda: registrations.move(
            registration, working_group=chosen(form, "working_group", meeting.working_groups),
            time_slot=chosen(form, "time_slot", meeting.time_slots))):
        flash(_("%(name)s has been moved.", name=registration.name), "success")
        return redirect(registrations_url(meeting))
    return render_template("meetings/registration/office_move.html", form=form, meeting=meeting,
                           registration=registration, places=places.places_summary(meeting)), form_status()


@bp.route("/<district>/iscrizioni/<int:registration_id>/annulla", methods=["GET", "POST"])
@role_required(*OFFICE)
def registration_cancel(registration_id: int):
    registration = owned_or_404(Registration, registration_id)
    meeting = registration.meeting
    form = ActionForm()
    if form.validate_on_submit():
        try:
            promoted = registrations.cancel(registration)
            db.session.commit()
        except StaleDataError:
            db.session.rollback()
            promoted = []
        flash(_("The registration of %(name)s is cancelled.", name=registration.name), "success")
        for person in promoted:
            flash(_("%(name)s moved up from the waiting list and has been told by e-mail.", name=person.name),
                  "info")
        return redirect(registrations_url(meeting))
    return render_template("meetings/registration/office_cancel.html", form=form, meeting=meeting,
                           registration=registration)


@bp.post("/<district>/incontri/<int:meeting_id>/iscrizioni/apertura")
@role_required(*OFFICE)
def registration_toggle(meeting_id: int):
    meeting = owned_or_404(Meeting, meeting_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        registrations.set_registration_open(meeting, request.form.get("open") == "1")
        db.session.commit()
    except (StaleDataError, DomainError):
        db.session.rollback()
        flash(_("Someone else changed the meeting meanwhile: try again."), "danger")
        return redirect(registrations_url(meeting))
    flash(_("Registrations are open.") if meeting.registration_open else _("Registrations are closed."), "success")
    return redirect(registrations_url(meeting))

