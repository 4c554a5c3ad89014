"""Sending a card: every section is optional while drafting, the required ones are checked at submit."""
from __future__ import annotations

import pytest

from app.extensions import db
from evaluations import services
from evaluations.models import CardState
from tests.test_evaluation_helpers import card_for, card_url, complete_form, open_campaign


@pytest.fixture
def card(plan, office, referent):
    return card_for(open_campaign(plan, office), plan.actions[0])


def test_an_empty_card_can_be_saved_as_a_draft(as_referent, card, referent):
    assert as_referent.post(card_url(card), data={"version": "1", "action": "save"}).status_code == 302
    db.session.refresh(card)
    assert card.state == CardState.DRAFT and card.submitted_at is None


def test_sending_an_incomplete_card_lists_what_is_missing_and_keeps_the_text(as_referent, card):
    as_referent.set_cookie("lang", "en", domain="pdz.test")
    response = as_referent.post(card_url(card), data={"version": "1", "activities": "Solo questo per ora",
                                                      "action": "submit"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for expected in ("choose the state of the action", "give the number of people involved",
                     "rate every thesis (5 not rated yet)", "say whether the objective was reached",
                     "write the strengths", "write the problems"):
        assert expected in page
    assert "describe the activities carried out" not in page
    assert "Solo questo per ora" in page
    db.session.refresh(card)
    assert card.state == CardState.DRAFT and card.activities == "Solo questo per ora"   # saved, not sent


def test_missing_messages_are_in_italian_by_default(as_referent, card):
    page = as_referent.post(card_url(card), data={"version": "1", "action": "submit"}).get_data(as_text=True)
    assert 'lang="it"' in page
    assert len(services.missing_items(card)) >= 6


def test_dates_are_required_according_to_the_state_of_the_action(as_referent, card):
    as_referent.set_cookie("lang", "en", domain="pdz.test")
    data = complete_form(card, implementation_state="concluded", progress_percent="100", actual_start="",
                         action="submit")
    page = as_referent.post(card_url(card), data=data).get_data(as_text=True)
    assert "give the actual start date" in page and "give the actual end date" in page
    db.session.refresh(card)
    assert card.state == CardState.DRAFT


def test_invalid_values_are_shown_with_what_was_typed(as_referent, card):
    as_referent.set_cookie("lang", "en", domain="pdz.test")
    data = complete_form(card, progress_percent="150", people="50-20", actual_end="2011-01-01",
                         **{"organizations-2-name": "Parrocchia", "organizations-2-kind": ""}, action="submit")
    response = as_referent.post(card_url(card), data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="150"' in page and 'value="50-20"' in page and 'value="Parrocchia"' in page
    assert "The end cannot come before the start." in page
    assert "Choose the kind of this organization." in page
    db.session.refresh(card)
    assert card.state == CardState.DRAFT and card.progress_percent is None
    assert card.activities == "Incontri mensili con le associazioni."    # the valid fields were kept


def test_a_complete_card_is_sent(as_referent, card):
    assert services.missing_items(card)
    response = as_referent.post(card_url(card), data=complete_form(card, action="submit"))
    assert response.status_code == 302
    db.session.refresh(card)
    assert card.state == CardState.SUBMITTED and services.missing_items(card) == []


def test_people_and_amounts_accept_the_ways_people_write_them():
    from evaluations.forms import parse_number, parse_people
    assert parse_people("20–50") == (20, 50) and parse_people("35") == (35, 35) and parse_people("20 a 50") == (20, 50)
    assert str(parse_number("1.234,50")) == "1234.50" and str(parse_number("€ 12.000")) == "12000.00"
    assert str(parse_number("1234.5")) == "1234.50"
    for bad in ("venti", "50-20"):
        with pytest.raises(ValueError):
            parse_people(bad)
    with pytest.raises(ValueError):
        parse_number("dodici")
