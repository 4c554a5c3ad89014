"""The planning office's meeting pages under /gestione/<district>/incontri/: the list and the meeting itself.

Its agenda, attachments, working groups and time slots are in parts_views.py, who comes by kind of
organization and the facilitators' sign-ups in participation_views.py, all on one blueprint (blueprint.py).
Registrations, check-in and minutes have their own views (registration_views.py, registration_office.py,
minutes_views.py).
"""
from __future__ import annotations

from datetime import datetime, time
from typing import Callable

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from app import autosave
from app.auth import role_required
from app.extensions import db
from app.forms import form_status
from app.models import Plan, PlanningArea
from app.office_registries import register_delete_warning, register_district_section, register_plan_link
from app.view_helpers import FACILITATORS, OFFICE, confirm_delete, owned_or_404, saved

# The sibling route files add their routes to the same blueprint when imported here.
from . import participation_views, parts_views, role_reports, services, standing_views  # noqa: F401
from .blueprint import meetings as bp
from .forms import AttachmentForm, MeetingForm
from .models import AgendaItem, Meeting, MeetingKind, WorkingGroup
from .view_helpers import meeting_page, meeting_url

PER_PAGE = 20
WHEN = ("upcoming", "past", "all")

register_district_section("meetings.meetings", _l("Meetings"), OFFICE,
                          _l("Open meetings, working groups, agenda, registrations and minutes."), order=300)


def _delete_warning(record) -> str | None:
    """What a plan's or an area's deletion does to meetings (they stay, without the link)."""
    if isinstance(record, Plan):
        count = db.session.scalar(db.select(func.count()).select_from(Meeting)
                                  .where(Meeting.plan_id == record.id))
        return count and ngettext("%(num)d meeting stays, no longer tied to this plan",
                                  "%(num)d meetings stay, no longer tied to this plan", count)
    if isinstance(record, PlanningArea):
        count = sum(db.session.scalar(db.select(func.count()).select_from(model)
                                      .where(model.area_id == record.id))
                    for model in (AgendaItem, WorkingGroup))
        return count and ngettext("%(num)d agenda item or working group of a meeting loses this area",
                                  "%(num)d agenda items and working groups of meetings lose this area", count)
    return None


register_delete_warning(_delete_warning, order=300)
register_plan_link("meetings.participation", _l("Participation in meetings"), order=300)
register_district_section("meetings.signups", _l("Sign-ups to working groups"), FACILITATORS,
                          _l("Who signed up to the working groups of your focus groups."), order=310)


@bp.get("/<district>/incontri/")
@role_required(*OFFICE)
def meetings():
    when = request.args.get("when") if request.args.get("when") in WHEN else "upcoming"
    search = (request.args.get("q") or "").strip()
    page = db.paginate(services.meeting_query(g.district, search=search or None, when=when),
                       page=request.args.get("page", 1, type=int), per_page=PER_PAGE, error_out=False)
    return render_template("meetings/office/list.html", page=page, q=search, when=when)


# --- the meeting ----------------------------------------------------------------------------------------

def _meeting_form_choices(form: MeetingForm) -> None:
    form.plan_id.choices = [(0, _("No plan")), *[(p.id, p.title) for p in g.district.plans]]


def _meeting_values(form: MeetingForm) -> dict:
    plan = owned_or_404(Plan, form.plan_id.data) if form.plan_id.data else None
    return {"title": form.title.data, "kind": MeetingKind(form.kind.data), "plan": plan,
            "starts_at": datetime.combine(form.date.data, form.start_time.data or time.min),
            "ends_at": datetime.combine(form.date.data, form.end_time.data or time.min),
            "time_known": form.time_known, "place": form.place.data, "address": form.address.data, "description": form.description.data,
            "is_public": form.is_public.data, "registration_open": form.registration_open.data,
            "registration_closes_at": form.registration_closes_at.data}


@bp.route("/<district>/incontri/nuovo", methods=["GET", "POST"])
@role_required(*OFFICE)
def meeting_new():
    current = g.district.current_plan
    form = MeetingForm(data={"plan_id": current.id if current else 0, "kind": MeetingKind.OPEN_MEETING.value,
                             "is_public": True, "registration_open": True}, creating=True)
    _meeting_form_choices(form)
    meeting = saved(form, lambda: services.create_meeting(g.district, **_meeting_values(form)))
    if meeting:
        flash(_("Meeting %(title)s created.", title=meeting.title), "success")
        return redirect(meeting_url(meeting))
    return render_template("meetings/office/form.html", form=form, meeting=None), form_status()


@bp.get("/<district>/incontri/<int:meeting_id>/")
@role_required(*OFFICE)
def meeting(meeting_id: int):
    return meeting_page(owned_or_404(Meeting, meeting_id), AttachmentForm())


def _meeting_data(meeting: Meeting) -> dict:
    return {"version": meeting.version, "title": meeting.title, "kind": meeting.kind.value,
            "plan_id": meeting.plan_id or 0, "date": meeting.starts_at.date(),
            "start_time": meeting.starts_at.time() if meeting.time_known else None,
            "end_time": meeting.ends_at.time() if meeting.time_known else None, "place": meeting.place, "address": meeting.address,
            "description": meeting.description, "is_public": meeting.is_public,
            "registration_open": meeting.registration_open,
            "registration_closes_at": meeting.registration_closes_at}


def _meeting_edit_form(meeting: Meeting) -> tuple[MeetingForm, Callable[[], object]]:
    """The edit form (with what was posted) and the service that saves it, for the page and its autosave."""
    form = MeetingForm(data=_meeting_data(meeting))
    _meeting_form_choices(form)
    return form, lambda: services.update_meeting(meeting, version=form.version.data, **_meeting_values(form))


autosave.add_edit_page(bp, "/<district>/incontri/<int:meeting_id>/", "meeting", OFFICE, autosave.EditPage(
    Meeting, _meeting_edit_form, _meeting_data, "meetings/office/form.html",
    context=lambda meeting: {"meeting": meeting},
    saved=lambda meeting: _("Meeting %(title)s saved.", title=meeting.title), done=meeting_url))


@bp.route("/<district>/incontri/<int:meeting_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def meeting_delete(meeting_id: int):
    meeting = owned_or_404(Meeting, meeting_id)
    return confirm_delete(
        meeting, title=_("Delete the meeting"), name=meeting.title,
        consequences=[
            meeting.agenda and _("%(num)d agenda items", num=len(meeting.agenda)),
            meeting.attachments and _("%(num)d attachments", num=len(meeting.attachments)),
            meeting.working_groups and _("%(num)d working groups", num=len(meeting.working_groups)),
            meeting.time_slots and _("%(num)d time slots", num=len(meeting.time_slots)),
            meeting.registrations and _("%(num)d registrations (the people are not told)",
                                        num=len(meeting.registrations)),
            meeting.minutes and _("%(num)d minutes", num=len(meeting.minutes))],
        cancel=meeting_url(meeting), delete=lambda: services.delete_meeting(meeting),
        done=url_for("meetings.meetings"), message=_("Meeting %(title)s deleted.", title=meeting.title))
