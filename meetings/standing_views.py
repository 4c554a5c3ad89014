"""The planning office's pages on standing working groups (/gestione/<district>/gruppi/): the list, a group with
its roster, meetings and open items, and the roster's changes. Routes on the meetings blueprint."""
from __future__ import annotations

from flask import flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select

from app import autosave
from app.auth import role_required
from app.extensions import db
from app.forms import form_status
from app.models import Plan
from app.office_registries import register_district_section
from app.roles import role_choices, role_of
from app.view_helpers import OFFICE, confirm_delete, owned_or_404, saved

from . import roster_import
from . import standing as services
from .blueprint import meetings as bp
from .models import Meeting, MinutesItem
from .roster_files import RosterFileError, RosterRow, read_roster, template_xlsx
from .standing_forms import AttachMeetingForm, ButtonForm, GroupForm, RosterImportForm, RosterMemberForm
from .standing_models import RosterMember, StandingGroup

register_district_section("meetings.standing_groups", _l("Standing working groups"), OFFICE,
                          _l("Groups that meet again and again: roster, attendance, open items."), order=305)


def group_url(group: StandingGroup, anchor: str | None = None) -> str:
    return url_for("meetings.standing_group", standing_group_id=group.id, _anchor=anchor)


@bp.get("/<district>/gruppi/")
@role_required(*OFFICE)
def standing_groups():
    found = db.session.scalars(select(StandingGroup).filter_by(district_id=g.district.id)
                               .order_by(func.lower(StandingGroup.name))).all()
    meetings = dict(db.session.execute(
        select(Meeting.standing_group_id, func.count()).where(Meeting.district_id == g.district.id,
                                                              Meeting.standing_group_id.is_not(None))
        .group_by(Meeting.standing_group_id)).all())
    return render_template("meetings/groups/list.html", groups=found, meetings=meetings)


@bp.route("/<district>/gruppi/nuovo", methods=["GET", "POST"])
@role_required(*OFFICE)
def standing_group_new():
    form = GroupForm(creating=True)
    _choices(form, None)
    group = saved(form, lambda: services.add_group(g.district, name=form.name.data,
                                                    description=form.description.data,
                                                    plan=_plan(form.plan_id.data)))
    if group:
        flash(_("%(name)s added: now its roster.", name=group.name), "success")
        return redirect(group_url(group, "roster"))
    return render_template("meetings/groups/form.html", form=form, group=None), form_status()


def _plan(plan_id: int | None) -> Plan | None:
    return owned_or_404(Plan, plan_id) if plan_id else None


def _choices(form: GroupForm, group: StandingGroup | None) -> None:
    form.plan_id.choices = [("", _("– none –")), *[(p.id, p.title) for p in db.session.scalars(
        select(Plan).filter_by(district_id=g.district.id).order_by(Plan.start_year.desc()))]]
    form.coordinator_id.choices = [("", _("– none –")), *[
        (m.id, m.name) for m in (group.active_roster if group else [])]]


def _group_data(group: StandingGroup) -> dict:
    return {"version": group.version, "name": group.name, "description": group.description,
            "plan_id": group.plan_id, "coordinator_id": group.coordinator_id}


def _group_form(group: StandingGroup):
    form = GroupForm(data=_group_data(group))
    _choices(form, group)

    def save():
        coordinator = owned_or_404(RosterMember, form.coordinator_id.data) if form.coordinator_id.data else None
        return services.update_group(group, version=form.version.data, name=form.name.data,
                                     description=form.description.data, plan=_plan(form.plan_id.data),
                                     coordinator=coordinator)
    return form, save


def _member_form() -> RosterMemberForm:
    form = RosterMemberForm()
    form.role_id.choices = role_choices(g.district.id, _("– not said –"))
    return form


def _attach_form(group: StandingGroup) -> AttachMeetingForm:
    form = AttachMeetingForm(prefix="attach")
    free = db.session.scalars(select(Meeting).where(Meeting.district_id == g.district.id,
                                                    Meeting.standing_group_id.is_(None))
                              .order_by(Meeting.starts_at.desc())).all()
    form.meeting_id.choices = [("", _("– choose –")), *[
        (m.id, f"{m.starts_at:%d/%m/%Y} · {m.title}") for m in free]]
    return form


def _group_page(group: StandingGroup, form: RosterMemberForm, attach: AttachMeetingForm):
    meetings = services.meetings_of(group)
    counts = {meeting.id: services.attendance_counts(meeting) for meeting in meetings}
    return render_template("meetings/groups/group.html", group=group, form=form, attach=attach,
                           meetings=meetings, counts=counts, open_items=services.open_items(group),
                           button=ButtonForm()), form_status()


@bp.route("/<district>/gruppi/<int:standing_group_id>/", methods=["GET", "POST"])
@role_required(*OFFICE)
def standing_group(standing_group_id: int):
    """The group: roster, meetings with their attendance, open items; POST adds a member to the roster."""
    group = owned_or_404(StandingGroup, standing_group_id)
    form = _member_form()
    if saved(form, lambda: services.add_member(group, name=form.name.data, email=form.email.data,
                                                organization_name=form.organization_name.data,
                                                role=role_of(g.district.id, form.role_id.data))):
        flash(_("%(name)s added to the roster.", name=form.name.data), "success")
        return redirect(group_url(group, "roster"))
    return _group_page(group, form, _attach_form(group))


autosave.add_edit_page(bp, "/<district>/gruppi/<int:standing_group_id>/", "standing_group", OFFICE, autosave.EditPage(
    StandingGroup, _group_form, _group_data, "meetings/groups/form.html",
    context=lambda group: {"group": group}, saved=lambda group: _("%(name)s saved.", name=group.name),
    done=group_url))


@bp.post("/<district>/gruppi/<int:standing_group_id>/incontri")
@role_required(*OFFICE)
def standing_group_attach(standing_group_id: int):
    """Make a meeting one of the group's: attendance from the roster, open items on its agenda."""
    group = owned_or_404(StandingGroup, standing_group_id)
    attach = _attach_form(group)
    meeting = owned_or_404(Meeting, attach.meeting_id.data) if attach.validate_on_submit() else None
    found = meeting and saved(attach, lambda: services.attach_meeting(group, meeting))
    if found:
        expected, carried = found
        flash(" ".join([_("%(meeting)s is now a meeting of the group.", meeting=meeting.title),
                        ngettext("%(num)d person expected from the roster.",
                                 "%(num)d people expected from the roster.", expected),
                        ngettext("%(num)d open item on its agenda.", "%(num)d open items on its agenda.",
                                 carried)]), "success")
        return redirect(group_url(group, "meetings"))
    return _group_page(group, _member_form(), attach)


@bp.route("/<district>/gruppi/<int:standing_group_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def standing_group_delete(standing_group_id: int):
    group = owned_or_404(StandingGroup, standing_group_id)
    meetings = len(services.meetings_of(group))
    return confirm_delete(
        group, title=_("Delete the group"), name=group.name,
        consequences=[group.roster and ngettext("a roster of %(num)d person", "a roster of %(num)d people",
                                                len(group.roster)),
                      meetings and ngettext("%(num)d meeting stays, as a meeting of no group",
                                            "%(num)d meetings stay, as meetings of no group", meetings)],
        cancel=group_url(group), delete=lambda: services.delete_group(group), done=url_for("meetings.standing_groups"),
        message=_("%(name)s deleted.", name=group.name))


@bp.post("/<district>/componenti-gruppo/<int:roster_member_id>/attivo")
@role_required(*OFFICE)
def roster_member_active(roster_member_id: int):
    """Leave the group (the name stays in past meetings) or come back."""
    member = owned_or_404(RosterMember, roster_member_id)
    active = request.form.get("active") == "1"
    if saved(ButtonForm(), lambda: services.set_active(member, active)):
        flash(_("%(name)s is back in the group.", name=member.name) if active
              else _("%(name)s has left the group.", name=member.name), "success")
    return redirect(group_url(member.group, "roster"))


@bp.route("/<district>/componenti-gruppo/<int:roster_member_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def roster_member_delete(roster_member_id: int):
    member = owned_or_404(RosterMember, roster_member_id)
    group = member.group
    return confirm_delete(
        member, title=_("Remove from the roster"), name=member.name,
        consequences=[_("Past meetings keep the name; to keep the place on the roster too, mark the person as "
                        "having left instead.")],
        cancel=group_url(group, "roster"), delete=lambda: services.delete_member(member),
        done=group_url(group, "roster"), message=_("%(name)s removed from the roster.", name=member.name))


@bp.post("/<district>/punti-aperti/<int:minutes_item_id>/chiudi")
@role_required(*OFFICE)
def minutes_item_close(minutes_item_id: int):
    """Close an open item (done: no longer carried to the next meeting) or open it again."""
    item = owned_or_404(MinutesItem, minutes_item_id)
    closed = request.form.get("closed", "1") == "1"
    if saved(ButtonForm(), lambda: services.close_item(item, closed)):
        flash(_("Item closed.") if closed else _("Item open again."), "success")
    group = item.minutes.meeting.standing_group
    return redirect(group_url(group, "open-items") if group else url_for("meetings.standing_groups"))


# --- the roster from a spreadsheet -------------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 500      # as many as a roster file may hold


def _rows_sent() -> list[tuple[RosterRow, str]]:
    """The rows of the confirmation form as the preview wrote them, each with the choice made."""
    sent = []
    count = request.form.get("count", "")
    for index in range(min(int(count), MAX_ROWS) if count.isdigit() else 0):
        name = " ".join(request.form.get(f"row-{index}-name", "").split())[:200]
        if name:
            sent.append((RosterRow(int(request.form.get(f"row-{index}-row", "0") or 0), name,
                                   _text(request.form.get(f"row-{index}-body"))[:200] or None,
                                   _text(request.form.get(f"row-{index}-email")) or None,
                                   _text(request.form.get(f"row-{index}-role"))[:200] or None),
                         request.form.get(f"row-{index}-choice", roster_import.NEW)))
    return sent


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


@bp.route("/<district>/gruppi/<int:standing_group_id>/importa", methods=["GET", "POST"])
@role_required(*OFFICE)
def roster_import_page(standing_group_id: int):
    """Upload the roster: the rows come back with their suggested matches, to confirm."""
    group = owned_or_404(StandingGroup, standing_group_id)
    form = RosterImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            rows = read_roster(form.file.data.stream)
        except RosterFileError as error:
            form.file.errors = [_("The file cannot be read as a roster.")]
            problems = error.problems
        else:
            if rows:
                return render_template("meetings/groups/import_confirm.html", group=group, button=ButtonForm(),
                                       proposals=roster_import.propose(group, rows))
            form.file.errors = [_("The file has nobody in it: fill in a row per person under the header.")]
    status = 422 if problems else form_status()
    return render_template("meetings/groups/import.html", group=group, form=form, problems=problems), status


@bp.post("/<district>/gruppi/<int:standing_group_id>/importa/conferma")
@role_required(*OFFICE)
def roster_import_confirm(standing_group_id: int):
    """Save the rows as confirmed, all or none."""
    group = owned_or_404(StandingGroup, standing_group_id)
    button = ButtonForm()
    decisions = _rows_sent()
    counts = saved(button, lambda: roster_import.apply(group, decisions)) if decisions else None
    if counts:
        added, completed = counts
        flash(" ".join([ngettext("%(num)d person added to the roster.", "%(num)d people added to the roster.", added),
                        ngettext("%(num)d place already on it completed.", "%(num)d places already on it completed.",
                                 completed)]), "success")
        return redirect(group_url(group, "roster"))
    if not decisions:
        button.form_errors.append(_("Nothing to import: upload the file again."))
    proposals = roster_import.propose(group, [row for row, _choice in decisions])
    for proposal, (_row, choice) in zip(proposals, decisions):
        proposal.chosen = choice
    return render_template("meetings/groups/import_confirm.html", group=group, button=button,
                           proposals=proposals), 422


@bp.get("/<district>/gruppi/rosa.xlsx")
@role_required(*OFFICE)
def roster_template():
    response = make_response(template_xlsx())
    response.headers["Content-Type"] = XLSX
    response.headers["Content-Disposition"] = 'attachment; filename="rosa-gruppo.xlsx"'
    return response
