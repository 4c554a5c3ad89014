"""`pdz export cycle PLAN_ID --format json -o FILE`: the demo's plan 1 as data, as the issue asks for it: its 17
actions and what became of each, the 2014 design group with its roster and its 9 April 2014 meeting, participation
by role and body, and the co-design table of the draft that follows it."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from app.cli import DEMO_ACCOUNTS, DEMO_PASSWORD
from app.cli import main as pdz
from app.extensions import db

FATES = {"continued", "changed", "dropped", "undecided"}


@pytest.fixture
def exported(app, tmp_path):
    from app.demo import load_demo
    plan = load_demo(DEMO_ACCOUNTS, DEMO_PASSWORD)
    db.session.commit()
    target = tmp_path / "cycle.json"
    result = CliRunner().invoke(pdz, ["export", "cycle", str(plan.id), "--format", "json", "-o", str(target)])
    assert result.exit_code == 0, result.output
    return json.loads(target.read_text(encoding="utf-8"))


def test_every_action_of_the_plan_says_what_became_of_it(exported):
    actions = exported["actions"]
    assert len(actions) == 17 and all({"code", "title", "fate", "taken_up_by"} <= set(a) for a in actions)
    assert {a["fate"] for a in actions} <= FATES
    assert any(a["taken_up_by"] for a in actions)           # the draft's objectives take some of them up


def test_the_2014_design_group_has_its_roster_and_its_meeting_of_9_april(exported):
    [group] = [g for g in exported["groups"] if g["name"].startswith("Gruppo di progettazione")]
    assert len(group["roster"]) == 19
    [meeting] = [m for m in group["meetings"] if m["date"] == "2014-04-09"]
    assert (meeting["present"], meeting["absent"]) == (15, 4)


def test_participation_counts_by_role_and_body(exported):
    by_role = exported["participation"]["by_role"]
    assert len([role for role in by_role if role != "Ruolo non indicato"]) >= 4
    assert by_role["Amministratore/politico"]["meetings_reported"] == 1
    assert "by_body" in exported["participation"]


def test_the_co_design_table_has_two_partners_commitments(exported):
    [table] = exported["codesign"]
    assert table["objective"] and len({c["body"] for c in table["commitments"]}) == 2
    assert all({"body", "kind", "amount", "hours", "source"} <= set(c) for c in table["commitments"])


def test_an_unknown_plan_is_refused(app):
    result = CliRunner().invoke(pdz, ["export", "cycle", "999", "--format", "json"])
    assert result.exit_code != 0 and "999" in result.output
