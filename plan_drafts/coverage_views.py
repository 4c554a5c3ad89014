"""The coverage of the development lines by a draft's objectives, and each statement's page with the
objectives that took it up: routes on the drafts blueprint (blueprint.py)."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import is_safe_next, role_required
from app.errors import DomainError
from app.extensions import db
from app.view_helpers import OFFICE, OFFICE_AND_FACILITATORS, owned_or_404
from focus_groups.models import Statement

from . import evidence, services
from .blueprint import drafts as bp
from .forms import FromLineForm, ObjectiveChoiceForm
from .models import DraftObjective, PlanDraft
from .view_helpers import axis_or_404, draft_or_404, read_only


# --- coverage of the development lines, and each statement's objectives ----------------------------------

@bp.get("/<district>/bozze/<int:draft_id>/copertura")
@role_required(*OFFICE)
def coverage(draft_id: int):
    draft = draft_or_404(draft_id, edit=True)
    form = FromLineForm()
    form.axis.choices = [(a.id, f"{n}. {a.name}") for n, a in enumerate(draft.axes, start=1)]
    return render_template("plan_drafts/coverage.html", draft=draft, coverage=evidence.coverage(draft),
                           form=form)


@bp.post("/<district>/bozze/<int:draft_id>/linee/<int:statement_id>/obiettivo")
@role_required(*OFFICE)
def objective_from_line(draft_id: int, statement_id: int):
    """"Create an objective from this line": the objective takes the line's text and links it; the office
    then completes the row."""
    draft = draft_or_404(draft_id, edit=True)
    if not draft.is_editable:
        return read_only(draft)
    statement = owned_or_404(Statement, statement_id)
    form = FromLineForm()
    form.axis.choices = [(a.id, a.name) for a in draft.axes]
    if not form.validate_on_submit():
        flash(_("Add an axis to the draft first, then choose it for the new objective."), "warning")
        return redirect(_back(draft))
    axis = axis_or_404(form.axis.data)
    try:
        objective = services.objective_from_statement(axis, statement)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "warning")
        return redirect(_back(draft))
    flash(_("Objective %(number)s created from the development line: complete its row.",
            number=objective.number), "success")
    return redirect(url_for("drafts.objective_edit", objective_id=objective.id))


def _back(draft: PlanDraft) -> str:
    """Where the "create from this line" button was pressed (coverage or statement page)."""
    target = request.form.get("next")
    return target if is_safe_next(target) else url_for("drafts.coverage", draft_id=draft.id)


@bp.get("/<district>/bozze/affermazioni/<int:statement_id>")
@role_required(*OFFICE_AND_FACILITATORS)
def statement(statement_id: int):
    """A statement of a focus group, the keywords behind it, and the objectives of the drafts that took it
    up."""
    statement = owned_or_404(Statement, statement_id)
    is_office = current_user.has_role(g.district.id, *OFFICE)
    open_drafts = [d for d in services.drafts_of(g.district) if d.is_editable and d.axes] if is_office else []
    objectives = [o for o in evidence.objectives_of(statement)
                  if services.may_read(current_user, o.axis.draft)]
    forms, link_forms = {}, {}
    for d in open_drafts:
        form = FromLineForm()
        form.axis.choices = [(a.id, f"{n}. {a.name}") for n, a in enumerate(d.axes, start=1)]
        forms[d.id] = form
        link_forms[d.id] = _objective_choice(d, objectives)
    return render_template("plan_drafts/statement.html", statement=statement, objectives=objectives,
                           groups=[(kg, evidence.keyword_count(kg)) for kg in statement.keyword_groups],
                           open_drafts=open_drafts, forms=forms, link_forms=link_forms)


def _objective_choice(draft: PlanDraft, taken: list[DraftObjective]) -> ObjectiveChoiceForm:
    """The draft's objectives that have not taken the statement up yet."""
    form = ObjectiveChoiceForm()
    form.objective.choices = [(o.id, f"{o.number} {o.title[:100]}") for o in draft.objectives
                              if o not in taken]
    return form


@bp.post("/<district>/bozze/<int:draft_id>/linee/<int:statement_id>/collega")
@role_required(*OFFICE)
def statement_link(draft_id: int, statement_id: int):
    """Link a statement to an existing objective of the draft (the other way from the objective page)."""
    draft = draft_or_404(draft_id, edit=True)
    if not draft.is_editable:
        return read_only(draft)
    statement = owned_or_404(Statement, statement_id)
    form = _objective_choice(draft, evidence.objectives_of(statement))
    if form.validate_on_submit():
        objective = owned_or_404(DraftObjective, form.objective.data)
        services.link_statement(objective, statement)
        db.session.commit()
        flash(_("Linked to objective %(number)s.", number=objective.number), "success")
    else:
        flash(_("Choose what to link from the list."), "warning")
    return redirect(url_for("drafts.statement", statement_id=statement.id))
