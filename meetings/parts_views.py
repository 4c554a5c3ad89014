"""A meeting's parts for the planning office: the timed agenda, attachments, working groups and time slots
(one form page for the three kinds). Routes on the meetings' blueprint (blueprint.py)."""
from __future__ import annotations

from datetime import datetime

from flask import abort, flash, redirect, render_template
from flask_babel import gettext as _

from app.auth import role_required
from app.extensions import db
from app.forms import form_status
from app.uploads import send_stored
from app.view_helpers import OFFICE, ConfirmForm, confirm_delete, move_from_request, owned_or_404, saved

from . import services
from .blueprint import meetings as bp
from .forms import AgendaItemForm, AttachmentForm, TimeSlotForm, WorkingGroupForm
from .models import AgendaItem, Meeting, MeetingAttachment, TimeSlot, WorkingGroup
from .view_helpers import meeting_page, meeting_url


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
@role_required(*OFFICE)
def agenda_new(meeting_id: int):
    meeting = owned_or_404(Meeting, meeting_id)
    form = AgendaItemForm(creating=True)
    _area_choices(form, meeting)
    if saved(form, lambda: services.add_agenda_item(meeting, **_agenda_values(form, meeting))):
        flash(_("Agenda item added."), "success")
        return redirect(meeting_url(meeting, "agenda"))
    return _agenda_page(form, meeting, None)


@bp.route("/<district>/ordine-del-giorno/<int:item_id>/modifica", methods=["GET", "POST"])
@role_required(*OFFICE)
def agenda_edit(item_id: int):
    item = owned_or_404(AgendaItem, item_id)
    form = AgendaItemForm(data={"version": item.version, "starts_at": item.starts_at, "title": item.title,
                                "speaker": item.speaker, "area_id": item.area_id or 0})
    _area_choices(form, item.meeting)
    if saved(form, lambda: services.update_agenda_item(item, version=form.version.data,
                                                              **_agenda_values(form, item.meeting))):
        flash(_("Agenda item saved."), "success")
        return redirect(meeting_url(item.meeting, "agenda"))
    return _agenda_page(form, item.meeting, item)


@bp.post("/<district>/ordine-del-giorno/<int:item_id>/sposta")
@role_required(*OFFICE)
def agenda_move(item_id: int):
    item = owned_or_404(AgendaItem, item_id)
    move_from_request(lambda obj, direction: services.move_agenda_item(obj, direction), item)
    return redirect(meeting_url(item.meeting, "agenda"))


@bp.post("/<district>/incontri/<int:meeting_id>/ordine-del-giorno/ordina")
@role_required(*OFFICE)
def agenda_sort(meeting_id: int):
    meeting = owned_or_404(Meeting, meeting_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.sort_agenda_by_time(meeting)
    db.session.commit()
    flash(_("Agenda items put in time order."), "success")
    return redirect(meeting_url(meeting, "agenda"))


@bp.route("/<district>/ordine-del-giorno/<int:item_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def agenda_delete(item_id: int):
    item = owned_or_404(AgendaItem, item_id)
    meeting = item.meeting
    return confirm_delete(
        item, title=_("Delete the agenda item"), name=item.title, consequences=[],
        cancel=meeting_url(meeting, "agenda"), delete=lambda: services.delete_agenda_item(item),
        done=meeting_url(meeting, "agenda"), message=_("Agenda item deleted."))


# --- attachments ----------------------------------------------------------------------------------------

@bp.post("/<district>/incontri/<int:meeting_id>/allegati")
@role_required(*OFFICE)
def attachment_new(meeting_id: int):
    meeting = owned_or_404(Meeting, meeting_id)
    form = AttachmentForm()
    if saved(form, lambda: services.add_attachment(meeting, form.file.data, form.title.data)):
        flash(_("Attachment added."), "success")
        return redirect(meeting_url(meeting, "attachments"))
    return meeting_page(meeting, form), 422


@bp.get("/<district>/allegati/<int:attachment_id>")
@role_required(*OFFICE)
def attachment(attachment_id: int):
    return send_stored(owned_or_404(MeetingAttachment, attachment_id).stored_file)


@bp.route("/<district>/allegati/<int:attachment_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def attachment_delete(attachment_id: int):
    attachment = owned_or_404(MeetingAttachment, attachment_id)
    meeting = attachment.meeting
    return confirm_delete(
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
@role_required(*OFFICE)
def group_new(meeting_id: int):
    meeting = owned_or_404(Meeting, meeting_id)
    form = WorkingGroupForm()
    _group_choices(form, meeting)
    if saved(form, lambda: services.add_working_group(meeting, **_group_values(form, meeting))):
        flash(_("Working group added."), "success")
        return redirect(meeting_url(meeting, "groups"))
    return _group_page(form, meeting, None)


@bp.route("/<district>/gruppi-di-lavoro/<int:group_id>/modifica", methods=["GET", "POST"])
@role_required(*OFFICE)
def group_edit(group_id: int):
    group = owned_or_404(WorkingGroup, group_id)
    form = WorkingGroupForm(data={"name": group.name, "area_id": group.area_id or 0,
                                  "focus_group_id": group.focus_group_id or 0, "capacity": group.capacity})
    _group_choices(form, group.meeting)
    if saved(form, lambda: services.update_working_group(group, **_group_values(form, group.meeting))):
        flash(_("Working group saved."), "success")
        return redirect(meeting_url(group.meeting, "groups"))
    return _group_page(form, group.meeting, group)


@bp.post("/<district>/gruppi-di-lavoro/<int:group_id>/sposta")
@role_required(*OFFICE)
def group_move(group_id: int):
    group = owned_or_404(WorkingGroup, group_id)
    move_from_request(lambda obj, direction: services.move_working_group(obj, direction), group)
    return redirect(meeting_url(group.meeting, "groups"))


def _signed_up(place) -> str | None:
    return place.taken and _("%(num)d people signed up keep their registration, without this choice",
                             num=place.taken)


@bp.route("/<district>/gruppi-di-lavoro/<int:group_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def group_delete(group_id: int):
    group = owned_or_404(WorkingGroup, group_id)
    meeting = group.meeting
    return confirm_delete(
        group, title=_("Delete the working group"), name=group.name, consequences=[_signed_up(group)],
        cancel=meeting_url(meeting, "groups"), delete=lambda: services.delete_working_group(group),
        done=meeting_url(meeting, "groups"), message=_("Working group deleted."))


# --- time slots -----------------------------------------------------------------------------------------

def _slot_values(form: TimeSlotForm) -> dict:
    return {"starts_at": datetime.combine(form.date.data, form.start_time.data),
            "ends_at": datetime.combine(form.date.data, form.end_time.data), "capacity": form.capacity.data}


@bp.route("/<district>/incontri/<int:meeting_id>/fasce/nuova", methods=["GET", "POST"])
@role_required(*OFFICE)
def slot_new(meeting_id: int):
    meeting = owned_or_404(Meeting, meeting_id)
    form = TimeSlotForm(data={"date": meeting.starts_at.date()})
    if saved(form, lambda: services.add_time_slot(meeting, **_slot_values(form))):
        flash(_("Time slot added."), "success")
        return redirect(meeting_url(meeting, "slots"))
    return _slot_page(form, meeting, None)


@bp.route("/<district>/fasce-orarie/<int:slot_id>/modifica", methods=["GET", "POST"])
@role_required(*OFFICE)
def slot_edit(slot_id: int):
    slot = owned_or_404(TimeSlot, slot_id)
    form = TimeSlotForm(data={"date": slot.starts_at.date(), "start_time": slot.starts_at.time(),
                              "end_time": slot.ends_at.time(), "capacity": slot.capacity})
    if saved(form, lambda: services.update_time_slot(slot, **_slot_values(form))):
        flash(_("Time slot saved."), "success")
        return redirect(meeting_url(slot.meeting, "slots"))
    return _slot_page(form, slot.meeting, slot)


@bp.route("/<district>/fasce-orarie/<int:slot_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def slot_delete(slot_id: int):
    slot = owned_or_404(TimeSlot, slot_id)
    meeting = slot.meeting
    return confirm_delete(
        slot, title=_("Delete the time slot"), name=str(slot), consequences=[_signed_up(slot)],
        cancel=meeting_url(meeting, "slots"), delete=lambda: services.delete_time_slot(slot),
        done=meeting_url(meeting, "slots"), message=_("Time slot deleted."))
