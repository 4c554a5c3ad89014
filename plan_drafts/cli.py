"""`pdz export draft ID --format docx|odt|pdf|md -o FILE`: the plan draft as the mayors' assembly reads it."""
from __future__ import annotations

import click

from app.cli_helpers import export_command, fail, found, refuse_binary_on_terminal, write_export
from app.extensions import db
from app.urls import public_request_context
from exports.documents import DOCUMENT_FORMATS

from .document import export, export_changes
from .models import PlanDraft
from .writing_models import DraftSnapshot


def _frozen(draft: PlanDraft, snapshot_id: int | None) -> DraftSnapshot | None:
    if snapshot_id is None:
        return None
    snapshot = db.session.get(DraftSnapshot, snapshot_id)
    if snapshot is None or snapshot.draft_id != draft.id:
        fail(f"No frozen version {snapshot_id} of draft {draft.id}.")
    return snapshot


@export_command("draft", "draft_id", DOCUMENT_FORMATS, "docx")
@click.option("--frozen", "snapshot_id", type=int, help="Id of a frozen version (default: the current text).")
@click.option("--changes-since", "since_id", type=int,
              help="Id of a frozen version: only the paragraphs changed since then, up to --frozen or today.")
@click.option("--numbered", is_flag=True, help="Print each paragraph's number (chapter.paragraph).")
def export_draft(draft_id, fmt, output, snapshot_id, since_id, numbered):
    """Export a plan draft: chapters, numbered objective tables by axis, signatories and adherents; or, with
    --changes-since, the "changes only" edition."""
    draft = found(PlanDraft, draft_id, "plan draft")
    snapshot, since = (_frozen(draft, number) for number in (snapshot_id, since_id))
    refuse_binary_on_terminal(fmt, output)
    # Headings and labels in the installation's language, as the office reads them on screen.
    with public_request_context():
        if since is not None:
            payload, _filename, _mimetype = export_changes(draft, since, snapshot, fmt)
            write_export(payload, output, f"changes of '{draft.title}' since '{since.label}'.")
            return
        payload, _filename, _mimetype = export(draft, fmt, snapshot, numbers=numbered)
    objectives = sum(len(axis.objectives) for axis in draft.axes)
    write_export(payload, output,
                 f"'{draft.title}', {len(draft.chapters)} chapters, {objectives} objectives.")
