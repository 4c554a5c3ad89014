"""The public sees only approved cards' summaries, and only once the planning office publishes them: never
drafts or cards under review, never the review's comments, never an e-mail address."""
from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.models import AuditLog, PlanStatus
from cards_helpers import open_campaign
from evaluations.models import CardState, EvaluationCampaign

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture
def campaign(plan, referent):
    campaign = open_campaign(plan)
    approved = next(c for c in campaign.cards if c.state == CardState.APPROVED and not c.nobody_can_report)
    approved.activities = "Sportello aperto. Informazioni: referente@example.org, o *mario.rossi@comune.it*."
    approved.strengths = "Rete tra enti molto solida"
    approved.review_comment = "COMMENTO-INTERNO-DELLA-REVISIONE"
    db.session.commit()
    return campaign


def card_in(campaign, state):
    return next(c for c in campaign.cards if c.state == state and c.activities)


def publish(campaign, value=True):
    campaign.publish_summaries = value
    db.session.commit()


def test_nothing_is_public_until_the_office_publishes(client, campaign, plan):
    approved = card_in(campaign, CardState.APPROVED)
    assert client.get(f"/schede/{approved.id}").status_code == 404
    assert client.get(f"/piani/{plan.id}/valutazione").status_code == 404
    assert f"/piani/{plan.id}/valutazione" not in client.get(f"/piani/{plan.id}").get_data(as_text=True)


def test_only_approved_cards_of_a_published_campaign_are_shown(client, campaign, plan):
    publish(campaign)
    for state in (CardState.DRAFT, CardState.SUBMITTED, CardState.RETURNED):
        assert client.get(f"/schede/{card_in(campaign, state).id}").status_code == 404, state
    assert client.get("/schede/999999").status_code == 404

    page = client.get(f"/piani/{plan.id}/valutazione")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for card in campaign.cards:
        assert (f'href="/schede/{card.id}"' in html) == (card.state == CardState.APPROVED), card.state


def test_an_approved_card_shows_its_summary_without_emails_or_review(client, campaign, plan):
    publish(campaign)
    card = next(c for c in campaign.cards if c.strengths == "Rete tra enti molto solida")
    response = client.get(f"/schede/{card.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert card.action.title in html
    assert "Sportello aperto" in html and "Rete tra enti molto solida" in html
    assert "Timidezza decisionale" in html
    assert f"{card.progress_percent} %" in html
    assert str(card.implementation_state.label) in html or card.implementation_state.value in html
    assert "COMMENTO-INTERNO-DELLA-REVISIONE" not in html
    assert EMAIL.findall(html) == []
    assert EMAIL.findall(client.get(f"/piani/{plan.id}/valutazione").get_data(as_text=True)) == []


def test_public_plan_and_action_pages_link_to_the_published_evaluation(client, campaign, plan):
    publish(campaign)
    card = card_in(campaign, CardState.APPROVED)
    assert f"/piani/{plan.id}/valutazione" in client.get(f"/piani/{plan.id}").get_data(as_text=True)
    assert f"/schede/{card.id}" in client.get(f"/azioni/{card.action_id}").get_data(as_text=True)
    draft = card_in(campaign, CardState.DRAFT)
    assert "/schede/" not in client.get(f"/azioni/{draft.action_id}").get_data(as_text=True)


def test_a_published_campaign_without_approved_cards_says_so(client, campaign, plan):
    for card in campaign.cards:
        if card.state == CardState.APPROVED:
            card.state = CardState.SUBMITTED
    publish(campaign)
    page = client.get(f"/piani/{plan.id}/valutazione")
    assert page.status_code == 200 and 'href="/schede/' not in page.get_data(as_text=True)
    assert f"/piani/{plan.id}/valutazione" not in client.get(f"/piani/{plan.id}").get_data(as_text=True)


def test_a_draft_plan_stays_hidden_even_if_published(client, campaign, plan):
    publish(campaign)
    plan.status = PlanStatus.DRAFT
    db.session.commit()
    assert client.get(f"/piani/{plan.id}/valutazione").status_code == 404
    assert client.get(f"/schede/{card_in(campaign, CardState.APPROVED).id}").status_code == 404


def test_the_planning_office_publishes_and_withdraws_audited(as_office, campaign, district, plan):
    url = f"/gestione/{district.slug}/campagne/{campaign.id}/pubblica"
    page = as_office.get(f"/gestione/{district.slug}/campagne/{campaign.id}/").get_data(as_text=True)
    assert f'action="{url}"' in page

    assert as_office.post(url, data={"publish": "1"}).status_code == 302
    assert db.session.get(EvaluationCampaign, campaign.id).publish_summaries is True
    assert as_office.get(f"/piani/{plan.id}/valutazione").status_code == 200
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditLog).where(
        AuditLog.entity == "EvaluationCampaign", AuditLog.entity_id == campaign.id,
        AuditLog.operation == "update")) >= 1

    assert as_office.post(url, data={"publish": "0"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(EvaluationCampaign, campaign.id).publish_summaries is False
    assert as_office.get(f"/piani/{plan.id}/valutazione").status_code == 404


def test_a_referent_cannot_publish(as_referent, campaign, district):
    url = f"/gestione/{district.slug}/campagne/{campaign.id}/pubblica"
    response = as_referent.post(url, data={"publish": "1"})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(EvaluationCampaign, campaign.id).publish_summaries is False


def test_the_request_to_the_referents_is_shown_as_what_they_were_asked(client, campaign, plan):
    campaign.intro = "Vi chiediamo una fotografia di quanto è stato fatto."
    db.session.commit()
    publish(campaign)
    html = client.get(f"/piani/{plan.id}/valutazione").get_data(as_text=True)
    asked = html.split("<summary>Che cosa è stato chiesto ai referenti</summary>", 1)[1].split("</details>", 1)[0]
    assert "Vi chiediamo una fotografia" in asked
