"""Axes and objectives of a draft and their evidence (development lines, keywords, evaluation cards):
routes on the drafts blueprint (blueprint.py). The coverage of the development lines is in
coverage_views.py."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app import autosave, funding
from app.auth import role_required
from app.errors import DomainError
from app.extensions import csrf, db
from app.funding_models import FundingProgramme
from app.forms import form_status
from app.account_models import User
from app.models import Organization
from app.structure_actions import district_users
from app.view_helpers import (EVERY_ROLE, NO_STORE, OFFICE, ConfirmForm, confirm_delete, move_from_request,
                              owned_or_404, saved)
from focus_groups.models import Statement

from . import continuity_views, evidence, gather, services
from .blueprint import drafts as bp
from .forms import AxisForm, LinkForm, ObjectiveForm
from .models import DraftAxis, DraftObjective, PlanDraft
from .versions import mark_autosave
from .view_helpers import axis_or_404, draft_or_404, draft_url, objective_or_404, objective_url, read_only

# --- axes ---------------------------------------------------------------------------------------------

@bp.route("/<district>/bozze/<int:draft_id>/assi/nuovo", methods=["GET", "POST"])
@role_required(*OFFICE)
def axis_new(draft_id: int):
    draft = draft_or_404(draft_id, edit=True)
    if not draft.is_editable:
        return read_only(draft)
    form = AxisForm(creating=True)
    axis = saved(form, lambda: services.add_axis(
            draft, name=form.name.data, description=form.description.data,
            is_governance=form.is_governance.data))
    if axis:
        flash(_("Axis %(name)s added.", name=axis.name), "success")
        return redirect(draft_url(draft, f"axis-{axis.id}"))
    return render_template("plan_drafts/axis_form.html", form=form, draft=draft, axis=None), form_status()


def _saved_axis(axis: DraftAxis) -> dict:
    return {"version": axis.version, "name": axis.name, "description": axis.description,
            "is_governance": axis.is_governance}


def _axis_edit_form(axis: DraftAxis):
    """The edit form (with what was posted) and the service that saves it, for the page and its autosave."""
    form = AxisForm(data=_saved_axis(axis))
    return form, lambda: services.update_axis(axis, version=form.version.data, name=form.name.data,
                                              description=form.description.data,
                                              is_governance=form.is_governance.data)


@bp.route("/<district>/bozze/assi/<int:axis_id>/modifica", methods=["GET", "POST"])
@role_required(*OFFICE)
def axis_edit(axis_id: int):
    axis = axis_or_404(axis_id)
    draft = axis.draft
    if not draft.is_editable:
        return read_only(draft)
    form, save = _axis_edit_form(axis)
    if saved(form, save):
        flash(_("Axis %(name)s saved.", name=axis.name), "success")
        return redirect(draft_url(draft, f"axis-{axis.id}"))
    # no-store: "back" must not show a copy with an old version
    return (render_template("plan_drafts/axis_form.html", form=form, draft=draft, axis=axis), form_status(),
            NO_STORE)


@bp.post("/<district>/bozze/assi/<int:axis_id>/salva")
@csrf.exempt        # the form checks the token itself and answers in JSON
@role_required(*OFFICE)
def axis_autosave(axis_id: int):
    """autosave.js posts the axis's form here: the new version, or 409 with both versions."""
    axis = axis_or_404(axis_id)
    form, save = _axis_edit_form(axis)
    return autosave.answer(
        axis, form, save, saved_data=lambda: _saved_axis(axis),
        conflict_url=url_for("drafts.axis_edit", axis_id=axis.id),
        locked=not axis.draft.is_editable and _("The draft has been approved: it can no longer be changed."))


@bp.route("/<district>/bozze/assi/<int:axis_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def axis_delete(axis_id: int):
    axis = axis_or_404(axis_id)
    draft = axis.draft
    if not draft.is_editable:
        return read_only(draft)
    return confirm_delete(
        axis, title=_("Delete the axis"), name=axis.name,
        consequences=[axis.objectives and ngettext("%(num)d objective with its links to the evidence",
                                                   "%(num)d objectives with their links to the evidence",
                                                   len(axis.objectives))],
        cancel=draft_url(draft, f"axis-{axis.id}"), delete=lambda: services.delete_axis(axis),
        done=draft_url(draft, "axes"), message=_("Axis %(name)s deleted.", name=axis.name))


@bp.post("/<district>/bozze/assi/<int:axis_id>/sposta")
@role_required(*OFFICE)
def axis_move(axis_id: int):
    axis = axis_or_404(axis_id)
    if not axis.draft.is_editable:
        return read_only(axis.draft)
    move_from_request(services.move_axis, axis)
    return redirect(draft_url(axis.draft, f"axis-{axis.id}"))


# --- objectives -----------------------------------------------------------------------------------------

def _saved_objective(objective: DraftObjective) -> dict:
    return {"version": objective.version, "axis": objective.axis_id, "title": objective.title,
            "intervention_type": objective.intervention_type, "resources": objective.resources,
            "tools": objective.tools, "outcome_indicators": objective.outcome_indicators,
            "target_range": objective.target_range, "timing": objective.timing,
            "responsible": objective.responsible_organization_id,
            "partners": [o.id for o in objective.partners],
            "referents": [u.id for u in objective.referents],
            "budget_amount": objective.budget_amount, "funding_source": objective.funding_source,
            "programme": objective.programme_id}


def _objective_form(draft: PlanDraft, objective: DraftObjective | None, **data) -> ObjectiveForm:
    form = ObjectiveForm(data=_saved_objective(objective) if objective is not None else data,
                         creating=objective is None)
    users = district_users(g.district)
    if objective is not None:
        users += [u for u in objective.referents if u not in users]
    form.set_choices(draft.axes, g.district.organizations, sorted(users, key=lambda u: u.name.lower()),
                     funding.programmes(g.district.id))
    return form


def _objective_data(form: ObjectiveForm) -> services.ObjectiveData:
    return services.ObjectiveData(
        title=form.title.data, intervention_type=form.intervention_type.data, resources=form.resources.data,
        tools=form.tools.data, outcome_indicators=form.outcome_indicators.data,
        target_range=form.target_range.data, timing=form.timing.data,
        responsible=(owned_or_404(Organization, form.responsible.data)
                     if form.responsible.data else None),
        partners=[owned_or_404(Organization, i) for i in form.partners.data or []],
        referents=[u for u in (db.session.get(User, i) for i in form.referents.data or []) if u is not None],
        budget_amount=form.budget_amount.data, funding_source=form.funding_source.data,
        programme=owned_or_404(FundingProgramme, form.programme.data) if form.programme.data else None)


def _statement_of_request(form: ObjectiveForm) -> Statement | None:
    """The development line an objective is being created from (?statement_id= or the hidden field)."""
    value = request.args.get("statement_id", type=int) or (
        int(form.statement_id.data) if (form.statement_id.data or "").isdigit() else None)
    return owned_or_404(Statement, value) if value else None


@bp.route("/<district>/bozze/assi/<int:axis_id>/obiettivi/nuovo", methods=["GET", "POST"])
@role_required(*OFFICE)
def objective_new(axis_id: int):
    axis = axis_or_404(axis_id)
    draft = axis.draft
    if not draft.is_editable:
        return read_only(draft)
    form = _objective_form(draft, None, axis=axis.id)
    line = _statement_of_request(form)
    if line is not None and request.method == "GET":
        form.title.data, form.statement_id.data = line.text, str(line.id)
    def create():
        target = axis_or_404(form.axis.data) if form.axis.data else axis
        if target.draft_id != draft.id:
            raise services.InvalidField("axis", _("An objective can only move to another axis of the same "
                                                  "draft."))
        return services.create_objective(target, _objective_data(form), statements=[line] if line else [])

    objective = saved(form, create)
    if objective:
        flash(_("Objective %(number)s created.", number=objective.number), "success")
        return redirect(objective_url(objective))
    return render_template("plan_drafts/objective_form.html", form=form, draft=draft, axis=axis,
                           objective=None, line=line), form_status()


def _objective_update(objective: DraftObjective, form: ObjectiveForm):
    def update():
        target = axis_or_404(form.axis.data) if form.axis.data else None
        services.update_objective(objective, _objective_data(form), version=form.version.data, axis=target)
    return update


@bp.route("/<district>/bozze/obiettivi/<int:objective_id>/modifica", methods=["GET", "POST"])
@role_required(*OFFICE)
def objective_edit(objective_id: int):
    objective = objective_or_404(objective_id)
    draft = objective.axis.draft
    if not draft.is_editable:
        return read_only(draft)
    form = _objective_form(draft, objective)
    if saved(form, _objective_update(objective, form)):
        flash(_("Objective %(number)s saved.", number=objective.number), "success")
        return redirect(objective_url(objective))
    # no-store: "back" must not show a copy with an old version
    return (render_template("plan_drafts/objective_form.html", form=form, draft=draft, axis=objective.axis,
                            objective=objective, line=None, **continuity_views.edit_panel(objective)),
            form_status(), NO_STORE)


@bp.post("/<district>/bozze/obiettivi/<int:objective_id>/salva")
@csrf.exempt        # the form checks the token itself and answers in JSON
@role_required(*OFFICE)
def objective_autosave(objective_id: int):
    """autosave.js posts the objective's form here: the new version, or 409 with both versions."""
    objective = objective_or_404(objective_id)
    draft = objective.axis.draft
    form = _objective_form(draft, objective)
    update = _objective_update(objective, form)

    def save():
        mark_autosave()      # a morning of typing folds into one version of the objective
        update()
    return autosave.answer(
        objective, form, save, conflict_url=url_for("drafts.objective_edit", objective_id=objective.id),
        saved_data=lambda: _saved_objective(objective),
        locked=not draft.is_editable and _("The draft has been approved: it can no longer be changed."))


@bp.route("/<district>/bozze/obiettivi/<int:objective_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def objective_delete(objective_id: int):
    objective = objective_or_404(objective_id)
    draft = objective.axis.draft
    if not draft.is_editable:
        return read_only(draft)
    links = len(objective.statements) + len(objective.keyword_groups) + len(objective.cards)
    return confirm_delete(
        objective, title=_("Delete the objective"), name=f"{objective.number} {objective.title[:120]}",
        consequences=[links and ngettext("%(num)d link to the evidence (the evidence itself stays)",
                                         "%(num)d links to the evidence (the evidence itself stays)", links)],
        cancel=objective_url(objective), delete=lambda: services.delete_objective(objective),
        done=draft_url(draft, f"axis-{objective.axis_id}"),
        message=_("Objective %(number)s deleted.", number=objective.number))


@bp.post("/<district>/bozze/obiettivi/<int:objective_id>/sposta")
@role_required(*OFFICE)
def objective_move(objective_id: int):
    objective = objective_or_404(objective_id)
    if not objective.axis.draft.is_editable:
        return read_only(objective.axis.draft)
    move_from_request(services.move_objective, objective)
    return redirect(draft_url(objective.axis.draft, f"objective-{objective.id}"))


# --- an objective and its evidence --------------------------------------------------------------------

def _link_choices(objective: DraftObjective) -> dict[str, list[tuple[int, str]]]:
    """What the office can link: statements and keyword groups of the source focus groups, and the cards
    of the previous plan's latest campaign, minus what is linked already."""
    draft = objective.axis.draft
    groups = evidence.source_focus_groups(draft)
    statements = [(s.id, f"{s.focus_group.title} · {s.column.label}: {s.text[:120]}")
                  for focus in groups for s in focus.statements if s not in objective.statements]
    keyword_groups = [(kg.id, f"{focus.title}: {kg.label} ({evidence.keyword_count(kg)})")
                      for focus in groups for session in focus.sessions for kg in session.groups
                      if kg not in objective.keyword_groups]
    campaign = gather.latest_campaign(draft.previous_plan) if draft.previous_plan else None
    cards = [(c.id, f"{c.action.code} {c.action.title[:100]} ({c.state.label})")
             for c in (campaign.cards if campaign else []) if c not in objective.cards]
    return {"statement": statements, "keyword_group": keyword_groups, "card": cards}


@bp.get("/<district>/bozze/obiettivi/<int:objective_id>")
@role_required(*EVERY_ROLE)
def objective(objective_id: int):
    objective = objective_or_404(objective_id, edit=False)
    draft = objective.axis.draft
    is_office = current_user.has_role(g.district.id, *OFFICE)
    forms = {}
    if is_office and draft.is_editable:
        for kind, choices in _link_choices(objective).items():
            form = LinkForm(prefix=kind)
            form.item.choices = choices
            forms[kind] = form
    return render_template("plan_drafts/objective.html", objective=objective, draft=draft,
                           is_office=is_office, evidence=evidence.objective_evidence(objective), forms=forms,
                           confirm=ConfirmForm())


@bp.post("/<district>/bozze/obiettivi/<int:objective_id>/collega/<any(statement, keyword_group, card):kind>")
@role_required(*OFFICE)
def objective_link(objective_id: int, kind: str):
    objective = objective_or_404(objective_id)
    if not objective.axis.draft.is_editable:
        return read_only(objective.axis.draft)
    model = services.EVIDENCE[kind][0]
    form = LinkForm(prefix=kind)
    form.item.choices = _link_choices(objective)[kind]
    if not form.validate_on_submit():
        flash(_("Choose what to link from the list."), "warning")
        return redirect(objective_url(objective) + "#link-" + kind)
    try:
        services.link(objective, kind, owned_or_404(model, form.item.data))
        db.session.commit()
        flash(_("Linked to objective %(number)s.", number=objective.number), "success")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "warning")
    return redirect(objective_url(objective) + "#evidence")


@bp.post("/<district>/bozze/obiettivi/<int:objective_id>/scollega/<any(statement, keyword_group, card):kind>/"
         "<int:item_id>")
@role_required(*OFFICE)
def objective_unlink(objective_id: int, kind: str, item_id: int):
    objective = objective_or_404(objective_id)
    if not objective.axis.draft.is_editable:
        return read_only(objective.axis.draft)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.unlink(objective, kind, owned_or_404(services.EVIDENCE[kind][0], item_id))
    db.session.commit()
    flash(_("Link removed."), "success")
    return redirect(objective_url(objective) + "#evidence")
