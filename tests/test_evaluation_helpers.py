"""Helpers shared by the evaluation tests: a campaign on the sample plan and a complete card form."""
from __future__ import annotations

from datetime import date, timedelta

from app.extensions import db


def open_campaign(plan, office=None, *, deadline=None, invite=False):
    from evaluations import services
    campaign = services.open_campaign(plan, title="Valutazione 2014", deadline=deadline or date.today()
                                      + timedelta(days=20), intro="Compilate **entro** la scadenza.",
                                      opened_by=office)
    db.session.commit()
    return campaign


def card_for(campaign, action):
    return next(card for card in campaign.cards if card.action_id == action.id)


def complete_form(card, **overrides) -> dict:
    """A form post that fills every section required at submit."""
    data = {
        "version": str(card.version), "activities": "Incontri mensili con le associazioni.",
        "implementation_state": "running", "progress_percent": "60", "actual_start": "2012-03-01",
        "actual_end": "", "deviations": "", "people": "20-50", "beneficiaries": "120",
        "organizations-0-name": "Comune di Crema", "organizations-0-kind": "public",
        "organizations-1-name": "Cooperativa Igea", "organizations-1-kind": "third_sector",
        "resources-0-source": "foundation_calls", "resources-0-description": "Bando Cariplo",
        "resources-0-planned": "12.000", "resources-0-spent": "9.500,50", "resources-0-attracted": "20000",
        "objective": "partly", "strengths": "Rete solida", "problems": "Poco tempo",
        "carry_forward": "Continuare", "indicators-0-name": "Famiglie raggiunte",
        "indicators-0-baseline": "10", "indicators-0-target": "50", "indicators-0-reached": "42",
    }
    for index, thesis in enumerate(card.campaign.plan.theses):
        data[f"theses-{index}-thesis_id"] = str(thesis.id)
        data[f"theses-{index}-rating"] = str(index % 4)
        data[f"theses-{index}-comment"] = ""
    data.update(overrides)
    return data


def card_url(card, suffix=""):
    return f"/gestione/{card.campaign.district.slug}/schede/{card.id}/{suffix}"
