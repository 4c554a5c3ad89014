"""The card's history as people read it: audit rows turned into "field: before → after" with the form's labels."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from app.audit_labels import readable
from app.models import FundingSource

from .forms import CardForm, IndicatorRow, OrganizationRow, ResourceRow, ThesisRow
from .models import CardState, ImplementationState, InvolvedKind, ObjectiveReached

HIDDEN = {"id", "card_id", "version", "updated_at", "updated_by_id", "created_at", "position", "submitted_by_id",
          "reviewed_by_id", "submitted_at", "reviewed_at", "last_reminded_at", "organization_id", "campaign_id",
          "action_id", "user_id", "base_version", "saved_version", "data", "resolved_by_id"}
ENUMS = {"state": CardState, "implementation_state": ImplementationState, "objective": ObjectiveReached,
         "kind": InvolvedKind, "source": FundingSource}
EXTRA_LABELS = {"state": _l("State of the card"), "review_comment": _l("Comments of the planning office"),
                "people_min": _l("People involved (from)"), "people_max": _l("People involved (to)"),
                "thesis_id": _l("Thesis"), "resolved_at": _l("Resolved")}


@dataclass
class Change:
    label: str
    before: str | None
    after: str | None


@dataclass
class Entry:
    row: object                       # the AuditLog row
    changes: list[Change] = field(default_factory=list)


def _labels() -> dict[str, str]:
    labels = {}
    for form_class in (OrganizationRow, ResourceRow, IndicatorRow, ThesisRow):
        labels.update({name: f.label.text for name, f in form_class()._fields.items()})
    labels.update({name: f.label.text for name, f in CardForm(formdata=None, meta={"csrf": False})._fields.items()})
    labels.update(EXTRA_LABELS)
    return labels


def _text(key: str, value, theses: dict[int, str]) -> str | None:
    if value in (None, ""):
        return None
    if key in ENUMS:
        try:
            return str(ENUMS[key](value).label)
        except ValueError:
            return str(value)
    if key == "thesis_id":
        return theses.get(value, str(value))
    if isinstance(value, bool):
        return "✓" if value else "–"
    return readable(value)   # dates and times as Italians write them, in Rome time


def entries(rows, theses: dict[int, str]) -> list[Entry]:
    labels = _labels()
    result = []
    for row in rows:
        data = row.after if row.operation != "delete" else row.before
        entry = Entry(row=row)
        for key, value in (data or {}).items():
            if key in HIDDEN:
                continue
            before = _text(key, (row.before or {}).get(key), theses) if row.operation == "update" else None
            after = _text(key, value, theses)
            if before is None and after is None:
                continue
            entry.changes.append(Change(str(labels.get(key, key)), before, after))
        if entry.changes or row.entity == "EvaluationCard":
            result.append(entry)
    return result
