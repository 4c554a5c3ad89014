"""The public side of meeting registration: the form on the meeting's own URL, and the person's page behind
the secret link of their e-mails (confirm, cancel, see and download their data, erase it). No account.

Nothing here changes on a GET: mail scanners open links, so confirming and cancelling are buttons."""
from __future__ import annotations

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.errors import DomainError
from app.extensions import db, limiter
from app.forms import form_status
from app.view_helpers import NO_STORE

from . import places, registrations
from .blueprint import registration as bp
from .models import Meeting
from .public_views import public_meeting_or_404
from .registration_forms import ActionForm, RegistrationForm, chosen, role_chosen


DEFAULT_RATE_LIMIT = "10 per minute;60 per hour"
RETRIES = 5


def registration_rate_limit() -> str:
    return current_app.config.get("REGISTRATION_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def registration_or_410(token: str):
    registration = registrations.by_token(token)
    if registration is None:
        abort(410)
    return registration


def meeting_page_url(meeting: Meeting) -> str | None:
    """The meeting's public page, when the meetings pages are there to link to."""
    for endpoint in ("meetings_public.meeting", "public_meetings.meeting", "meetings.public_meeting"):
        if endpoint in current_app.view_functions:
            return url_for(endpoint, meeting_id=meeting.id)
    return None


def place_label(row) -> str:
    """A group or slot as the form shows it: its name and, when limited, the places left."""
    name = row.name if hasattr(row, "name") else str(row)
    if row.capacity is None:
        return name
    if row.is_full:
        return _("%(name)s — full: waiting list", name=name)
    return _("%(name)s — %(left)d places left", name=name, left=row.places_left)


@bp.route("/incontri/<int:meeting_id>/iscrizione", methods=["GET", "POST"])
@limiter.limit(registration_rate_limit, methods=["POST"])
def register(meeting_id: int):
    meeting = public_meeting_or_404(meeting_id)
    closed = registrations.registration_closed_reason(meeting)
    form = RegistrationForm()
    form.set_choices(meeting, place_label)
    full, error = None, None
    if not closed and form.validate_on_submit():
        problem = None if not form.website.data else "honeypot"
        problem = problem or registrations.stamp_problem(form.started.data, meeting)
        if problem in ("honeypot", "forged"):
            abort(400)
        if problem:      # too fast or too old: show the form again, ready to send
            error = _("Please check your details and send the form again.")
        else:
            try:
                _sign_up(meeting, form)
            except places.PlaceTaken as taken:
                db.session.rollback()
                full = taken.message
            except DomainError as domain_error:
                db.session.rollback()
                error = domain_error.message
            else:
                return redirect(url_for("registration.sent", meeting_id=meeting.id,
                                        waiting=1 if form.join_waitlist.data else None))
    if request.method == "GET" or error:
        form.started.data = registrations.form_stamp(meeting)   # a form sent back keeps the time it was shown
    status = 200 if request.method == "GET" else (409 if full else form_status())
    return render_template("meetings/registration/form.html", meeting=meeting, form=form, closed=closed,
                           full=full, error=error, organizations=meeting.district.organizations,
                           meeting_url=meeting_page_url(meeting)), status


def _sign_up(meeting: Meeting, form: RegistrationForm):
    values = dict(name=form.name.data, email=form.email.data, organization_name=form.organization.data,
                  organization_type=form.organization_type.data or None,
                  working_group=chosen(form, "working_group", meeting.working_groups),
                  time_slot=chosen(form, "time_slot", meeting.time_slots),
                  join_waitlist=bool(form.join_waitlist.data), role=role_chosen(form, meeting))
    for attempt in range(1, RETRIES + 1):
        try:
            signup = registrations.register(meeting, **values)
            db.session.commit()
            return signup
        except (IntegrityError, StaleDataError):
            # The same address sent more than once at the same moment (two tabs, a double click): another
            # request stored or updated it meanwhile; trying again finds it and acts on it as it is now.
            db.session.rollback()
            if attempt == RETRIES:
                raise


@bp.get("/incontri/<int:meeting_id>/iscrizione/inviata")
def sent(meeting_id: int):
    meeting = public_meeting_or_404(meeting_id)
    return render_template("meetings/registration/sent.html", meeting=meeting,
                           waiting=bool(request.args.get("waiting")), meeting_url=meeting_page_url(meeting))


@bp.get("/incontri/<int:meeting_id>/iscrizione/privacy")
def privacy_notice(meeting_id: int):
    meeting = public_meeting_or_404(meeting_id)
    return render_template("meetings/registration/privacy.html", meeting=meeting)


# --- the person's own page (the secret link) ---------------------------------------------------------

def _no_store(response):
    # The page shows personal data: never keep it in a shared cache or the browser's history cache.
    response.headers.update(NO_STORE)
    return response


@bp.get("/iscrizioni/<token>")
def manage(token: str):
    registration = registration_or_410(token)
    return _no_store(current_app.make_response(render_template(
        "meetings/registration/manage.html", registration=registration, meeting=registration.meeting,
        form=ActionForm(), position=places.waiting_position(registration),
        meeting_url=meeting_page_url(registration.meeting))))


def _act(token: str, action, done: str):
    registration = registration_or_410(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        action(registration)
        db.session.commit()
    except StaleDataError:
        db.session.rollback()      # a second click raced the first: the first one did it
    flash(done, "success")
    return redirect(url_for("registration.manage", token=token))


@bp.post("/iscrizioni/<token>/conferma")
def confirm(token: str):
    return _act(token, registrations.confirm, _("Thank you: your registration is confirmed."))


@bp.post("/iscrizioni/<token>/annulla")
def cancel(token: str):
    return _act(token, registrations.cancel, _("Your registration has been cancelled."))


@bp.get("/iscrizioni/<token>/dati.json")
def download(token: str):
    registration = registration_or_410(token)
    response = jsonify(registrations.personal_record(registration))
    response.headers["Content-Disposition"] = f'attachment; filename="registration-{registration.id}.json"'
    return _no_store(response)


@bp.route("/iscrizioni/<token>/cancella-dati", methods=["GET", "POST"])
def erase(token: str):
    registration = registration_or_410(token)
    form = ActionForm()
    if form.validate_on_submit():
        meeting = registration.meeting
        try:
            registrations.erase(registration)
            db.session.commit()
        except StaleDataError:
            db.session.rollback()
            abort(409)
        return render_template("meetings/registration/erased.html", meeting=meeting,
                               meeting_url=meeting_page_url(meeting))
    return _no_store(current_app.make_response(render_template(
        "meetings/registration/erase.html", registration=registration, meeting=registration.meeting,
        form=form)))
