"""Versioned edits: records several people save, and the copies kept when one save arrives after another.

- `Versioned` gives a model its `version` column: SQLAlchemy bumps it on every UPDATE and refuses one made from
  an older row (StaleDataError), so two saves that race past the check still cannot overwrite each other.
- `ConflictCopy` is the model of a refused save: what was sent (`data`), the version it was made on and the one
  it met, who sent it, and who settled it. Cards, posts and plan-draft chapters keep one per refused save
  (a `conflicts` relationship on the record); other forms answer a conflict without keeping a copy
  (app/autosave.py).
- `refuse_stale`, `keep`, `open_conflicts`, `resolve`: the services, flush only. The views' side — saving or
  keeping, the JSON for autosave.js, the page that settles a conflict — is app/autosave.py.
"""
from __future__ import annotations

import hashlib
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import JSON, ForeignKey
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from .clock import utcnow
from .errors import ConflictError, DomainError
from .extensions import db


class Versioned:
    """Mixin: a `version` counter that every save bumps and that refuses a save made from an older row."""
    version: Mapped[int] = mapped_column(default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}


class ConflictCopy:
    """Mixin: a save refused because someone else saved first, kept for a merge.

    `data` holds what the user sent, and under "theirs" the record as it was saved at that moment."""
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    base_version: Mapped[int | None]          # the version the refused form was loaded from
    saved_version: Mapped[int]                # the version that was in the database
    data: Mapped[dict] = mapped_column(JSON)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    @declared_attr
    def user(cls):
        return relationship("User", foreign_keys=f"{cls.__name__}.user_id")


# ---- the version a form was made on ------------------------------------------------------------------------

def version_token(obj) -> str:
    """What an edit form carries to detect a concurrent edit.

    Versioned models give their version; the others (theses) a digest of their content.
    """
    if hasattr(obj, "version"):
        return str(obj.version)
    content = "|".join(str(getattr(obj, key, "")) for key in ("id", "position", "text"))
    return "h" + hashlib.sha256(content.encode()).hexdigest()[:16]


def version_of(form) -> int | None:
    """The version number a form was loaded with, or None when it sent none or nonsense."""
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return None


def conflict_message() -> str:
    return _("Someone else changed this record while you were editing it. Your changes have not been saved: "
             "reload the page to see the current version, then make your changes again.")


def missing_version_message() -> str:
    return _("Not saved: the page did not say which version of the record it was editing, so your change could "
             "overwrite a newer one. Reload the page and make your changes again.")


class MissingVersion(DomainError):
    """An edit came without the version it was made on, so it cannot be told from one made on an old copy."""

    def __init__(self):
        super().__init__(missing_version_message())


def check_version(obj, token) -> None:
    """Refuse to save over a change made since the form was loaded, and a save that does not say which version
    it was made on (MissingVersion). Code that knowingly saves over the current text passes the current
    version (`version_token(obj)`). For records that keep no conflict copies; the others: `refuse_stale`."""
    if token is None or not str(token).strip():
        raise MissingVersion()
    if str(token).strip() != version_token(obj):
        raise ConflictError(conflict_message())


# ---- conflict copies -----------------------------------------------------------------------------------------

class EditConflict(ConflictError):
    """A save refused because the record changed since the form was loaded; `conflict` keeps what was sent."""

    def __init__(self, conflict, message: str):
        super().__init__(message)
        self.conflict = conflict


def _copy_model(record):
    return type(record).conflicts.property.mapper.class_


def keep(record, data: dict, *, base_version: int | None, by) -> ConflictCopy:
    """Keep a refused save of `record` (its `conflicts` relationship says the copy's model)."""
    conflict = _copy_model(record)(user=by, base_version=base_version, saved_version=record.version, data=data)
    record.conflicts.append(conflict)
    db.session.add(conflict)
    db.session.flush()
    return conflict


def refuse_stale(record, base_version: int | None, data: dict, *, by, message: str) -> None:
    """Refuse a save without a version (MissingVersion) or made on an older one: the latter is kept
    (EditConflict, whose caller commits rather than rolls back, so the copy survives)."""
    if base_version is None:
        raise MissingVersion()
    if base_version != record.version:
        raise EditConflict(keep(record, data, base_version=base_version, by=by), message)


def open_conflicts(record) -> list:
    return [conflict for conflict in record.conflicts if conflict.resolved_at is None]


def resolve(conflict: ConflictCopy, *, by) -> None:
    conflict.resolved_at = utcnow()
    conflict.resolved_by_id = by.id if by is not None else None
    db.session.flush()
