"""What every `pdz` command shares: failing with a message, writing an export to a file or standard output.
The shell's and the features' command modules import these; none of them imports app/cli.py."""
from __future__ import annotations

import sys

import click
from flask import current_app


def fail(message: str):
    click.secho(message, fg="red", err=True)
    sys.exit(1)


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
