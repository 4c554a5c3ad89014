"""The data of a draft's document (exports/draft.py), from the live draft or from one of its frozen copies."""
from __future__ import annotations

from decimal import Decimal

from flask_babel import get_locale, gettext

from app.clock import format_day, local_now
from app.models import FundingSource
from exports.draft import Approval, AxisRows, ChapterText, DraftDocument, ObjectiveRow, changes_document, \
    draft_document
from exports.documents import DOCUMENT_FORMATS

from . import changes, gather
from .models import ChapterKey, PlanDraft
from .versions import OBJECTIVE_FIELDS, draft_content
from .writing_models import DraftSnapshot


def _(text: str, **values) -> str:
    return gettext(text, **values)


def _row(objective: dict) -> ObjectiveRow:
    text = {key: objective.get(key) or "" for key in ("intervention_type", "resources", "tools",
                                                      "outcome_indicators", "target_range", "timing",
                                                      "responsible")}
    budget, kind = objective.get("budget"), objective.get("funding_source")
    source = objective.get("programme") or (str(FundingSource(kind).label) if kind else "")
    return ObjectiveRow(number=objective["number"], objective=objective.get("title") or "",
                        partners=list(objective.get("partners") or []), budget=Decimal(budget) if budget else None,
                        source=source, **text)


def document_data(draft: PlanDraft, snapshot: DraftSnapshot | None = None) -> DraftDocument:
    """Everything the document prints; with `snapshot`, the text as it was frozen then."""
    content = snapshot.content if snapshot is not None else draft_content(draft)
    axes = [AxisRows(number=axis.get("number", n), name=axis["name"],
                     description=axis.get("description") or "",
                     objectives=[_row(o) for o in axis["objectives"]])
            for n, axis in enumerate(content["axes"], start=1)]
    signatories, adherents = gather.subscribers(draft.previous_plan) if draft.previous_plan else ([], [])
    version = snapshot.label if snapshot is not None else _("Current text")
    facts = [(_("District"), draft.district.name),
             (_("Period"), f"{content['start_year']}–{content['end_year']}"),
             (_("State"), str(draft.status.label)),
             (_("Previous plan"), draft.previous_plan.title if draft.previous_plan else ""),
             (_("Version"), version),
             (_("Printed on"), format_day(local_now(), "long"))]
    return DraftDocument(
        title=content["title"], subtitle=_("Draft for the mayors' assembly"), facts=facts,
        # A chapter holding only the hint it was created with has nothing to print yet.
        chapters=[ChapterText(key=c["key"], title=c["title"], body="" if gather.is_hint(c["key"], c["body"])
                              else c["body"]) for c in content["chapters"]],
        axes=axes, signatories=signatories, adherents=adherents,
        objectives_key=ChapterKey.OBJECTIVES.value, annexes_key=ChapterKey.ANNEXES.value,
        monitoring_key=ChapterKey.MONITORING.value, resources_key=ChapterKey.RESOURCES.value,
        approval=Approval(draft.district.name, format_day(draft.assembly_date, "long"),
                          draft.resolution_number or ""),
        header=f"{draft.district.name} · {content['title']} · {version}")


def export(draft: PlanDraft, fmt: str, snapshot: DraftSnapshot | None = None, *,
           numbers: bool = False) -> tuple[bytes, str, str]:
    """(bytes, file name, mimetype) of the draft's document in `fmt` (docx, odt, pdf, md); `numbers` prints
    the paragraph numbers (the edition an assembly votes amendments on)."""
    data = document_data(draft, snapshot)
    payload = draft_document(data, fmt, _, language=str(get_locale() or "it"), numbers=numbers)
    mimetype, extension = DOCUMENT_FORMATS[fmt]
    suffix = f"-{snapshot.id}" if snapshot is not None else ""
    return payload, f"bozza-{draft.start_year}-{draft.end_year}-{draft.id}{suffix}.{extension}", mimetype


def export_changes(draft: PlanDraft, since: DraftSnapshot, until: DraftSnapshot | None, fmt: str
                   ) -> tuple[bytes, str, str]:
    """The "changes only" edition from the frozen version `since` to `until` (or to the current text)."""
    newer = until.content if until is not None else draft_content(draft)
    until_label = until.label if until is not None else _("the current text")
    paragraphs = changes.changed_paragraphs(since.content, newer,
                                            [(key, str(label)) for key, label in OBJECTIVE_FIELDS],
                                            removed=_("Objective removed"), axis=_("Axis"))
    payload = changes_document(newer["title"], since.label, until_label, paragraphs, fmt, _,
                               header=f"{draft.district.name} · {newer['title']} · {_('Changes only')}",
                               language=str(get_locale() or "it"))
    mimetype, extension = DOCUMENT_FORMATS[fmt]
    return payload, f"modifiche-{draft.id}-{since.id}-{until.id if until else 'attuale'}.{extension}", mimetype
