"""What a draft decides about each action of the plan it follows: an objective takes it up (as it was, or
changed) and says why, or the draft does not take it up and says why. An action no decision names is still
undecided. Approval copies the objectives' decisions to the new plan's actions (app/lineage_models.py).

The rows go with their objective or draft (audited, through the backrefs' cascade); deleting the old action
deletes them in the database, as it does its evaluation cards."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.extensions import db
from app.lineage_models import Continuity
from app.models import Audited, SystemAction, enum_column, utcnow
from app.text import shorten

from .models import DraftObjective, PlanDraft


class ObjectiveContinuity(Audited, db.Model):
    """An objective of the draft takes up `action`, an action of the previous plan, continued or changed."""
    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("draft_objective.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("system_action.id", ondelete="CASCADE"), index=True)
    fate: Mapped[Continuity] = enum_column(Continuity)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    objective: Mapped[DraftObjective] = relationship(backref=backref(
        "continuities", cascade="all, delete-orphan", order_by="ObjectiveContinuity.id"))
    action: Mapped[SystemAction] = relationship()

    __table_args__ = (UniqueConstraint("objective_id", "action_id"),)

    @property
    def audit_district_id(self):
        return self.objective.audit_district_id if self.objective else None

    def __str__(self):
        number = self.objective.number if self.objective and self.objective.axis else "?"
        return f"{number} ← {shorten(str(self.action), 160)}"


class DroppedAction(Audited, db.Model):
    """The draft does not take up `action`, an action of the previous plan, for `reason`."""
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("plan_draft.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("system_action.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    draft: Mapped[PlanDraft] = relationship(backref=backref(
        "dropped_actions", cascade="all, delete-orphan", order_by="DroppedAction.id"))
    action: Mapped[SystemAction] = relationship()

    __table_args__ = (UniqueConstraint("draft_id", "action_id"),)

    @property
    def audit_district_id(self):
        return self.draft.district_id if self.draft else None

    def __str__(self):
        return shorten(str(self.action), 200)
