"""The planning office manages system actions: fields, referents, bodies involved, budget, order."""
from datetime import date
from decimal import Decimal

import pytest

from app import structure_actions as actions
from app.extensions import db
from app.account_models import Invitation
from app.models import (ActionOrganization, AuditLog, BudgetLine, FundingSource, InvolvementRole, Organization, Role,
                        SystemAction)
from app.structure import parse_euro


@pytest.fixture
def base(district):
    return f"/gestione/{district.slug}"


def new_action_data(area, **overrides):
    data = {"area": str(area.id), "code": "1.9", "title": "Sportello unico per le famiglie",
            "description": "Un punto di accesso", "expected_results": "Meno rimbalzi tra uffici",
            "projects": "Sportello\n\nRete famiglie\n", "planned_start": "2013-01-01", "planned_end": "2014-06-30",
            "referent_email": ""}
    data.update(overrides)
    return data


def edit_data(action, **overrides):
    """What the edit page would post back unchanged."""
    data = {"version": str(action.version), "area": str(action.area_id), "code": action.code,
            "title": action.title, "description": action.description or "",
            "expected_results": action.expected_results or "", "projects": "\n".join(action.projects or []),
            "planned_start": action.planned_start.isoformat() if action.planned_start else "",
            "planned_end": action.planned_end.isoformat() if action.planned_end else "",
            "theses": [str(t.id) for t in action.theses], "referents": [str(u.id) for u in action.referents],
            "referent_email": ""}
    for n, inv in enumerate(action.involvements):
        data |= {f"involvements-{n}-organization": str(inv.organization_id), f"involvements-{n}-role": inv.role.value,
                 f"involvements-{n}-new_name": "", f"involvements-{n}-new_type": "altro"}
    for n, line in enumerate(action.budget_lines):
        data |= {f"budget-{n}-line_id": str(line.id), f"budget-{n}-source": line.source.value,
                 f"budget-{n}-description": line.description or "", f"budget-{n}-amount": str(line.planned_amount)}
    data.update(overrides)
    return data


def count(model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_the_office_creates_a_complete_action(as_office, base, plan, district, office, make_user):
    area = plan.areas[0]
    colleague = make_user("collega@example.org", Role.FACILITATOR, district)
    outsider = make_user("esterno@example.org")
    comune = actions.create_organization(district, name="Comune di Crema")
    db.session.commit()
    data = new_action_data(area, theses=[str(plan.theses[0].id), str(plan.theses[3].id)],
                           referents=[str(colleague.id)], referent_email="Esterno@Example.org", **{
        "involvements-0-organization": str(comune.id), "involvements-0-role": "lead",
        "involvements-1-organization": "", "involvements-1-new_name": "Cooperativa Il Seme",
        "involvements-1-new_type": "cooperativa", "involvements-1-role": "partner",
        "involvements-2-organization": "", "involvements-2-new_name": "", "involvements-2-role": "partner",
        "budget-0-source": "national_regional", "budget-0-description": "Fondo sociale", "budget-0-amount": "1.234,50",
        "budget-1-source": "foundation_calls", "budget-1-description": "Bando Cariplo", "budget-1-amount": "1234.50",
        "budget-2-source": "", "budget-2-description": "", "budget-2-amount": ""})
    response = as_office.post(f"{base}/aree/{area.id}/azioni/nuova", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    action = db.session.scalar(db.select(SystemAction).filter_by(code="1.9"))
    assert action.area == area and action.position == len(area.actions)
    assert action.projects == ["Sportello", "Rete famiglie"]
    assert (action.planned_start, action.planned_end) == (date(2013, 1, 1), date(2014, 6, 30))
    assert action.theses == [plan.theses[0], plan.theses[3]]
    # An account from outside the district is invited: no role until they accept.
    assert set(action.referents) == {colleague} and Role.REFERENT in colleague.roles_in(district.id)
    assert outsider.roles_in(district.id) == set()
    invitation = db.session.scalar(db.select(Invitation).filter_by(email="esterno@example.org"))
    assert invitation.role == Role.REFERENT and invitation.action_ids == [action.id] and invitation.accepted_at is None
    assert {(i.organization.name, i.role) for i in action.involvements} == {
        ("Comune di Crema", InvolvementRole.LEAD), ("Cooperativa Il Seme", InvolvementRole.PARTNER)}
    assert db.session.scalar(db.select(Organization).filter_by(name="Cooperativa Il Seme")).district == district
    assert [line.planned_amount for line in action.budget_lines] == [Decimal("1234.50"), Decimal("1234.50")]
    assert action.budget_total == Decimal("2469.00")


def test_the_new_action_form_offers_one_blank_row_of_each_kind(as_office, base, plan):
    page = as_office.get(f"{base}/aree/{plan.areas[0].id}/azioni/nuova").get_data(as_text=True)
    assert 'name="involvements-0-organization"' in page and 'name="budget-0-amount"' in page
    assert 'name="budget-1-amount"' not in page


def test_adding_a_row_saves_nothing_and_keeps_the_input(as_office, base, plan):
    area = plan.areas[0]
    before = count(SystemAction)
    response = as_office.post(f"{base}/aree/{area.id}/azioni/nuova", data=new_action_data(area, **{
        "budget-0-source": "other", "budget-0-amount": "100", "add_budget": "1"}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'name="budget-1-amount"' in page
    assert 'value="Sportello unico per le famiglie"' in page and 'value="100"' in page
    assert count(SystemAction) == before


def test_a_code_used_in_the_plan_is_refused_with_a_clear_message(as_office, base, plan):
    as_office.set_cookie("lang", "en", domain="pdz.test")
    taken = plan.areas[2].actions[0].code
    response = as_office.post(f"{base}/aree/{plan.areas[0].id}/azioni/nuova",
                              data=new_action_data(plan.areas[0], code=taken))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f"The code {taken} is already used by another action of this plan." in page
    assert 'value="Sportello unico per le famiglie"' in page
    assert count(SystemAction) == 17


def test_the_same_code_is_fine_in_another_plan(as_office, base, plan, district):
    from app import structure
    other = structure.create_plan(district, title="V Piano", start_year=2015, end_year=2017)
    area = structure.add_area(other, name="Conoscenze")
    db.session.commit()
    response = as_office.post(f"{base}/aree/{area.id}/azioni/nuova",
                              data=new_action_data(area, code=plan.actions[0].code))
    assert response.status_code == 302
    same_code = db.session.scalars(db.select(SystemAction).filter_by(code=plan.actions[0].code)).all()
    assert sorted(action.area.plan_id for action in same_code) == sorted([plan.id, other.id])


@pytest.mark.parametrize("overrides", [
    {"planned_start": "2014-01-01", "planned_end": "2013-01-01"},
    {"planned_start": "31/02/2014"},
    {"title": ""},
    {"budget-0-source": "other", "budget-0-amount": "-5"},
    {"budget-0-source": "other", "budget-0-amount": "dodici"},
    {"budget-0-source": "", "budget-0-amount": "100"},
    {"budget-0-source": "other", "budget-0-description": "senza importo", "budget-0-amount": ""},
    {"referent_email": "nessuno@example.org"},
    {"involvements-0-organization": "", "involvements-0-new_name": "Ente", "involvements-0-role": "capo"},
])
def test_bad_action_input_is_refused_and_nothing_is_saved(as_office, base, plan, overrides):
    area = plan.areas[0]
    response = as_office.post(f"{base}/aree/{area.id}/azioni/nuova", data=new_action_data(area, **overrides))
    assert response.status_code == 422
    assert count(SystemAction) == 17 and count(BudgetLine) == 0


def test_a_mistyped_amount_is_shown_back_as_typed(as_office, base, plan):
    area = plan.areas[0]
    response = as_office.post(f"{base}/aree/{area.id}/azioni/nuova",
                              data=new_action_data(area, **{"budget-0-source": "other", "budget-0-amount": "12,3,4"}))
    assert response.status_code == 422 and 'value="12,3,4"' in response.get_data(as_text=True)


@pytest.mark.parametrize("typed, amount", [
    ("1.234,50", "1234.50"), ("1234.50", "1234.50"), ("1234,5", "1234.50"), ("1.234", "1234.00"),
    ("1.234.567,89", "1234567.89"), ("1,234.50", "1234.50"), ("€ 6.000", "6000.00"), ("36000", "36000.00"),
    ("0", "0.00"), ("12 000,00", "12000.00"),
])
def test_amounts_are_read_the_italian_way_and_the_computer_way(typed, amount):
    assert parse_euro(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["-1", "abc", "1,2,3", "1.23.4", "1.5.5,5", "1.234.56", "12,345", "1.234,567"])
def test_amounts_that_are_not_amounts_are_refused(typed):
    with pytest.raises(ValueError):
        parse_euro(typed)


def test_editing_moves_the_action_to_another_area_keeping_positions(as_office, base, plan):
    first, second = plan.areas[0], plan.areas[1]
    action = first.actions[1]
    response = as_office.post(f"{base}/azioni/{action.id}/modifica", data=edit_data(action, area=str(second.id)))
    assert response.status_code == 302
    db.session.expire_all()
    assert action.area == second and second.actions[-1] == action
    assert [a.position for a in first.actions] == list(range(1, len(first.actions) + 1))
    assert [a.position for a in second.actions] == list(range(1, len(second.actions) + 1))


def test_editing_updates_referents_bodies_and_budget_lines(as_office, base, plan, district, referent, office):
    action = plan.actions[0]
    a, b = (actions.create_organization(district, name=n) for n in ("Comune di Crema", "ASST Crema"))
    action.involvements.append(ActionOrganization(organization=a, role=InvolvementRole.PARTNER))
    action.budget_lines = [BudgetLine(source=FundingSource.OTHER, planned_amount=Decimal(10)),
                           BudgetLine(source=FundingSource.MUNICIPALITIES, planned_amount=Decimal(20))]
    db.session.commit()
    keep, drop = action.budget_lines
    keep_id, drop_id = keep.id, drop.id
    data = edit_data(action, referents=[str(office.id)], **{
        "involvements-0-role": "funder", "involvements-1-organization": str(b.id), "involvements-1-role": "partner",
        "budget-0-amount": "6.000,00", "budget-1-remove": "y",
        "budget-2-source": "foundation_calls", "budget-2-amount": "36000"})
    response = as_office.post(f"{base}/azioni/{action.id}/modifica", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert action.referents == [office]
    assert {(i.organization.name, i.role) for i in action.involvements} == {
        ("Comune di Crema", InvolvementRole.FUNDER), ("ASST Crema", InvolvementRole.PARTNER)}
    assert [(line.id, line.planned_amount) for line in action.budget_lines][0] == (keep_id, Decimal("6000.00"))
    assert db.session.get(BudgetLine, drop_id) is None and action.budget_total == Decimal("42000.00")
    log = db.session.scalars(db.select(AuditLog).filter_by(entity="BudgetLine", operation="delete")).all()
    assert log and log[0].user_id == office.id


def test_an_organization_listed_twice_is_refused(as_office, base, plan, district):
    org = actions.create_organization(district, name="Comune di Crema")
    db.session.commit()
    action = plan.actions[0]
    response = as_office.post(f"{base}/azioni/{action.id}/modifica", data=edit_data(action, **{
        "involvements-0-organization": str(org.id), "involvements-0-role": "lead",
        "involvements-1-organization": "", "involvements-1-new_name": "comune di crema",
        "involvements-1-role": "partner"}))
    assert response.status_code == 422 and count(ActionOrganization) == 0


def test_a_stale_action_form_is_refused_and_nothing_is_overwritten(as_office, base, plan):
    action = plan.actions[0]
    form = edit_data(action, title="La mia versione")
    actions.update_action(action, actions.ActionData(code=action.code, title="Versione del collega"),
                          version=action.version)
    db.session.commit()
    response = as_office.post(f"{base}/azioni/{action.id}/modifica", data=form)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="La mia versione"' in page and f'href="{base}/azioni/{action.id}/modifica"' in page
    assert db.session.get(SystemAction, action.id).title == "Versione del collega"


def test_a_budget_change_alone_makes_older_forms_stale(as_office, base, plan):
    action = plan.actions[0]
    stale = edit_data(action, title="Titolo vecchio")
    fresh = edit_data(action, **{"budget-0-source": "other", "budget-0-amount": "500"})
    assert as_office.post(f"{base}/azioni/{action.id}/modifica", data=fresh).status_code == 302
    assert as_office.post(f"{base}/azioni/{action.id}/modifica", data=stale).status_code == 422
    db.session.expire_all()
    assert action.title != "Titolo vecchio" and action.budget_total == Decimal("500.00")


def test_deleting_an_action_asks_first_and_renumbers_its_area(as_office, base, plan):
    area = plan.areas[0]
    action = area.actions[0]
    action_id = action.id
    assert action.title in as_office.get(f"{base}/azioni/{action_id}/elimina").get_data(as_text=True)
    assert db.session.get(SystemAction, action_id) is not None
    assert as_office.post(f"{base}/azioni/{action_id}/elimina").status_code == 302
    db.session.expire_all()
    assert db.session.get(SystemAction, action_id) is None
    assert [a.position for a in area.actions] == list(range(1, len(area.actions) + 1))


def test_actions_move_up_and_down_within_their_area(as_office, base, plan):
    area = plan.areas[1]
    codes = [a.code for a in area.actions]
    as_office.post(f"{base}/azioni/{area.actions[0].id}/sposta", data={"direction": "down"})
    db.session.expire_all()
    assert [a.code for a in area.actions] == [codes[1], codes[0], *codes[2:]]
    as_office.post(f"{base}/azioni/{area.actions[-1].id}/sposta", data={"direction": "down"})
    db.session.expire_all()
    assert [a.position for a in area.actions] == list(range(1, len(codes) + 1))


def test_choices_outside_the_district_or_plan_are_refused(as_office, base, plan, district, make_user):
    from app import structure
    from app.plans import find_or_create_district
    other = find_or_create_district("Ambito di Dalmine")
    stranger = make_user("estraneo@example.org", Role.PLANNING_OFFICE, other)
    foreign_org = actions.create_organization(other, name="Comune di Dalmine")
    other_plan = structure.create_plan(district, title="V Piano", start_year=2015, end_year=2017)
    foreign_thesis = structure.add_thesis(other_plan, "Tesi di un altro piano")
    foreign_area = structure.add_area(other_plan, name="Altra area")
    db.session.commit()
    action = plan.actions[0]
    for overrides in ({"referents": [str(stranger.id)]}, {"theses": [str(foreign_thesis.id)]},
                      {"area": str(foreign_area.id)},
                      {"involvements-0-organization": str(foreign_org.id), "involvements-0-role": "lead"}):
        response = as_office.post(f"{base}/azioni/{action.id}/modifica", data=edit_data(action, **overrides))
        assert response.status_code == 422, overrides
    db.session.expire_all()
    assert action.area == plan.areas[0] and stranger not in action.referents and not action.involvements
