"""Minutes pages: the planning office writes (autosave, version checks), approves and exports them under
/gestione/<district>/...; approved minutes of a public meeting are public at /incontri/verbali/<id>."""
from __future__ import annotations

from datetime import datetime

from flask import Response, abort, current_app, flash, make_response, redirect, render_template, \
    request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from app import autosave
from app.auth import role_required
from app.errors import ConflictError, DomainError
from app.extensions import db
from app.forms import form_status
from app.versioned import conflict_message
from app.view_helpers import NO_STORE, OFFICE, confirm_delete, owned_or_404
from exports.documents import DOCUMENT_FORMATS

from . import minutes as service
from .blueprint import meeting_minutes as bp, minutes_public as public_bp
from .minutes_forms import MinutesForm, NewMinutesForm
from .models import Meeting, Minutes, MinutesStatus
from .registration_forms import ActionForm
from .view_helpers import meeting_url, register_meeting_link

FORMATS = ", ".join(DOCUMENT_FORMATS)

register_meeting_link("meeting_minutes.minutes_list", _l("Minutes"), order=50)


def minutes_url(minutes: Minutes, anchor: str | None = None) -> str:
    return url_for("meeting_minutes.minutes_edit", minutes_id=minutes.id, _anchor=anchor)


def _download(minutes: Minutes, fmt: str):
    if fmt not in DOCUMENT_FORMATS:
        abort(404)
    mimetype, extension = DOCUMENT_FORMATS[fmt]
    body = service.document(minutes, fmt)
    name = f"verbale-{minutes.meeting.starts_at:%Y-%m-%d}-{minutes.id}.{extension}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


# --- the office ----------------------------------------------------------------------------------------

@bp.get("/<district>/incontri/<int:meeting_id>/verbali/")
@role_required(*OFFICE)
def minutes_list(meeting_id: int):
    meeting = owned_or_404(Meeting, meeting_id)
    form = NewMinutesForm()
    form.working_group.choices = [(0, _("The whole meeting")), *[(g.id, g.name) for g in meeting.working_groups]]
    return render_template("meetings/minutes/list.html", meeting=meeting, form=form, title_of=service.title_of,
                           meeting_url=meeting_url(meeting))


@bp.post("/<district>/incontri/<int:meeting_id>/verbali/nuovo")
@role_required(*OFFICE)
def minutes_new(meeting_id: int):
    meeting = owned_or_404(Meeting, meeting_id)
    form = NewMinutesForm()
    form.working_group.choices = [(0, ""), *[(g.id, g.name) for g in meeting.working_groups]]
    if not form.validate_on_submit():
        abort(400)
    group = next((g for g in meeting.working_groups if g.id == form.working_group.data), None)
    minutes = service.start_minutes(meeting, group)
    db.session.commit()
    flash(_("The minutes are started from the meeting and its attendance: complete them."), "success")
    return redirect(minutes_url(minutes))


def _form_data(minutes: Minutes) -> dict:
    return {"version": minutes.version, "place": minutes.place,
            "date": minutes.starts_at.date() if minutes.starts_at else None,
            "start": minutes.starts_at.time() if minutes.starts_at else None,
            "end": minutes.ends_at.time() if minutes.ends_at else None,
            "present": minutes.present, "absent": minutes.absent, "summary": minutes.summary,
            "decisions": minutes.decisions, "next_meeting": minutes.next_meeting,
            "items": [{"id": i.id, "title": i.title, "summary": i.summary, "input": i.input, "owner": i.owner,
                       "next_step": i.next_step, "due_on": i.due_on} for i in minutes.items]}


def _blank_item(form: MinutesForm) -> None:
    """One empty row at the end, so an item can be added without JavaScript."""
    form.items.append_entry({"id": None, "title": "", "summary": ""})


def _values(form: MinutesForm) -> dict:
    day = form.date.data

    def at(moment):
        return datetime.combine(day, moment) if day and moment else None
    return {"version": form.version.data, "place": form.place.data, "starts_at": at(form.start.data),
            "ends_at": at(form.end.data), "present": form.present.data, "absent": form.absent.data,
            "summary": form.summary.data, "decisions": form.decisions.data, "next_meeting": form.next_meeting.data,
            "items": [service.ItemText(row.form.id.data, row.form.title.data, row.form.summary.data,
                                       row.form.input.data, row.form.owner.data, row.form.next_step.data,
                                       row.form.due_on.data) for row in form.items]}


def _save(minutes: Minutes, form: MinutesForm) -> str | None:
    """The conflict message, or None when saved. On a conflict nothing is saved: the sent text stays in the form."""
    try:
        service.save_minutes(minutes, **_values(form))
        db.session.commit()
        return None
    except (ConflictError, StaleDataError):
        db.session.rollback()
        return conflict_message()
    except DomainError as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return None


def _edit_page(minutes: Minutes, form: MinutesForm, status: int = 200, **extra):
    response = make_response(render_template("meetings/minutes/edit.html", minutes=minutes, form=form,
                                             action_form=ActionForm(), title=service.title_of(minutes),
                                             formats=DOCUMENT_FORMATS, public=service.is_public(minutes),
                                             **extra), status)
    response.headers.update(NO_STORE)   # "back" must not show a copy with an old version
    return response


@bp.route("/<district>/verbali/<int:minutes_id>/", methods=["GET", "POST"])
@role_required(*OFFICE)
def minutes_edit(minutes_id: int):
    minutes = owned_or_404(Minutes, minutes_id)
    if request.method == "GET" or minutes.status != MinutesStatus.DRAFT:
        if request.method == "POST":
            abort(409)
        form = MinutesForm(formdata=None, data=_form_data(minutes))
        _blank_item(form)
        return _edit_page(minutes, form)
    form = MinutesForm()
    if not form.validate():
        return _edit_page(minutes, form, form_status())
    conflict = _save(minutes, form)
    if conflict:
        mine = autosave.flat_values(form)
        differences = autosave.differences(mine, autosave.flat_values(MinutesForm(formdata=None,
                                                                                  data=_form_data(minutes))))
        form.version.data = minutes.version      # saving again now means "keep my version", knowingly
        return _edit_page(minutes, form, 409, conflict=conflict, differences=differences)
    if form.form_errors:
        return _edit_page(minutes, form, 422)
    flash(_("The minutes have been saved."), "success")
    return redirect(minutes_url(minutes))


@bp.post("/<district>/verbali/<int:minutes_id>/salva")
@role_required(*OFFICE)
def minutes_autosave(minutes_id: int):
    """autosave.js posts the form here: the new version, or 409 with both versions (nothing overwritten)."""
    minutes = owned_or_404(Minutes, minutes_id)
    form = MinutesForm()
    return autosave.answer(
        minutes, form, lambda: service.save_minutes(minutes, **_values(form)),
        saved_data=lambda: _form_data(minutes), conflict_url=minutes_url(minutes),
        locked=minutes.status != MinutesStatus.DRAFT and _("Approved minutes cannot be changed: reopen them as "
                                                           "a draft first."))


def _act(minutes_id: int, action, message: str):
    minutes = owned_or_404(Minutes, minutes_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        action(minutes)
        db.session.commit()
        flash(message, "success")
    except (DomainError, StaleDataError) as error:
        db.session.rollback()
        flash(getattr(error, "message", None) or conflict_message(), "danger")
    return redirect(minutes_url(minutes))


@bp.post("/<district>/verbali/<int:minutes_id>/presenze")
@role_required(*OFFICE)
def minutes_attendance(minutes_id: int):
    return _act(minutes_id, service.refresh_attendance,
                _("Present and absent have been taken again from the check-in."))


@bp.post("/<district>/verbali/<int:minutes_id>/approva")
@role_required(*OFFICE)
def minutes_approve(minutes_id: int):
    return _act(minutes_id, lambda m: service.approve(m, by=current_user),
                _("The minutes are approved and published on the meeting's page."))


@bp.post("/<district>/verbali/<int:minutes_id>/riapri")
@role_required(*OFFICE)
def minutes_reopen(minutes_id: int):
    return _act(minutes_id, service.reopen, _("The minutes are a draft again and no longer public."))


@bp.get(f"/<district>/verbali/<int:minutes_id>.<any({FORMATS}):fmt>")
@role_required(*OFFICE)
def minutes_download(minutes_id: int, fmt: str):
    return _download(owned_or_404(Minutes, minutes_id), fmt)


@bp.route("/<district>/verbali/<int:minutes_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def minutes_delete(minutes_id: int):
    minutes = owned_or_404(Minutes, minutes_id)
    meeting = minutes.meeting
    return confirm_delete(
        minutes, title=_("Delete the minutes"), name=service.title_of(minutes),
        consequences=[minutes.items and _("%(num)d items with their summaries", num=len(minutes.items))],
        cancel=minutes_url(minutes), delete=lambda: service.delete_minutes(minutes),
        done=url_for("meeting_minutes.minutes_list", meeting_id=meeting.id), message=_("The minutes are deleted."))


# --- the public ------------------------------------------------------------------------------------------

def public_minutes_or_404(minutes_id: int) -> Minutes:
    minutes = db.session.get(Minutes, minutes_id)
    if minutes is None or not service.is_public(minutes):
        abort(404)
    return minutes


@public_bp.get("/incontri/verbali/<int:minutes_id>")
def minutes(minutes_id: int):
    minutes = public_minutes_or_404(minutes_id)
    meeting_page = "meetings_public.meeting" in current_app.view_functions and url_for(
        "meetings_public.meeting", meeting_id=minutes.meeting_id)
    return render_template("meetings/minutes/public.html", minutes=minutes, title=service.title_of(minutes),
                           present=service.lines(minutes.present), absent=service.lines(minutes.absent),
                           formats=DOCUMENT_FORMATS, meeting_page=meeting_page)


@public_bp.get(f"/incontri/verbali/<int:minutes_id>.<any({FORMATS}):fmt>")
def download(minutes_id: int, fmt: str):
    return _download(public_minutes_or_404(minutes_id), fmt)
