"""The demo's focus group: the real Modello organizzativo group, classified, and the open session CREMA1."""
from __future__ import annotations

from app.extensions import db
from app.plans import sample_data
from focus_groups import board_services as svc
from focus_groups.demo import DEMO_CODE, load_demo_focus
from focus_groups.models import BoardColumn, FocusGroup, Keyword, KeywordSession, Statement


def counts():
    return tuple(db.session.scalar(db.select(db.func.count(model.id))) for model in
                 (FocusGroup, KeywordSession, Keyword, Statement))


def test_demo_focus_group_is_loaded_once(plan):
    sample = sample_data()["focus_group"]
    focus = load_demo_focus(plan)
    db.session.commit()
    assert focus.area is not None and focus.area.name == "Modello organizzativo"
    paper = focus.sessions[0]
    assert sorted(k.text for k in paper.keywords) == sorted(sample["keywords"]) and len(paper.keywords) == 21
    groups = svc.live_groups(paper)
    assert {g.column for g in groups} == set(BoardColumn)
    by_column = {c: [s.text for s in focus.statements if s.column == c] for c in BoardColumn}
    # the room's four lists, one statement per output of the sample, written in Italian like the rest of the demo
    for column, key in ((BoardColumn.STRENGTHS, "strengths"), (BoardColumn.DEVELOPMENT_LINES, "development_lines")):
        assert len(by_column[column]) == len(sample["outputs_shortened"][key])
    assert by_column[BoardColumn.STRENGTHS][1] == "Sono nate nuove alleanze, anche se ancora instabili"
    assert not set(by_column[BoardColumn.STRENGTHS]) & set(sample["outputs_shortened"]["strengths"])
    assert all(s.keyword_groups for s in focus.statements)
    live = db.session.scalar(db.select(KeywordSession).filter_by(code=DEMO_CODE))
    assert live.is_open and live.focus_group_id == focus.id

    before = counts()
    live.state = live.state.CLOSED
    db.session.commit()
    again = load_demo_focus(plan)
    db.session.commit()
    assert again.id == focus.id and counts() == before
    assert db.session.scalar(db.select(KeywordSession).filter_by(code=DEMO_CODE)).is_open


def test_pdz_demo_loads_it(app):
    from app.demo import load_demo
    plan = load_demo([("ufficio@example.org", "Ufficio", "planning_office")], "password-lunga-1")
    assert db.session.scalar(db.select(KeywordSession).filter_by(code=DEMO_CODE)).is_open
    load_demo([("ufficio@example.org", "Ufficio", "planning_office")], "password-lunga-1")
    assert db.session.scalar(db.select(db.func.count(FocusGroup.id)).filter_by(plan_id=plan.id)) == 1


def test_the_demo_facilitator_runs_the_demo_focus_group(app):
    from app.demo import load_demo
    accounts = [("ufficio@example.org", "Ufficio", "planning_office"), ("fac@example.org", "Fabia", "facilitator")]
    plan = load_demo(accounts, "password-lunga-1")
    focus = db.session.scalar(db.select(FocusGroup).filter_by(plan_id=plan.id))
    assert [u.email for u in focus.facilitators] == ["fac@example.org"]
