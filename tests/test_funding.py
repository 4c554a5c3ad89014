"""Funding as reporting needs it: named programmes with their year paying budget lines, bids on calls with what
was asked and granted, hours given in kind at a documented rate; the resources chapter's totals are the sums
of the budget lines; the office keeps all of it from its pages."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app import funding
from app.extensions import db
from app.funding_models import BidOutcome, FundingBid, InKindKind
from app.models import BudgetLine, FundingSource
from app.structure import InvalidField
from plan_drafts import gather
from tests.conftest import login


def _lines(plan):
    actions = plan.actions
    lines = [BudgetLine(action=actions[0], source=FundingSource.NATIONAL_REGIONAL, planned_amount=Decimal("6000")),
             BudgetLine(action=actions[1], source=FundingSource.NATIONAL_REGIONAL, planned_amount=Decimal("36000")),
             BudgetLine(action=actions[2], source=FundingSource.MUNICIPALITIES, planned_amount=Decimal("1500.50"))]
    db.session.add_all(lines)
    db.session.flush()
    return lines


def test_a_programme_pays_the_lines_chosen_and_the_totals_are_the_sums_of_the_lines(plan, district):
    lines = _lines(plan)
    fnps = funding.add_programme(district, name="FNPS 2013", kind=FundingSource.NATIONAL_REGIONAL,
                                 funder="Ministero del lavoro", year=2013, lines=lines[:2])
    assert [line.programme for line in lines] == [fnps, fnps, None]
    with pytest.raises(InvalidField):
        funding.add_programme(district, name="FNPS 2013", kind=FundingSource.OTHER)
    figures = funding.funding_of(plan)
    assert ("FNPS 2013", 2013, "Fondi nazionali e regionali", Decimal("42000")) in figures.by_programme
    assert figures.total == sum(line.planned_amount for line in lines) == Decimal("43500.50")
    funding.update_programme(fnps, version=fnps.version, name="FNPS 2013", kind=FundingSource.NATIONAL_REGIONAL,
                             year=2013, lines=lines[:1])
    assert lines[1].programme is None


def test_bids_say_what_was_asked_and_granted(plan, district):
    with pytest.raises(InvalidField) as early:
        funding.add_bid(district, title="Autori del cambiamento", call="Fondazione della Comunità Bergamasca, "
                        "bando 2/2013", outcome=BidOutcome.SUBMITTED, amount_granted=Decimal("14000"))
    assert early.value.field == "amount_granted"
    with pytest.raises(InvalidField) as backwards:
        funding.add_bid(district, title="X", call="Y", outcome=BidOutcome.GRANTED,
                        submitted_on=date(2013, 5, 1), decided_on=date(2013, 1, 1))
    assert backwards.value.field == "decided_on"
    bid = funding.add_bid(district, title="Autori del cambiamento", call="Fondazione della Comunità Bergamasca, "
                          "bando 2/2013", outcome=BidOutcome.GRANTED, amount_requested=Decimal("20000"),
                          amount_granted=Decimal("14000"), action=plan.actions[0])
    assert bid in funding.funding_of(plan).bids


def test_hours_in_kind_are_valued_at_their_documented_rate(plan):
    resource = funding.add_in_kind(plan.actions[0], kind=InKindKind.VOLUNTEER_HOURS, hours=Decimal(1200),
                                   hourly_rate=Decimal("15.00"), rate_basis="Tabella regionale del volontariato")
    assert resource.value == Decimal("18000.00")
    assert funding.funding_of(plan).in_kind == [("Ore di volontariato", Decimal(1200), Decimal("18000.00"))]
    with pytest.raises(InvalidField):
        funding.add_in_kind(plan.actions[0], kind=InKindKind.STAFF_HOURS, hours=Decimal(3), hourly_rate=Decimal(20),
                            rate_basis=" ")


def test_the_resources_chapter_is_written_from_the_programmes_bids_and_hours(plan, district):
    lines = _lines(plan)
    funding.add_programme(district, name="FNPS 2013", kind=FundingSource.NATIONAL_REGIONAL, year=2013,
                          lines=lines[:2])
    funding.add_bid(district, title="Wel(l)FARE legami", call="Fondazione Cariplo", outcome=BidOutcome.SUBMITTED)
    text = gather.resources_body(plan)
    assert "| FNPS 2013 | 2013 | Fondi nazionali e regionali | € 42.000,00 |" in text
    assert "| Comuni |  | Comuni | € 1.500,50 |" in text and "**€ 43.500,50**" in text
    assert "| Wel(l)FARE legami | Fondazione Cariplo | Presentata, in attesa dell'esito | – | – |" in text


def test_the_office_keeps_funding_from_its_pages(client, office, plan, district):
    login(client, office)
    lines = _lines(plan)
    db.session.commit()
    base = f"/gestione/{district.slug}/fondi/"
    assert client.get(base).status_code == 200
    added = client.post(base + "programmi/nuovo", data={"name": "FNPS 2013", "kind": "national_regional",
                                                        "year": "2013", "amount": "120.000,00",
                                                        "lines": [lines[0].id]})
    assert added.status_code == 302 and db.session.get(BudgetLine, lines[0].id).programme.name == "FNPS 2013"
    bad = client.post(base + "bandi/nuovo", data={"title": "Autori del cambiamento", "call": "",
                                                  "outcome": "granted", "amount_granted": "14.000"})
    assert bad.status_code == 422 and 'value="Autori del cambiamento"' in bad.get_data(as_text=True)
    good = client.post(base + "bandi/nuovo", data={"title": "Autori del cambiamento", "call": "bando 2/2013",
                                                   "outcome": "granted", "amount_granted": "14.000,00"})
    assert good.status_code == 302
    assert db.session.scalar(db.select(FundingBid.amount_granted)) == Decimal("14000.00")
    hours = client.post(base + "in-natura", data={"action_id": plan.actions[0].id, "kind": "staff_hours",
                                                  "hours": "40", "hourly_rate": "22,50", "rate_basis": "CCNL"})
    assert hours.status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert "FNPS 2013" in page and "Autori del cambiamento" in page and "900,00" in page
    refused = client.post(base + "in-natura", data={"action_id": plan.actions[0].id, "kind": "staff_hours",
                                                    "hours": "0", "hourly_rate": "22,50", "rate_basis": ""})
    assert refused.status_code == 422


def test_a_card_starts_with_the_programmes_of_its_budget_lines_and_its_referent_names_them(
        client, as_referent, plan, district, office):
    from app.models import District
    from evaluations.models import EvaluationCard
    from tests.test_evaluation_helpers import card_for, card_url, complete_form, open_campaign
    lines = _lines(plan)
    fnps = funding.add_programme(district, name="FNPS 2013", kind=FundingSource.NATIONAL_REGIONAL, year=2013,
                                 lines=lines[:1])
    elsewhere = District(name="Ambito di Dalmine", slug="dalmine")
    db.session.add(elsewhere)
    db.session.flush()
    theirs = funding.add_programme(elsewhere, name="WE.CA.RE", kind=FundingSource.OTHER)
    db.session.commit()
    card = card_for(open_campaign(plan, office), plan.actions[0])
    assert [(r.programme, r.planned) for r in card.resources] == [(fnps, Decimal("6000.00"))]
    page = as_referent.get(card_url(card)).get_data(as_text=True)
    assert f'<option selected value="{fnps.id}">FNPS 2013 (2013)</option>' in page and "WE.CA.RE" not in page

    # Naming the programme is enough to say the kind of source.
    sent = complete_form(card, **{"resources-0-source": "", "resources-0-programme": str(fnps.id)})
    assert as_referent.post(card_url(card), data=sent).status_code == 302
    db.session.expire_all()
    line = db.session.get(EvaluationCard, card.id).resources[0]
    assert (line.programme, line.source, line.source_name) == (fnps, FundingSource.NATIONAL_REGIONAL, "FNPS 2013")

    # Another district's programme is refused, with the text typed kept and the resources left as they were.
    card = db.session.get(EvaluationCard, card.id)
    refused = as_referent.post(card_url(card), data=complete_form(
        card, activities="Nuovo testo", **{"resources-0-programme": str(theirs.id)}))
    assert refused.status_code == 422 and "Nuovo testo" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(EvaluationCard, card.id).resources[0].programme == fnps


def test_the_offline_workbook_carries_a_resource_s_programme_by_name(plan, district, office):
    from evaluations import card_data
    from evaluations.card_xlsx import cards_to_workbook, read_cards_workbook
    from tests.test_evaluation_helpers import open_campaign
    lines = _lines(plan)
    funding.add_programme(district, name="FNPS 2013", kind=FundingSource.NATIONAL_REGIONAL, lines=lines[:1])
    db.session.commit()
    campaign = open_campaign(plan, office)
    dicts = card_data.card_dicts(campaign)
    assert dicts[0]["resources"][0]["programme"] == "FNPS 2013"
    vocab = card_data.vocabulary(["FNPS 2013"])
    cards, problems = read_cards_workbook(cards_to_workbook(dicts[:1], vocab), vocab)
    assert problems == [] and cards[0].data["resources"][0]["programme"] == "FNPS 2013"
    cards, problems = read_cards_workbook(cards_to_workbook(dicts[:1], vocab), card_data.vocabulary([]))
    assert [p.field for p in problems] == ["Programma"]
