"""The demo's co-design table: on the draft's objective that takes up the line "Creare un coordinamento strategico
tra i vari attori, le progettualità, le risorse per avere una visione di sistema" (plan_drafts/demo.py), which
carries on the action "Costruzione di un tessuto sociale per azioni di prossimità" whose outcome, the 21 March 2015
synthesis says, "è stata anche la stesura del progetto Wel (fare) Legami" (../shared/seeds/004).

Two bodies sit at it with what the sources say each puts in, in their words: the Comune di Crema its social
service reorganised by zones (a service: the sources give no hours), the Fondazione Cariplo the money of the
Wel(l)FARE legami project card sent to it (amount not stated: the sources give neither the amount nor the
outcome). How each came to the table the sources do not say: recorded as invited by the office, the form's
default. The sources record no agreement and no targets, so the table stays open with none; its group has no
meetings yet. Loaded once, after the draft."""
from __future__ import annotations

from app.extensions import db
from app.models import FundingSource, Organization, Plan
from app.plans import sample_data
from focus_groups.demo import sample as focus_sample
from focus_groups.demo import statement_text

from . import codesign
from .codesign_models import CodesignTable, CommitmentKind
from .models import DraftObjective, PlanDraft

LINE = ("Lavoro di comunità", 3)    # the focus group and the index of its development line (plan_drafts/demo.py)

CREMA = ("Il servizio sociale del Comune di Crema organizzato per zone: «un modello organizzativo che vede la "
         "dimensione territoriale come un elemento fondamentale e che si struttura per aprirsi in modo reale ed "
         "innovativo ad un lavoro di progettazione con le comunità, i quartieri, le zone della città» (post del 20 "
         "aprile 2014); «le assistenti sociali del Comune di Crema hanno evidenziato come la riorganizzazione per "
         "zone della città abbia spostato il focus di lavoro sociale dall’area tematica al lavoro di comunità. Esito "
         "di questa azione è stata anche la stesura del progetto Wel (fare) Legami» (sintesi del gruppo «Lavoro di "
         "comunità», 21 marzo 2015).")
CARIPLO = ("Progetto Wel(l)FARE legami: «la scheda integrale del Progetto Wel(l)FARE legami inviata alla Fondazione "
           "CARIPLO» (post del 25 marzo 2015); «la fase di eventuale accompagnamento Cariplo ci permetterà di definire "
           "le azioni conseguenti» (verbale del gruppo di lavoro del 9 aprile 2014). Importo ed esito non indicati "
           "dalle fonti.")
# (organization, kind, source, description): amounts and hours only where a source gives them (none does)
COMMITMENTS = [("Comune di Crema", CommitmentKind.SERVICES, FundingSource.MUNICIPALITIES, CREMA),
               ("Fondazione Cariplo", CommitmentKind.MONEY, FundingSource.FOUNDATION_CALLS, CARIPLO)]


def _objective(draft: PlanDraft) -> DraftObjective | None:
    area, index = LINE
    data = next(group for group in focus_sample()["focus_groups"] if group["area"] == area)
    text = statement_text(data["development_lines"][index])
    return next((objective for objective in draft.objectives
                 if any(s.text == text and s.focus_group.title == area for s in objective.statements)), None)


def load_demo_codesign(plan: Plan) -> CodesignTable | None:
    draft = db.session.scalar(db.select(PlanDraft).filter_by(district_id=plan.district_id,
                                                             title=sample_data()["next_plan"]["title"]))
    objective = _objective(draft) if draft is not None and draft.is_editable else None
    if objective is None or objective.codesign_table is not None:
        return objective.codesign_table if objective is not None else None
    table = codesign.open_table(objective, name=f"Tavolo di coprogettazione dell’obiettivo {objective.number}")
    for name, kind, source, description in COMMITMENTS:
        organization = db.session.scalar(db.select(Organization).filter_by(district_id=plan.district_id, name=name))
        if organization is None:
            continue
        partner = codesign.accept(codesign.invite(table, organization))
        codesign.add_commitment(partner, kind=kind, source=source, description=description,
                                amount_not_stated=kind == CommitmentKind.MONEY)
    db.session.flush()
    return table
