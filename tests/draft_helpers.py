"""A plan draft in one line for the plan-draft tests: the sample plan with its focus group (development lines
and keywords) and an evaluation campaign, and a draft of the next plan started from it."""
from __future__ import annotations

from app.extensions import db
from focus_groups.demo import load_demo_focus
from focus_groups.models import BoardColumn, FocusGroup
from plan_drafts import services

BASE = "/gestione/ambito-distrettuale-cremasco"   # the sample district
AXES = ["Ricomposizione delle conoscenze", "Ricomposizione dei servizi", "Ricomposizione delle risorse"]


def focus_of(plan) -> FocusGroup:
    focus = load_demo_focus(plan)
    db.session.commit()
    return focus


def development_lines(focus: FocusGroup):
    return [s for s in focus.statements if s.column == BoardColumn.DEVELOPMENT_LINES]


def make_draft(plan, *, by=None, axes=AXES, title="V Piano di Zona 2015-2017"):
    draft = services.start_draft(plan.district, title=title, start_year=2015, end_year=2017,
                                 previous_plan=plan, axes=list(axes), by=by)
    db.session.commit()
    return draft
