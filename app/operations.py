"""Operator commands: `pdz backup`, `pdz restore` and `pdz privacy ...`, thin over app.backup and
app.privacy."""
from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from . import privacy, privacy_data  # noqa: F401  (privacy_data registers the core's personal data)
from .backup import backup, backup_kind, restore, target_of
from .cli_helpers import fail, write_export
from .errors import DomainError
from .extensions import db


def _target():
    try:
        return target_of(current_app.config["SQLALCHEMY_DATABASE_URI"])
    except DomainError as error:
        fail(error.message)


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@with_appcontext
def backup_command(file, force):
    """Write a consistent backup of the database to FILE (SQLite copy or pg_dump custom format)."""
    if file.exists() and not force:
        fail(f"{file} exists; choose another name or add --force.")
    target = _target()
    try:
        backup(target, file)
    except DomainError as error:
        fail(error.message)
    click.echo(f"Backed up {target.describe()} to {file} ({file.stat().st_size} bytes).")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(file, yes):
    """Replace ALL the data of the database with the backup in FILE."""
    if backup_kind(file) is None:
        fail(f"{file} is not a backup made by `pdz backup`.")
    target = _target()
    if not yes:
        click.confirm(f"Replace all the data of {target.describe()} with {file}?", abort=True)
    # Our own pooled connections would hold locks the restore has to take.
    db.session.remove()
    db.engine.dispose()
    try:
        restore(target, file)
    except DomainError as error:
        fail(error.message)
    click.echo(f"Restored {file} into {target.describe()}. If the backup is older than this version, "
               "run `pdz db upgrade` now.")


# ---- privacy (GDPR) ----------------------------------------------------------------------------------------

@click.group("privacy")
def privacy_group():
    """A person's data: export, erasure, and the purge of data past their retention period."""


@privacy_group.command("export")
@click.argument("email")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File (default: stdout).")
@with_appcontext
def privacy_export(email, output):
    """Everything the platform holds about EMAIL, as JSON."""
    try:
        document = privacy.export_document(email)
    except DomainError as error:
        fail(error.message)
    records = sum(len(rows) for rows in document["data"].values())
    write_export(json.dumps(document, ensure_ascii=False, indent=2).encode() + b"\n", output,
                 f"{records} records about {document['email']}.")


@privacy_group.command("erase")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def privacy_erase(email, yes):
    """Erase EMAIL's personal data; their contributions stay, without a name."""
    if not yes:
        click.confirm(f"Erase the personal data of {email}? This cannot be undone.", abort=True)
    try:
        counts = privacy.erase_person(email)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        fail(error.message)
    for name, count in counts.items():
        if count:
            click.echo(f"  {name}: {count}")
    click.echo(f"Erased the personal data of {email} ({sum(counts.values())} records).")


@privacy_group.command("purge")
@with_appcontext
def privacy_purge():
    """Delete what the retention periods no longer allow (run it every night from cron)."""
    counts = privacy.purge_expired()
    db.session.commit()
    for name, count in counts.items():
        click.echo(f"  {name}: {count}")
    click.echo(f"Purged {sum(counts.values())} records past their retention period.")
