"""Traceability both ways: an objective is created from a development line (or linked to statements,
keywords and cards); its page shows the line, the keywords behind it and the cards of the area; each statement
shows the objectives that took it up; the coverage view lists the lines no objective took up yet."""
from __future__ import annotations

from markupsafe import escape

from app.extensions import db
from focus_groups.models import BoardColumn
from plan_drafts import evidence, services
from plan_drafts.models import DraftObjective
from tests.cards_helpers import open_campaign
from tests.draft_helpers import BASE, development_lines, focus_of, make_draft


def test_an_objective_created_from_a_development_line_shows_its_evidence(as_office, plan):
    focus = focus_of(plan)
    campaign = open_campaign(plan)
    draft = make_draft(plan)
    line = development_lines(focus)[0]
    response = as_office.post(f"{BASE}/bozze/{draft.id}/linee/{line.id}/obiettivo",
                              data={"axis": str(draft.axes[1].id)})
    assert response.status_code == 302 and "/modifica" in response.headers["Location"]
    objective = db.session.scalar(db.select(DraftObjective))
    assert objective.title == line.text and objective.statements == [line] and objective.number == "2.1"

    page = as_office.get(f"{BASE}/bozze/obiettivi/{objective.id}").get_data(as_text=True)
    assert str(escape(line.text)) in page
    for group in line.keyword_groups:                      # the keywords behind the line, with their counts
        assert group.label in page
    area_cards = [c for c in campaign.cards if c.action.area == focus.area]
    assert area_cards and all(str(escape(c.action.title)) in page for c in area_cards)


def test_the_objective_form_from_a_line_prefills_the_text_and_links_it(as_office, plan):
    focus = focus_of(plan)
    draft = make_draft(plan)
    line = development_lines(focus)[1]
    axis = draft.axes[0]
    url = f"{BASE}/bozze/assi/{axis.id}/obiettivi/nuovo"
    assert str(escape(line.text)) in as_office.get(f"{url}?statement_id={line.id}").get_data(as_text=True)
    response = as_office.post(url, data={"axis": str(axis.id), "statement_id": str(line.id),
                                         "title": "Ricomporre le risorse dei fondi sociali"})
    assert response.status_code == 302
    objective = db.session.scalar(db.select(DraftObjective))
    assert objective.statements == [line]


def plan_focus_groups(plan):
    from focus_groups.models import FocusGroup
    return db.session.scalars(db.select(FocusGroup).filter_by(plan_id=plan.id)).all()


def test_the_coverage_lists_the_lines_no_objective_took_up(as_office, plan):
    focus = focus_of(plan)
    draft = make_draft(plan)
    lines = development_lines(focus)
    services.objective_from_statement(draft.axes[0], lines[0])
    db.session.commit()
    page = as_office.get(f"{BASE}/bozze/{draft.id}/copertura").get_data(as_text=True)
    uncovered = page.split('id="uncovered-')[1].split('id="covered-')[0]
    assert str(escape(lines[0].text)) not in uncovered
    for line in lines[1:]:
        assert str(escape(line.text)) in uncovered
    by_focus = {fc.focus_group.id: fc for fc in evidence.coverage(draft)}
    assert len(by_focus[focus.id].uncovered) == len(lines) - 1
    assert "3" in as_office.get(f"{BASE}/bozze/{draft.id}/").get_data(as_text=True)


def test_other_statements_are_not_development_lines_in_the_coverage(app, plan):
    focus = focus_of(plan)
    draft = make_draft(plan)
    listed = [line.statement for fc in evidence.coverage(draft) for line in fc.lines]
    assert listed and all(s.column == BoardColumn.DEVELOPMENT_LINES for s in listed)
    assert len(listed) == sum(len(development_lines(f)) for f in plan_focus_groups(plan)) > len(development_lines(focus))


def test_each_statement_shows_the_objectives_that_took_it_up(as_office, plan):
    focus = focus_of(plan)
    draft = make_draft(plan)
    line = development_lines(focus)[2]
    objective = services.objective_from_statement(draft.axes[2], line)
    db.session.commit()
    page = as_office.get(f"{BASE}/bozze/affermazioni/{line.id}").get_data(as_text=True)
    assert f"/bozze/obiettivi/{objective.id}" in page and "3.1" in page
    board = as_office.get(f"{BASE}/focus/{focus.id}/lavagna").get_data(as_text=True)
    assert f"/bozze/affermazioni/{line.id}" in board


def test_a_facilitator_sees_a_statements_objectives_but_cannot_create_one(as_facilitator, plan):
    focus = focus_of(plan)
    draft = make_draft(plan)
    line = development_lines(focus)[0]
    response = as_facilitator.get(f"{BASE}/bozze/affermazioni/{line.id}")
    assert response.status_code == 200
    assert as_facilitator.post(f"{BASE}/bozze/{draft.id}/linee/{line.id}/obiettivo",
                               data={"axis": str(draft.axes[0].id)}).status_code == 403
    assert db.session.scalar(db.select(DraftObjective)) is None


def test_statements_keywords_and_cards_are_linked_and_unlinked(as_office, plan):
    focus = focus_of(plan)
    campaign = open_campaign(plan)
    draft = make_draft(plan)
    objective = services.create_objective(draft.axes[0],
                                          services.ObjectiveData(title="Valutare prima e dopo"))
    db.session.commit()
    strength = next(s for s in focus.statements if s.column == BoardColumn.STRENGTHS)
    group = focus.sessions[0].groups[0]
    card = campaign.cards[3]
    url = f"{BASE}/bozze/obiettivi/{objective.id}"
    for kind, item in (("statement", strength), ("keyword_group", group), ("card", card)):
        assert as_office.post(f"{url}/collega/{kind}", data={f"{kind}-item": str(item.id)}).status_code == 302
    db.session.refresh(objective)
    assert objective.statements == [strength] and objective.keyword_groups == [group]
    assert objective.cards == [card]
    page = as_office.get(url).get_data(as_text=True)
    assert group.label in page and card.action.title in page
    as_office.post(f"{url}/scollega/card/{card.id}")
    db.session.refresh(objective)
    assert objective.cards == []


def test_evidence_of_another_district_cannot_be_linked(app, plan):
    from app.structure import create_district
    from focus_groups.models import FocusGroup, Statement
    focus_of(plan)
    draft = make_draft(plan)
    other = create_district("Ambito di Lodi")
    from app.structure import create_plan
    other_plan = create_plan(other, title="Piano di Lodi", start_year=2012, end_year=2014)
    foreign = FocusGroup(district=other, plan=other_plan, title="Lodi")
    foreign.statements.append(Statement(column=BoardColumn.DEVELOPMENT_LINES, text="Linea di Lodi"))
    db.session.add(foreign)
    db.session.commit()
    objective = services.create_objective(draft.axes[0], services.ObjectiveData(title="Obiettivo"))
    import pytest
    from app.errors import DomainError
    with pytest.raises(DomainError):
        services.link_statement(objective, foreign.statements[0])


def test_people_of_the_district_read_an_objectives_evidence_once_the_draft_is_shared(client, plan, make_user,
                                                                                    district):
    from app.models import Role
    from plan_drafts.models import DraftVisibility
    from tests.conftest import login
    focus = focus_of(plan)
    draft = make_draft(plan)
    line = development_lines(focus)[0]
    objective = services.objective_from_statement(draft.axes[0], line)
    db.session.commit()
    make_user("r@example.org", Role.REFERENT, district)
    login(client, "r@example.org")
    url = f"{BASE}/bozze/obiettivi/{objective.id}"
    assert client.get(url).status_code == 404
    draft.visibility = DraftVisibility.PARTICIPANTS
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert str(escape(line.text)) in page
    assert f"{url}/modifica" not in page and "/collega/" not in page
    assert client.get(f"{BASE}/bozze/{draft.id}/copertura").status_code == 403


def test_a_statement_is_linked_to_an_existing_objective_from_its_page(as_office, plan):
    focus = focus_of(plan)
    draft = make_draft(plan)
    line = development_lines(focus)[3]
    objective = services.create_objective(draft.axes[1],
                                          services.ObjectiveData(title="Formazione degli operatori"))
    db.session.commit()
    page = as_office.get(f"{BASE}/bozze/affermazioni/{line.id}").get_data(as_text=True)
    assert "Formazione degli operatori" in page
    response = as_office.post(f"{BASE}/bozze/{draft.id}/linee/{line.id}/collega",
                              data={"objective": str(objective.id)})
    assert response.status_code == 302
    db.session.refresh(objective)
    assert objective.statements == [line]
    assert line not in [entry.statement for fc in evidence.coverage(draft) for entry in fc.uncovered]
