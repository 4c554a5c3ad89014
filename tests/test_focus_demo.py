"""The demo's focus groups: the three working groups of 5 March 2015 with their keywords and the four lists as
the sources wrote them (sub-points kept, keywords left unsorted as the sources leave them), the open session
CREMA1, loaded once."""
from __future__ import annotations

from app.extensions import db
from focus_groups.demo import DEMO_CODE, load_demo_focus, load_demo_focus_groups, sample
from focus_groups.models import BoardColumn, FocusGroup, Keyword, KeywordSession, Statement


def counts():
    return tuple(db.session.scalar(db.select(db.func.count(model.id))) for model in
                 (FocusGroup, KeywordSession, Keyword, Statement))


def test_the_three_focus_groups_are_loaded_once_as_written(plan):
    groups = load_demo_focus_groups(plan)
    db.session.commit()
    assert [f.title for f in groups] == ["Modello organizzativo", "Presa in carico integrata", "Lavoro di comunità"]
    assert all(f.area is not None and f.area.name == f.title for f in groups)
    modello, presa, comunita = groups
    assert len(modello.sessions[0].keywords) == 21 and len(presa.sessions[0].keywords) == 24
    assert "timidezza decisionale" in {k.text for k in modello.sessions[0].keywords}
    # the sources do not say which keyword went into which list
    assert all(g.column is None for f in (modello, presa) for g in f.sessions[0].groups)
    assert comunita.sessions == [] or all(s.keywords == [] for s in comunita.sessions if s.code != DEMO_CODE)
    assert "esemplificazioni" in comunita.notes
    # what the Presa in carico group wrote beyond the four lists: two added columns, under the source's headings
    assert [c.name for c in presa.extra_columns] == ["Punti di forza e criticità sull’argomento",
                                                     "Due auspici trasversali"]
    assert len(presa.extra_columns[0].items) == 12 and "Prendiamoci meglio cura di noi" in presa.extra_columns[1].body
    assert not [s for s in presa.statements if s.column == BoardColumn.CRITICAL_POINTS]
    by_column = {c: [s.text for s in modello.statements if s.column == c] for c in BoardColumn}
    assert [len(by_column[c]) for c in BoardColumn] == [5, 6, 3, 4]
    first_line = by_column[BoardColumn.DEVELOPMENT_LINES][0].split("\n")
    assert first_line[0].startswith("Ridefinire un azioni") and len(first_line) == 5       # and its four sub-points
    assert len([s for s in comunita.statements if s.column == BoardColumn.CRITICAL_POINTS]) == 13
    live = db.session.scalar(db.select(KeywordSession).filter_by(code=DEMO_CODE))
    assert live.is_open and live.focus_group_id == modello.id

    before = counts()
    live.state = live.state.CLOSED
    db.session.commit()
    again = load_demo_focus(plan)
    db.session.commit()
    assert again.id == modello.id and counts() == before
    assert db.session.scalar(db.select(KeywordSession).filter_by(code=DEMO_CODE)).is_open


def test_pdz_demo_loads_them(app):
    from app.demo import load_demo
    plan = load_demo([("ufficio@example.org", "Ufficio", "planning_office")], "password-lunga-1")
    assert db.session.scalar(db.select(KeywordSession).filter_by(code=DEMO_CODE)).is_open
    load_demo([("ufficio@example.org", "Ufficio", "planning_office")], "password-lunga-1")
    assert db.session.scalar(db.select(db.func.count(FocusGroup.id)).filter_by(plan_id=plan.id)) == 3
    assert len(sample()["focus_groups"]) == 3


def test_the_demo_facilitator_runs_the_demo_focus_group(app):
    from app.demo import load_demo
    accounts = [("ufficio@example.org", "Ufficio", "planning_office"), ("fac@example.org", "Fabia", "facilitator")]
    plan = load_demo(accounts, "password-lunga-1")
    for focus in db.session.scalars(db.select(FocusGroup).filter_by(plan_id=plan.id)):
        assert [u.email for u in focus.facilitators] == ["fac@example.org"]
