"""Acceptance of issue 3 for the command line: `pdz demo --no-serve` is idempotent, and `pdz import plan` of a
broken file exits non-zero, names the error and leaves the database as it was."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, func, inspect, select, text

from app.audit import actor_name
from app.cli import DEMO_ACCOUNTS, main
from app.extensions import db
from app.account_models import User
from app.models import Plan, PlanningArea, Role, SystemAction
from app.plans import sample_data

DEMO_ROLES = {email: {Role(role)} for email, _name, role in DEMO_ACCOUNTS}


def broken_sample() -> dict:
    data = sample_data()
    data["plan"]["title"] = "Piano con errori"
    data["plan"]["areas"][1]["actions"][2]["planned_start"] = "2013-13-45"
    data["plan"]["areas"][2]["actions"][0]["budget"] = [{"source": "municipalities", "amount": -100}]
    return data


# ---- the real command, in a process of its own, on a fresh SQLite database ---------------------------------

def run_pdz(*args, database_url):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "PDZ_DEMO", "PDZ_BASE_URL")}
    env["DATABASE_URL"] = database_url
    if args[0] != "demo":       # outside the demo the platform refuses to start without these two
        env["SECRET_KEY"] = "secret-for-the-cli-tests"
        env["PDZ_BASE_URL"] = "https://pdz.example.org"
    command = [shutil.which("pdz")] if shutil.which("pdz") else [sys.executable, "-c", "from app.cli import main; main()"]
    return subprocess.run(command + list(args), env=env, capture_output=True, text=True, timeout=300)


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {name: conn.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar()
                for name in inspect(conn).get_table_names()}


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory):
    """A database made by running `pdz demo --no-serve` twice, as a new user would."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    url = f"sqlite:///{path}"
    runs = [run_pdz("demo", "--no-serve", database_url=url) for _ in range(2)]
    for run in runs:
        assert run.returncode == 0, run.stdout + run.stderr
    return url, runs


def test_demo_twice_leaves_one_plan_with_3_areas_and_17_actions(demo_database):
    url, runs = demo_database
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM plan")).scalar() == 1
        assert conn.execute(text("SELECT COUNT(*) FROM planning_area")).scalar() == 3
        assert conn.execute(text("SELECT COUNT(*) FROM system_action")).scalar() == 17
        roles = conn.execute(text('SELECT u.email, m.role FROM "user" u JOIN membership m ON m.user_id = u.id '
                                  "WHERE u.email IN ('ufficio@demo.pdz', 'facilitatore@demo.pdz', "
                                  "'referente@demo.pdz')")).all()
        referent_actions = conn.execute(text(
            "SELECT COUNT(*) FROM action_referent r JOIN \"user\" u ON u.id = r.user_id "
            "WHERE u.email = 'referente@demo.pdz'")).scalar()
    engine.dispose()
    assert {email: {Role(role)} for email, role in roles} == DEMO_ROLES
    assert referent_actions == 2
    for run in runs:
        assert "3 areas, 17 system actions" in run.stdout
        assert all(email in run.stdout for email in DEMO_ROLES)


def test_import_of_a_broken_json_exits_non_zero_names_the_error_and_changes_nothing(demo_database, tmp_path):
    url, _runs = demo_database
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken_sample(), ensure_ascii=False), encoding="utf-8")
    engine = create_engine(url)
    before = counts(engine)
    run = run_pdz("import", "plan", str(path), database_url=url)
    assert run.returncode != 0
    assert "plan.areas[1].actions[2] – planned_start" in run.stderr and "2013-13-45" in run.stderr
    assert "plan.areas[2].actions[0].budget[0] – amount" in run.stderr
    assert "Traceback" not in run.stderr
    assert counts(engine) == before
    engine.dispose()


def test_import_of_a_good_file_then_works_in_the_same_database(demo_database, tmp_path):
    url, _runs = demo_database
    data = sample_data()
    data["plan"]["title"] = "Copia del IV Piano"
    path = tmp_path / "copy.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    run = run_pdz("import", "plan", str(path), database_url=url)
    assert run.returncode == 0, run.stderr
    out = tmp_path / "copy.xlsx"
    engine = create_engine(url)
    with engine.connect() as conn:
        plan_id = conn.execute(text("SELECT id FROM plan WHERE title = 'Copia del IV Piano'")).scalar()
    engine.dispose()
    run = run_pdz("export", "plan", str(plan_id), "--format", "xlsx", "-o", str(out), database_url=url)
    assert run.returncode == 0, run.stderr
    assert out.read_bytes()[:2] == b"PK"


# ---- the same in-process, on the test database (SQLite, or PostgreSQL when DATABASE_URL is set) ---------------

@pytest.fixture
def pdz(app, monkeypatch):
    monkeypatch.setenv("PDZ_DEMO", "1")      # the demo command sets it; keep it from leaking to other tests
    monkeypatch.setenv("PDZ_BASE_URL", "")   # likewise (set, then removed: monkeypatch removes it again at the end)
    monkeypatch.delenv("PDZ_BASE_URL")
    token = actor_name.set("system")
    runner = app.test_cli_runner()
    yield lambda *args: runner.invoke(main, [str(a) for a in args])
    actor_name.reset(token)


def test_demo_in_process_is_idempotent(pdz):
    for _ in range(2):
        result = pdz("demo", "--no-serve")
        assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Plan)) == 1
    assert db.session.scalar(select(func.count()).select_from(PlanningArea)) == 3
    assert db.session.scalar(select(func.count()).select_from(SystemAction)) == 17
    plan = db.session.scalar(select(Plan))
    for email, roles in DEMO_ROLES.items():
        user = db.session.scalar(select(User).filter_by(email=email))
        assert user.roles_in(plan.district_id) == roles and user.check_password("demo")
    assert len(db.session.scalar(select(User).filter_by(email="referente@demo.pdz")).actions) == 2


def test_the_demo_sets_the_public_address_of_its_own_server(pdz):
    result = pdz("demo", "--no-serve", "--port", "5123")
    assert result.exit_code == 0, result.output
    assert os.environ["PDZ_BASE_URL"] == "http://127.0.0.1:5123"
    assert "Open http://127.0.0.1:5123/" in result.output


def test_broken_import_in_process_leaves_every_table_unchanged(pdz, tmp_path):
    assert pdz("demo", "--no-serve").exit_code == 0
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken_sample()))
    db.session.expire_all()
    before = {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}
    result = pdz("import", "plan", path)
    assert result.exit_code == 1 and "planned_start" in result.output
    db.session.expire_all()
    after = {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}
    assert after == before
