"""The demo's draft: "V Piano di Zona 2015-2017" on the three sample axes plus governance, with objectives
that take up the development lines of the Modello organizzativo focus group — two lines left for the visitor
to take up from the coverage view. Created once; on a fresh demo database it is draft 1 (the README's CLI
example)."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func

from app.extensions import db
from app.account_models import Membership, User
from app.models import ActionOrganization, FundingSource, InvolvementRole, Organization, OrganizationType, Plan, Role
from app.plans import sample_data
from app.structure_actions import create_organization
from focus_groups.models import BoardColumn, FocusGroup

from . import services
from .models import PlanDraft

GOVERNANCE = "Governance"

ORGANIZATIONS = {"Comune di Crema": OrganizationType.COMUNE, "ASST di Crema": OrganizationType.ATS_ASST,
                 "Cooperativa sociale Il Seme": OrganizationType.COOPERATIVA,
                 "Fondazione Comunitaria di Cremona": OrganizationType.FONDAZIONE,
                 "Associazione Auser Crema": OrganizationType.ASSOCIAZIONE}

# Who signed the 2012-2014 agreement and who adhered, for the annexes chapter.
SUBSCRIBERS = [("Comune di Crema", InvolvementRole.SIGNATORY), ("ASST di Crema", InvolvementRole.SIGNATORY),
               ("Cooperativa sociale Il Seme", InvolvementRole.ADHERENT),
               ("Associazione Auser Crema", InvolvementRole.ADHERENT)]

# (axis index, objective row, index of the Modello organizzativo development line it takes up or None)
OBJECTIVES = [
    (0, dict(title="Costruire un sistema di conoscenza condiviso dei bisogni e dei servizi dell'ambito",
             intervention_type="Sistema informativo e osservatorio",
             resources="Personale dell'Ufficio di Piano; servizi sociali dei Comuni",
             tools="Cartella sociale informatizzata; report annuale",
             outcome_indicators="Un report annuale condiviso in Assemblea dei Sindaci",
             target_range="48 Comuni",
             timing="2015–2016", responsible="Comune di Crema", partners=["ASST di Crema"],
             budget_amount=Decimal("18000"), funding_source=FundingSource.NATIONAL_REGIONAL), 1),
    (1, dict(title="Ridefinire i modelli organizzativi dei servizi a partire dallo sguardo degli utenti",
             intervention_type="Riorganizzazione dei servizi", resources="Tavoli tecnici d'area",
             tools="Percorsi di coprogettazione", outcome_indicators="Nuovo modello di accesso adottato",
             target_range="20–50 operatori coinvolti", timing="2015–2017", responsible="Comune di Crema",
             partners=["Cooperativa sociale Il Seme", "ASST di Crema"], budget_amount=Decimal("24000"),
             funding_source=FundingSource.MUNICIPALITIES), 0),
    (1, dict(title="Uno sportello unico per l'accesso ai servizi sociali e socio-sanitari",
             intervention_type="Servizio", timing="2016", responsible="ASST di Crema",
             partners=["Comune di Crema"]), None),
    (2, dict(title="Ricomporre in un budget di ambito le risorse dei fondi sociali di ASL e Comuni",
             intervention_type="Programmazione economica",
             resources="Fondo nazionale politiche sociali; fondi comunali",
             tools="Bilancio sociale di ambito",
             outcome_indicators="Quota di risorse gestite in forma associata", target_range="almeno 60%",
             timing="2015–2017",
             responsible="Comune di Crema", partners=["Fondazione Comunitaria di Cremona"],
             budget_amount=Decimal("36000"), funding_source=FundingSource.FOUNDATION_CALLS), 1),
    (3, dict(title="Rivedere il sistema di governance: Assemblea dei Sindaci, Ufficio di Piano e tavoli "
                   "tecnici",
             intervention_type="Governance", timing="2015", responsible="Comune di Crema"), None),
]


def _organization(district, name: str) -> Organization:
    org = db.session.scalar(db.select(Organization).where(Organization.district_id == district.id,
                                                          func.lower(Organization.name) == name.lower()))
    return org or create_organization(district, name=name,
                                      type_=ORGANIZATIONS.get(name, OrganizationType.ALTRO))


def _subscribe(plan: Plan) -> None:
    """The previous plan's signatories and adherents, on its first action (how involvements are stored)."""
    action = plan.actions[0] if plan.actions else None
    if action is None:
        return
    present = {i.organization_id for i in action.involvements}
    for name, role in SUBSCRIBERS:
        org = _organization(plan.district, name)
        if org.id not in present:
            action.involvements.append(ActionOrganization(organization_id=org.id, role=role))
    db.session.flush()


def load_demo_draft(plan: Plan) -> PlanDraft:
    sample = sample_data()["next_plan"]
    draft = db.session.scalar(db.select(PlanDraft).filter_by(district_id=plan.district_id,
                                                             title=sample["title"]))
    if draft is not None:
        return draft
    _subscribe(plan)
    start, end = (int(year) for year in sample["title"].rsplit(" ", 1)[1].split("-"))
    draft = services.start_draft(plan.district, title=sample["title"], start_year=start, end_year=end,
                                 previous_plan=plan, axes=[*sample["axes"], GOVERNANCE])
    draft.axes[-1].is_governance = True
    focus = db.session.scalar(db.select(FocusGroup).where(
        FocusGroup.plan_id == plan.id, FocusGroup.title == sample_data()["focus_group"]["area"]))
    lines = [s for s in focus.statements if s.column == BoardColumn.DEVELOPMENT_LINES] if focus else []
    referent = db.session.scalar(
        db.select(User).join(Membership)
        .where(Membership.district_id == plan.district_id, Membership.role == Role.REFERENT)
        .order_by(User.id).limit(1))
    for axis_index, row, line_index in OBJECTIVES:
        values = dict(row)
        values["responsible"] = _organization(plan.district, values["responsible"])
        values["partners"] = [_organization(plan.district, name) for name in values.get("partners", [])]
        values["referents"] = [referent] if referent and axis_index == 0 else []
        line = lines[line_index] if line_index is not None and line_index < len(lines) else None
        services.create_objective(draft.axes[axis_index], services.ObjectiveData(**values),
                                  statements=[line] if line else [])
    db.session.flush()
    return draft
