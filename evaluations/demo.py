"""The demo's evaluation campaign on the sample plan, with cards in every state so every screen has data.

Idempotent: a second run finds the campaign by title and changes nothing.
"""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from app import people
from app.extensions import db
from app.account_models import User
from app.models import FundingSource, Plan, Role, utcnow

from .models import (CardIndicator, CardOrganization, CardResource, CardState, CardThesisRating,
                     EvaluationCampaign, ImplementationState, InvolvedKind, ObjectiveReached)
from .services import open_campaign

TITLE = "Valutazione del Piano di Zona 2012-2014"
INTRO = """Vi chiediamo una **fotografia** di quanto è stato fatto in ciascuna azione di sistema:
attività, tempi, soggetti coinvolti, risorse, aderenza alle tesi del Piano, punti di forza e criticità.

Se nessuno è in grado di riferire su un'azione, indicatelo nella scheda: è anch'esso un risultato."""

# Other referents of the demo (password as the demo's accounts), so cards of every action have someone.
DEMO_REFERENTS = [("servizi.sociali@demo.pdz", "Servizi sociali di Crema"),
                  ("asst@demo.pdz", "ASST Crema - Area territoriale"),
                  ("terzo.settore@demo.pdz", "Forum del Terzo Settore")]

ORGANIZATIONS = [("Comune di Crema", InvolvedKind.PUBLIC), ("ASST di Crema", InvolvedKind.PUBLIC),
                 ("Cooperativa sociale Igea", InvolvedKind.THIRD_SECTOR),
                 ("Associazione Auser", InvolvedKind.THIRD_SECTOR), ("Caritas diocesana", InvolvedKind.THIRD_SECTOR),
                 ("Istituto comprensivo Crema 1", InvolvedKind.TECHNICAL),
                 ("Consulta dei servizi sociali", InvolvedKind.TECHNICAL),
                 ("Assemblea dei Sindaci", InvolvedKind.POLITICAL)]
ACTIVITIES = ["Incontri mensili del tavolo di coordinamento con i servizi e le associazioni del territorio.",
              "Mappatura delle risorse di prossimità e avvio di due gruppi di vicinato.",
              "Formazione congiunta degli operatori comunali e dell'ASST (4 giornate).",
              "Sportello di ascolto aperto due mattine alla settimana presso la sede distrettuale."]
STRENGTHS = ["Rete solida tra servizi pubblici e terzo settore.", "Corresponsabilità crescente dei Comuni.",
             "Buona partecipazione delle famiglie."]
PROBLEMS = ["Tempi decisionali lunghi.", "Risorse di personale insufficienti.",
            "Difficoltà a coinvolgere i Comuni più piccoli."]

# (state, nobody_can_report, how complete) for the actions after the demo referent's two.
PLAN_OF_STATES = ([(CardState.APPROVED, False, "full")] * 5 + [(CardState.SUBMITTED, False, "full")] * 4
                  + [(CardState.SUBMITTED, True, "nobody"), (CardState.APPROVED, True, "nobody")]
                  + [(CardState.DRAFT, False, "partial")] * 2 + [(CardState.DRAFT, False, "empty")] * 10)


def load_demo_campaign(plan: Plan, *, planning_office: User | None = None, referent: User | None = None,
                       password: str = "demo", **_other_accounts) -> EvaluationCampaign:
    """Open the demo campaign on `plan`; the demo referent gets a draft and a returned card."""
    office = planning_office
    existing = db.session.scalar(db.select(EvaluationCampaign).where(EvaluationCampaign.plan_id == plan.id,
                                                                     EvaluationCampaign.title == TITLE))
    if existing is not None:
        return existing
    helpers = []
    for email, name in DEMO_REFERENTS:
        user = people.find_user(email) or people.create_user(email, name, password)
        people.grant(user, plan.district, Role.REFERENT)
        helpers.append(user)
    actions = plan.actions
    for index, action in enumerate(actions):
        if not action.referents:
            people.assign_referent(action, helpers[index % len(helpers)])
    campaign = open_campaign(plan, title=TITLE, deadline=date.today() + timedelta(days=14), intro=INTRO,
                             opened_by=office)
    campaign.publish_summaries = True   # so visitors of the demo see the approved cards' public summaries
    # bandit B311: demo data, reproducible on purpose
    rng = random.Random(2015)  # nosec B311
    cards = {card.action_id: card for card in campaign.cards}
    mine = [a for a in actions if referent is not None and referent in a.referents][:2]
    others = [a for a in actions if a not in mine]
    if mine:
        _fill(cards[mine[0].id], rng, "partial")
    if len(mine) > 1:
        _fill(cards[mine[1].id], rng, "full")
        _set_state(cards[mine[1].id], CardState.RETURNED, referent, office,
                   "Grazie. Potete indicare le date effettive di avvio e il numero di famiglie raggiunte?")
    for action, (state, nobody, completeness) in zip(others, PLAN_OF_STATES):
        card = cards[action.id]
        if nobody:
            card.nobody_can_report = True
            card.nobody_reason = ("Il referente dell'azione ha lasciato l'ente e nessun altro ne ha seguito lo "
                                  "sviluppo: l'obiettivo era probabilmente troppo ambizioso.")
        else:
            _fill(card, rng, completeness)
        if state != CardState.DRAFT:
            _set_state(card, state, action.referents[0] if action.referents else None, office,
                       "Scheda completa, grazie." if state == CardState.APPROVED else None)
    db.session.flush()
    return campaign


def _fill(card, rng: random.Random, completeness: str) -> None:
    if completeness == "empty":
        return
    card.activities = rng.choice(ACTIVITIES)
    card.implementation_state = rng.choice([ImplementationState.RUNNING, ImplementationState.CONCLUDED,
                                            ImplementationState.STARTED])
    card.progress_percent = {ImplementationState.CONCLUDED: 100, ImplementationState.RUNNING: rng.choice([50, 60, 75]),
                             ImplementationState.STARTED: rng.choice([10, 20, 30])}[card.implementation_state]
    card.people_min = rng.choice([5, 10, 20])
    card.people_max = card.people_min + rng.choice([0, 10, 30])
    if completeness == "partial":
        return
    card.actual_start = date(2012, rng.randint(1, 9), 1)
    if card.implementation_state == ImplementationState.CONCLUDED:
        card.actual_end = date(2014, rng.randint(3, 12), 1)
    card.beneficiaries = rng.choice([40, 80, 120, 300])
    card.objective = rng.choice(list(ObjectiveReached))
    card.strengths = rng.choice(STRENGTHS)
    card.problems = rng.choice(PROBLEMS)
    card.carry_forward = "Consolidare il lavoro di rete e la valutazione condivisa."
    card.staff_hours = rng.choice([120, 300, 650])
    for position, (name, kind) in enumerate(rng.sample(ORGANIZATIONS, 3)):
        card.organizations.append(CardOrganization(position=position, name=name, kind=kind))
    planned = Decimal(rng.choice([6000, 12000, 24000, 36000]))
    card.resources.append(CardResource(position=0, source=FundingSource.NATIONAL_REGIONAL, planned=planned,
                                       committed=planned, spent=(planned * Decimal("0.8")).quantize(Decimal("1"))))
    if rng.random() < 0.5:
        card.resources.append(CardResource(position=1, source=FundingSource.FOUNDATION_CALLS,
                                           description="Fondazione Cariplo, bando welfare di comunità",
                                           attracted=Decimal(rng.choice([15000, 40000, 80000]))))
    card.indicators.append(CardIndicator(position=0, name="Famiglie raggiunte", baseline=Decimal(10),
                                         target=Decimal(50), reached=Decimal(rng.randint(20, 60))))
    for thesis in card.campaign.plan.theses:
        card.thesis_ratings.append(CardThesisRating(thesis_id=thesis.id, rating=rng.randint(0, 3)))
    card.updated_at = utcnow()


def _set_state(card, state: CardState, referent: User | None, office: User | None, comment: str | None) -> None:
    card.state = state
    card.submitted_at = utcnow() - timedelta(days=3)
    card.submitted_by = referent
    if state in (CardState.APPROVED, CardState.RETURNED):
        card.reviewed_at = utcnow() - timedelta(days=1)
        card.reviewed_by = office
        card.review_comment = comment
