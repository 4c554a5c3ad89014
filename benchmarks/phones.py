"""A room of phones against `pdz serve`: 300 simulated phones each send ONE keyword to the live session CREMA1
and poll the projector wall's API every 2 s with If-None-Match, against the platform served by gunicorn on
this machine; then the same load against a bare Flask app served with the same gunicorn settings.

It prints JSON: p50/p95/p99 latency of submissions and wall polls, throughput, whether every keyword was
counted exactly once (the wall's total and the database, against the distinct submissions sent; one phone in
ten retries its submission with the same submission_id, as a phone does when the answer is lost), and the
throughput ratio to the bare app, both under the room's load and at saturation (every phone polling
back-to-back). Exit code 1 when a goal of issue 5 is missed.

    pip install -e '.[bench]'
    python benchmarks/phones.py [--phones 300] [--workers 2] [--threads 4] [--ramp 10] [--tail 10] [--saturate 8]
                                [--database-url postgresql+psycopg://pdz:pdz@127.0.0.1:5432/DBNAME --reset] [--keep]

Without --database-url the demo goes into a temporary SQLite file; a PostgreSQL database given there is
emptied first (its public schema dropped), so --reset must confirm it.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
CODE = "CREMA1"
POLL_SECONDS = 2.0
RETRY_EVERY = 10              # one phone in ten sends its submission twice
GOAL_P95_MS = 150
GOAL_RATIO = 0.5
WORDS = ["fiducia", "rete", "ascolto", "Responsabilita'", "responsabilità", "lavoro di rete", "territorio",
         "prossimità", "casa", "giovani", "anziani", "fragilità", "comunità", "integrazione", "welfare"]

BARE_APP = """
import sys
from flask import Flask, jsonify, request
from app.server import serve

app = Flask("bare")
WALL = {"code": "CREMA1", "prompt": "bare", "state": "open", "paused": False, "total": 0, "groups": []}

@app.post("/api/v1/sessions/<code>/keywords")
def submit(code):
    body = request.get_json(silent=True) or {}
    return jsonify(keyword={"text": body.get("text")}, remaining=0), 201

@app.get("/api/v1/sessions/<code>/wall")
def wall(code):
    response = jsonify(WALL)
    response.set_etag("bare")
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)

serve(app, host="127.0.0.1", port=int(sys.argv[1]), workers=int(sys.argv[2]), threads=int(sys.argv[3]))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentiles(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    ordered = sorted(values)

    def pick(q):
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)
    return {"n": len(ordered), "p50_ms": pick(0.50), "p95_ms": pick(0.95), "p99_ms": pick(0.99),
            "max_ms": round(ordered[-1], 1), "mean_ms": round(statistics.fmean(ordered), 1)}


# ---- servers ---------------------------------------------------------------------------------------------------

def prepare_database(folder: Path, url: str | None = None) -> dict:
    """The demo in a temporary SQLite file (`pdz serve` puts it in WAL mode when it starts), or in the
    PostgreSQL database `url`, emptied first."""
    if url:
        from sqlalchemy import create_engine
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        engine.dispose()
    env = dict(os.environ, DATABASE_URL=url or f"sqlite:///{folder / 'pdz.sqlite3'}", SECRET_KEY="bench")
    subprocess.run(["pdz", "demo", "--no-serve"], env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, cwd=folder)
    return env


def start(command: list[str], env: dict, port: int, log: Path) -> subprocess.Popen:
    process = subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, cwd=ROOT,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited, see {log}:\n{log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                time.sleep(1.0)            # let every worker boot
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"server did not start, see {log}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


# ---- the room ------------------------------------------------------------------------------------------------

class Room:
    def __init__(self, base: str, phones: int, ramp: float, tail: float):
        self.base, self.phones, self.ramp, self.tail = base, phones, ramp, tail
        self.poll_every = POLL_SECONDS
        self.submit_ms: list[float] = []
        self.poll_ms: list[float] = []
        self.first_ms: list[float] = []         # each phone's first request: opens its connection
        self.statuses: dict[str, int] = {}
        self.submissions: set[str] = set()
        self.errors: list[str] = []

    def _count(self, kind: str, status: int):
        key = f"{kind}_{status}"
        self.statuses[key] = self.statuses.get(key, 0) + 1

    async def _post(self, http, payload) -> None:
        started = time.perf_counter()
        try:
            async with http.post(f"{self.base}/api/v1/sessions/{CODE}/keywords", json=payload) as response:
                await response.read()
                status = response.status
        except aiohttp.ClientError as error:
            self.errors.append(f"submit: {error!r}")
            return
        self.submit_ms.append((time.perf_counter() - started) * 1000)
        self._count("submit", status)

    async def _poll(self, http, etag: str | None, first: bool = False) -> str | None:
        started = time.perf_counter()
        headers = {"If-None-Match": etag} if etag else {}
        try:
            async with http.get(f"{self.base}/api/v1/sessions/{CODE}/wall", headers=headers) as response:
                await response.read()
                status, etag = response.status, response.headers.get("ETag", etag)
        except aiohttp.ClientError as error:
            self.errors.append(f"poll: {error!r}")
            return etag
        (self.first_ms if first else self.poll_ms).append((time.perf_counter() - started) * 1000)
        self._count("poll", status)
        return etag

    async def phone(self, http, index: int, start: float, end: float) -> None:
        """Arrives during the ramp, opens the wall, sends its keyword (some twice), keeps polling every 2 s."""
        await asyncio.sleep(max(0.0, start + index * self.ramp / self.phones + random.uniform(0, 0.2)
                                - time.monotonic()))
        etag = await self._poll(http, None, first=True)
        submission_id = str(uuid.uuid4())
        self.submissions.add(submission_id)
        payload = {"text": random.choice(WORDS), "client_id": str(uuid.uuid4()), "submission_id": submission_id}
        await self._post(http, payload)
        if index % RETRY_EVERY == 0:
            await self._post(http, payload)
        while (now := time.monotonic()) < end:
            await asyncio.sleep(min(self.poll_every, end - now))
            etag = await self._poll(http, etag)

    async def run(self) -> dict:
        connector = aiohttp.TCPConnector(limit=0, force_close=False)
        timeout = aiohttp.ClientTimeout(total=30)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
            start = time.monotonic() + 0.5
            end = start + self.ramp + self.tail
            began = time.perf_counter()
            await asyncio.gather(*(self.phone(http, i, start, end) for i in range(self.phones)))
            elapsed = time.perf_counter() - began
        done = len(self.submit_ms) + len(self.poll_ms) + len(self.first_ms)
        return {"seconds": round(elapsed, 2), "requests": done, "requests_per_s": round(done / elapsed, 1),
                "submit": percentiles(self.submit_ms), "poll": percentiles(self.poll_ms),
                "first_poll": percentiles(self.first_ms), "all": percentiles(self.submit_ms + self.poll_ms + self.first_ms), "statuses": self.statuses,
                "errors": len(self.errors), "error_samples": self.errors[:3]}


async def saturate(base: str, phones: int, seconds: float) -> dict:
    """Every phone polls the wall back-to-back (with its ETag): the most requests the server answers."""
    latencies: list[float] = []
    errors = 0

    async def loop(http, end):
        nonlocal errors
        etag = None
        while time.monotonic() < end:
            started = time.perf_counter()
            try:
                async with http.get(f"{base}/api/v1/sessions/{CODE}/wall",
                                    headers={"If-None-Match": etag} if etag else {}) as response:
                    await response.read()
                    etag = response.headers.get("ETag", etag)
            except aiohttp.ClientError:
                errors += 1
                continue
            latencies.append((time.perf_counter() - started) * 1000)

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0),
                                     timeout=aiohttp.ClientTimeout(total=30)) as http:
        began = time.perf_counter()
        end = time.monotonic() + seconds
        await asyncio.gather(*(loop(http, end) for _ in range(phones)))
        elapsed = time.perf_counter() - began
    return {"seconds": round(elapsed, 2), "requests": len(latencies),
            "requests_per_s": round(len(latencies) / elapsed, 1), "latency": percentiles(latencies), "errors": errors}


async def wall_total(base: str) -> int:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/api/v1/sessions/{CODE}/wall") as response:
            return (await response.json())["total"]


def database_counts(url: str, submissions: set[str]) -> dict:
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT k.submission_id FROM keyword k JOIN keyword_session s ON s.id = k.session_id "
                                 "WHERE s.code = :code AND k.submission_id IS NOT NULL"), {"code": CODE}).fetchall()
    engine.dispose()
    stored = [str(row[0]) for row in rows]
    ours = [sid for sid in stored if sid in submissions]
    return {"rows": len(ours), "distinct": len(set(ours)), "missing": len(submissions - set(ours))}


# ---- main ----------------------------------------------------------------------------------------------------

def measure(args, base: str) -> dict:
    room = Room(base, args.phones, args.ramp, args.tail)
    room.poll_every = args.poll_every
    figures = {"room": asyncio.run(room.run())}
    if args.saturate:
        figures["saturation"] = asyncio.run(saturate(base, args.phones, args.saturate))
    return figures, room


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which the phones arrive")
    parser.add_argument("--tail", type=float, default=10.0, help="seconds of polling after the last arrival")
    parser.add_argument("--saturate", type=float, default=8.0, help="seconds of back-to-back polling (0: skip)")
    parser.add_argument("--poll-every", type=float, default=POLL_SECONDS, help="seconds between wall polls")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, database)")
    parser.add_argument("--database-url", help="a PostgreSQL database instead of a temporary SQLite file")
    parser.add_argument("--reset", action="store_true", help="confirm that --database-url may be emptied")
    args = parser.parse_args()
    if args.database_url and not args.reset:
        parser.error("the benchmark empties the database it is given: add --reset to confirm")
    random.seed(5)

    folder = Path(tempfile.mkdtemp(prefix="pdz-phones-"))
    env = prepare_database(folder, args.database_url)
    server_args = ["--workers", str(args.workers), "--threads", str(args.threads)]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env["PDZ_BASE_URL"] = base          # the server's links (the wall's join address), the one host it answers to
    server = start(["pdz", "serve", "--host", "127.0.0.1", "--port", str(port), *server_args], env, port,
                   folder / "pdz.log")
    try:
        before = asyncio.run(wall_total(base))
        app_figures, room = measure(args, base)
        after = asyncio.run(wall_total(base))
    finally:
        stop(server)
    counts = database_counts(env["DATABASE_URL"], room.submissions)
    counts.update(sent=len(room.submissions), wall_added=after - before)
    counts["ok"] = (counts["rows"] == counts["distinct"] == counts["sent"] == counts["wall_added"]
                    and counts["missing"] == 0)

    port = free_port()
    bare = start([sys.executable, "-c", BARE_APP, str(port), str(args.workers), str(args.threads)], dict(os.environ),
                 port, folder / "bare.log")
    try:
        bare_figures, _room = measure(args, f"http://127.0.0.1:{port}")
    finally:
        stop(bare)

    room_ratio = app_figures["room"]["requests_per_s"] / bare_figures["room"]["requests_per_s"]
    sat_ratio = (app_figures["saturation"]["requests_per_s"] / bare_figures["saturation"]["requests_per_s"]
                 if args.saturate else None)
    p95 = app_figures["room"]["all"]["p95_ms"]
    result = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average": [round(x, 2) for x in os.getloadavg()]},
        "load": {"phones": args.phones, "ramp_s": args.ramp, "tail_s": args.tail, "poll_every_s": args.poll_every,
                 "retrying_phones": len(range(0, args.phones, RETRY_EVERY)), "gunicorn_workers": args.workers,
                 "threads_per_worker": args.threads,
                 "database": "postgresql" if args.database_url else "sqlite", "saturation_s": args.saturate},
        "pdz": app_figures, "bare_flask": bare_figures, "keywords": counts,
        "throughput_ratio_room": round(room_ratio, 3),
        "throughput_ratio_saturation": round(sat_ratio, 3) if sat_ratio is not None else None,
        "goals": {"p95_under_150ms": p95 < GOAL_P95_MS, "none_lost_or_double": counts["ok"],
                  "ratio_at_least_0.5": (sat_ratio if sat_ratio is not None else room_ratio) >= GOAL_RATIO,
                  "no_errors": app_figures["room"]["errors"] == 0},
    }
    print(json.dumps(result, indent=2))
    if not args.keep:
        import shutil
        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"kept {folder}", file=sys.stderr)
    return 0 if all(result["goals"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
