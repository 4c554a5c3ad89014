"""500 people register for one meeting within a minute, against `pdz serve`: no overbooking, and how long
each step takes.

Each simulated person arrives at a random moment of the window (--window, 60 s), opens the public form,
takes 2–4 s to fill it in (the form refuses faster submissions), sends it, then opens the link of their
confirmation e-mail (its token read from the database, as the e-mail would give it) and presses "Confirm" —
the moment a place is taken. The meeting has three working groups and two time slots with fewer places
than people (by default 300 for 500), so most confirmations race for the last places and the rest land on
the waiting list. Each person comes from an address of their own (X-Forwarded-For through one trusted
proxy), as people at home do, so the per-address rate limit stays on. E-mails go to an SMTP sink.

A baseline is measured in the same run, before the registrations, at the same arrival rate: a static file
and /health (what any request costs on this machine), and the form page alone.

It prints JSON: p50/p95/p99 per step, throughput (people registered and confirmed per second, requests per
second), errors, and the audit of places: for every group and slot, `taken` never above `capacity` and equal
to the confirmed registrations holding it (`overbooked` 0, `miscounted` 0). Exit code 1 otherwise.

    pip install -e '.[bench]'
    python benchmarks/registrations.py [--people 500] [--window 60] [--places 300]
                                       [--database-url postgresql+psycopg://pdz:pdz@127.0.0.1:5432/pdz_bench]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

import aiohttp
from sqlalchemy import create_engine, text

from mixed_day import csrf_token, prepare_postgresql
from phones import free_port, percentiles, prepare_database, start, stop

STAMP = 'name="started"[^>]*value="([^"]+)"'

SETUP = """
import json, sys
from datetime import datetime, timedelta
from app import create_app
from app.extensions import db
from app.models import District
from meetings.models import Meeting, TimeSlot, WorkingGroup
app = create_app()
with app.app_context():
    places = int(sys.argv[1])
    district = db.session.scalars(db.select(District).order_by(District.id)).first()
    day = (datetime.now() + timedelta(days=20)).replace(hour=15, minute=0, second=0, microsecond=0)
    meeting = Meeting(district=district, title="Benchmark: incontro aperto", place="Sala grande",
                      starts_at=day, ends_at=day + timedelta(hours=4), is_public=True)
    db.session.add(meeting)
    groups = [WorkingGroup(meeting=meeting, position=i, name=f"Gruppo {i + 1}", capacity=places // 3 + 10)
              for i in range(3)]
    slots = [TimeSlot(meeting=meeting, position=i, capacity=places // 2, starts_at=day + timedelta(hours=2 * i),
                      ends_at=day + timedelta(hours=2 * i + 2)) for i in range(2)]
    db.session.add_all(groups + slots)
    db.session.commit()
    print(json.dumps({"meeting": meeting.id, "groups": [g.id for g in groups], "slots": [s.id for s in slots]}))
"""


# ---- an SMTP sink: the server's e-mails go somewhere, and are counted --------------------------------------

def smtp_sink(port: int) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import asyncore
        import smtpd
    counter = {"messages": 0}

    class Sink(smtpd.SMTPServer):
        def process_message(self, *args, **kwargs):
            counter["messages"] += 1

    Sink(("127.0.0.1", port), None)
    threading.Thread(target=asyncore.loop, kwargs={"timeout": 0.2}, daemon=True).start()
    return counter


# ---- the people --------------------------------------------------------------------------------------------

class Crowd:
    def __init__(self, base: str, setup: dict, people: int, window: float, engine):
        self.base, self.setup, self.people, self.window, self.engine = base, setup, people, window, engine
        self.latencies: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.samples: list[str] = []

    async def timed(self, http, kind: str, method: str, path: str, expect: int, **kw) -> bytes | None:
        started = time.perf_counter()
        try:
            async with http.request(method, self.base + path, allow_redirects=False, **kw) as response:
                body = await response.read()
                status = response.status
        except aiohttp.ClientError as error:
            body, status = None, repr(error)
        self.latencies.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
        if status != expect:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            self.samples.append(f"{kind} {path}: {status}")
            return None
        return body

    def token_of(self, email: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(text("SELECT token FROM registration WHERE meeting_id = :m AND email = :e"),
                                {"m": self.setup["meeting"], "e": email}).scalar()

    async def person(self, number: int, at: float, t0: float) -> None:
        await asyncio.sleep(max(0.0, t0 + at - time.monotonic()))
        address = f"10.{number // 250}.{number % 250}.{1 + number % 7}"
        headers = {"X-Forwarded-For": address}
        form_path = f"/incontri/{self.setup['meeting']}/iscrizione"
        # A new connection per request, as a person's browser after seconds of typing: gunicorn closes idle
        # keep-alive connections after 2 s, and a POST sent on one as it closes would count as a failure.
        async with aiohttp.ClientSession(headers=headers, cookie_jar=aiohttp.CookieJar(unsafe=True),
                                         connector=aiohttp.TCPConnector(force_close=True, limit=0)) as http:
            page = await self.timed(http, "form_page", "GET", form_path, 200)
            if page is None:
                return
            stamp = re.search(STAMP, page.decode())
            await asyncio.sleep(random.uniform(2.2, 4.0))      # a person filling in the form
            email = f"persona{number}@example.org"
            data = {"csrf_token": csrf_token(page), "started": stamp.group(1) if stamp else "",
                    "name": f"Persona {number}", "email": email, "organization": "", "organization_type": "",
                    "working_group": str(random.choice(self.setup["groups"])),
                    "time_slot": str(random.choice(self.setup["slots"])), "consent": "y", "website": "",
                    "join_waitlist": "1"}   # who finds the slot full joins its waiting list
            if await self.timed(http, "submit", "POST", form_path, 302, data=data) is None:
                return
            await asyncio.sleep(random.uniform(0.5, 3.0))      # opening the e-mail
            token = await asyncio.get_running_loop().run_in_executor(None, self.token_of, email)
            manage = await self.timed(http, "confirmation_page", "GET", f"/iscrizioni/{token}", 200)
            if manage is None:
                return
            await self.timed(http, "confirm", "POST", f"/iscrizioni/{token}/conferma", 302,
                             data={"csrf_token": csrf_token(manage)})

    async def run(self) -> dict:
        arrivals = sorted(random.uniform(0, self.window) for _ in range(self.people))
        t0 = time.monotonic()
        await asyncio.gather(*(self.person(n, at, t0) for n, at in enumerate(arrivals)))
        elapsed = time.monotonic() - t0
        requests = sum(len(v) for v in self.latencies.values())
        return {"elapsed_s": round(elapsed, 1), "requests": requests,
                "requests_per_s": round(requests / elapsed, 1),
                "registrations_per_s": round(self.people / elapsed, 2),
                "steps": {k: percentiles(v) for k, v in self.latencies.items()},
                "confirm_and_submit": percentiles(self.latencies.get("submit", []) + self.latencies.get("confirm", [])),
                "errors": sum(self.errors.values()), "errors_by_step": self.errors, "error_samples": self.samples[:10]}


async def baseline(base: str, meeting: int, count: int, window: float) -> dict:
    """The same arrival rate, for requests that do nothing for registration."""
    paths = {"static_file": "/static/css/pdz.css", "health": "/health",
             "form_page_alone": f"/incontri/{meeting}/iscrizione"}
    latencies: dict[str, list[float]] = {kind: [] for kind in paths}

    errors = {kind: 0 for kind in paths}

    async def one(number: int, at: float, t0: float, http) -> None:
        await asyncio.sleep(max(0.0, t0 + at - time.monotonic()))
        for kind, path in paths.items():
            started = time.perf_counter()
            try:
                async with http.get(base + path, headers={"X-Forwarded-For": f"10.9.{number % 250}.1"}) as response:
                    await response.read()
                    errors[kind] += response.status != 200
            except aiohttp.ClientError:
                errors[kind] += 1
            latencies[kind].append((time.perf_counter() - started) * 1000)

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True, limit=0)) as http:
        t0 = time.monotonic()
        await asyncio.gather(*(one(n, random.uniform(0, window), t0, http) for n in range(count)))
    return {k: {**percentiles(v), "errors": errors[k]} for k, v in latencies.items()}


def audit(engine, meeting: int) -> dict:
    """Places as the database holds them after the run: never above capacity, always the confirmed count."""
    rows = []
    with engine.connect() as conn:
        for table, column in (("working_group", "working_group_id"), ("time_slot", "time_slot_id")):
            for row_id, capacity, taken in conn.execute(text(
                    f"SELECT id, capacity, taken FROM {table} WHERE meeting_id = :m ORDER BY id"), {"m": meeting}):
                holding = conn.execute(text(
                    f"SELECT count(*) FROM registration WHERE {column} = :id AND status = 'confirmed' "
                    "AND source != 'walk_in'"), {"id": row_id}).scalar()
                rows.append({"table": table, "id": row_id, "capacity": capacity, "taken": taken,
                             "confirmed": holding})
        statuses = dict(conn.execute(text("SELECT status, count(*) FROM registration WHERE meeting_id = :m "
                                          "GROUP BY status"), {"m": meeting}).all())
    return {"places": rows, "registrations": statuses,
            "overbooked": sum(1 for r in rows if r["capacity"] is not None and r["taken"] > r["capacity"]),
            "miscounted": sum(1 for r in rows if r["taken"] != r["confirmed"])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--window", type=float, default=60.0, help="seconds over which people arrive")
    parser.add_argument("--places", type=int, default=300, help="places in each of the two time slots together")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--database-url", help="PostgreSQL URL (its public schema is recreated); else SQLite")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, database)")
    args = parser.parse_args()
    random.seed(6)

    folder = Path(tempfile.mkdtemp(prefix="pdz-registrations-"))
    env = prepare_postgresql(args.database_url) if args.database_url else prepare_database(folder)
    sink_port = free_port()
    sink = smtp_sink(sink_port)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env.update(PDZ_LOG_FORMAT="json", PDZ_INSECURE_COOKIES="1", PDZ_PROXY_COUNT="1", MAIL_SERVER="127.0.0.1",
               MAIL_PORT=str(sink_port), MAIL_USE_TLS="0", PDZ_BASE_URL=base)   # links in the mails, trusted host
    setup = json.loads(subprocess.run([sys.executable, "-c", SETUP, str(args.places)], env=env, check=True,
                                      capture_output=True, text=True, cwd=folder).stdout.splitlines()[-1])
    engine = create_engine(env["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
                           if env["DATABASE_URL"].startswith("postgresql://") else env["DATABASE_URL"])
    server = start(["pdz", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(args.workers),
                    "--threads", str(args.threads)], env, port, folder / "pdz.log")
    try:
        base_figures = asyncio.run(baseline(base, setup["meeting"], min(args.people, 200), args.window / 4))
        crowd = asyncio.run(Crowd(base, setup, args.people, args.window, engine).run())
        time.sleep(1.0)
    finally:
        stop(server)
    places = audit(engine, setup["meeting"])
    engine.dispose()
    submit_p50 = crowd["steps"].get("submit", {}).get("p50_ms", 0)
    result = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average_after": [round(x, 2) for x in os.getloadavg()]},
        "load": {"people": args.people, "window_s": args.window, "gunicorn_workers": args.workers,
                 "threads_per_worker": args.threads, "places_per_slot": args.places // 2,
                 "database": "postgresql" if args.database_url else "sqlite"},
        "baseline": base_figures,
        "registrations": crowd,
        "submit_p50_to_form_page_alone_p50": round(
            submit_p50 / max(base_figures["form_page_alone"].get("p50_ms", 1), 0.1), 2),
        "emails_sent": sink["messages"],
        "audit": places,
        "overbooked": places["overbooked"],
        "goals": {"no_overbooking": places["overbooked"] == 0 and places["miscounted"] == 0,
                  "no_errors": crowd["errors"] == 0,
                  "everyone_confirmed_or_waiting": sum(places["registrations"].get(s, 0)
                                                       for s in ("confirmed", "waitlisted")) == args.people},
    }
    print(json.dumps(result, indent=2))
    if args.keep:
        print(f"kept {folder}", file=sys.stderr)
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if all(result["goals"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
