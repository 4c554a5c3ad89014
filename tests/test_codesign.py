"""Co-design of a draft objective: a table with its group, bodies invited or on request and accepted, their
commitments (checked), the targets, the agreement that locks the table; on approval the agreement becomes the
action's bodies, referents, budget lines and resources in kind (hours without a stated rate stay hours, in the
description), and its cards start with the targets; `cycle_codesign` for `pdz export cycle`; the demo's table;
only the district's planning office."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from flask_babel import force_locale

from app import funding
from app.errors import DomainError, InvalidField
from app.extensions import db
from app.funding_models import InKindKind, InKindResource
from app.models import District, FundingSource, InvolvementRole, OrganizationType, Role
from app.structure_actions import create_organization
from evaluations import services as evaluations
from meetings import standing
from meetings.standing_models import StandingGroup
from plan_drafts import approval, codesign, services
from plan_drafts.codesign_models import CodesignTable, CommitmentKind, JoinedBy, TableStatus
from tests.conftest import login
from tests.draft_helpers import BASE, make_draft
from tests.test_seed_fidelity import SEEDS, plain

MONEY, STAFF, VOLUNTEERS = CommitmentKind.MONEY, CommitmentKind.STAFF_HOURS, CommitmentKind.VOLUNTEER_HOURS
SPACES, SERVICES = CommitmentKind.SPACES, CommitmentKind.SERVICES
MUNICIPALITIES, FOUNDATIONS = FundingSource.MUNICIPALITIES, FundingSource.FOUNDATION_CALLS


@pytest.fixture
def bodies(district):
    return {name: create_organization(district, name=name, type_=kind) for name, kind in (
        ("Comune di Crema", OrganizationType.COMUNE), ("Cooperativa Il Seme", OrganizationType.COOPERATIVA),
        ("Associazione Auser", OrganizationType.ASSOCIAZIONE), ("Fondazione Cariplo", OrganizationType.FONDAZIONE))}


@pytest.fixture
def objective(plan, bodies):
    draft = make_draft(plan)
    objective = services.create_objective(draft.axes[0], services.ObjectiveData(
        title="Un servizio minori e famiglie coprogettato", responsible=bodies["Comune di Crema"],
        outcome_indicators="Famiglie raggiunte"))
    db.session.commit()
    return objective


@pytest.fixture
def table(objective):
    table = codesign.open_table(objective)
    db.session.commit()
    return table


def _partner(table, organization, *, referent=None):
    return codesign.accept(codesign.invite(table, organization, referent=referent))


def _add(partner, kind=MONEY, source=MUNICIPALITIES, description="Quota dei Comuni", **values):
    return codesign.add_commitment(partner, kind=kind, source=source, description=description, **values)


# --- the table, its bodies, their commitments -------------------------------------------------------------------

def test_a_table_opens_once_per_objective_with_a_standing_group_for_its_meetings(objective, table):
    assert table.objective is objective and objective.codesign_table is table
    assert table.status == TableStatus.OPEN and table.group.district_id == objective.axis.draft.district_id
    assert objective.number in table.group.name and standing.meetings_of(table.group) == []
    with pytest.raises(DomainError, match="ha già un tavolo di co-progettazione"):
        codesign.open_table(objective)


def test_the_tables_group_is_named_apart_from_the_districts_other_groups(objective, district):
    standing.add_group(district, name="Tavolo 1.1")
    assert codesign.open_table(objective, name="Tavolo 1.1").group.name == "Tavolo 1.1 (2)"


def test_bodies_come_invited_or_on_request_and_commit_once_accepted(table, bodies, district):
    invited = codesign.invite(table, bodies["Cooperativa Il Seme"])
    asked = codesign.record_request(table, bodies["Associazione Auser"])
    assert (invited.joined_by, asked.joined_by) == (JoinedBy.INVITED, JoinedBy.REQUEST)
    assert not invited.is_accepted and table.accepted_partners == []
    with pytest.raises(InvalidField, match="non è ancora stato accettato") as refused:
        _add(invited, amount=Decimal(1000))
    assert refused.value.field == "partner_id"
    codesign.accept(invited)
    assert table.accepted_partners == [invited] and _add(invited, amount=Decimal(1000)).amount == Decimal(1000)
    with pytest.raises(DomainError, match="già stato accettato"):
        codesign.accept(invited)
    with pytest.raises(InvalidField, match="già al tavolo"):
        codesign.invite(table, bodies["Cooperativa Il Seme"])
    elsewhere = District(name="Ambito di Dalmine", slug="dalmine")
    db.session.add(elsewhere)
    with pytest.raises(InvalidField, match="questo ambito"):
        codesign.invite(table, create_organization(elsewhere, name="Cooperativa L'Impronta"))
    codesign.remove_partner(asked)
    assert [p.organization.name for p in table.partners] == ["Cooperativa Il Seme"]


@pytest.mark.parametrize("kind, values, field", [
    (MONEY, {}, "amount"),                                                  # neither an amount nor "not stated"
    (MONEY, {"amount": Decimal(-1)}, "amount"),
    (MONEY, {"amount": Decimal(5), "amount_not_stated": True}, "amount"),
    (MONEY, {"amount": Decimal(5), "hours": Decimal(3)}, "hours"),
    (STAFF, {}, "hours"),                                                   # hours kinds need hours
    (VOLUNTEERS, {"hours": Decimal(0)}, "hours"),
    (STAFF, {"hours": Decimal(10), "amount": Decimal(200)}, "amount"),
    (STAFF, {"hours": Decimal(10), "hourly_rate": Decimal(20)}, "rate_basis"),
    (STAFF, {"hours": Decimal(10), "rate_basis": "CCNL cooperative sociali"}, "hourly_rate"),
    (SPACES, {"hours": Decimal(10)}, "description"),
    (SERVICES, {"amount_not_stated": True}, "description"),
    (SPACES, {"description": "  "}, "description"),
    (MONEY, {"amount": Decimal(5), "source": None}, "source"),
])
def test_a_commitment_says_what_its_kind_needs(table, bodies, kind, values, field):
    partner = _partner(table, bodies["Cooperativa Il Seme"])
    with pytest.raises(InvalidField) as refused:
        _add(partner, kind, **values)
    assert refused.value.field == field and partner.commitments == []


def test_money_may_be_not_stated_hours_may_have_no_rate_and_a_programme_must_match_the_source(table, bodies,
                                                                                              district):
    partner = _partner(table, bodies["Fondazione Cariplo"])
    assert _add(partner, source=FOUNDATIONS, amount_not_stated=True).amount is None
    assert _add(partner, STAFF, hours=Decimal("120.5")).hourly_rate is None
    fnps = funding.add_programme(district, name="FNPS 2015", kind=FundingSource.NATIONAL_REGIONAL, year=2015)
    with pytest.raises(InvalidField, match="FNPS 2015") as refused:
        _add(partner, amount=Decimal(100), programme=fnps)
    assert refused.value.field == "programme_id"
    by_kind, by_source = codesign.totals(table.commitments)
    assert by_kind[MONEY].not_stated == 1 and by_kind[STAFF].hours == Decimal("120.5")
    assert set(by_source) == {FOUNDATIONS, MUNICIPALITIES} and by_source[FOUNDATIONS].count == 1


def test_agreeing_locks_the_table_until_it_is_reopened(table, bodies):
    with pytest.raises(DomainError, match="niente da concordare"):
        codesign.agree(table)
    partner = _partner(table, bodies["Cooperativa Il Seme"])
    commitment = _add(partner, amount=Decimal(6000))
    codesign.record_request(table, bodies["Associazione Auser"])       # still waiting: not in the agreement
    codesign.agree(table)
    assert table.is_agreed and table.agreed_at is not None and table.commitments == [commitment]
    for change in (lambda: _add(partner, amount=Decimal(1)), lambda: codesign.remove_commitment(commitment),
                   lambda: codesign.invite(table, bodies["Fondazione Cariplo"]), lambda: codesign.accept(partner),
                   lambda: codesign.set_indicators(table, version=table.version, families=1, operators=None,
                                                   volunteers=None)):
        with pytest.raises(DomainError, match="riapritelo"):
            change()
    codesign.reopen(table)
    assert table.status == TableStatus.OPEN and table.agreed_at is None
    codesign.remove_commitment(commitment)
    assert partner.commitments == []


# --- the agreement in the approved plan -------------------------------------------------------------------------

def _approve(objective, office=None):
    with force_locale("en"):          # the words the approval writes into the plan, in English here
        plan = approval.approve_draft(objective.axis.draft, by=office, assembly_date=date(2015, 6, 25),
                                      resolution_number="3/2015")
    db.session.commit()
    return plan, objective.system_action


def test_the_agreement_becomes_the_actions_bodies_referents_budget_lines_and_hours_in_kind(
        table, objective, bodies, district, make_user):
    person = make_user("coordinatrice@example.org", Role.REFERENT, district, name="Coordinatrice Seme")
    fnps = funding.add_programme(district, name="Quota dei Comuni 2015", kind=MUNICIPALITIES, year=2015)
    comune = _partner(table, bodies["Comune di Crema"])          # the responsible body, at the table too
    seme = _partner(table, bodies["Cooperativa Il Seme"], referent=person)
    cariplo = _partner(table, bodies["Fondazione Cariplo"])
    _add(comune, amount=Decimal("12000"), programme=fnps, description="Quota per gli educatori di zona")
    _add(comune, SPACES, description="Sala riunioni in via Manini", until=date(2017, 12, 31))
    _add(seme, STAFF, hours=Decimal(200), hourly_rate=Decimal("21.50"), rate_basis="CCNL cooperative sociali",
         description="Educatori nei presidi")
    _add(seme, VOLUNTEERS, hours=Decimal(300), description="Volontari delle comunità locali")
    _add(cariplo, source=FOUNDATIONS, amount_not_stated=True, description="Bando Welfare in azione")
    codesign.record_request(table, bodies["Associazione Auser"])   # never accepted: stays out
    codesign.agree(table)
    db.session.commit()
    _plan, action = _approve(objective)

    roles = {i.organization.name: i.role for i in action.involvements}
    assert roles == {"Comune di Crema": InvolvementRole.LEAD, "Cooperativa Il Seme": InvolvementRole.PARTNER,
                     "Fondazione Cariplo": InvolvementRole.PARTNER}
    assert person in action.referents
    [line] = action.budget_lines                                  # the money with an amount, nothing made up
    assert (line.source, line.planned_amount, line.programme) == (MUNICIPALITIES, Decimal("12000.00"), fnps)
    assert line.description == "Comune di Crema: Quota per gli educatori di zona"
    [in_kind] = db.session.scalars(db.select(InKindResource).filter_by(action_id=action.id)).all()
    assert (in_kind.kind, in_kind.hours, in_kind.hourly_rate, in_kind.organization) == (
        InKindKind.STAFF_HOURS, Decimal(200), Decimal("21.50"), bodies["Cooperativa Il Seme"])
    # hours with no stated rate stay hours, in the description: never valued at a rate nobody gave
    assert "Cooperativa Il Seme — Volunteer hours, 300 hours, no hourly rate stated" in action.description
    assert "Fondazione Cariplo — Money, amount not stated (Foundation calls): Bando Welfare in azione" \
        in action.description
    assert "Sala riunioni in via Manini (until Dec 31, 2017)" in action.description
    assert "Auser" not in action.description


def test_an_open_table_brings_nothing_into_the_plan_and_can_no_longer_change(table, objective, bodies):
    _add(_partner(table, bodies["Cooperativa Il Seme"]), amount=Decimal(500))
    db.session.commit()
    _plan, action = _approve(objective)
    assert action.budget_lines == [] and [i.organization.name for i in action.involvements] == ["Comune di Crema"]
    with pytest.raises(DomainError):
        codesign.agree(table)


def test_the_agreed_targets_are_what_the_actions_cards_report_on(as_office, table, objective, bodies):
    # the Bergamo co-design's figures (../shared/seeds/001): 2,500 families, 74 operators, 300 volunteers
    codesign.set_indicators(table, version=table.version, families=2500, operators=74, volunteers=300)
    _add(_partner(table, bodies["Cooperativa Il Seme"]), SERVICES, description="Servizio Minori e Famiglie")
    codesign.agree(table)
    db.session.commit()
    plan, action = _approve(objective)
    assert "Families reached: 2,500; Operators involved: 74; Volunteers involved: 300" in action.expected_results
    assert action.expected_results.startswith("Famiglie raggiunte")
    with force_locale("en"):
        campaign = evaluations.open_campaign(plan, title="Valutazione 2017", deadline=date(2017, 12, 1))
    [card] = campaign.cards
    assert [(i.name, i.unit, i.target) for i in card.indicators] == [
        ("Families reached", "families", Decimal(2500)), ("Operators involved", "operators", Decimal(74)),
        ("Volunteers involved", "volunteers", Decimal(300))]
    assert all(i.reached is None for i in card.indicators)
    page = as_office.get(f"{BASE}/coprogettazione/{table.id}/", headers={"Accept-Language": "en"})
    assert page.status_code == 200 and f"azione di sistema {action.code}" in page.get_data(as_text=True)


def test_targets_are_numbers_of_zero_or_more_and_a_stale_form_is_refused(table):
    with pytest.raises(InvalidField):
        codesign.set_indicators(table, version=table.version, families=-1, operators=None, volunteers=None)
    codesign.set_indicators(table, version=table.version, families=0, operators=None, volunteers=None)
    db.session.commit()
    with pytest.raises(DomainError):
        codesign.set_indicators(table, version=table.version - 1, families=3, operators=None, volunteers=None)


def test_cycle_codesign_gives_the_tables_of_the_drafts_that_follow_the_plan(plan, table, objective, bodies):
    partner = _partner(table, bodies["Fondazione Cariplo"])
    _add(partner, source=FOUNDATIONS, amount_not_stated=True, description="Scheda di progetto")
    _add(partner, VOLUNTEERS, hours=Decimal("7.5"), description="Accompagnamento")
    codesign.set_indicators(table, version=table.version, families=2500, operators=None, volunteers=None)
    db.session.commit()
    [row] = codesign.cycle_codesign(plan)
    assert row["objective"] == f"{objective.number} {objective.title}" and row["status"] == "open"
    assert row["partners"] == [{"body": "Fondazione Cariplo", "joined": "invited", "accepted": True,
                                "referent": None}]
    assert [(c["body"], c["kind"], c["amount"], c["hours"], c["source"], c["description"])
            for c in row["commitments"]] == [
        ("Fondazione Cariplo", "money", None, None, "foundation_calls", "Scheda di progetto"),
        ("Fondazione Cariplo", "volunteer_hours", None, 7.5, "municipalities", "Accompagnamento")]
    assert row["indicators"] == {"families_reached": 2500, "operators": None, "volunteers": None}
    assert codesign.cycle_codesign(objective.axis.draft.approved_plan or plan) == [row]
    other = make_draft(plan, title="Un'altra bozza")
    assert len(codesign.cycle_codesign(other.previous_plan)) == 1


# --- the demo ------------------------------------------------------------------------------------------------------

def test_the_demo_has_one_table_with_two_bodies_commitments_as_the_sources_give_them(app):
    from app.cli import DEMO_ACCOUNTS, DEMO_PASSWORD
    from app.demo import load_demo
    plan = load_demo(DEMO_ACCOUNTS, DEMO_PASSWORD)
    load_demo(DEMO_ACCOUNTS, DEMO_PASSWORD)                        # again: nothing doubles
    [table] = db.session.scalars(db.select(CodesignTable)).all()
    assert table.objective.title.startswith("Creare un coordinamento strategico tra i vari attori")
    assert table.status == TableStatus.OPEN and table.group is not None
    assert (table.families_target, table.operators_target, table.volunteers_target) == (None, None, None)
    rows = [(c.partner.organization.name, c.kind, c.source, c.amount, c.hours) for c in table.commitments]
    assert rows == [("Comune di Crema", SERVICES, MUNICIPALITIES, None, None),
                    ("Fondazione Cariplo", MONEY, FOUNDATIONS, None, None)]
    crema, cariplo = (c.description for c in table.commitments)
    assert "lavoro di progettazione con le comunità, i quartieri, le zone della città" in crema
    assert "inviata alla Fondazione CARIPLO" in cariplo and "25 marzo 2015" in cariplo
    sources = plain(" ".join(path.read_text(encoding="utf-8") for path in SEEDS.iterdir()))
    quoted = re.findall(r"«([^»]+)»", crema + cariplo)
    assert len(quoted) == 5 and all(plain(quote) in sources for quote in quoted)    # word for word
    assert len(codesign.cycle_codesign(plan)) == 1


# --- the pages: the planning office of the district only ---------------------------------------------------------

def test_the_office_runs_a_table_from_its_pages(as_office, objective, bodies):
    page = as_office.get(f"{BASE}/bozze/obiettivi/{objective.id}").get_data(as_text=True)
    assert f"/bozze/obiettivi/{objective.id}/coprogettazione" in page
    assert as_office.get(f"{BASE}/bozze/obiettivi/{objective.id}/coprogettazione").status_code == 200
    assert as_office.post(f"{BASE}/bozze/obiettivi/{objective.id}/coprogettazione/apri").status_code == 302
    table = db.session.get(type(objective), objective.id).codesign_table
    url = f"{BASE}/coprogettazione/{table.id}/"
    seme = bodies["Cooperativa Il Seme"]
    assert as_office.post(url + "partner", data={"partner-organization_id": seme.id,
                                                  "partner-joined_by": "request"}).status_code == 302
    partner = table.partners[0]
    refused = as_office.post(url + "impegni", data={"commitment-partner_id": partner.id})
    assert refused.status_code == 422
    assert as_office.post(f"{BASE}/coprogettazione/partner/{partner.id}/accetta").status_code == 302
    sent = {"commitment-partner_id": partner.id, "commitment-kind": "money", "commitment-source": "municipalities",
            "commitment-description": "Educatori di presidio"}
    missing = as_office.post(url + "impegni", data=sent)
    assert missing.status_code == 422 and "importo non indicato" in missing.get_data(as_text=True)
    assert as_office.post(url + "impegni", data={**sent, "commitment-amount": "1.234,50"}).status_code == 302
    assert partner.commitments[0].amount == Decimal("1234.50")
    assert as_office.post(url + "indicatori", data={"targets-version": table.version, "targets-families": "2500",
                                                    "targets-operators": "", "targets-volunteers": ""}
                          ).status_code == 302
    page = as_office.get(url)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Educatori di presidio" in text and "Totali per fonte di finanziamento" in text
    assert f"/gruppi/{table.group.id}/" in text                      # the table's meetings: its group's
    assert as_office.post(url + "accordo").status_code == 302 and table.is_agreed
    commitment = partner.commitments[0]
    locked = as_office.get(f"{BASE}/coprogettazione/impegni/{commitment.id}/rimuovi")
    assert locked.status_code == 302 and partner.commitments == [commitment]
    assert as_office.post(url + "riapri").status_code == 302 and not table.is_agreed
    confirm = as_office.get(f"{BASE}/coprogettazione/impegni/{commitment.id}/rimuovi")
    assert confirm.status_code == 200
    assert as_office.post(f"{BASE}/coprogettazione/impegni/{commitment.id}/rimuovi").status_code == 302
    assert partner.commitments == []
    listing = as_office.get(f"{BASE}/coprogettazione/").get_data(as_text=True)
    assert objective.title in listing


def test_only_the_districts_planning_office_reaches_a_table(client, table, district, make_user):
    url = f"{BASE}/coprogettazione/{table.id}/"
    for role in (Role.REFERENT, Role.FACILITATOR):
        login(client, make_user(f"{role.value}@example.org", role, district))
        assert client.get(url).status_code == 403
        assert client.post(url + "accordo").status_code == 403
        client.get("/logout")
    elsewhere = District(name="Ambito di Dalmine", slug="dalmine")
    db.session.add(elsewhere)
    db.session.commit()
    login(client, make_user("ufficio@dalmine.example.org", Role.PLANNING_OFFICE, elsewhere))
    assert client.get(f"/gestione/dalmine/coprogettazione/{table.id}/").status_code == 404
    assert client.post(f"/gestione/dalmine/coprogettazione/{table.id}/accordo").status_code == 404
    assert client.get("/gestione/dalmine/coprogettazione/").status_code == 200


def test_a_persons_part_at_a_table_is_exported_and_erased_with_the_table_kept(table, bodies, district, make_user):
    from app import privacy
    person = make_user("coordinatrice@example.org", Role.PLANNING_OFFICE, district, name="Coordinatrice Seme")
    table.opened_by = person
    _partner(table, bodies["Cooperativa Il Seme"], referent=person)
    db.session.commit()
    exported = privacy.export_person(person.email)["codesign_tables"]
    assert [r.get("as") or r.get("answers_for") for r in exported] == [["opened"], "Cooperativa Il Seme"]
    assert privacy.REGISTRY["codesign_tables"].erase(person.email, district.id) == 2
    assert table.opened_by_id is None and table.partners[0].referent_id is None and table.partners


def test_deleting_the_objective_deletes_its_table_and_keeps_the_tables_meetings_group(as_office, table, objective,
                                                                                    bodies):
    _add(_partner(table, bodies["Cooperativa Il Seme"]), SPACES, description="Sala")
    db.session.commit()
    group_id = table.group_id
    confirm = as_office.get(f"{BASE}/bozze/obiettivi/{objective.id}/elimina").get_data(as_text=True)
    assert "tavolo di co-progettazione" in confirm
    services.delete_objective(objective)
    db.session.commit()
    assert db.session.scalars(db.select(CodesignTable)).all() == []
    assert db.session.get(StandingGroup, group_id) is not None
