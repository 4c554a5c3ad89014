"""Every saved version of a chapter and of an objective, and the frozen copies of a whole draft.

Versions are written by a session hook, not by each save function: whatever changes a chapter's or an
objective's text (the office's editor, autosave, an accepted amendment, the CLI, the demo) leaves a version,
and a flush that changes nothing of the text (a reorder, a lock bump) leaves none. Autosaves of one person
within AUTOSAVE_WINDOW fold into one version, so an afternoon of typing is one entry, not five hundred.
"""
from __future__ import annotations

from datetime import timedelta
from itertools import chain

from flask import has_request_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.errors import DomainError
from app.extensions import db
from app.account_models import User
from app.models import utcnow

from .diff import FieldDiff, diff_fields
from .models import DraftAxis, DraftChapter, DraftObjective, PlanDraft
from .writing_models import DraftSnapshot, TextVersion

AUTOSAVE_WINDOW = timedelta(minutes=10)
AUTOSAVE_FLAG = "draft_autosave"
NOTES = "draft_version_notes"

CHAPTER_FIELDS = [("title", _l("Title")), ("body", _l("Text"))]
# The objectives table of the regional guidelines, in its order; the amendable ones are plain text columns.
OBJECTIVE_FIELDS = [
    ("title", _l("Objective")), ("intervention_type", _l("Type of intervention")),
    ("resources", _l("Resources")), ("tools", _l("Tools")), ("outcome_indicators", _l("Outcome indicators")),
    ("target_range", _l("Target range")), ("timing", _l("Timing")),
    ("responsible", _l("Responsible organization")), ("partners", _l("Partner organizations")),
    ("budget", _l("Budget")), ("programme", _l("Funding programme")),
]
AMENDABLE_FIELDS = ("title", "intervention_type", "resources", "tools", "outcome_indicators", "target_range",
                    "timing")


def field_label(key: str) -> str:
    return str(dict(OBJECTIVE_FIELDS).get(key, key))


# ---- what a version holds ----------------------------------------------------------------------------

def chapter_content(chapter: DraftChapter) -> dict:
    return {"title": chapter.title or "", "body": chapter.body or ""}


def objective_content(objective: DraftObjective) -> dict:
    content = {key: getattr(objective, key) or "" for key in AMENDABLE_FIELDS}
    content["responsible"] = objective.responsible.name if objective.responsible else ""
    content["partners"] = [organization.name for organization in objective.partners]
    content["budget"] = f"{objective.budget_amount:.2f}" if objective.budget_amount is not None else ""
    content["programme"] = objective.programme.name if objective.programme else ""
    content["funding_source"] = objective.funding_source.value if objective.funding_source else ""
    return content


def content_of(target) -> dict:
    return chapter_content(target) if isinstance(target, DraftChapter) else objective_content(target)


def axes_with_objectives(draft: PlanDraft) -> list[DraftAxis]:
    """The axes in order with their objectives, responsible bodies and partners: one query per level instead
    of one per objective."""
    objectives = db.selectinload(DraftAxis.objectives)
    return db.session.scalars(
        db.select(DraftAxis).where(DraftAxis.draft_id == draft.id)
        .options(objectives.selectinload(DraftObjective.partners),
                 objectives.joinedload(DraftObjective.responsible),
                 objectives.joinedload(DraftObjective.programme))
        .order_by(DraftAxis.position)).all()


def draft_content(draft: PlanDraft) -> dict:
    """The whole draft as plain data: what a frozen copy keeps and what the exports print."""
    axes = axes_with_objectives(draft)
    return {
        "title": draft.title, "start_year": draft.start_year, "end_year": draft.end_year,
        "chapters": [{"id": c.id, "key": c.key, **chapter_content(c)} for c in draft.chapters],
        "axes": [{"id": axis.id, "number": number, "name": axis.name, "description": axis.description or "",
                  "objectives": [{"id": o.id, "number": f"{number}.{n}", **objective_content(o)}
                                 for n, o in enumerate(axis.objectives, start=1)]}
                 for number, axis in enumerate(axes, start=1)],
    }


# ---- recording -------------------------------------------------------------------------------------

def mark_autosave() -> None:
    """Call before flushing an autosave: its version may fold into the same person's previous autosave."""
    db.session.info[AUTOSAVE_FLAG] = True


def record(target, *, note: str) -> TextVersion:
    """Flush the changes of `target` now, with `note` on the version it makes (e.g. "amendment 3 accepted");
    returns that version (the latest one, if the text did not change)."""
    db.session.info.setdefault(NOTES, {})[target] = note[:300]
    db.session.flush()
    db.session.info.get(NOTES, {}).pop(target, None)
    return latest(target)


def _saver_id() -> int | None:
    if has_request_context() and getattr(current_user, "is_authenticated", False):
        return current_user.id
    return None


def _filter(target):
    column = TextVersion.chapter_id if isinstance(target, DraftChapter) else TextVersion.objective_id
    return column == target.id


def latest(target) -> TextVersion | None:
    if target.id is None:
        return None
    return db.session.scalar(db.select(TextVersion).where(_filter(target))
                             .order_by(TextVersion.number.desc()).limit(1))


def _draft_of(target) -> PlanDraft | None:
    return target.draft if isinstance(target, DraftChapter) else (target.axis.draft if target.axis else None)


@event.listens_for(Session, "before_flush")
def _record_versions(session, _flush_context, _instances):
    targets = [obj for obj in chain(session.new, session.dirty)
               if isinstance(obj, (DraftChapter, DraftObjective)) and obj not in session.deleted]
    if not targets:
        return
    autosave = session.info.pop(AUTOSAVE_FLAG, False)
    notes = session.info.get(NOTES, {})
    saver_id, now = _saver_id(), utcnow()
    with session.no_autoflush:
        for target in targets:
            draft = _draft_of(target)
            if draft is None:
                continue
            content = content_of(target)
            previous = latest(target)
            if previous is not None and previous.content == content:
                continue
            if (autosave and previous is not None and previous.autosaved and previous.saved_by_id == saver_id
                    and saver_id is not None and now - previous.saved_at < AUTOSAVE_WINDOW):
                previous.content, previous.saved_at = content, now
                continue
            key = "chapter" if isinstance(target, DraftChapter) else "objective"
            number = previous.number + 1 if previous else 1
            session.add(TextVersion(draft=draft, **{key: target}, number=number, content=content,
                                    saved_at=now, saved_by_id=saver_id, note=notes.get(target),
                                    autosaved=autosave and target not in notes))


# ---- reading -------------------------------------------------------------------------------------

def history_query(target):
    """Newest first, with who saved each (for a paginated list)."""
    return (db.select(TextVersion).where(_filter(target)).options(db.joinedload(TextVersion.saved_by))
            .order_by(TextVersion.number.desc()))


def version_of(target, number: int) -> TextVersion | None:
    return db.session.scalar(db.select(TextVersion).where(_filter(target), TextVersion.number == number))


def compare(target, old: dict, new: dict) -> list[FieldDiff]:
    labels = CHAPTER_FIELDS if isinstance(target, DraftChapter) else OBJECTIVE_FIELDS
    return diff_fields(old, new, [(key, str(label)) for key, label in labels])


# ---- frozen copies -------------------------------------------------------------------------------

def freeze(draft: PlanDraft, *, label: str, by: User | None, meeting=None) -> DraftSnapshot:
    label = (label or "").strip()
    if not label:
        raise DomainError(_("Give the frozen version a name, e.g. the meeting it is for."))
    if meeting is not None and meeting.district_id != draft.district_id:
        raise DomainError(_("That meeting belongs to another district."))
    snapshot = DraftSnapshot(draft=draft, label=label[:200], meeting=meeting, content=draft_content(draft),
                             created_by=by)
    db.session.add(snapshot)
    db.session.flush()
    return snapshot
