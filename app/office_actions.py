"""The planning office's pages for system actions: one form holds the whole action (referents, bodies
involved, budget lines), so one version check covers every part of it.

The edit page autosaves only the action's own fields (texts, dates, theses): the rows of organizations and
budget lines carry no ids back after a save, so they, the referents and the area wait for "Save action", which
then goes through with the version the last autosave answered.
"""
from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from . import autosave
from . import structure_actions as actions
from .auth import role_required
from .blueprint import office as bp
from .extensions import csrf, db
from .forms import form_status
from .account_models import User
from .models import Organization, PlanningArea, SystemAction, Thesis
from .structure_forms import ActionForm
from .view_helpers import NO_STORE, OFFICE, confirm_delete, move_from_request, owned_or_404, plan_url, saved


def _initial(action: SystemAction) -> dict:
    return {
        "version": action.version, "area": action.area_id, "code": action.code, "title": action.title,
        "description": action.description, "expected_results": action.expected_results,
        "projects": "\n".join(action.projects or []), "planned_start": action.planned_start,
        "planned_end": action.planned_end, "theses": [t.id for t in action.theses],
        "referents": [u.id for u in action.referents],
        "involvements": [SimpleNamespace(organization=i.organization_id, role=i.role, new_name="",
                                         new_type=None, remove=False) for i in action.involvements],
        "budget": [SimpleNamespace(line_id=str(line.id), source=line.source, description=line.description,
                                   amount=line.planned_amount, remove=False) for line in action.budget_lines],
    }


def _action_form(plan, action: SystemAction | None, area: PlanningArea | None = None) -> ActionForm:
    form = ActionForm(data=_initial(action) if action else {"area": area.id if area else None},
                      creating=action is None)
    candidates = actions.district_users(g.district)
    if action is not None:
        candidates += [u for u in action.referents if u not in candidates]
    form.set_choices(plan, sorted(candidates, key=lambda u: u.name.lower()), g.district.organizations)
    if request.method == "GET":
        # One blank row of each kind, ready to fill in.
        form.add_row("involvements")
        form.add_row("budget")
    return form


# Saved by the full submit only (see the module's docstring).
FULL_SUBMIT_ONLY = ("area", "referents", "referent_email", "involvements", "budget", "add_involvement", "add_budget")


def _own_fields(form: ActionForm) -> actions.ActionData:
    """The action's own fields; None for referents, organizations and budget leaves those as they are."""
    return actions.ActionData(
        code=form.code.data, title=form.title.data, description=form.description.data,
        expected_results=form.expected_results.data, projects=(form.projects.data or "").splitlines(),
        planned_start=form.planned_start.data, planned_end=form.planned_end.data,
        theses=[owned_or_404(Thesis, thesis_id) for thesis_id in form.theses.data or []])


def _data(form: ActionForm) -> actions.ActionData:
    referents = [db.session.get(User, user_id) for user_id in form.referents.data or []]
    if (form.referent_email.data or "").strip():
        extra = actions.find_referent(form.referent_email.data)
        if extra not in referents:
            referents.append(extra)
    involvements = [
        actions.Involvement(role=row.form.role.data,
                            organization=owned_or_404(Organization, row.form.organization.data)
                            if row.form.organization.data else None,
                            new_name=row.form.new_name.data, new_type=row.form.new_type.data)
        for row in form.involvements if not row.form.remove.data and not row.form.is_blank]
    budget = [
        actions.Budget(source=row.form.source.data, amount=row.form.amount.data,
                       description=row.form.description.data,
                       line_id=int(row.form.line_id.data) if (row.form.line_id.data or "").isdigit() else None)
        for row in form.budget if not row.form.remove.data and not row.form.is_blank]
    return replace(_own_fields(form), referents=referents, involvements=involvements, budget=budget)


def _flash_invited(form, action: SystemAction) -> None:
    """The referent typed by e-mail works elsewhere: they were invited, and join the action when they accept."""
    email = (form.referent_email.data or "").strip() if "referent_email" in form else ""
    if email and not any(u.email == email.lower() for u in action.referents):
        flash(_("%(email)s has an account outside %(district)s: an invitation was sent, and they become referent "
                "of %(code)s when they accept it.", email=email, district=g.district.name, code=action.code), "info")


def _render(form, plan, area, action):
    return render_template("office/action_form.html", form=form, plan=plan, area=area, action=action)


@bp.route("/<district>/aree/<int:area_id>/azioni/nuova", methods=["GET", "POST"])
@role_required(*OFFICE)
def action_new(area_id):
    area = owned_or_404(PlanningArea, area_id)
    form = _action_form(area.plan, None, area)
    if request.method == "POST" and form.adding_row:
        form.add_row(form.adding_row)
        return _render(form, area.plan, area, None)

    def create():
        target = owned_or_404(PlanningArea, form.area.data) if form.area.data else area
        if target.plan_id != area.plan_id:
            raise actions.InvalidField("area", _("An action can only move to another area of the same plan."))
        return actions.create_action(target, _data(form))

    action = saved(form, create)
    if action:
        flash(_("Action %(code)s created.", code=action.code), "success")
        _flash_invited(form, action)
        return redirect(plan_url(area.plan_id, f"action-{action.id}"))
    return _render(form, area.plan, area, None), form_status()


@bp.route("/<district>/azioni/<int:action_id>/modifica", methods=["GET", "POST"])
@role_required(*OFFICE)
def action_edit(action_id):
    action = owned_or_404(SystemAction, action_id)
    plan, area = action.plan, action.area
    form = _action_form(plan, action)
    if request.method == "POST" and form.adding_row:
        form.add_row(form.adding_row)
        return _render(form, plan, area, action), 200, NO_STORE

    def update():
        target = owned_or_404(PlanningArea, form.area.data) if form.area.data else None
        actions.update_action(action, _data(form), version=form.version.data, area=target)

    if saved(form, update):
        flash(_("Action %(code)s saved.", code=action.code), "success")
        _flash_invited(form, action)
        return redirect(plan_url(action.plan.id, f"action-{action.id}"))
    return _render(form, plan, area, action), form_status(), NO_STORE


@bp.post("/<district>/azioni/<int:action_id>/salva")
@csrf.exempt        # the form checks the token itself and answers in JSON
@role_required(*OFFICE)
def action_autosave(action_id):
    """autosave.js posts the edit form here: the action's own fields are saved, the rows left to the full submit."""
    action = owned_or_404(SystemAction, action_id)
    form = _action_form(action.plan, action)
    for name in FULL_SUBMIT_ONLY:
        # Neither validated nor compared on a conflict: a half-typed budget row must not stop the text saving.
        delattr(form, name)
    return autosave.answer(action, form,
                           lambda: actions.update_action(action, _own_fields(form), version=form.version.data),
                           saved_data=lambda: _initial(action),
                           conflict_url=url_for("office.action_edit", action_id=action.id))


@bp.route("/<district>/azioni/<int:action_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def action_delete(action_id):
    action = owned_or_404(SystemAction, action_id)
    plan_id, area_id = action.plan.id, action.area_id
    return confirm_delete(
        action, title=_("Delete the system action"), name=f"{action.code} {action.title}",
        consequences=[
            action.referents and ngettext("%(num)d referent assignment (the person keeps the account)",
                                          "%(num)d referent assignments (the people keep their accounts)",
                                          len(action.referents)),
            action.involvements and ngettext("%(num)d organization involved (it stays in the directory)",
                                             "%(num)d organizations involved (they stay in the directory)",
                                             len(action.involvements)),
            action.budget_lines and ngettext("%(num)d budget line", "%(num)d budget lines",
                                             len(action.budget_lines))],
        cancel=plan_url(plan_id, f"action-{action.id}"), delete=lambda: actions.delete_action(action),
        done=plan_url(plan_id, f"area-{area_id}"),
        message=_("Action %(code)s deleted.", code=action.code))


@bp.post("/<district>/azioni/<int:action_id>/sposta")
@role_required(*OFFICE)
def action_move(action_id):
    action = owned_or_404(SystemAction, action_id)
    move_from_request(actions.move_action, action)
    return redirect(plan_url(action.plan.id, f"action-{action.id}"))
