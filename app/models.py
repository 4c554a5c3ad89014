"""The plan structure and the audit log: the tenant is the district. Accounts (people, their roles in a
district, invitations) are in app/account_models.py."""
from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, ForeignKey, Numeric, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .clock import utcnow
from .extensions import db
from .versioned import Versioned


class LabelledEnum(str, enum.Enum):
    """An enum whose members carry a translatable label for the UI."""

    @property
    def label(self):
        return self.labels()[self]

    @classmethod
    def labels(cls) -> dict:
        raise NotImplementedError

    @classmethod
    def choices(cls):
        return [(m.value, m.label) for m in cls]


class Role(LabelledEnum):
    PLANNING_OFFICE = "planning_office"
    FACILITATOR = "facilitator"
    REFERENT = "referent"

    @classmethod
    def labels(cls):
        return {cls.PLANNING_OFFICE: _l("Planning office"), cls.FACILITATOR: _l("Facilitator"),
                cls.REFERENT: _l("Referent")}


class PlanStatus(LabelledEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    UNDER_EVALUATION = "under_evaluation"
    CLOSED = "closed"

    @classmethod
    def labels(cls):
        return {cls.DRAFT: _l("Draft"), cls.ACTIVE: _l("Active"),
                cls.UNDER_EVALUATION: _l("Under evaluation"), cls.CLOSED: _l("Closed")}


class OrganizationType(LabelledEnum):
    COMUNE = "comune"
    ATS_ASST = "ats_asst"
    COOPERATIVA = "cooperativa"
    ASSOCIAZIONE = "associazione"
    SCUOLA = "scuola"
    FONDAZIONE = "fondazione"
    IMPRESA = "impresa"
    ALTRO = "altro"

    @classmethod
    def labels(cls):
        return {cls.COMUNE: _l("Municipality"), cls.ATS_ASST: _l("Health agency (ATS/ASST)"),
                cls.COOPERATIVA: _l("Social cooperative"), cls.ASSOCIAZIONE: _l("Association"),
                cls.SCUOLA: _l("School"), cls.FONDAZIONE: _l("Foundation"), cls.IMPRESA: _l("Company"),
                cls.ALTRO: _l("Other")}


class InvolvementRole(LabelledEnum):
    LEAD = "lead"
    PARTNER = "partner"
    SIGNATORY = "signatory"
    ADHERENT = "adherent"
    FUNDER = "funder"
    OTHER = "other"

    @classmethod
    def labels(cls):
        return {cls.LEAD: _l("Lead body"), cls.PARTNER: _l("Partner"), cls.SIGNATORY: _l("Signatory"),
                cls.ADHERENT: _l("Adherent"), cls.FUNDER: _l("Funder"), cls.OTHER: _l("Other")}


class FundingSource(LabelledEnum):
    NATIONAL_REGIONAL = "national_regional"
    MUNICIPALITIES = "municipalities"
    FOUNDATION_CALLS = "foundation_calls"
    OTHER = "other"

    @classmethod
    def labels(cls):
        return {cls.NATIONAL_REGIONAL: _l("National and regional funds"),
                cls.MUNICIPALITIES: _l("Municipalities"), cls.FOUNDATION_CALLS: _l("Foundation calls"),
                cls.OTHER: _l("Other sources")}


def enum_column(enum_cls, **kw):
    # Stored as plain strings: portable, and new members need no ALTER TYPE.
    return mapped_column(db.Enum(enum_cls, native_enum=False, length=32,
                                 values_callable=lambda e: [m.value for m in e],
                                 validate_strings=True), **kw)


class Audited:
    """Marker: every insert, update and delete of these models is written to the audit log."""

    @property
    def audit_district_id(self) -> int | None:
        """The district the record belongs to (its `district_id`; models reached through a parent say so)."""
        return self.district_id


class District(Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    province: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    plans: Mapped[list[Plan]] = relationship(back_populates="district", order_by="Plan.start_year.desc()",
                                             cascade="all, delete-orphan")
    organizations: Mapped[list[Organization]] = relationship(back_populates="district",
                                                             order_by="Organization.name",
                                                             cascade="all, delete-orphan")

    @property
    def audit_district_id(self):
        return self.id

    @property
    def current_plan(self) -> Plan | None:
        """The plan the public sees first: the newest that is not a draft."""
        public = [p for p in self.plans if p.status != PlanStatus.DRAFT]
        return public[0] if public else None

    def __str__(self):
        return self.name


class Plan(Versioned, Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    start_year: Mapped[int]
    end_year: Mapped[int]
    status: Mapped[PlanStatus] = enum_column(PlanStatus, default=PlanStatus.DRAFT)
    description: Mapped[str | None] = mapped_column(Text)
    previous_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    district: Mapped[District] = relationship(back_populates="plans")
    previous_plan: Mapped[Plan | None] = relationship(remote_side=[id])
    theses: Mapped[list[Thesis]] = relationship(back_populates="plan", order_by="Thesis.position",
                                                cascade="all, delete-orphan")
    areas: Mapped[list[PlanningArea]] = relationship(back_populates="plan", order_by="PlanningArea.position",
                                                     cascade="all, delete-orphan")

    __table_args__ = (UniqueConstraint("district_id", "title"),)

    @property
    def is_public(self) -> bool:
        return self.status != PlanStatus.DRAFT

    @property
    def actions(self) -> list[SystemAction]:
        return [action for area in self.areas for action in area.actions]

    def __str__(self):
        return self.title


action_theses = Table(
    "action_thesis", db.metadata,
    Column("action_id", ForeignKey("system_action.id", ondelete="CASCADE"), primary_key=True),
    Column("thesis_id", ForeignKey("thesis.id", ondelete="CASCADE"), primary_key=True),
)

action_referents = Table(
    "action_referent", db.metadata,
    Column("action_id", ForeignKey("system_action.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
)


class Thesis(Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(Text)

    plan: Mapped[Plan] = relationship(back_populates="theses")

    @property
    def audit_district_id(self):
        return self.plan.district_id if self.plan else None

    def __str__(self):
        return self.text


class PlanningArea(Versioned, Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)

    plan: Mapped[Plan] = relationship(back_populates="areas")
    actions: Mapped[list[SystemAction]] = relationship(back_populates="area", order_by="SystemAction.position",
                                                       cascade="all, delete-orphan")

    @property
    def audit_district_id(self):
        return self.plan.district_id if self.plan else None

    @property
    def budget_total(self) -> Decimal:
        return sum((a.budget_total for a in self.actions), Decimal(0))

    def __str__(self):
        return self.name


class SystemAction(Versioned, Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("planning_area.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    expected_results: Mapped[str | None] = mapped_column(Text)
    projects: Mapped[list] = mapped_column(JSON, default=list)
    planned_start: Mapped[date | None]
    planned_end: Mapped[date | None]

    area: Mapped[PlanningArea] = relationship(back_populates="actions")
    theses: Mapped[list[Thesis]] = relationship(secondary=action_theses, order_by="Thesis.position",
                                                info={"audit": True})
    referents: Mapped[list[User]] = relationship(secondary=action_referents, back_populates="actions",
                                                 order_by="User.name", info={"audit": True})
    involvements: Mapped[list[ActionOrganization]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionOrganization.id")
    budget_lines: Mapped[list[BudgetLine]] = relationship(back_populates="action", cascade="all, delete-orphan",
                                                          order_by="BudgetLine.id")

    @property
    def audit_district_id(self):
        return self.area.plan.district_id if self.area and self.area.plan else None

    @property
    def plan(self) -> Plan:
        return self.area.plan

    @property
    def budget_total(self) -> Decimal:
        return sum((line.planned_amount or Decimal(0) for line in self.budget_lines), Decimal(0))

    def budget_by_source(self) -> dict[FundingSource, Decimal]:
        totals: dict[FundingSource, Decimal] = {}
        for line in self.budget_lines:
            totals[line.source] = totals.get(line.source, Decimal(0)) + (line.planned_amount or Decimal(0))
        return totals

    def __str__(self):
        return f"{self.code} {self.title}"


class Organization(Versioned, Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[OrganizationType] = enum_column(OrganizationType, default=OrganizationType.ALTRO)
    municipality: Mapped[str | None] = mapped_column(String(120))
    website: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)

    district: Mapped[District] = relationship(back_populates="organizations")
    involvements: Mapped[list[ActionOrganization]] = relationship(back_populates="organization",
                                                                  cascade="all, delete-orphan")

    __table_args__ = (UniqueConstraint("district_id", "name"),)

    def __str__(self):
        return self.name


class ActionOrganization(Audited, db.Model):
    """An organization involved in a system action, with its role there."""
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("system_action.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    role: Mapped[InvolvementRole] = enum_column(InvolvementRole, default=InvolvementRole.PARTNER)

    action: Mapped[SystemAction] = relationship(back_populates="involvements")
    organization: Mapped[Organization] = relationship(back_populates="involvements")

    __table_args__ = (UniqueConstraint("action_id", "organization_id"),)

    @property
    def audit_district_id(self):
        return self.organization.district_id if self.organization else None


class BudgetLine(Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("system_action.id", ondelete="CASCADE"), index=True)
    source: Mapped[FundingSource] = enum_column(FundingSource)
    description: Mapped[str | None] = mapped_column(String(300))
    planned_amount: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal(0))
    # the named programme the money comes from (app/funding_models.py), when the office said which
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("funding_programme.id", ondelete="SET NULL"),
                                                     index=True)

    action: Mapped[SystemAction] = relationship(back_populates="budget_lines")
    programme: Mapped[FundingProgramme | None] = relationship("FundingProgramme")

    @property
    def audit_district_id(self):
        return self.action.audit_district_id if self.action else None


class AuditLog(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(254))
    # Not a foreign key: the log outlives the districts and records it describes.
    district_id: Mapped[int | None] = mapped_column(index=True)
    operation: Mapped[str] = mapped_column(String(10))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int | None]
    summary: Mapped[str] = mapped_column(String(300))
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

    user: Mapped[User | None] = relationship()
