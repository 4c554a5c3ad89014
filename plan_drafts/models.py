"""The draft of the next plan: chapters of the regional template, axes, objective rows and their evidence.

Evidence links (statements, keyword groups, evaluation cards) are plain association tables: an objective
can take up many development lines and a line can feed many objectives, and deleting either side only
drops the link.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, Numeric, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.versioned import ConflictCopy, Versioned
from app.account_models import User
from app.models import (Audited, District, FundingSource, LabelledEnum, Organization, Plan, PlanningArea, SystemAction,
                        enum_column, utcnow)
from app.text import shorten
from app.funding_models import FundingProgramme
from app.uploads import StoredFile
from evaluations.models import EvaluationCard
from focus_groups.models import KeywordGroup, Statement


class DraftStatus(LabelledEnum):
    DRAFT = "draft"
    APPROVED = "approved"

    @classmethod
    def labels(cls):
        return {cls.DRAFT: _l("Being written"), cls.APPROVED: _l("Approved")}


class DraftVisibility(LabelledEnum):
    """Who may read the draft besides the planning office (commenting follows reading)."""
    OFFICE = "office"
    PARTICIPANTS = "participants"
    PUBLIC = "public"

    @classmethod
    def labels(cls):
        return {cls.OFFICE: _l("Planning office only"),
                cls.PARTICIPANTS: _l("Signed-in participants of the district"),
                cls.PUBLIC: _l("Everyone (public)")}


class ChapterKey(LabelledEnum):
    """The chapters of the regional template, in their order."""
    PREMESSA = "premessa"
    PROCESS = "process"
    CONTEXT = "context"
    EVALUATION = "evaluation"
    GOVERNANCE = "governance"
    OBJECTIVES = "objectives"
    INTEGRATION = "integration"
    RESOURCES = "resources"
    MONITORING = "monitoring"
    ANNEXES = "annexes"

    @classmethod
    def labels(cls):
        return {cls.PREMESSA: _l("Introduction"), cls.PROCESS: _l("The participatory process"),
                cls.CONTEXT: _l("Context"), cls.EVALUATION: _l("Evaluation of the previous plan"),
                cls.GOVERNANCE: _l("Governance"), cls.OBJECTIVES: _l("Objectives by axis"),
                cls.INTEGRATION: _l("Social and health integration"), cls.RESOURCES: _l("Resources"),
                cls.MONITORING: _l("Monitoring and evaluation"),
                cls.ANNEXES: _l("Annexes: agreement and signatories")}


objective_statements = Table(
    "objective_statement", db.metadata,
    Column("objective_id", ForeignKey("draft_objective.id", ondelete="CASCADE"), primary_key=True),
    Column("statement_id", ForeignKey("statement.id", ondelete="CASCADE"), primary_key=True, index=True),
)

objective_keyword_groups = Table(
    "objective_keyword_group", db.metadata,
    Column("objective_id", ForeignKey("draft_objective.id", ondelete="CASCADE"), primary_key=True),
    Column("keyword_group_id", ForeignKey("keyword_group.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)

objective_cards = Table(
    "objective_card", db.metadata,
    Column("objective_id", ForeignKey("draft_objective.id", ondelete="CASCADE"), primary_key=True),
    Column("card_id", ForeignKey("evaluation_card.id", ondelete="CASCADE"), primary_key=True, index=True),
)

objective_partners = Table(
    "objective_partner", db.metadata,
    Column("objective_id", ForeignKey("draft_objective.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True),
)

objective_referents = Table(
    "objective_referent", db.metadata,
    Column("objective_id", ForeignKey("draft_objective.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
)


class PlanDraft(Versioned, Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    previous_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="SET NULL"),
                                                         index=True)
    title: Mapped[str] = mapped_column(String(200))
    start_year: Mapped[int]
    end_year: Mapped[int]
    status: Mapped[DraftStatus] = enum_column(DraftStatus, default=DraftStatus.DRAFT)
    visibility: Mapped[DraftVisibility] = enum_column(DraftVisibility, default=DraftVisibility.OFFICE)
    approved_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    assembly_date: Mapped[date | None]          # the mayors' assembly that approved it
    resolution_number: Mapped[str | None] = mapped_column(String(50))   # its delibera
    signed_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_file.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    district: Mapped[District] = relationship()
    previous_plan: Mapped[Plan | None] = relationship(foreign_keys=[previous_plan_id])
    approved_plan: Mapped[Plan | None] = relationship(foreign_keys=[approved_plan_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    signed_file: Mapped[StoredFile | None] = relationship()
    chapters: Mapped[list[DraftChapter]] = relationship(back_populates="draft",
                                                        order_by="DraftChapter.position",
                                                        cascade="all, delete-orphan")
    axes: Mapped[list[DraftAxis]] = relationship(back_populates="draft", order_by="DraftAxis.position",
                                                 cascade="all, delete-orphan")

    __table_args__ = (UniqueConstraint("district_id", "title"),)

    @property
    def is_editable(self) -> bool:
        return self.status == DraftStatus.DRAFT

    @property
    def objectives(self) -> list[DraftObjective]:
        return [objective for axis in self.axes for objective in axis.objectives]

    def chapter(self, key: ChapterKey) -> DraftChapter | None:
        return next((c for c in self.chapters if c.key == key.value), None)

    def __str__(self):
        return self.title


class DraftChapter(Versioned, Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("plan_draft.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    key: Mapped[str] = mapped_column(String(40))          # a ChapterKey value; free for added chapters
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")   # markdown
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    draft: Mapped[PlanDraft] = relationship(back_populates="chapters")
    updated_by: Mapped[User | None] = relationship()
    conflicts: Mapped[list[ChapterConflict]] = relationship(back_populates="chapter",
                                                            cascade="all, delete-orphan",
                                                            order_by="ChapterConflict.id.desc()")

    __table_args__ = (UniqueConstraint("draft_id", "key"),)

    @property
    def audit_district_id(self):
        return self.draft.district_id if self.draft else None

    def __str__(self):
        return self.title


class ChapterConflict(ConflictCopy, Audited, db.Model):
    """A chapter save refused because someone saved first; `data`: the title and text as sent."""
    chapter_id: Mapped[int] = mapped_column(ForeignKey("draft_chapter.id", ondelete="CASCADE"), index=True)

    chapter: Mapped[DraftChapter] = relationship(back_populates="conflicts")

    @property
    def audit_district_id(self):
        return self.chapter.audit_district_id if self.chapter else None

    def __str__(self):
        return shorten(self.data.get("body") or "", 80)


class DraftAxis(Versioned, Audited, db.Model):
    """An axis of the new plan: becomes a planning area when the draft is approved."""
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("plan_draft.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    is_governance: Mapped[bool] = mapped_column(default=False)
    planning_area_id: Mapped[int | None] = mapped_column(ForeignKey("planning_area.id", ondelete="SET NULL"))

    draft: Mapped[PlanDraft] = relationship(back_populates="axes")
    planning_area: Mapped[PlanningArea | None] = relationship()
    objectives: Mapped[list[DraftObjective]] = relationship(back_populates="axis",
                                                            order_by="DraftObjective.position",
                                                            cascade="all, delete-orphan")

    @property
    def audit_district_id(self):
        return self.draft.district_id if self.draft else None

    @property
    def number(self) -> int:
        """1, 2, 3… in the order of the draft, whatever gaps the positions have."""
        return self.draft.axes.index(self) + 1

    def __str__(self):
        return self.name


class DraftObjective(Versioned, Audited, db.Model):
    """One row of the regional objectives table; becomes a system action when the draft is approved."""
    id: Mapped[int] = mapped_column(primary_key=True)
    axis_id: Mapped[int] = mapped_column(ForeignKey("draft_axis.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(Text)                          # the objective
    intervention_type: Mapped[str | None] = mapped_column(String(300))
    resources: Mapped[str | None] = mapped_column(Text)
    tools: Mapped[str | None] = mapped_column(Text)
    outcome_indicators: Mapped[str | None] = mapped_column(Text)
    target_range: Mapped[str | None] = mapped_column(String(300))
    timing: Mapped[str | None] = mapped_column(String(300))
    responsible_organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL"), index=True)
    budget_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    funding_source: Mapped[FundingSource | None] = enum_column(FundingSource, nullable=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("funding_programme.id", ondelete="SET NULL"))
    system_action_id: Mapped[int | None] = mapped_column(ForeignKey("system_action.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    programme: Mapped[FundingProgramme | None] = relationship()
    axis: Mapped[DraftAxis] = relationship(back_populates="objectives")
    responsible: Mapped[Organization | None] = relationship()
    system_action: Mapped[SystemAction | None] = relationship()
    partners: Mapped[list[Organization]] = relationship(secondary=objective_partners,
                                                        order_by="Organization.name", info={"audit": True})
    referents: Mapped[list[User]] = relationship(secondary=objective_referents, order_by="User.name",
                                                 info={"audit": True})
    statements: Mapped[list[Statement]] = relationship(secondary=objective_statements,
                                                       order_by="Statement.position", info={"audit": True})
    keyword_groups: Mapped[list[KeywordGroup]] = relationship(secondary=objective_keyword_groups,
                                                              order_by="KeywordGroup.position",
                                                              info={"audit": True})
    cards: Mapped[list[EvaluationCard]] = relationship(secondary=objective_cards,
                                                       order_by="EvaluationCard.id", info={"audit": True})

    @property
    def audit_district_id(self):
        return self.axis.audit_district_id if self.axis else None

    @property
    def number(self) -> str:
        """The number in the objectives table: axis.objective, as 1.1, 1.2, 2.1."""
        return f"{self.axis.number}.{self.axis.objectives.index(self) + 1}"

    def __str__(self):
        return shorten(self.title, 80)
