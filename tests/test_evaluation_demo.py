"""The demo campaign: the 2012-2014 cards as the sources tell them, loaded idempotently; every screen renders."""
from __future__ import annotations

from app.cli import DEMO_ACCOUNTS
from app.demo import load_demo
from app.extensions import db
from evaluations.models import CampaignStatus, CardState, EvaluationCampaign, EvaluationCard, ImplementationState
from tests.conftest import login


def test_the_demo_campaign_tells_the_cards_as_the_sources_do_and_loads_once(app):
    plan = load_demo(DEMO_ACCOUNTS, "demo")
    load_demo(DEMO_ACCOUNTS, "demo")
    [campaign] = db.session.scalars(db.select(EvaluationCampaign)).all()
    assert len(campaign.cards) == len(plan.actions) == 17 and campaign.status == CampaignStatus.CLOSED
    cards = {c.action.code: c for c in campaign.cards}
    assert {code for code, c in cards.items() if c.nobody_can_report} == {"1.3", "1.6"}
    assert "troppo ambizioso" in cards["1.3"].nobody_reason and "molto ambizioso" in cards["1.6"].nobody_reason
    assert all(c.state == CardState.APPROVED and c.action.referents for c in cards.values())
    assert {c.implementation_state for c in cards.values() if not c.nobody_can_report} == {ImplementationState.STARTED}
    assert all(not c.resources and c.progress_percent is None and not c.thesis_ratings for c in cards.values())
    assert {(c.people_min, c.people_max) for code, c in cards.items() if code.startswith("3.")} == {(20, 50)}
    assert "6.000,00" in cards["1.2"].resources_notes and "CASA VUOI?" in cards["1.4"].activities
    assert cards["3.3"].activities is None and cards["3.4"].activities is None     # nothing invented
    assert campaign.deadline.isoformat() == "2015-03-05"


def test_every_demo_screen_renders(app, client):
    load_demo(DEMO_ACCOUNTS, "demo")
    campaign = db.session.scalar(db.select(EvaluationCampaign))
    slug = campaign.district.slug
    login(client, "ufficio@demo.pdz", "demo")
    assert client.get(f"/gestione/{slug}/campagne/").status_code == 200
    assert client.get(f"/gestione/{slug}/campagne/{campaign.id}/").status_code == 200
    for card in db.session.scalars(db.select(EvaluationCard)):
        assert client.get(f"/gestione/{slug}/schede/{card.id}/").status_code == 200
        assert client.get(f"/gestione/{slug}/schede/{card.id}/storia").status_code == 200
    client.post("/logout")
    login(client, "referente@demo.pdz", "demo")
    page = client.get(f"/gestione/{slug}/schede/").get_data(as_text=True)
    assert page.count("/schede/") >= 2
