"""The keyword grouping engine at scale: synthetic Italian-looking keywords (single words and short phrases,
with the variants phones and paper give: case, accents, apostrophe-accents, separators, plurals, typos,
word order) at growing sizes; prints JSON with the time of `group_keywords` at each size (caches cleared
before each run; simplemma's dictionary, loaded once per process, is timed apart), the growth exponent
between sizes (1 = linear, 2 = quadratic) and whether the goals are met.

    python benchmarks/grouping.py [--sizes 500,1000,2000,5000,10000,20000] [--runs 3] [--seed 1]
"""
from __future__ import annotations

import argparse
import json
import math
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from focus_groups import normalise, words as word_relations  # noqa: E402
from focus_groups.grouping import automatic_groups, group_keywords, suggestions  # noqa: E402

GOALS_S = {2000: 1.0, 10000: 10.0}
# Distinct ideas drawn from (Zipf-like, so frequent ones repeat): a third as many as keywords, or as many.
SERIES = {"ideas = keywords / 3": 1 / 3, "ideas = keywords": 1.0}
SYLLABLES = ("ba be bi bo ca ce ci co da de di do fa fe fi fo ga ge gi go la le li lo ma me mi mo na ne ni no "
             "pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi vo za ze zi zo stra pro tra con per").split()
SUFFIXES = ("zione", "zioni", "ità", "mento", "menti", "anza", "anze", "enza", "ismo", "ale", "ali", "ivo", "iva",
            "ore", "ori", "ura", "ure", "ia", "ie", "ezza", "ezze")
LINKS = ("e", "di", "della", "del", "in", "per", "con", "tra")
ACCENTS = {"à": "a'", "è": "e'", "ì": "i'", "ò": "o'", "ù": "u'"}


def base_words(count: int, rng: random.Random) -> list[str]:
    found: set[str] = set()
    while len(found) < count:
        found.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))) + rng.choice(SUFFIXES))
    return sorted(found)


def variant(text: str, rng: random.Random) -> str:
    """One way a participant might type `text`."""
    kind = rng.random()
    if kind < 0.25:
        return text.capitalize() if rng.random() < 0.7 else text.upper()
    if kind < 0.35:
        for accented, apostrophe in ACCENTS.items():
            text = text.replace(accented, apostrophe)
        return text
    if kind < 0.45:
        return text.replace(" ", rng.choice(["-", " / ", " – "]), 1) if " " in text else text + "!"
    if kind < 0.6:   # plural / singular of the last word
        last = text[-1]
        return text[:-1] + {"a": "e", "e": "i", "o": "i", "i": "e"}.get(last, last)
    if kind < 0.7 and len(text) >= 7:   # a typo inside the word
        i = rng.randrange(2, len(text) - 1)
        return text[:i] + text[i + 1:] if rng.random() < 0.5 else text[:i] + text[i] + text[i:]
    if kind < 0.8 and " e " in text:
        first, second = text.split(" e ", 1)
        return f"{second} e {first}"
    return text


def keywords(size: int, seed: int, ideas_ratio: float = 1 / 3) -> list[str]:
    """`size` keywords over size * ideas_ratio distinct ideas, frequent ones repeated (a Zipf-like draw)."""
    rng = random.Random(seed)
    vocabulary = base_words(max(50, size // 2), rng)
    ideas = []
    for _ in range(max(20, int(size * ideas_ratio))):
        shape = rng.random()
        if shape < 0.55:
            ideas.append(rng.choice(vocabulary))
        elif shape < 0.9:
            ideas.append(f"{rng.choice(vocabulary)} {rng.choice(LINKS)} {rng.choice(vocabulary)}")
        else:
            ideas.append(" ".join(rng.choice(vocabulary) for _ in range(rng.randint(3, 5))))
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(ideas))]
    return [variant(idea, rng) for idea in rng.choices(ideas, weights, k=size)]


def clear_caches():
    for cached in (normalise.readable, word_relations.lemma, word_relations.is_known, word_relations.relate):
        cached.cache_clear()


def measure(lines: list[str], runs: int) -> dict:
    times = []
    for _ in range(runs):
        clear_caches()   # cold: every run pays for its lemmas and word comparisons
        start = time.perf_counter()
        groups = group_keywords(lines)
        times.append(time.perf_counter() - start)
    auto = automatic_groups(lines)
    return {"keywords": len(lines), "automatic_groups": len(auto), "suggestions": len(suggestions(auto)),
            "groups": len(groups), "seconds_best": round(min(times), 3), "seconds_worst": round(max(times), 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="500,1000,2000,5000,10000,20000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    start = time.perf_counter()
    word_relations.lemma("casa")   # simplemma loads its Italian dictionary once per process
    dictionary_load = round(time.perf_counter() - start, 3)
    series = {}
    for name, ratio in SERIES.items():
        results = series[name] = [measure(keywords(size, args.seed, ratio), args.runs) for size in sizes]
        for before, after in zip(results, results[1:]):
            after["growth_exponent"] = round(math.log(after["seconds_best"] / before["seconds_best"])
                                             / math.log(after["keywords"] / before["keywords"]), 2)
    goals = {f"{size} keywords < {limit} s ({name})": next((r["seconds_worst"] < limit for r in results
                                                             if r["keywords"] == size), None)
             for name, results in series.items() for size, limit in GOALS_S.items()}
    print(json.dumps({"python": platform.python_version(), "machine": platform.machine(), "runs": args.runs,
                      "dictionary_load_seconds": dictionary_load, "series": series, "goals_met": goals}, indent=2))
    return 0 if all(v is not False for v in goals.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
