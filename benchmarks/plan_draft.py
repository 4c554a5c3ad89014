"""A plan draft at the size of a real participatory writing: 100 objectives on 4 axes, 1,000 comments (a fifth
of them replies) and 50 saved versions of a chapter, in a temporary SQLite database (or PostgreSQL); measures
through Flask's test client the draft's pages and the documents for the mayors' assembly, and prints JSON with
each figure's ratio to a baseline measured in the same run (the same reading page of a one-chapter draft).

    python benchmarks/plan_draft.py [--runs 15] [--database-url postgresql+psycopg://... --reset]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cards import PASSWORD, build_app, login, ok, timed  # noqa: E402  (same folder: the shared helpers)

GOALS_MS = {"draft_page": 200, "chapter_page_busiest": 200, "objective_page": 200, "chapter_history_50": 200,
            "frozen_vs_current": 200, "office_participation": 200, "docx_export": 3000, "pdf_export": 10000}
AXES, OBJECTIVES, COMMENTS, VERSIONS = 4, 100, 1000, 50
PARAGRAPH = ("Il piano ricompone conoscenze, servizi e risorse dell'ambito: i Comuni, l'ASST e il terzo "
             "settore lavorano insieme sui bisogni delle famiglie, con strumenti condivisi e una valutazione "
             "continua. ")


def generate(app) -> dict:
    """The draft through the services (so versions are written as in real use), comments by Core inserts."""
    from app import people
    from app.extensions import db
    from app.models import District, Organization, OrganizationType, Plan, PlanStatus, Role, utcnow
    from plan_drafts import services, versions
    from plan_drafts.writing_models import CommentStatus, DraftComment
    started = time.perf_counter()
    district = District(name="Ambito di prova", slug="prova")
    plan = Plan(district=district, title="IV Piano di Zona", start_year=2012, end_year=2014,
                status=PlanStatus.ACTIVE)
    db.session.add_all([district, plan])
    office = people.create_user("ufficio@bench.pdz", "Ufficio di Piano", PASSWORD)
    people.grant(office, district, Role.PLANNING_OFFICE)
    orgs = [Organization(district=district, name=f"Ente {i:02d}", type=list(OrganizationType)[i % 8])
            for i in range(20)]
    db.session.add_all(orgs)
    db.session.flush()
    draft = services.start_draft(district, title="V Piano di Zona 2015-2017", start_year=2015, end_year=2017,
                                 previous_plan=plan, axes=[f"Asse {n + 1}" for n in range(AXES)], by=office)
    small = services.start_draft(district, title="Bozza minima", start_year=2015, end_year=2017,
                                 previous_plan=None, by=office)
    for chapter in small.chapters[1:]:
        db.session.delete(chapter)
    for chapter in draft.chapters:
        services.save_chapter(chapter, "\n\n".join(f"{n + 1}. {PARAGRAPH}" for n in range(12)), chapter.version,
                              office)
    for n in range(OBJECTIVES):
        axis = draft.axes[n % AXES]
        services.create_objective(axis, services.ObjectiveData(
            title=f"Obiettivo {n + 1}: {PARAGRAPH[:140]}", intervention_type="Servizio",
            resources=PARAGRAPH[:90], tools="Tavoli tecnici; cartella sociale",
            outcome_indicators="Famiglie raggiunte; servizi integrati",
            target_range="20–50", timing="2015–2017", responsible=orgs[n % 20],
            partners=[orgs[(n + 1) % 20], orgs[(n + 7) % 20]]))
    db.session.flush()
    busiest = draft.chapters[1]
    for n in range(VERSIONS - 1):       # the pre-filled text and the save above are versions too
        body = busiest.body.replace(f"{n % 12 + 1}. Il piano", f"{n % 12 + 1}. Il piano (rev. {n})", 1)
        services.save_chapter(busiest, body, busiest.version, office)
        db.session.flush()
    frozen = versions.freeze(draft, label="Incontro aperto", by=office)
    for objective in draft.objectives[::5]:
        objective.title = objective.title.replace("Il piano", "Il nuovo piano")
    db.session.commit()
    now, chapters = utcnow(), draft.chapters
    top = [{"draft_id": draft.id, "chapter_id": (busiest if n % 2 else chapters[n % len(chapters)]).id,
            "paragraph": n % 12 if n % 3 else None, "body": f"Commento {n}: {PARAGRAPH[:160]}",
            "status": CommentStatus.PUBLISHED.value if n % 10 else CommentStatus.PENDING.value,
            "author_id": office.id, "author_name": "Ufficio di Piano", "from_public": n % 10 == 0,
            "author_email": "cittadino@example.org" if n % 10 == 0 else None, "created_at": now}
           for n in range(COMMENTS * 4 // 5)]
    db.session.execute(db.insert(DraftComment), top)
    parents = db.session.execute(db.select(DraftComment.id, DraftComment.chapter_id, DraftComment.paragraph)
                                 .where(DraftComment.draft_id == draft.id).order_by(DraftComment.id)
                                 .limit(COMMENTS // 5)).all()
    db.session.execute(db.insert(DraftComment), [
        {"draft_id": draft.id, "chapter_id": chapter_id, "parent_id": parent_id, "paragraph": paragraph,
         "body": "Risposta: d'accordo.", "status": CommentStatus.PUBLISHED.value, "author_id": office.id,
         "author_name": "Ufficio di Piano", "from_public": False, "created_at": now}
        for parent_id, chapter_id, paragraph in parents])
    db.session.commit()
    return {"seconds": round(time.perf_counter() - started, 2), "district": district.slug,
            "draft_id": draft.id, "small_draft_id": small.id, "busiest_chapter_id": busiest.id,
            "objective_id": draft.objectives[50].id,
            "snapshot_id": frozen.id, "objectives": len(draft.objectives), "comments": COMMENTS,
            "chapter_versions": len(db.session.scalars(versions.history_query(busiest)).all())}


def measure(app, facts: dict, runs: int) -> dict:
    office = app.test_client()
    login(office, "ufficio@bench.pdz")
    d, draft = facts["district"], facts["draft_id"]
    pages = {
        "baseline": f"/bozze/{facts['small_draft_id']}/",
        "draft_page": f"/bozze/{draft}/",
        "chapter_page_busiest": f"/bozze/{draft}/capitoli/{facts['busiest_chapter_id']}",
        "objective_page": f"/bozze/{draft}/obiettivi/{facts['objective_id']}",
        "chapter_history_50": f"/bozze/{draft}/capitoli/{facts['busiest_chapter_id']}/versioni",
        "frozen_vs_current": f"/bozze/{draft}/congelate/{facts['snapshot_id']}?confronta=1",
        "office_participation": f"/gestione/{d}/bozze/{draft}/partecipazione",
    }
    results = {name: timed(lambda url=url: ok(office.get(url)), runs) for name, url in pages.items()}
    for fmt in ("docx", "odt", "pdf", "md"):
        url = f"/gestione/{d}/bozze/{draft}/esporta/{fmt}"
        before, calls = resource.getrusage(resource.RUSAGE_CHILDREN), max(3, runs // 5)
        results[f"{fmt}_export"] = timed(lambda url=url: ok(office.get(url)), calls, warmup=1)
        # DOCX and ODT are written by pandoc in a child process: its CPU time is not the server's own.
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000 / (calls + 1)
        results[f"{fmt}_export"]["child_cpu_ms_per_call"] = round(used, 1)
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
    report = {"benchmark": "plan draft", "database": url.split(":", 1)[0],
              "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                          "platform": platform.platform(terse=True), "load": os.getloadavg()[0]},
              "generated": facts, "baseline": "reading page of a one-chapter draft (same run, same server)",
              "figures": figures}
    print(json.dumps(report, indent=2))
    return 0 if all(f.get("meets_goal", True) for f in figures.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
