"""The demo campaign: cards in every state on the sample plan, loaded idempotently."""
from __future__ import annotations

from app.cli import DEMO_ACCOUNTS
from app.demo import load_demo
from app.extensions import db
from evaluations.models import CardState, EvaluationCampaign, EvaluationCard
from tests.conftest import login


def test_the_demo_campaign_has_cards_in_every_state_and_loads_once(app):
    plan = load_demo(DEMO_ACCOUNTS, "demo")
    load_demo(DEMO_ACCOUNTS, "demo")
    campaigns = db.session.scalars(db.select(EvaluationCampaign)).all()
    assert len(campaigns) == 1 and len(campaigns[0].cards) == len(plan.actions) == 17
    cards = campaigns[0].cards
    assert {c.state for c in cards} == set(CardState)
    assert any(c.nobody_can_report for c in cards)
    assert all(c.action.referents for c in cards)
    mine = [c for c in cards if any(u.email == "referente@demo.pdz" for u in c.action.referents)]
    assert {c.state for c in mine} == {CardState.DRAFT, CardState.RETURNED}


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
