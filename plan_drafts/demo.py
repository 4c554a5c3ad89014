"""The demo's draft: "V Piano di Zona 2015-2017" on the three axes of the 9 April 2015 open meeting
("ricomposizione del sistema di CONOSCENZA, della rete dei SERVIZI, delle RISORSE") and the governance its
agenda put up for revision (meetings/sample/crema-2015-meetings.json).

The sources do not give the objectives the working groups proposed, so the demo invents none: a few
development lines of the 5 March focus groups are taken up as objectives in their own words, each in the axis
its words name, everything the sources do not say (who is responsible, partners, timing, budget) left empty
for the visitor to fill in; the other lines are left for the coverage view. Created once; on a fresh demo
database it is draft 1 (the README's CLI example)."""
from __future__ import annotations

from app.extensions import db
from app.account_models import Membership, User
from app.models import Plan, Role
from app.plans import sample_data
from focus_groups.demo import statement_text
from focus_groups.demo import sample as focus_sample
from focus_groups.models import BoardColumn, FocusGroup, Statement

from . import services
from .models import PlanDraft

GOVERNANCE = "Governance"

# (axis index, focus group, index of its development line the objective takes up)
OBJECTIVES = [
    (0, "Lavoro di comunità", 4),           # "arrivare ad una maggiore conoscenza del contesto, …"
    (1, "Presa in carico integrata", 2),    # "Promuovere sostenibilità al lavoro integrato, …"
    (2, "Modello organizzativo", 1),        # "… ricomporre le conoscenze e le risorse circa i fondi …"
    (3, "Lavoro di comunità", 3),           # "Creare un coordinamento strategico tra i vari attori, …"
]


def _development_line(plan: Plan, area: str, index: int) -> Statement | None:
    """The focus group's development line as the room wrote it (focus_groups/sample), found by its text."""
    data = next(g for g in focus_sample()["focus_groups"] if g["area"] == area)
    text = statement_text(data["development_lines"][index])
    return db.session.scalar(db.select(Statement).join(FocusGroup).where(
        FocusGroup.plan_id == plan.id, FocusGroup.title == area,
        Statement.column == BoardColumn.DEVELOPMENT_LINES, Statement.text == text))


def load_demo_draft(plan: Plan) -> PlanDraft:
    sample = sample_data()["next_plan"]
    draft = db.session.scalar(db.select(PlanDraft).filter_by(district_id=plan.district_id,
                                                             title=sample["title"]))
    if draft is not None:
        return draft
    start, end = (int(year) for year in sample["title"].rsplit(" ", 1)[1].split("-"))
    draft = services.start_draft(plan.district, title=sample["title"], start_year=start, end_year=end,
                                 previous_plan=plan, axes=[*sample["axes"], GOVERNANCE])
    draft.axes[-1].is_governance = True
    referent = db.session.scalar(
        db.select(User).join(Membership)
        .where(Membership.district_id == plan.district_id, Membership.role == Role.REFERENT)
        .order_by(User.id).limit(1))
    for axis_index, area, line_index in OBJECTIVES:
        line = _development_line(plan, area, line_index)
        if line is None:
            continue
        services.create_objective(
            draft.axes[axis_index],
            services.ObjectiveData(title=line.text, referents=[referent] if referent and axis_index == 0 else []),
            statements=[line])
    db.session.flush()
    return draft
