"""The card's workflow: draft → submitted → returned with comments → resubmitted → approved."""
from __future__ import annotations

from decimal import Decimal

import pytest

from app.extensions import db
from app.models import AuditLog
from evaluations.models import CardState, EvaluationCard, ImplementationState, ObjectiveReached
from tests.conftest import login
from tests.test_evaluation_helpers import card_for, card_url, complete_form, open_campaign


@pytest.fixture
def campaign(plan, office):
    return open_campaign(plan, office)


@pytest.fixture
def card(campaign, plan, referent):
    return card_for(campaign, plan.actions[0])


def test_campaign_creates_one_card_per_action_of_the_sample_plan(campaign, plan):
    assert len(plan.actions) == 17
    assert len(campaign.cards) == 17
    assert {c.action_id for c in campaign.cards} == {a.id for a in plan.actions}
    assert all(c.state == CardState.DRAFT for c in campaign.cards)


def test_saving_the_form_stores_every_section_in_columns_and_rows(as_referent, card):
    response = as_referent.post(card_url(card), data=complete_form(card, action="save"))
    assert response.status_code == 302
    db.session.expire_all()
    card = db.session.get(EvaluationCard, card.id)
    assert card.implementation_state == ImplementationState.RUNNING
    assert (card.people_min, card.people_max, card.beneficiaries) == (20, 50, 120)
    assert card.objective == ObjectiveReached.PARTLY
    assert [(o.name, o.kind.value) for o in card.organizations] == [("Comune di Crema", "public"),
                                                                     ("Cooperativa Igea", "third_sector")]
    assert card.resources[0].planned == Decimal("12000.00") and card.resources[0].spent == Decimal("9500.50")
    assert card.resources[0].attracted == Decimal("20000.00") and card.resources[0].committed is None
    assert card.indicators[0].reached == Decimal("42")
    assert len(card.thesis_ratings) == len(card.campaign.plan.theses)
    assert card.state == CardState.DRAFT


def test_full_workflow_with_return_and_resubmission(client, as_referent, card, office, referent):
    response = as_referent.post(card_url(card), data=complete_form(card, action="submit"))
    assert response.status_code == 302
    db.session.refresh(card)
    assert card.state == CardState.SUBMITTED and card.submitted_by_id == referent.id

    # A sent card is read-only for the referent.
    assert as_referent.get(card_url(card)).status_code == 200
    assert as_referent.post(card_url(card), data=complete_form(card)).status_code == 403

    as_referent.post("/logout")
    login(client, office)
    page = client.get(card_url(card)).get_data(as_text=True)
    assert page.count('id="review-heading"') == 1 and page.index('id="review-heading"') > page.index("<main")
    response = client.post(card_url(card, "revisione"), data={"decision": "return", "comment": ""})
    assert response.status_code == 422          # returning needs a comment
    response = client.post(card_url(card, "revisione"),
                           data={"decision": "return", "comment": "Indicate le date effettive."})
    assert response.status_code == 302
    db.session.refresh(card)
    assert card.state == CardState.RETURNED and card.review_comment == "Indicate le date effettive."

    client.post("/logout")
    login(client, referent)
    page = client.get(card_url(card)).get_data(as_text=True)
    assert "Indicate le date effettive." in page
    response = client.post(card_url(card), data=complete_form(card, action="submit", actual_start="2012-04-01"))
    assert response.status_code == 302
    db.session.refresh(card)
    assert card.state == CardState.SUBMITTED

    client.post("/logout")
    login(client, office)
    assert client.post(card_url(card, "revisione"), data={"decision": "approve"}).status_code == 302
    db.session.refresh(card)
    assert card.state == CardState.APPROVED and card.reviewed_by_id == office.id
    # Approved: nobody edits it any more.
    assert client.post(card_url(card), data=complete_form(card)).status_code == 403


def test_co_referents_edit_the_same_card(client, card, make_user, district, referent):
    from app import people
    from app.models import Role
    colleague = make_user("collega@example.org", Role.REFERENT, district)
    people.assign_referent(card.action, colleague)
    db.session.commit()
    login(client, colleague)
    response = client.post(card_url(card), data=complete_form(card, action="save", strengths="Scritto dalla collega"))
    assert response.status_code == 302
    db.session.refresh(card)
    assert card.strengths == "Scritto dalla collega" and card.updated_by_id == colleague.id


def test_nobody_able_to_report_needs_only_a_reason(as_referent, card):
    data = {"version": str(card.version), "nobody_can_report": "y", "nobody_reason": "", "action": "submit"}
    assert as_referent.post(card_url(card), data=data).status_code == 422
    db.session.refresh(card)
    assert card.state == CardState.DRAFT and card.nobody_can_report
    data.update(version=str(card.version), nobody_reason="Il referente ha lasciato l'ente.")
    assert as_referent.post(card_url(card), data=data).status_code == 302
    db.session.refresh(card)
    assert card.state == CardState.SUBMITTED and card.nobody_reason.startswith("Il referente")


def test_every_change_is_audited_and_shown_in_the_history(as_referent, card):
    as_referent.post(card_url(card), data=complete_form(card, action="save"))
    entities = set(db.session.scalars(db.select(AuditLog.entity).where(AuditLog.district_id == card.campaign.district_id)))
    assert {"EvaluationCard", "CardOrganization", "CardResource", "CardThesisRating", "CardIndicator"} <= entities
    page = as_referent.get(card_url(card, "storia"))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Cooperativa Igea" in text and "Bando Cariplo" in text and "Rete solida" in text


def test_closing_the_campaign_locks_the_cards(as_referent, card, campaign):
    from evaluations import services
    services.close_campaign(campaign)
    db.session.commit()
    assert as_referent.post(card_url(card), data=complete_form(card)).status_code == 403


def test_a_time_frame_with_missing_dates_reads_as_words(client, card, office):
    from datetime import date
    action = card.action
    action.planned_start, action.planned_end = date(2013, 1, 1), None
    card.actual_start = card.actual_end = None
    db.session.commit()
    login(client, office)
    page = client.get(card_url(card)).get_data(as_text=True)
    assert "– – –" not in page and "– –" not in page
    assert "dal 1 gen 2013" in page


def test_the_review_decides_nothing_in_advance(client, card, office):
    card.state = CardState.SUBMITTED
    db.session.commit()
    login(client, office)
    page = client.get(card_url(card)).get_data(as_text=True)
    decision = page.split('name="decision"', 1)[1].split("</select>", 1)[0]
    assert decision.index("– scegli –") < decision.index("Restituisci") and "selected" not in decision
    response = client.post(card_url(card, "revisione"), data={"decision": "", "comment": "Bene"})
    assert response.status_code == 422 and "Scegli se approvare la scheda" in response.get_data(as_text=True)
    assert "Bene" in response.get_data(as_text=True)      # what was typed stays
    db.session.refresh(card)
    assert card.state == CardState.SUBMITTED
