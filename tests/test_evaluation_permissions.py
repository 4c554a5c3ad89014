"""Who may read and write which card: a referent only the cards of their actions, the office all of its district."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Role
from evaluations.models import EvaluationCard
from tests.conftest import login
from tests.test_evaluation_helpers import card_for, card_url, complete_form, open_campaign


@pytest.fixture
def campaign(plan, office):
    return open_campaign(plan, office)


@pytest.fixture
def my_card(campaign, plan, referent):
    return card_for(campaign, plan.actions[0])


@pytest.fixture
def other_card(campaign, plan):
    return card_for(campaign, plan.actions[1])


def test_a_referent_cannot_read_or_write_another_actions_card(as_referent, other_card):
    assert as_referent.get(card_url(other_card)).status_code == 404
    assert as_referent.post(card_url(other_card), data=complete_form(other_card)).status_code == 404
    assert as_referent.post(card_url(other_card, "salva"), data=complete_form(other_card)).status_code == 404
    assert as_referent.get(card_url(other_card, "storia")).status_code == 404
    db.session.refresh(other_card)
    assert other_card.activities is None and other_card.version == 1


def test_another_referent_sees_nothing_of_my_card(client, my_card, make_user, district):
    stranger = make_user("altro@example.org", Role.REFERENT, district)
    login(client, stranger)
    assert client.get(card_url(my_card)).status_code == 404
    assert client.post(card_url(my_card, "salva"), data=complete_form(my_card)).status_code == 404
    page = client.get(f"/gestione/{district.slug}/schede/").get_data(as_text=True)
    assert my_card.action.title not in page


def test_my_cards_lists_only_my_cards_with_what_is_missing(as_referent, my_card, other_card, district):
    as_referent.set_cookie("lang", "en", domain="pdz.test")
    page = as_referent.get(f"/gestione/{district.slug}/schede/").get_data(as_text=True)
    assert my_card.action.title in page and other_card.action.title not in page
    assert "describe the activities carried out" in page


def test_referents_cannot_manage_campaigns_or_review(as_referent, campaign, my_card, district):
    base = f"/gestione/{district.slug}/campagne"
    assert as_referent.get(f"{base}/").status_code == 403
    assert as_referent.get(f"{base}/{campaign.id}/").status_code == 403
    assert as_referent.post(f"{base}/{campaign.id}/solleciti").status_code == 403
    assert as_referent.post(f"{base}/{campaign.id}/chiudi").status_code == 403
    assert as_referent.get(f"{base}/nuova").status_code == 403
    assert as_referent.post(card_url(my_card, "revisione"), data={"decision": "approve"}).status_code == 403


def test_the_office_sees_and_reviews_every_card_of_its_district(as_office, campaign, other_card, district):
    assert as_office.get(f"/gestione/{district.slug}/campagne/{campaign.id}/").status_code == 200
    assert as_office.get(card_url(other_card)).status_code == 200
    assert as_office.get(card_url(other_card, "storia")).status_code == 200


def test_facilitators_and_anonymous_are_kept_out(client, as_facilitator, other_card):
    assert as_facilitator.get(card_url(other_card)).status_code == 403
    as_facilitator.post("/logout")
    response = client.get(card_url(other_card))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post(card_url(other_card, "salva"), data={}).status_code == 302


def test_another_districts_office_cannot_reach_the_cards(client, other_card, campaign, make_user):
    from app.plans import find_or_create_district
    elsewhere = find_or_create_district("Ambito di Dalmine")
    db.session.commit()
    outsider = make_user("ufficio@dalmine.example.org", Role.PLANNING_OFFICE, elsewhere)
    login(client, outsider)
    # Their own district's URL with our card id: not found; our district's URL: forbidden.
    assert client.get(f"/gestione/{elsewhere.slug}/schede/{other_card.id}/").status_code == 404
    assert client.get(f"/gestione/{elsewhere.slug}/campagne/{campaign.id}/").status_code == 404
    assert client.get(card_url(other_card)).status_code == 403
    assert db.session.get(EvaluationCard, other_card.id).version == 1
