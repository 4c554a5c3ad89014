"""Evaluation cards at scale: a plan with 300 actions and 3,000 cards (ten campaigns) in a temporary SQLite
database; measures the server time of the dashboard, the card lists, the XLSX export and a card save through
Flask's test client, and prints JSON with each figure's ratio to a baseline measured in the same run (the
dashboard of a one-action plan), so runs on different machines can be compared.

    python benchmarks/cards.py [--runs 15] [--database-url sqlite:///...|postgresql+psycopg://... --reset]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GOALS_MS = {"dashboard": 200, "dashboard_area_filter": 200, "office_card_list": 200, "referent_card_list": 200,
            "xlsx_export_campaign": 3000, "card_save": 50}
AREAS, ACTIONS_PER_AREA, CAMPAIGNS, THESES, ORGANIZATIONS, REFERENTS = 10, 30, 10, 3, 40, 30
PASSWORD = "benchmark-password"


def build_app(url: str, instance: Path):
    from app import create_app
    from app.extensions import db
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "OUTBOX_DIR": str(instance / "outbox"), "SERVER_NAME": "pdz.bench"})
    with app.app_context():
        if url.startswith("postgresql"):
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        from flask_migrate import upgrade
        upgrade(directory=app.extensions["migrate"].directory)
    return app


def generate(app) -> dict:
    """The big plan through Core inserts (fast, like an import), plus a one-action plan for the baseline."""
    from app import people
    from app.extensions import db
    from app.models import (District, FundingSource, Organization, OrganizationType, Plan, PlanningArea,
                            PlanStatus, Role, SystemAction, Thesis, action_referents)
    from evaluations.models import (CampaignStatus, CardIndicator, CardOrganization, CardResource, CardState,
                                    CardThesisRating, EvaluationCampaign, EvaluationCard, ImplementationState,
                                    InvolvedKind, ObjectiveReached)
    started = time.perf_counter()
    district = District(name="Ambito di prova", slug="prova")
    plan = Plan(district=district, title="Piano di Zona grande", start_year=2015, end_year=2017,
                status=PlanStatus.UNDER_EVALUATION)
    small = Plan(district=district, title="Piano di Zona minimo", start_year=2012, end_year=2014,
                 status=PlanStatus.CLOSED)
    db.session.add_all([district, plan, small])
    plan.theses = [Thesis(position=i, text=f"Tesi {i + 1}: dalla delega alla corresponsabilità") for i in range(THESES)]
    small.theses = [Thesis(position=0, text="Tesi unica")]
    plan.areas = [PlanningArea(position=i, name=f"Area {i + 1}") for i in range(AREAS)]
    small.areas = [PlanningArea(position=0, name="Area unica", actions=[SystemAction(position=0, code="1.1",
                                                                                        title="Azione unica")])]
    office = people.create_user("ufficio@bench.pdz", "Ufficio di Piano", PASSWORD)
    people.grant(office, district, Role.PLANNING_OFFICE)
    referents = [people.create_user(f"referente{i}@bench.pdz", f"Referente {i:02d}", PASSWORD if i == 0 else None)
                 for i in range(REFERENTS)]
    for user in referents:
        people.grant(user, district, Role.REFERENT)
    db.session.flush()
    orgs = [Organization(district=district, name=f"Ente {i:02d}", type=list(OrganizationType)[i % 8])
            for i in range(ORGANIZATIONS)]
    db.session.add_all(orgs)
    db.session.flush()
    actions = [{"area_id": area.id, "position": j, "code": f"{a + 1}.{j + 1}", "title": f"Azione {a + 1}.{j + 1}",
                "projects": [], "version": 1}
               for a, area in enumerate(plan.areas) for j in range(ACTIONS_PER_AREA)]
    db.session.execute(db.insert(SystemAction), actions)
    action_ids = db.session.scalars(db.select(SystemAction.id).join(PlanningArea)
                                    .where(PlanningArea.plan_id == plan.id).order_by(SystemAction.id)).all()
    db.session.execute(db.insert(action_referents), [{"action_id": aid, "user_id": referents[i % REFERENTS].id}
                                                     for i, aid in enumerate(action_ids)])
    today = date.today()
    campaigns = [EvaluationCampaign(district_id=district.id, plan=plan, title=f"Valutazione {c + 1}",
                                    deadline=today + timedelta(days=10 if c == CAMPAIGNS - 1 else -400 + 30 * c),
                                    status=CampaignStatus.OPEN if c == CAMPAIGNS - 1 else CampaignStatus.CLOSED)
                 for c in range(CAMPAIGNS)]
    baseline = EvaluationCampaign(district_id=district.id, plan=small, title="Valutazione minima",
                                  deadline=today + timedelta(days=10))
    db.session.add_all([*campaigns, baseline])
    db.session.flush()
    baseline.cards.append(EvaluationCard(action=small.areas[0].actions[0]))
    states, impl, objectives = list(CardState), list(ImplementationState), list(ObjectiveReached)
    cards = []
    for c, campaign in enumerate(campaigns):
        for i, aid in enumerate(action_ids):
            state = CardState.DRAFT if (c == CAMPAIGNS - 1 and i % REFERENTS == 0) else states[(i + c) % 4]
            cards.append({
                "campaign_id": campaign.id, "action_id": aid, "state": state.value, "version": 1,
                "activities": f"Attività dell'azione {i} nel ciclo {c}: incontri, sportelli, formazione. " * 3,
                "implementation_state": impl[(i + c) % 5].value, "progress_percent": (i * 7 + c) % 101,
                "people_min": 20 + i % 10, "people_max": 50 + i % 10, "beneficiaries": i % 200,
                "staff_hours": 100 + i, "objective": objectives[i % 3].value, "strengths": "Sinergia",
                "problems": "Timidezza decisionale", "nobody_can_report": i % 37 == 0,
                "nobody_reason": "Obiettivo troppo ambizioso" if i % 37 == 0 else None})
    db.session.execute(db.insert(EvaluationCard), cards)
    card_ids = db.session.scalars(db.select(EvaluationCard.id).where(
        EvaluationCard.campaign_id.in_([c.id for c in campaigns])).order_by(EvaluationCard.id)).all()
    sources = list(FundingSource)
    kinds = list(InvolvedKind)
    db.session.execute(db.insert(CardResource), [
        {"card_id": cid, "position": k, "source": sources[(n + k) % 4].value, "planned": Decimal(6000 + 1000 * k),
         "committed": Decimal(5000), "spent": Decimal(4000 + n % 3000), "attracted": Decimal(12000 if n % 5 == 0 else 0)}
        for n, cid in enumerate(card_ids) for k in range(2)])
    db.session.execute(db.insert(CardOrganization), [
        {"card_id": cid, "position": k, "name": orgs[(n + 7 * k) % ORGANIZATIONS].name,
         "organization_id": orgs[(n + 7 * k) % ORGANIZATIONS].id, "kind": kinds[k % 4].value}
        for n, cid in enumerate(card_ids) for k in range(3)])
    db.session.execute(db.insert(CardThesisRating), [
        {"card_id": cid, "thesis_id": t.id, "rating": (n + k) % 4, "comment": None}
        for n, cid in enumerate(card_ids) for k, t in enumerate(plan.theses)])
    db.session.execute(db.insert(CardIndicator), [
        {"card_id": cid, "position": 0, "name": "Famiglie raggiunte", "baseline": Decimal(10), "target": Decimal(40),
         "reached": Decimal(n % 50)} for n, cid in enumerate(card_ids)])
    db.session.commit()
    open_campaign = campaigns[-1]
    save_card = db.session.scalar(db.select(EvaluationCard).where(
        EvaluationCard.campaign_id == open_campaign.id, EvaluationCard.action_id.in_(
            db.select(action_referents.c.action_id).where(action_referents.c.user_id == referents[0].id)),
        EvaluationCard.state == CardState.DRAFT).limit(1))
    return {"seconds": round(time.perf_counter() - started, 2), "district": district.slug, "plan_id": plan.id,
            "campaign_id": open_campaign.id, "baseline_campaign_id": baseline.id, "save_card_id": save_card.id,
            "area_id": plan.areas[3].id, "actions": len(action_ids), "cards": len(card_ids),
            "campaigns": len(campaigns)}


class FormValues(HTMLParser):
    """What a browser would post from a page's card form: inputs, textareas and selected options."""

    def __init__(self):
        super().__init__()
        self.values, self._textarea, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.values.append((a["name"], a.get("value") or ""))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values.append((self._select, a.get("value") or ""))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.values.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select":
            self._select = None


def timed(call, runs: int, warmup: int = 2) -> dict:
    """Wall-clock and CPU time of the process per call: on a busy machine the CPU figure is the steadier one."""
    for _ in range(warmup):
        call()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    wall.sort()
    return {"median_ms": round(statistics.median(wall), 1),
            "p95_ms": round(wall[min(len(wall) - 1, int(len(wall) * 0.95))], 1),
            "cpu_median_ms": round(statistics.median(cpu), 1), "runs": runs}


def login(client, email):
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code


def ok(response, expected=200):
    assert response.status_code == expected, (response.status_code, response.get_data(as_text=True)[:300])
    return response


def measure(app, facts: dict, runs: int) -> dict:
    from werkzeug.datastructures import MultiDict
    d = facts["district"]
    office, referent = app.test_client(), app.test_client()
    login(office, "ufficio@bench.pdz")
    login(referent, "referente0@bench.pdz")
    dashboard = f"/gestione/{d}/campagne/{facts['campaign_id']}/cruscotto"
    results = {"baseline": timed(lambda: ok(office.get(
        f"/gestione/{d}/campagne/{facts['baseline_campaign_id']}/cruscotto")), runs)}
    results["dashboard"] = timed(lambda: ok(office.get(dashboard)), runs)
    results["dashboard_area_filter"] = timed(lambda: ok(office.get(f"{dashboard}?area={facts['area_id']}")), runs)
    results["office_card_list"] = timed(lambda: ok(office.get(f"/gestione/{d}/campagne/{facts['campaign_id']}/")),
                                        runs)
    results["referent_card_list"] = timed(lambda: ok(referent.get(f"/gestione/{d}/schede/")), runs)
    results["xlsx_export_campaign"] = timed(lambda: ok(office.get(
        f"/gestione/{d}/campagne/{facts['campaign_id']}/schede.xlsx")), max(3, runs // 3), warmup=1)
    results["csv_export_campaign"] = timed(lambda: ok(office.get(
        f"/gestione/{d}/campagne/{facts['campaign_id']}/schede.csv")), max(3, runs // 3), warmup=1)
    results["referent_workbook_download"] = timed(lambda: ok(referent.get(f"/gestione/{d}/schede/mie.xlsx")),
                                                  max(3, runs // 3), warmup=1)

    card_url = f"/gestione/{d}/schede/{facts['save_card_id']}/"
    parser = FormValues()
    parser.feed(ok(referent.get(card_url)).get_data(as_text=True))
    form = MultiDict(parser.values)
    counter = iter(range(10 ** 6))

    def save():
        form["activities"] = f"Testo salvato automaticamente, giro {next(counter)}."
        body = ok(referent.post(card_url + "salva", data=form)).get_json()
        assert body.get("ok"), body
        form["version"] = str(body["version"])
    results["card_save"] = timed(save, runs)

    with app.app_context():       # every card of every campaign, straight through the pure export
        from exports.cards import cards_to_xlsx
        from app.extensions import db
        from app.models import Plan
        from evaluations.card_data import campaigns_of, export_rows
        plan = db.session.get(Plan, facts["plan_id"])
        every = [row for c in campaigns_of(plan) for row in export_rows(plan, c)[1]]
        results["xlsx_export_all_3000_cards_pure"] = {**timed(lambda: cards_to_xlsx(every), 1, warmup=0),
                                                      "rows": len(every)}
    base, base_cpu = results["baseline"]["median_ms"], results["baseline"]["cpu_median_ms"]
    for name, figure in results.items():
        figure["ratio_to_baseline"] = round(figure["median_ms"] / base, 1) if base else None
        figure["cpu_ratio_to_baseline"] = round(figure["cpu_median_ms"] / base_cpu, 1) if base_cpu else None
        if name in GOALS_MS:
            figure["goal_ms"] = GOALS_MS[name]
            figure["meets_goal"] = figure["median_ms"] < GOALS_MS[name]
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url", help="default: a new SQLite file in a temporary folder")
    parser.add_argument("--reset", action="store_true",
                        help="confirm that the PostgreSQL database of --database-url may be emptied")
    args = parser.parse_args(argv)
    if args.database_url and args.database_url.startswith("postgresql") and not args.reset:
        parser.error("the benchmark empties the database it is given: add --reset to confirm")
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        app = build_app(url, Path(tmp))
        with app.app_context():
            facts = generate(app)
            from app.extensions import db
            db.session.remove()
        figures = measure(app, facts, args.runs)
        with app.app_context():
            from app.extensions import db
            db.engine.dispose()
    report = {"benchmark": "evaluation cards", "database": url.split(":", 1)[0],
              "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                          "platform": platform.platform(terse=True)},
              "generated": facts, "baseline": "dashboard of a one-action plan's campaign (same run, same server)",
              "figures": figures}
    print(json.dumps(report, indent=2))
    return 0 if all(f.get("meets_goal", True) for f in figures.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
