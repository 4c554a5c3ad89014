"""Demo-like evaluation cards for the dashboard, export and offline tests: a campaign on the sample plan with
cards in every state, with people, money, theses and organizations filled in."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from app.extensions import db
from app.models import FundingSource
from evaluations.models import (CardIndicator, CardOrganization, CardResource, CardState, CardThesisRating,
                                EvaluationCampaign, EvaluationCard, ImplementationState, InvolvedKind,
                                ObjectiveReached)

ORGANIZATIONS = [("Comune di Crema", InvolvedKind.PUBLIC), ("ASST Crema", InvolvedKind.PUBLIC),
                 ("Cooperativa Il Seme", InvolvedKind.THIRD_SECTOR), ("Fondazione Comunitaria", InvolvedKind.THIRD_SECTOR),
                 ("Assemblea dei Sindaci", InvolvedKind.POLITICAL), ("Consulta del volontariato", InvolvedKind.THIRD_SECTOR)]


def open_campaign(plan, *, title="Valutazione 2012-2014", deadline=None, filled=True) -> EvaluationCampaign:
    campaign = EvaluationCampaign(district_id=plan.district_id, plan=plan, title=title,
                                  deadline=deadline or date.today() + timedelta(days=30))
    db.session.add(campaign)
    for i, action in enumerate(plan.actions):
        card = EvaluationCard(action=action)
        campaign.cards.append(card)
        if filled and i % 5 != 4:          # every fifth card stays empty
            fill(card, i, plan)
    db.session.commit()
    return campaign


def fill(card: EvaluationCard, i: int, plan) -> None:
    states = list(CardState)
    card.state = states[i % len(states)]
    card.implementation_state = list(ImplementationState)[i % len(ImplementationState)]
    card.progress_percent = (i * 17) % 101
    card.activities = f"Attività svolte per l'azione {card.action.code}: incontri, sportelli, formazione."
    card.actual_start = date(2012, 1 + i % 12, 1)
    card.people_min, card.people_max = (20, 50) if i % 2 else (35, 35)
    card.beneficiaries = 10 * i
    card.staff_hours = 100 + i
    card.objective = list(ObjectiveReached)[i % 3]
    card.strengths = "Sinergia tra enti"
    card.problems = "Timidezza decisionale"
    card.nobody_can_report = i == 3
    card.nobody_reason = "L'obiettivo era troppo ambizioso" if i == 3 else None
    card.resources = [
        CardResource(position=0, source=FundingSource.NATIONAL_REGIONAL, planned=Decimal(12000),
                     committed=Decimal(10000), spent=Decimal(9000 + i)),
        CardResource(position=1, source=FundingSource.FOUNDATION_CALLS, description="Fondazione Cariplo",
                     planned=Decimal(6000), spent=Decimal(5000), attracted=Decimal(18000 if i % 3 == 0 else 0)),
    ]
    card.organizations = [CardOrganization(position=k, name=name, kind=kind)
                          for k, (name, kind) in enumerate(ORGANIZATIONS[i % 3: i % 3 + 3])]
    card.thesis_ratings = [CardThesisRating(thesis_id=t.id, rating=(i + n) % 4, comment=None)
                           for n, t in enumerate(plan.theses)]
    card.indicators = [CardIndicator(position=0, name="Famiglie raggiunte", baseline=Decimal(10),
                                     target=Decimal(40), reached=Decimal(25 + i))]


def reopen(campaign: EvaluationCampaign, *, drafts=(), submitted=()) -> EvaluationCampaign:
    """The demo's 2015 campaign is closed, its cards approved, as the sources tell it: the tests that need
    something to edit, send, review or remind reopen it, with these cards back in draft or sent."""
    from evaluations.models import CampaignStatus
    campaign.status, campaign.closed_at = CampaignStatus.OPEN, None
    campaign.deadline = date.today() + timedelta(days=14)
    for card in drafts:
        card.state = CardState.DRAFT
    for card in submitted:
        card.state = CardState.SUBMITTED
    db.session.flush()
    return campaign
