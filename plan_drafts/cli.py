"""`pdz export draft ID --format docx|odt|pdf|md -o FILE`: the plan draft as the mayors' assembly reads it."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.cli_helpers import fail, refuse_binary_on_terminal, write_export
from app.extensions import db
from app.urls import public_request_context
from exports.documents import DOCUMENT_FORMATS

from .document import export
from .models import PlanDraft
from .writing_models import DraftSnapshot


@click.command("draft")
@click.argument("draft_id", type=int)
@click.option("--format", "fmt", type=click.Choice(list(DOCUMENT_FORMATS)), default="docx", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File (default: stdout).")
@click.option("--frozen", "snapshot_id", type=int, help="Id of a frozen version (default: the current text).")
@with_appcontext
def export_draft(draft_id, fmt, output, snapshot_id):
    """Export a plan draft: chapters, numbered objective tables by axis, signatories and adherents."""
    draft = db.session.get(PlanDraft, draft_id)
    if draft is None:
        fail(f"No plan draft with id {draft_id}.")
    snapshot = None
    if snapshot_id is not None:
        snapshot = db.session.get(DraftSnapshot, snapshot_id)
        if snapshot is None or snapshot.draft_id != draft.id:
            fail(f"No frozen version {snapshot_id} of draft {draft_id}.")
    refuse_binary_on_terminal(fmt, output)
    # Headings and labels in the installation's language, as the office reads them on screen.
    with public_request_context():
        payload, _filename, _mimetype = export(draft, fmt, snapshot)
    objectives = sum(len(axis.objectives) for axis in draft.axes)
    write_export(payload, output,
                 f"'{draft.title}', {len(draft.chapters)} chapters, {objectives} objectives.")
