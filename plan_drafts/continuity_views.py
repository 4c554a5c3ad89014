"""Continuity between plans on the drafts blueprint (blueprint.py): the actions of the previous plan an objective
takes up (with their evaluation cards beside it on the edit page), and the cycle view, where every old action
shows what becomes of it and the office marks those the draft does not take up. Planning office only."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, or_

from app.auth import role_required
from app.extensions import db
from app.forms import form_status
from app.lineage_models import ActionLineage
from app.models import Plan, PlanningArea, SystemAction
from app.office_registries import register_delete_warning, register_plan_link
from app.view_helpers import OFFICE, confirm_delete, owned_or_404, plan_url, saved

from . import continuity
from .blueprint import drafts as bp
from .continuity_models import DroppedAction, ObjectiveContinuity
from .forms import ContinuityForm, DropForm
from .models import DraftAxis, DraftObjective, PlanDraft
from .view_helpers import draft_or_404, objective_or_404, read_only


def _decisions_lost(record) -> str | None:
    """For the office's delete confirmations: the decisions on continuity between plans that go with it."""
    if isinstance(record, (DraftObjective, DraftAxis, PlanDraft)):
        objectives = [record] if isinstance(record, DraftObjective) else record.objectives
        count = sum(len(o.continuities) for o in objectives)
        count += len(record.dropped_actions) if isinstance(record, PlanDraft) else 0
        return count and ngettext("%(num)d decision on an action of the previous plan",
                                  "%(num)d decisions on actions of the previous plan", count)
    actions = [record] if isinstance(record, SystemAction) else getattr(record, "actions", None)
    if not isinstance(record, (SystemAction, PlanningArea, Plan)) or not actions:
        return None
    ids = [action.id for action in actions]
    count = sum(db.session.scalar(db.select(func.count()).select_from(model).where(condition)) for model, condition in (
        (ObjectiveContinuity, ObjectiveContinuity.action_id.in_(ids)),
        (DroppedAction, DroppedAction.action_id.in_(ids)),
        (ActionLineage, or_(ActionLineage.action_id.in_(ids), ActionLineage.previous_action_id.in_(ids)))))
    return count and ngettext("%(num)d decision on continuity between plans (what a later plan does with it)",
                              "%(num)d decisions on continuity between plans (what a later plan does with them)",
                              count)


register_delete_warning(_decisions_lost, order=510)
register_plan_link("drafts.plan_cycle", _l("What becomes of each action in the next plan (cycle view)"), order=510)


def _continuity_form(objective: DraftObjective) -> ContinuityForm:
    form = ContinuityForm(prefix="continuity")   # ids apart from the objective's form on the same page
    form.action.choices = continuity.action_choices(objective)
    return form


def edit_panel(objective: DraftObjective) -> dict:
    """What the objective's edit page shows of the previous plan: its links, the form to add one, and the
    evaluation cards of the actions it takes up."""
    return {"continuity_form": _continuity_form(objective), "previous_cards": continuity.previous_cards(objective)}


def _edit_url(objective: DraftObjective) -> str:
    return url_for("drafts.objective_edit", objective_id=objective.id, _anchor="continuity")


@bp.route("/<district>/bozze/obiettivi/<int:objective_id>/continuita", methods=["GET", "POST"])
@role_required(*OFFICE)
def continuity_add(objective_id: int):
    """Take up an action of the previous plan (the form is on the edit page; this page shows it again when
    something is missing)."""
    objective = objective_or_404(objective_id)
    draft = objective.axis.draft
    if not draft.is_editable:
        return read_only(draft)
    form = _continuity_form(objective)
    link = saved(form, lambda: continuity.link_action(objective, owned_or_404(SystemAction, form.action.data),
                                                      fate=form.fate.data, reason=form.reason.data))
    if link:
        flash(_("Objective %(number)s takes up %(code)s of the previous plan.", number=objective.number,
                code=link.action.code), "success")
        return redirect(_edit_url(objective))
    return render_template("plan_drafts/continuity_form.html", form=form, objective=objective, draft=draft,
                           previous_cards=continuity.previous_cards(objective)), form_status()


@bp.route("/<district>/bozze/continuita/<int:continuity_id>/rimuovi", methods=["GET", "POST"])
@role_required(*OFFICE)
def continuity_remove(continuity_id: int):
    link = owned_or_404(ObjectiveContinuity, continuity_id)
    objective = objective_or_404(link.objective_id)
    if not objective.axis.draft.is_editable:
        return read_only(objective.axis.draft)
    return confirm_delete(
        link, title=_("Remove the link to the previous plan"),
        name=_("Objective %(number)s takes up %(action)s", number=objective.number, action=str(link.action)),
        consequences=[], cancel=_edit_url(objective), delete=lambda: continuity.unlink_action(link),
        done=_edit_url(objective), message=_("Link removed."))


# --- the cycle view --------------------------------------------------------------------------------------

def _drop_form(rows: list[continuity.OldAction]) -> DropForm:
    form = DropForm()
    form.action.choices = [("", _("– choose –"))] + [
        (row.action.id, f"{row.action.code} {row.action.title}") for row in rows
        if row.fate == continuity.Fate.UNDECIDED]
    return form


def _cycle_page(draft: PlanDraft, form: DropForm | None = None):
    rows = continuity.cycle(draft.previous_plan, draft) if draft.previous_plan else []
    if form is None:
        form = _drop_form(rows)
        form.action.data = request.args.get("action_id", type=int)
    return render_template("plan_drafts/cycle.html", draft=draft, rows=rows, form=form,
                           counts=continuity.fate_counts(rows), areas=draft.previous_plan.areas
                           if draft.previous_plan else [])


@bp.get("/<district>/bozze/<int:draft_id>/ciclo")
@role_required(*OFFICE)
def cycle(draft_id: int):
    """Every action of the plan the draft follows, and what becomes of it."""
    return _cycle_page(draft_or_404(draft_id, edit=True))


@bp.get("/<district>/bozze/ciclo/piano/<int:plan_id>")
@role_required(*OFFICE)
def plan_cycle(plan_id: int):
    """From a plan's page: the cycle view of the draft that follows it."""
    plan = owned_or_404(Plan, plan_id)
    draft = continuity.following_draft(plan)
    if draft is None:
        flash(_("No draft follows %(plan)s yet: start one, then decide there what becomes of each action.",
                plan=plan.title), "info")
        return redirect(plan_url(plan))
    return redirect(url_for("drafts.cycle", draft_id=draft.id))


@bp.post("/<district>/bozze/<int:draft_id>/ciclo/abbandona")
@role_required(*OFFICE)
def cycle_drop(draft_id: int):
    """Mark an action of the previous plan as not taken up by the draft, with the reason."""
    draft = draft_or_404(draft_id, edit=True)
    if not draft.is_editable:
        return read_only(draft)
    rows = continuity.cycle(draft.previous_plan, draft) if draft.previous_plan else []
    form = _drop_form(rows)
    row = saved(form, lambda: continuity.drop_action(draft, owned_or_404(SystemAction, form.action.data),
                                                     reason=form.reason.data))
    if row:
        flash(_("%(code)s is marked as not taken up by the draft.", code=row.action.code), "success")
        return redirect(url_for("drafts.cycle", draft_id=draft.id, _anchor=f"old-action-{row.action_id}"))
    return _cycle_page(draft, form), form_status()


@bp.route("/<district>/bozze/ciclo/non-riprese/<int:dropped_id>/annulla", methods=["GET", "POST"])
@role_required(*OFFICE)
def cycle_undrop(dropped_id: int):
    """Take back the decision not to take an action up: it is undecided again."""
    row = owned_or_404(DroppedAction, dropped_id)
    draft = draft_or_404(row.draft_id, edit=True)
    if not draft.is_editable:
        return read_only(draft)
    back = url_for("drafts.cycle", draft_id=draft.id, _anchor=f"old-action-{row.action_id}")
    return confirm_delete(
        row, title=_("Take back the decision not to take the action up"), name=str(row.action),
        consequences=[_("The reason given: %(reason)s", reason=row.reason)], cancel=back,
        delete=lambda: continuity.undo_drop(row), done=back,
        message=_("%(code)s is undecided again.", code=row.action.code))
