"""A meeting's parts for the planning office: the timed agenda, attachments, working groups and time slots.
Agenda items, working groups and time slots share one shape (`Part`: a new page under the meeting, an edit
page, a confirmed delete, one form template). Routes on the meetings' blueprint (blueprint.py)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

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


# --- agenda items, working groups, time slots: one shape ---------------------------------------------------

@dataclass(frozen=True)
class Part:
    """One kind of part of a meeting, as the office's pages handle it. `form(meeting, part)` gives the form,
    filled from the part when there is one; `add` and `update` save it; `texts` are the page's headings and
    messages: new, edit, added, saved, delete title, deleted."""
    model: type
    anchor: str                                            # the meeting page's section
    form: Callable[[Meeting, Any], Any]
    add: Callable[[Meeting, Any], object]
    update: Callable[[Any, Any], object]
    delete: Callable[[Any], None]
    texts: Callable[[], tuple[str, str, str, str, str, str]]
    name: Callable[[Any], str] = str
    helps: Callable[[], dict] = dict
    note: Callable[[Any], str | None] = lambda part: None
    consequences: Callable[[Any], list] = lambda part: []


def add_part_pages(kind: str, new_rule: str, rule: str, part: Part) -> None:
    """`<meeting>/new_rule` (`kind_new`), `rule + "modifica"` (`kind_edit`) and `rule + "elimina"`
    (`kind_delete`) on the meetings' blueprint."""
    def page(form, meeting, record):
        new, edit, *_rest = part.texts()
        return render_template("meetings/office/part_form.html", form=form, meeting=meeting,
                               heading=edit if record else new, anchor=part.anchor, helps=part.helps(),
                               note=part.note(record)), form_status()

    def create(meeting_id: int):
        meeting = owned_or_404(Meeting, meeting_id)
        form = part.form(meeting, None)
        if saved(form, lambda: part.add(meeting, form)):
            flash(part.texts()[2], "success")
            return redirect(meeting_url(meeting, part.anchor))
        return page(form, meeting, None)

    def edit(**ids):
        record = owned_or_404(part.model, *ids.values())
        form = part.form(record.meeting, record)
        if saved(form, lambda: part.update(record, form)):
            flash(part.texts()[3], "success")
            return redirect(meeting_url(record.meeting, part.anchor))
        return page(form, record.meeting, record)

    def delete(**ids):
        record = owned_or_404(part.model, *ids.values())
        back = meeting_url(record.meeting, part.anchor)
        texts = part.texts()
        return confirm_delete(record, title=texts[4], name=part.name(record), consequences=part.consequences(record),
                              cancel=back, delete=lambda: part.delete(record), done=back, message=texts[5])

    for view, suffix in ((create, "new"), (edit, "edit"), (delete, "delete")):
        view.__name__ = view.__qualname__ = f"{kind}_{suffix}"
    methods = ["GET", "POST"]
    bp.add_url_rule(f"/<district>/incontri/<int:meeting_id>/{new_rule}", view_func=role_required(*OFFICE)(create),
                    methods=methods)
    bp.add_url_rule(rule + "modifica", view_func=role_required(*OFFICE)(edit), methods=methods)
    bp.add_url_rule(rule + "elimina", view_func=role_required(*OFFICE)(delete), methods=methods)


def _places_note(place) -> str | None:
    if place is None or place.capacity is None:
        return None
    return _("%(taken)d of %(capacity)d places taken", taken=place.taken, capacity=place.capacity)


def _signed_up(place) -> list:
    return [place.taken and _("%(num)d people signed up keep their registration, without this choice",
                              num=place.taken)]


def _area_choices(form, meeting: Meeting) -> None:
    form.area_id.choices = [(0, _("No area")), *[(a.id, a.name) for a in services.area_choices(meeting)]]


def _chosen_area(form, meeting: Meeting):
    return next((a for a in services.area_choices(meeting) if a.id == form.area_id.data), None)


# --- agenda ---------------------------------------------------------------------------------------------

def _agenda_form(meeting: Meeting, item: AgendaItem | None) -> AgendaItemForm:
    form = AgendaItemForm(data={"version": item.version, "starts_at": item.starts_at, "title": item.title,
                                "speaker": item.speaker, "area_id": item.area_id or 0} if item else None,
                          creating=item is None)
    _area_choices(form, meeting)
    return form


def _agenda_values(form: AgendaItemForm, meeting: Meeting) -> dict:
    return {"starts_at": form.starts_at.data, "title": form.title.data, "speaker": form.speaker.data,
            "area": _chosen_area(form, meeting)}


add_part_pages("agenda", "ordine-del-giorno/nuovo", "/<district>/ordine-del-giorno/<int:item_id>/", Part(
    AgendaItem, "agenda", _agenda_form,
    add=lambda meeting, form: services.add_agenda_item(meeting, **_agenda_values(form, meeting)),
    update=lambda item, form: services.update_agenda_item(item, version=form.version.data,
                                                          **_agenda_values(form, item.meeting)),
    delete=services.delete_agenda_item,
    texts=lambda: (_("New agenda item"), _("Edit agenda item"), _("Agenda item added."), _("Agenda item saved."),
                   _("Delete the agenda item"), _("Agenda item deleted.")),
    name=lambda item: item.title,
    helps=lambda: {"starts_at": _("When the item starts, e.g. 09:30; leave empty for an untimed item."),
                   "area_id": _("The planning area the item is about, if any.")}))


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

def _group_form(meeting: Meeting, group: WorkingGroup | None) -> WorkingGroupForm:
    form = WorkingGroupForm(data={"name": group.name, "area_id": group.area_id or 0,
                                  "focus_group_id": group.focus_group_id or 0, "capacity": group.capacity}
                            if group else None)
    _area_choices(form, meeting)
    form.focus_group_id.choices = [(0, _("No focus group")),
                                   *[(f.id, f.title) for f in services.focus_group_choices(meeting)]]
    return form


def _group_values(form: WorkingGroupForm, meeting: Meeting) -> dict:
    focus = next((f for f in services.focus_group_choices(meeting) if f.id == form.focus_group_id.data), None)
    return {"name": form.name.data, "area": _chosen_area(form, meeting), "focus_group": focus,
            "capacity": form.capacity.data}


add_part_pages("group", "gruppi/nuovo", "/<district>/gruppi-di-lavoro/<int:group_id>/", Part(
    WorkingGroup, "groups", _group_form,
    add=lambda meeting, form: services.add_working_group(meeting, **_group_values(form, meeting)),
    update=lambda group, form: services.update_working_group(group, **_group_values(form, group.meeting)),
    delete=services.delete_working_group,
    texts=lambda: (_("New working group"), _("Edit working group"), _("Working group added."),
                   _("Working group saved."), _("Delete the working group"), _("Working group deleted.")),
    name=lambda group: group.name,
    helps=lambda: {"area_id": _("People sign up to one working group per area."),
                   "focus_group_id": _("Its facilitators will see who signed up. It must be about the same area.")},
    note=_places_note, consequences=_signed_up))


@bp.post("/<district>/gruppi-di-lavoro/<int:group_id>/sposta")
@role_required(*OFFICE)
def group_move(group_id: int):
    group = owned_or_404(WorkingGroup, group_id)
    move_from_request(lambda obj, direction: services.move_working_group(obj, direction), group)
    return redirect(meeting_url(group.meeting, "groups"))


# --- time slots -----------------------------------------------------------------------------------------

def _slot_form(meeting: Meeting, slot: TimeSlot | None) -> TimeSlotForm:
    if slot is None:
        return TimeSlotForm(data={"date": meeting.starts_at.date()})
    return TimeSlotForm(data={"date": slot.starts_at.date(), "start_time": slot.starts_at.time(),
                              "end_time": slot.ends_at.time(), "capacity": slot.capacity})


def _slot_values(form: TimeSlotForm) -> dict:
    return {"starts_at": datetime.combine(form.date.data, form.start_time.data),
            "ends_at": datetime.combine(form.date.data, form.end_time.data), "capacity": form.capacity.data}


add_part_pages("slot", "fasce/nuova", "/<district>/fasce-orarie/<int:slot_id>/", Part(
    TimeSlot, "slots", _slot_form,
    add=lambda meeting, form: services.add_time_slot(meeting, **_slot_values(form)),
    update=lambda slot, form: services.update_time_slot(slot, **_slot_values(form)),
    delete=services.delete_time_slot,
    texts=lambda: (_("New time slot"), _("Edit time slot"), _("Time slot added."), _("Time slot saved."),
                   _("Delete the time slot"), _("Time slot deleted.")),
    note=_places_note, consequences=_signed_up))
