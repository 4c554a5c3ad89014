"""`pdz export draft ID --format docx|odt|pdf|md -o FILE`: the plan draft as the mayors' assembly reads it."""
from __future__ import annotations

import click

from app.cli_helpers import export_command, fail, found, refuse_binary_on_terminal, write_export
from app.extensions import db
from app.urls import public_request_context
from exports.documents import DOCUMENT_FORMATS

from .document import export
from .models import PlanDraft
from .writing_models import DraftSnapshot


@export_command("draft", "draft_id", DOCUMENT_FORMATS, "docx")
@click.option("--frozen", "snapshot_id", type=int, help="Id of a frozen version (default: the current text).")
def export_draft(draft_id, fmt, output, snapshot_id):
    """Export a plan draft: chapters, numbered objective tables by axis, signatories and adherents."""
    draft = found(PlanDraft, draft_id, "plan draft")
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
