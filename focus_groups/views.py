"""The facilitator's and planning office's focus group pages: list, create/edit/delete, briefing, overview.

Keyword sessions and moderation are in session_views.py, grouping and the board in board.py, the view
across groups and the downloads in across.py — all on one blueprint (blueprint.py), under
/gestione/<district>/focus/.
"""
from __future__ import annotations

from typing import Callable

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app import autosave
from app.auth import role_required
from app.extensions import db
from app.forms import form_status
from app.models import Plan, PlanningArea
from app.office_registries import register_district_section, register_plan_link
from app.view_helpers import OFFICE_AND_FACILITATORS, confirm_delete, owned_or_404, saved

# The sibling route files add their routes to the same blueprint when imported here.
from . import across, board, briefing, management, session_views  # noqa: F401
from .blueprint import focus as bp
from .forms import FocusGroupForm, lines
from .models import FocusGroup

PER_PAGE = 20

register_district_section("focus.focus_groups", _l("Focus groups"), OFFICE_AND_FACILITATORS,
                          _l("Keyword sessions, grouping and the four lists of each area."), order=200)
register_plan_link("focus.focus_groups", _l("Focus groups"), order=200)


def focus_url(focus: FocusGroup, anchor: str | None = None) -> str:
    return url_for("focus.focus_group", focus_id=focus.id, _anchor=anchor)


def _chosen_plan() -> Plan | None:
    plan_id = request.args.get("plan_id", type=int)
    if plan_id:
        return owned_or_404(Plan, plan_id)
    return g.district.plans[0] if g.district.plans else None


@bp.get("/<district>/focus/")
@role_required(*OFFICE_AND_FACILITATORS)
def focus_groups():
    plan = _chosen_plan()
    search = (request.args.get("q") or "").strip()
    page = None
    if plan is not None:
        page = db.paginate(management.focus_group_query(plan, search or None),
                           page=request.args.get("page", 1, type=int), per_page=PER_PAGE, error_out=False)
    return render_template("focus_groups/list.html", plan=plan, plans=g.district.plans, page=page, q=search)


def _form_choices(form: FocusGroupForm, plan: Plan) -> None:
    form.area_id.choices = [(0, _("Free topic (no area)")), *[(a.id, a.name) for a in plan.areas]]
    form.facilitators.choices = [(u.id, u.name) for u in management.district_staff(g.district)]


def _values(form: FocusGroupForm, plan: Plan) -> dict:
    area = next((a for a in plan.areas if a.id == form.area_id.data), None) if form.area_id.data else None
    staff = {u.id: u for u in management.district_staff(g.district)}
    return {"title": form.title.data, "area": area, "date_": form.date.data,
            "facilitators": [staff[i] for i in form.facilitators.data or [] if i in staff],
            "stimulus_questions": lines(form.stimulus_questions.data), "notes": form.notes.data}


@bp.route("/<district>/piani/<int:plan_id>/focus/nuovo", methods=["GET", "POST"])
@role_required(*OFFICE_AND_FACILITATORS)
def focus_new(plan_id: int):
    plan = owned_or_404(Plan, plan_id)
    area_id = request.args.get("area_id", type=int)
    area = next((a for a in plan.areas if a.id == area_id), None)
    me = [current_user.id] if current_user in management.district_staff(g.district) else []
    form = FocusGroupForm(data={"area_id": area.id if area else 0, "title": area.name if area else "",
                                "facilitators": me}, creating=True)
    _form_choices(form, plan)
    focus = saved(form, lambda: management.create_focus_group(plan, **_values(form, plan)))
    if focus:
        flash(_("Focus group %(title)s created.", title=focus.title), "success")
        return redirect(focus_url(focus))
    return render_template("focus_groups/form.html", form=form, plan=plan, focus=None), form_status()


@bp.get("/<district>/focus/<int:focus_id>/")
@role_required(*OFFICE_AND_FACILITATORS)
def focus_group(focus_id: int):
    focus = owned_or_404(FocusGroup, focus_id)
    return render_template("focus_groups/focus_group.html", focus=focus)


def _saved_focus(focus: FocusGroup) -> dict:
    return {"version": focus.version, "title": focus.title, "area_id": focus.area_id or 0, "date": focus.date,
            "facilitators": [u.id for u in focus.facilitators],
            "stimulus_questions": "\n".join(focus.stimulus_questions or []), "notes": focus.notes}


def _focus_edit_form(focus: FocusGroup) -> tuple[FocusGroupForm, Callable[[], object]]:
    """The edit form (with what was posted) and the service that saves it, for the page and its autosave."""
    form = FocusGroupForm(data=_saved_focus(focus))
    _form_choices(form, focus.plan)
    return form, lambda: management.update_focus_group(focus, version=form.version.data,
                                                       **_values(form, focus.plan))


autosave.add_edit_page(bp, "/<district>/focus/<int:focus_id>/", "focus", OFFICE_AND_FACILITATORS, autosave.EditPage(
    FocusGroup, _focus_edit_form, _saved_focus, "focus_groups/form.html",
    context=lambda focus: {"plan": focus.plan, "focus": focus},
    saved=lambda focus: _("Focus group %(title)s saved.", title=focus.title), done=focus_url))


@bp.route("/<district>/focus/<int:focus_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE_AND_FACILITATORS)
def focus_delete(focus_id: int):
    focus = owned_or_404(FocusGroup, focus_id)
    keywords = sum(len(s.keywords) for s in focus.sessions)
    return confirm_delete(
        focus, title=_("Delete the focus group"), name=focus.title,
        consequences=[focus.sessions and _("%(sessions)d keyword sessions with %(keywords)d keywords",
                                           sessions=len(focus.sessions), keywords=keywords),
                      focus.statements and _("%(num)d statements", num=len(focus.statements))],
        cancel=focus_url(focus), delete=lambda: management.delete_focus_group(focus),
        done=url_for("focus.focus_groups", plan_id=focus.plan_id),
        message=_("Focus group %(title)s deleted.", title=focus.title))


@bp.get("/<district>/focus/<int:focus_id>/briefing")
@role_required(*OFFICE_AND_FACILITATORS)
def focus_briefing(focus_id: int):
    focus = owned_or_404(FocusGroup, focus_id)
    if focus.area is None:
        abort(404)
    return render_template("focus_groups/briefing.html", focus=focus, brief=briefing.area_briefing(focus.area))


@bp.get("/<district>/aree/<int:area_id>/briefing")
@role_required(*OFFICE_AND_FACILITATORS)
def area_briefing(area_id: int):
    area = owned_or_404(PlanningArea, area_id)
    return render_template("focus_groups/briefing.html", focus=None, brief=briefing.area_briefing(area))

