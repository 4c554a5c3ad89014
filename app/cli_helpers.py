"""What every `pdz` command shares: failing with a message, writing an export to a file or standard output.
The shell's and the features' command modules import these; none of them imports app/cli.py."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .extensions import db


def fail(message: str):
    click.secho(message, fg="red", err=True)
    sys.exit(1)


def found(model, record_id: int, what: str):
    """The record with that id, or fail saying which kind of record is missing."""
    record = db.session.get(model, record_id)
    if record is None:
        fail(f"No {what} with id {record_id}.")
    return record


def export_command(name: str, id_name: str, formats, default: str):
    """The shape of every `pdz export NAME ID --format F -o FILE` command, in an app context; the function
    takes (id, fmt, output, plus any option added below this decorator)."""
    def decorate(function):
        for option in (with_appcontext,
                       click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
                                    help="File (default: stdout)."),
                       click.option("--format", "fmt", type=click.Choice(list(formats)), default=default,
                                    show_default=True),
                       click.argument(id_name, type=int)):
            function = option(function)
        return click.command(name)(function)
    return decorate


BINARY_FORMATS = {"xlsx", "docx", "odt", "pdf"}


def refuse_binary_on_terminal(fmt: str, output) -> None:
    if fmt in BINARY_FORMATS and output is None and sys.stdout.isatty():
        fail(f"{fmt.upper()} is binary: give a file with -o.")


def write_export(payload: bytes, output, summary: str) -> None:
    """Write an export to `output` (saying what was written) or, without one, to standard output."""
    if output is None:
        click.get_binary_stream("stdout").write(payload)
        return
    try:
        output.write_bytes(payload)
    except OSError as error:
        fail(f"Cannot write {output}: {error.strerror}")
    click.echo(f"Wrote {output}: {summary}")


def warn_unused_base_url(base_url: str | None) -> None:
    """`--base-url` of the commands that mail links, from before PDZ_BASE_URL: still accepted, so an old crontab
    keeps working, but the links take PDZ_BASE_URL like every other (a second address would not be trusted)."""
    if base_url:
        click.secho(f"--base-url is no longer used: links are built from PDZ_BASE_URL "
                    f"({current_app.config['PDZ_BASE_URL']}).", fg="yellow", err=True)
