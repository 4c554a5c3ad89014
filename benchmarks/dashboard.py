"""The evaluation dashboard at 300 cards, and where its time goes: the same big plan as benchmarks/cards.py
(300 actions, ten campaigns of 300 filled-in cards) in a temporary SQLite database (or PostgreSQL); measures
through Flask's test client the server time of the dashboard of the latest 300-card campaign against a baseline
measured in the same run (the dashboard of a one-action plan's campaign), then splits one request into its
parts (reading the cards, the charts, the page) with the SQL statements it sends and the bytes it returns.
`--browser` also opens both dashboards in Chromium behind `pdz serve` and times what a person waits for.

    python benchmarks/dashboard.py [--runs 15] [--browser] [--database-url postgresql+psycopg://... --reset]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cards import build_app, generate, login, ok, timed  # noqa: E402  (same folder: the shared helpers)

GOAL_MS = 300           # issue 20: server time of the 300-card dashboard


def statements(app, call) -> int:
    """How many SQL statements `call` sends (an N+1 shows as hundreds)."""
    from sqlalchemy import event
    from app.extensions import db
    with app.app_context():
        engine = db.engine
    count = 0

    def counted(*_args):
        nonlocal count
        count += 1
    event.listen(engine, "before_cursor_execute", counted)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    return count


def parts(app, campaign_id: int, runs: int) -> dict:
    """One dashboard split as the view does it: cards read, charts built, the page rendered."""
    from flask_login import login_user
    from app.account_models import User
    from app.extensions import db
    from evaluations.card_data import card_dicts, card_facts, chart_labels
    from evaluations.charts import all_charts
    from evaluations.models import EvaluationCampaign
    with app.test_request_context():
        login_user(db.session.scalar(db.select(User).filter_by(email="ufficio@bench.pdz")))
        campaign = db.session.get(EvaluationCampaign, campaign_id)
        cards = card_dicts(campaign)
        facts = [card_facts(card) for card in cards]
        charts = all_charts(facts, chart_labels(campaign.plan))
        result = {"read_cards": timed(lambda: card_dicts(campaign), runs),
                  "charts": timed(lambda: all_charts([card_facts(c) for c in cards], chart_labels(campaign.plan)),
                                  runs),
                  "figure_json_bytes": sum(len(chart.figure_json) for chart in charts)}
        template = app.jinja_env.get_template("evaluations/_charts.html")
        result["render_charts"] = timed(lambda: [template.module.chart(chart) for chart in charts], runs)
    return result


def browser(url: str, pages: dict[str, str], runs: int) -> dict:
    """What a person waits for in Chromium: the page shown (DOMContentLoaded, load) and every chart drawn."""
    from playwright.sync_api import sync_playwright
    figures = {}
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=os.environ.get("PDZ_CHROMIUM", "/usr/bin/chromium"),
                                              args=["--headless=new", "--no-sandbox", "--disable-gpu"])
        page = chromium.new_page(base_url=url, viewport={"width": 1280, "height": 900})
        page.goto("/login")
        form = page.locator("main form").filter(has=page.locator("input[name=password]"))
        form.locator("input[name=email]").fill("ufficio@bench.pdz")
        form.locator("input[name=password]").fill("benchmark-password")
        form.locator("button[type=submit]").click()
        page.wait_for_url(lambda address: "/login" not in address)
        for name, path in pages.items():
            samples = []
            for _ in range(runs):
                start = time.perf_counter()
                page.goto(path)
                page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 7")
                drawn = (time.perf_counter() - start) * 1000
                timing = page.evaluate("() => performance.getEntriesByType('navigation')[0].toJSON()")
                samples.append({"dom_content_loaded_ms": round(timing["domContentLoadedEventEnd"]),
                                "load_ms": round(timing["loadEventEnd"]), "charts_drawn_ms": round(drawn)})
            figures[name] = {key: sorted(s[key] for s in samples)[len(samples) // 2] for key in samples[0]}
        chromium.close()
    return figures


def serve(database_url: str, folder: Path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "benchmark", "PDZ_BASE_URL": url,
           "OUTBOX_DIR": str(folder / "outbox"), "PDZ_LOG_FORMAT": "text"}
    command = [str(Path(sys.executable).with_name("pdz")), "serve", "--port", str(port), "--workers", "1", "--threads", "4"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, url
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("pdz serve did not start")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--browser", action="store_true", help="also time both dashboards in Chromium")
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
        office = app.test_client()
        login(office, "ufficio@bench.pdz")
        pages = {"baseline": f"/gestione/{facts['district']}/campagne/{facts['baseline_campaign_id']}/cruscotto",
                 "dashboard_300": f"/gestione/{facts['district']}/campagne/{facts['campaign_id']}/cruscotto"}
        figures = {name: timed(lambda path=path: ok(office.get(path)), args.runs) for name, path in pages.items()}
        base, base_cpu = figures["baseline"]["median_ms"], figures["baseline"]["cpu_median_ms"]
        for figure in figures.values():
            figure["ratio_to_baseline"] = round(figure["median_ms"] / base, 1)
            figure["cpu_ratio_to_baseline"] = round(figure["cpu_median_ms"] / base_cpu, 1)
        dashboard = figures["dashboard_300"]
        dashboard.update(goal_ms=GOAL_MS, meets_goal=dashboard["median_ms"] < GOAL_MS,
                         html_bytes=len(office.get(pages["dashboard_300"]).data),
                         sql_statements=statements(app, lambda: ok(office.get(pages["dashboard_300"]))))
        figures["baseline"]["sql_statements"] = statements(app, lambda: ok(office.get(pages["baseline"])))
        report = {"benchmark": "evaluation dashboard at 300 cards", "database": url.split(":", 1)[0],
                  "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                              "platform": platform.platform(terse=True), "load_average": os.getloadavg()[0]},
                  "generated": facts, "baseline": "dashboard of a one-action plan's campaign (same run, same server)",
                  "figures": figures, "parts_of_the_300_card_dashboard": parts(app, facts["campaign_id"], args.runs)}
        if args.browser:
            process, address = serve(url, Path(tmp))
            try:
                report["browser"] = browser(address, pages, max(3, args.runs // 3))
            finally:
                process.terminate()
                process.wait(timeout=30)
        with app.app_context():
            from app.extensions import db
            db.engine.dispose()
    print(json.dumps(report, indent=2))
    return 0 if dashboard["meets_goal"] else 1


if __name__ == "__main__":
    sys.exit(main())
