"""Continuity between plans: a system action says which actions of the previous plan it carries on, as they were
or changed. Part of the plan structure (the API and the next evaluation cards read it); the draft of a new plan
records the same decisions for its objectives (plan_drafts/continuity_models.py) and approval copies them here."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .clock import utcnow
from .extensions import db
from .models import Audited, LabelledEnum, SystemAction, enum_column
from .text import shorten


class Continuity(LabelledEnum):
    """How a new action takes up an old one."""
    CONTINUED = "continued"
    CHANGED = "changed"

    @classmethod
    def labels(cls):
        return {cls.CONTINUED: _l("Continued as it was"), cls.CHANGED: _l("Continued with changes")}


class ActionLineage(Audited, db.Model):
    """`action` (of a plan) carries on `previous_action` (of the plan before it), and says why.

    No relationship from SystemAction: deleting either action deletes the row in the database, as it does the
    action's evaluation cards."""
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("system_action.id", ondelete="CASCADE"), index=True)
    previous_action_id: Mapped[int] = mapped_column(ForeignKey("system_action.id", ondelete="CASCADE"),
                                                    index=True)
    fate: Mapped[Continuity] = enum_column(Continuity)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    action: Mapped[SystemAction] = relationship(foreign_keys=[action_id])
    previous_action: Mapped[SystemAction] = relationship(foreign_keys=[previous_action_id])

    __table_args__ = (UniqueConstraint("action_id", "previous_action_id"),)

    @property
    def audit_district_id(self):
        return self.action.audit_district_id if self.action else None

    def __str__(self):
        return f"{shorten(str(self.action), 120)} ← {shorten(str(self.previous_action), 120)}"
