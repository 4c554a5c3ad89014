"""The planning office's meeting pages under /gestione/<district>/incontri/: the list, the meeting with its
timed agenda, attachments, working groups and time slots, and who comes by kind of organization.

Registrations, check-in and minutes have their own views (registration_views.py, minutes_views.py).
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

import plotly
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func

from app import autosave, office
from app.auth import role_required
from app.extensions import csrf, db
from app.forms import form_status
from app.models import Plan, PlanningArea, Role
from app.uploads import send_stored
from focus_groups.forms import ConfirmForm
from focus_groups.models import FocusGroup

from . import charts, services
from .forms import AgendaItemForm, AttachmentForm, MeetingForm, TimeSlotForm, WorkingGroupForm
from .models import AgendaItem, Meeting, MeetingAttachment, MeetingKind, TimeSlot, WorkingGroup

bp = Blueprint("meetings", __name__)
OFFICE = Role.PLANNING_OFFICE
PER_PAGE = 20
WHEN = ("upcoming", "past", "all")

office.DISTRICT_SECTIONS.append(("meetings.meetings", _l("Meetings"), (OFFICE,),
                                 _l("Open meetings, working groups, agenda, registrations and minutes.")))
# Links on a meeting's management page to the other meeting pages (registrations, check-in, minutes):
# (endpoint taking meeting_id, label); a link shows when its endpoint exists and the user may open it.
MEETING_LINKS: list[tuple[str, object]] = []


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


office.DELETE_WARNINGS.append(_delete_warning)
office.PLAN_LINKS.append(("meetings.participation", _l("Participation in meetings"), {}))
office.DISTRICT_SECTIONS.append(("meetings.signups", _l("Sign-ups to working groups"), (Role.FACILITATOR,),
                                 _l("Who signed up to the working groups of your focus groups.")))


def meeting_url(meeting: Meeting, anchor: str | None = None) -> str:
    return url_for("meetings.meeting", meeting_id=meeting.id, _anchor=anchor)


@bp.get("/<district>/incontri/")
@role_required(OFFICE)
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
    plan = office.owned_or_404(Plan, form.plan_id.data) if form.plan_id.data else None
    return {"title": form.title.data, "kind": MeetingKind(form.kind.data), "plan": plan,
            "starts_at": datetime.combine(form.date.data, form.start_time.data),
            "ends_at": datetime.combine(form.date.data, form.end_time.data),
            "place": form.place.data, "address": form.address.data, "description": form.description.data,
            "is_public": form.is_public.data, "registration_open": form.registration_open.data,
            "registration_closes_at": form.registration_closes_at.data}


@bp.route("/<district>/incontri/nuovo", methods=["GET", "POST"])
@role_required(OFFICE)
def meeting_new():
    current = g.district.current_plan
    form = MeetingForm(data={"plan_id": current.id if current else 0, "kind": MeetingKind.OPEN_MEETING.value,
                             "is_public": True, "registration_open": True}, creating=True)
    _meeting_form_choices(form)
    created = {}
    if office.saved(form, lambda: created.setdefault(
            "meeting", services.create_meeting(g.district, **_meeting_values(form)))):
        flash(_("Meeting %(title)s created.", title=created["meeting"].title), "success")
        return redirect(meeting_url(created["meeting"]))
    return render_template("meetings/office/form.html", form=form, meeting=None), form_status()


def _meeting_page(meeting: Meeting, attachment_form: AttachmentForm):
    links = [(label, url_for(endpoint, meeting_id=meeting.id)) for endpoint, label in MEETING_LINKS
             if office.may_open(endpoint)]
    return render_template("meetings/office/meeting.html", meeting=meeting, attachment_form=attachment_form,
                           counts=services.registration_counts(meeting), links=links,
                           participants=charts.participants_chart(
                               services.participants_by_organization_type([meeting])),
                           plotly_url=plotly_url())


@bp.get("/<district>/incontri/<int:meeting_id>/")
@role_required(OFFICE)
def meeting(meeting_id: int):
    return _meeting_page(office.owned_or_404(Meeting, meeting_id), AttachmentForm())


def _meeting_data(meeting: Meeting) -> dict:
    return {"version": meeting.version, "title": meeting.title, "kind": meeting.kind.value,
            "plan_id": meeting.plan_id or 0, "date": meeting.starts_at.date(), "start_time": meeting.starts_at.time(),
            "end_time": meeting.ends_at.time(), "place": meeting.place, "address": meeting.address,
            "description": meeting.description, "is_public": meeting.is_public,
            "registration_open": meeting.registration_open,
            "registration_closes_at": meeting.registration_closes_at}


def _meeting_edit_form(meeting: Meeting) -> tuple[MeetingForm, Callable[[], object]]:
    """The edit form (with what was posted) and the service that saves it, for the page and its autosave."""
    form = MeetingForm(data=_meeting_data(meeting))
    _meeting_form_choices(form)
    return form, lambda: services.update_meeting(meeting, version=form.version.data, **_meeting_values(form))


@bp.route("/<district>/incontri/<int:meeting_id>/modifica", methods=["GET", "POST"])
@role_required(OFFICE)
def meeting_edit(meeting_id: int):
    meeting = office.owned_or_404(Meeting, meeting_id)
    form, save = _meeting_edit_form(meeting)
    if office.saved(form, save):
        flash(_("Meeting %(title)s saved.", title=meeting.title), "success")
        return redirect(meeting_url(meeting))
    # no-store: "back" must not show a copy with an old version
    return (render_template("meetings/office/form.html", form=form, meeting=meeting), form_status(),
            office.NO_STORE)


@bp.post("/<district>/incontri/<int:meeting_id>/salva")
@csrf.exempt        # the form checks the token itself and answers in JSON
@role_required(OFFICE)
def meeting_autosave(meeting_id: int):
    """autosave.js posts the edit form here: the new version, or 409 with both versions (nothing overwritten)."""
    meeting = office.owned_or_404(Meeting, meeting_id)
    form, save = _meeting_edit_form(meeting)
    return autosave.answer(meeting, form, save, saved_data=lambda: _meeting_data(meeting),
                           conflict_url=url_for("meetings.meeting_edit", meeting_id=meeting.id))


@bp.route("/<district>/incontri/<int:meeting_id>/elimina", methods=["GET", "POST"])
@role_required(OFFICE)
def meeting_delete(meeting_id: int):
    meeting = office.owned_or_404(Meeting, meeting_id)
    return office.confirm_delete(
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


# --- agenda, working groups, time slots: one form page ------------------------------------------------

def _part_page(form, meeting: Meeting, heading: str, anchor: str, helps: dict, note: str | None = None):
    return render_template("meetings/office/part_form.html", form=form, meeting=meeting, heading=heading,
                           anchor=anchor, helps=helps, note=note), form_status()


def _agenda_page(form, meeting: Meeting, item: AgendaItem | None):
    return _part_page(form, meeting, _("Edit agenda item") if item else _("New agenda item"), "agenda", {
        "starts_at": _("When the item starts, e.g. 09:30; leave empty for an untimed item."),
        "area_id": _("The planning area the item is about, if any.")})


def _places_note(place) -> str | None:
    if place is None or place.capacity is None:
        return None
    return _("%(taken)d of %(capacity)d places taken", taken=place.taken, capacity=place.capacity)


def _group_page(form, meeting: Meeting, group: WorkingGroup | None):
    return _part_page(form, meeting, _("Edit working group") if group else _("New working group"), "groups", {
        "area_id": _("People sign up to one working group per area."),
        "focus_group_id": _("Its facilitators will see who signed up. It must be about the same area.")},
        _places_note(group))


def _slot_page(form, meeting: Meeting, slot: TimeSlot | None):
    return _part_page(form, meeting, _("Edit time slot") if slot else _("New time slot"), "slots", {},
                      _places_note(slot))



def _area_choices(form, meeting: Meeting) -> None:
    form.area_id.choices = [(0, _("No area")), *[(a.id, a.name) for a in services.area_choices(meeting)]]


def _chosen_area(form, meeting: Meeting):
    return next((a for a in services.area_choices(meeting) if a.id == form.area_id.data), None)


def _agenda_values(form: AgendaItemForm, meeting: Meeting) -> dict:
    return {"starts_at": form.starts_at.data, "title": form.title.data, "speaker": form.speaker.data,
            "area": _chosen_area(form, meeting)}


@bp.route("/<district>/incontri/<int:meeting_id>/ordine-del-giorno/nuovo", methods=["GET", "POST"])
@role_required(OFFICE)
def agenda_new(meeting_id: int):
    meeting = office.owned_or_404(Meeting, meeting_id)
    form = AgendaItemForm(creating=True)
    _area_choices(form, meeting)
    if office.saved(form, lambda: services.add_agenda_item(meeting, **_agenda_values(form, meeting))):
        flash(_("Agenda item added."), "success")
        return redirect(meeting_url(meeting, "agenda"))
    return _agenda_page(form, meeting, None)


@bp.route("/<district>/ordine-del-giorno/<int:item_id>/modifica", methods=["GET", "POST"])
@role_required(OFFICE)
def agenda_edit(item_id: int):
    item = office.owned_or_404(AgendaItem, item_id)
    form = AgendaItemForm(data={"version": item.version, "starts_at": item.starts_at, "title": item.title,
                                "speaker": item.speaker, "area_id": item.area_id or 0})
    _area_choices(form, item.meeting)
    if office.saved(form, lambda: services.update_agenda_item(item, version=form.version.data,
                                                              **_agenda_values(form, item.meeting))):
        flash(_("Agenda item saved."), "success")
        return redirect(meeting_url(item.meeting, "agenda"))
    return _agenda_page(form, item.meeting, item)


@bp.post("/<district>/ordine-del-giorno/<int:item_id>/sposta")
@role_required(OFFICE)
def agenda_move(item_id: int):
    item = office.owned_or_404(AgendaItem, item_id)
    office.move_from_request(lambda obj, direction: services.move_agenda_item(obj, direction), item)
    return redirect(meeting_url(item.meeting, "agenda"))


@bp.post("/<district>/incontri/<int:meeting_id>/ordine-del-giorno/ordina")
@role_required(OFFICE)
def agenda_sort(meeting_id: int):
    meeting = office.owned_or_404(Meeting, meeting_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.sort_agenda_by_time(meeting)
    db.session.commit()
    flash(_("Agenda items put in time order."), "success")
    return redirect(meeting_url(meeting, "agenda"))


@bp.route("/<district>/ordine-del-giorno/<int:item_id>/elimina", methods=["GET", "POST"])
@role_required(OFFICE)
def agenda_delete(item_id: int):
    item = office.owned_or_404(AgendaItem, item_id)
    meeting = item.meeting
    return office.confirm_delete(
        item, title=_("Delete the agenda item"), name=item.title, consequences=[],
        cancel=meeting_url(meeting, "agenda"), delete=lambda: services.delete_agenda_item(item),
        done=meeting_url(meeting, "agenda"), message=_("Agenda item deleted."))


# --- attachments ----------------------------------------------------------------------------------------

@bp.post("/<district>/incontri/<int:meeting_id>/allegati")
@role_required(OFFICE)
def attachment_new(meeting_id: int):
    meeting = office.owned_or_404(Meeting, meeting_id)
    form = AttachmentForm()
    if office.saved(form, lambda: services.add_attachment(meeting, form.file.data, form.title.data)):
        flash(_("Attachment added."), "success")
        return redirect(meeting_url(meeting, "attachments"))
    return _meeting_page(meeting, form), 422


@bp.get("/<district>/allegati/<int:attachment_id>")
@role_required(OFFICE)
def attachment(attachment_id: int):
    return send_stored(office.owned_or_404(MeetingAttachment, attachment_id).stored_file)


@bp.route("/<district>/allegati/<int:attachment_id>/elimina", methods=["GET", "POST"])
@role_required(OFFICE)
def attachment_delete(attachment_id: int):
    attachment = office.owned_or_404(MeetingAttachment, attachment_id)
    meeting = attachment.meeting
    return office.confirm_delete(
        attachment, title=_("Delete the attachment"), name=attachment.title, consequences=[],
        cancel=meeting_url(meeting, "attachments"), delete=lambda: services.delete_attachment(attachment),
        done=meeting_url(meeting, "attachments"), message=_("Attachment deleted."))


# --- working groups --------------------------------------------------------------------------------------

def _group_choices(form: WorkingGroupForm, meeting: Meeting) -> None:
    _area_choices(form, meeting)
    form.focus_group_id.choices = [(0, _("No focus group")),
                                   *[(f.id, f.title) for f in services.focus_group_choices(meeting)]]


def _group_values(form: WorkingGroupForm, meeting: Meeting) -> dict:
    focus = next((f for f in services.focus_group_choices(meeting) if f.id == form.focus_group_id.data), None)
    return {"name": form.name.data, "area": _chosen_area(form, meeting), "focus_group": focus,
            "capacity": form.capacity.data}


@bp.route("/<district>/incontri/<int:meeting_id>/gruppi/nuovo", methods=["GET", "POST"])
@role_required(OFFICE)
def group_new(meeting_id: int):
    meeting = office.owned_or_404(Meeting, meeting_id)
    form = WorkingGroupForm()
    _group_choices(form, meeting)
    if office.saved(form, lambda: services.add_working_group(meeting, **_group_values(form, meeting))):
        flash(_("Working group added."), "success")
        return redirect(meeting_url(meeting, "groups"))
    return _group_page(form, meeting, None)


@bp.route("/<district>/gruppi-di-lavoro/<int:group_id>/modifica", methods=["GET", "POST"])
@role_required(OFFICE)
def group_edit(group_id: int):
    group = office.owned_or_404(WorkingGroup, group_id)
    form = WorkingGroupForm(data={"name": group.name, "area_id": group.area_id or 0,
                                  "focus_group_id": group.focus_group_id or 0, "capacity": group.capacity})
    _group_choices(form, group.meeting)
    if office.saved(form, lambda: services.update_working_group(group, **_group_values(form, group.meeting))):
        flash(_("Working group saved."), "success")
        return redirect(meeting_url(group.meeting, "groups"))
    return _group_page(form, group.meeting, group)


@bp.post("/<district>/gruppi-di-lavoro/<int:group_id>/sposta")
@role_required(OFFICE)
def group_move(group_id: int):
    group = office.owned_or_404(WorkingGroup, group_id)
    office.move_from_request(lambda obj, direction: services.move_working_group(obj, direction), group)
    return redirect(meeting_url(group.meeting, "groups"))


def _signed_up(place) -> str | None:
    return place.taken and _("%(num)d people signed up keep their registration, without this choice",
                             num=place.taken)


@bp.route("/<district>/gruppi-di-lavoro/<int:group_id>/elimina", methods=["GET", "POST"])
@role_required(OFFICE)
def group_delete(group_id: int):
    group = office.owned_or_404(WorkingGroup, group_id)
    meeting = group.meeting
    return office.confirm_delete(
        group, title=_("Delete the working group"), name=group.name, consequences=[_signed_up(group)],
        cancel=meeting_url(meeting, "groups"), delete=lambda: services.delete_working_group(group),
        done=meeting_url(meeting, "groups"), message=_("Working group deleted."))


# --- time slots -----------------------------------------------------------------------------------------

def _slot_values(form: TimeSlotForm) -> dict:
    return {"starts_at": datetime.combine(form.date.data, form.start_time.data),
            "ends_at": datetime.combine(form.date.data, form.end_time.data), "capacity": form.capacity.data}


@bp.route("/<district>/incontri/<int:meeting_id>/fasce/nuova", methods=["GET", "POST"])
@role_required(OFFICE)
def slot_new(meeting_id: int):
    meeting = office.owned_or_404(Meeting, meeting_id)
    form = TimeSlotForm(data={"date": meeting.starts_at.date()})
    if office.saved(form, lambda: services.add_time_slot(meeting, **_slot_values(form))):
        flash(_("Time slot added."), "success")
        return redirect(meeting_url(meeting, "slots"))
    return _slot_page(form, meeting, None)


@bp.route("/<district>/fasce-orarie/<int:slot_id>/modifica", methods=["GET", "POST"])
@role_required(OFFICE)
def slot_edit(slot_id: int):
    slot = office.owned_or_404(TimeSlot, slot_id)
    form = TimeSlotForm(data={"date": slot.starts_at.date(), "start_time": slot.starts_at.time(),
                              "end_time": slot.ends_at.time(), "capacity": slot.capacity})
    if office.saved(form, lambda: services.update_time_slot(slot, **_slot_values(form))):
        flash(_("Time slot saved."), "success")
        return redirect(meeting_url(slot.meeting, "slots"))
    return _slot_page(form, slot.meeting, slot)


@bp.route("/<district>/fasce-orarie/<int:slot_id>/elimina", methods=["GET", "POST"])
@role_required(OFFICE)
def slot_delete(slot_id: int):
    slot = office.owned_or_404(TimeSlot, slot_id)
    meeting = slot.meeting
    return office.confirm_delete(
        slot, title=_("Delete the time slot"), name=str(slot), consequences=[_signed_up(slot)],
        cancel=meeting_url(meeting, "slots"), delete=lambda: services.delete_time_slot(slot),
        done=meeting_url(meeting, "slots"), message=_("Time slot deleted."))


# --- the participation dashboard -----------------------------------------------------------------------

def plotly_url() -> str:
    return url_for("chart_assets.plotly_js", version=plotly.__version__)


@bp.get("/<district>/incontri/partecipazione")
@role_required(OFFICE)
def participation():
    """Who came to the meetings of a plan (or of the district), by kind of organization."""
    plan_id = request.args.get("plan_id", type=int)
    plan = office.owned_or_404(Plan, plan_id) if plan_id else None
    query = db.select(Meeting).where(Meeting.district_id == g.district.id)
    if plan is not None:
        query = query.where(Meeting.plan_id == plan.id)
    chosen = list(db.session.scalars(query.order_by(Meeting.starts_at, Meeting.id)))
    per_meeting = [(f"{m.starts_at:%d/%m/%Y} · {m.title}", services.participants_by_organization_type([m]))
                   for m in chosen]
    total = charts.participants_chart(services.participants_by_organization_type(chosen), key="total")
    return render_template("meetings/office/participation.html", plan=plan, meetings=chosen, total=total,
                           by_meeting=charts.participation_chart(per_meeting) if chosen else None,
                           plotly_url=plotly_url())


# --- facilitators: who signed up to their focus groups' working groups ---------------------------------

def _visible_focus_groups() -> list[FocusGroup]:
    query = db.select(FocusGroup).where(FocusGroup.district_id == g.district.id).order_by(FocusGroup.title)
    groups = list(db.session.scalars(query))
    if current_user.has_role(g.district.id, OFFICE):
        return groups
    return [f for f in groups if current_user in f.facilitators]


@bp.get("/<district>/incontri/iscrizioni-ai-gruppi")
@role_required(Role.FACILITATOR, OFFICE)
def signups():
    rows = [(focus, services.registrations_for_focus_group(focus)) for focus in _visible_focus_groups()]
    return render_template("meetings/office/signups.html", rows=rows)


@bp.get("/<district>/focus/<int:focus_id>/iscritti")
@role_required(Role.FACILITATOR, OFFICE)
def focus_signups(focus_id: int):
    focus = office.owned_or_404(FocusGroup, focus_id)
    if focus not in _visible_focus_groups():
        abort(403)
    return render_template("meetings/office/focus_signups.html", focus=focus,
                           registrations=services.registrations_for_focus_group(focus))
