"""`pdz export focus ID --format xlsx|csv -o FILE`: a focus group's keywords (raw and grouped) and statements."""
from __future__ import annotations

from app.cli_helpers import export_command, found, refuse_binary_on_terminal, write_export
from app.extensions import db
from app.urls import public_request_context
from exports.focus import focus_to_csv, focus_to_markdown, focus_to_xlsx

from .export_data import export_data
from .models import FocusGroup


@export_command("focus", "focus_id", ["xlsx", "csv", "md"], "xlsx")
def export_focus(focus_id, fmt, output):
    """Export a focus group: XLSX (keywords, groups, statements sheets), CSV or Markdown."""
    focus = found(FocusGroup, focus_id, "focus group")
    refuse_binary_on_terminal(fmt, output)
    with public_request_context():
        data = export_data(focus)
        db.session.commit()
        payload = {"xlsx": focus_to_xlsx, "csv": focus_to_csv}.get(fmt, lambda d: focus_to_markdown(d).encode())(data)
    write_export(payload, output, f"'{focus.title}', {len(data.keywords)} keywords, {len(data.groups)} groups, "
                                  f"{len(data.statements)} statements.")
