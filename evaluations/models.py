"""Evaluation campaigns and cards: a referent's "photograph" of what a system action did.

Figures that are listed, filtered or charted live in real columns (state, progress, people, objective,
dates) and in child tables (resources per funding source, thesis ratings, indicators, organizations), so
the dashboard and the exports can query them without parsing blobs.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import local_today
from app.extensions import db
from app.funding_models import FundingProgramme
from app.versioned import ConflictCopy, Versioned
from app.account_models import User
from app.models import (Audited, District, FundingSource, LabelledEnum, Organization, Plan, SystemAction, Thesis,
                        enum_column, utcnow)


class CampaignStatus(LabelledEnum):
    OPEN = "open"
    CLOSED = "closed"

    @classmethod
    def labels(cls):
        # A context each: Italian agrees the adjective with "campagna" (feminine), unlike a plan's "Chiuso".
        return {cls.OPEN: lazy_pgettext("evaluation campaign", "Open"),
                cls.CLOSED: lazy_pgettext("evaluation campaign", "Closed")}


class CardState(LabelledEnum):
    """The workflow: draft → submitted → (returned → submitted)* → approved."""
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"

    @classmethod
    def labels(cls):
        return {cls.DRAFT: _l("Draft"), cls.SUBMITTED: _l("Submitted"),
                cls.RETURNED: _l("Returned with comments"),
                cls.APPROVED: lazy_pgettext("evaluation card", "Approved")}   # "scheda": feminine


class ImplementationState(LabelledEnum):
    """Where the action itself stands (not the card)."""
    NOT_STARTED = "not_started"
    STARTED = "started"
    RUNNING = "running"
    CONCLUDED = "concluded"
    NOT_CARRIED_OUT = "not_carried_out"

    @classmethod
    def labels(cls):
        return {cls.NOT_STARTED: _l("Not started"), cls.STARTED: _l("Started"), cls.RUNNING: _l("Running"),
                cls.CONCLUDED: _l("Concluded"), cls.NOT_CARRIED_OUT: _l("Not carried out")}


class ObjectiveReached(LabelledEnum):
    REACHED = "reached"
    PARTLY = "partly"
    NOT_REACHED = "not_reached"

    @classmethod
    def labels(cls):
        return {cls.REACHED: _l("Reached"), cls.PARTLY: _l("Partly reached"), cls.NOT_REACHED: _l("Not reached")}


class InvolvedKind(LabelledEnum):
    """How the DOMAIN's cards classify the subjects actually involved."""
    PUBLIC = "public"
    THIRD_SECTOR = "third_sector"
    TECHNICAL = "technical"
    POLITICAL = "political"

    @classmethod
    def labels(cls):
        return {cls.PUBLIC: _l("Public body"), cls.THIRD_SECTOR: _l("Third sector"),
                cls.TECHNICAL: _l("Technical"), cls.POLITICAL: _l("Political")}


THESIS_SCALE = {0: _l("0 – not at all"), 1: _l("1 – a little"), 2: _l("2 – quite"), 3: _l("3 – fully")}


class EvaluationCampaign(Versioned, Audited, db.Model):
    """The planning office asks every referent of a plan for a card, by a deadline."""
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str | None] = mapped_column(Text)          # markdown, shown on every card
    deadline: Mapped[date]
    status: Mapped[CampaignStatus] = enum_column(CampaignStatus, default=CampaignStatus.OPEN)
    publish_summaries: Mapped[bool] = mapped_column(default=False)   # approved cards' summaries go public
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    district: Mapped[District] = relationship()
    plan: Mapped[Plan] = relationship()
    opened_by: Mapped[User | None] = relationship()
    cards: Mapped[list[EvaluationCard]] = relationship(back_populates="campaign", cascade="all, delete-orphan",
                                                       order_by="EvaluationCard.id")

    @property
    def is_open(self) -> bool:
        return self.status == CampaignStatus.OPEN

    def __str__(self):
        return self.title


class EvaluationCard(Versioned, Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("evaluation_campaign.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("system_action.id", ondelete="CASCADE"), index=True)
    state: Mapped[CardState] = enum_column(CardState, default=CardState.DRAFT, index=True)

    # What was done
    activities: Mapped[str | None] = mapped_column(Text)                 # markdown
    implementation_state: Mapped[ImplementationState | None] = enum_column(ImplementationState, nullable=True)
    progress_percent: Mapped[int | None]
    actual_start: Mapped[date | None]
    actual_end: Mapped[date | None]
    deviations: Mapped[str | None] = mapped_column(Text)

    # People: a number is min == max, a range "20–50" is min < max
    people_min: Mapped[int | None]
    people_max: Mapped[int | None]
    beneficiaries: Mapped[int | None]
    people_notes: Mapped[str | None] = mapped_column(Text)

    # Resources (amounts per source are in CardResource)
    staff_hours: Mapped[int | None]
    resources_notes: Mapped[str | None] = mapped_column(Text)

    # Evaluation
    objective: Mapped[ObjectiveReached | None] = enum_column(ObjectiveReached, nullable=True)
    strengths: Mapped[str | None] = mapped_column(Text)
    problems: Mapped[str | None] = mapped_column(Text)
    carry_forward: Mapped[str | None] = mapped_column(Text)

    # "Nobody is able to report on this action": a finding in itself
    nobody_can_report: Mapped[bool] = mapped_column(default=False)
    nobody_reason: Mapped[str | None] = mapped_column(Text)

    # Workflow
    review_comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    last_reminded_at: Mapped[datetime | None]

    campaign: Mapped[EvaluationCampaign] = relationship(back_populates="cards")
    action: Mapped[SystemAction] = relationship()
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    resources: Mapped[list[CardResource]] = relationship(back_populates="card", cascade="all, delete-orphan",
                                                         order_by="CardResource.position")
    thesis_ratings: Mapped[list[CardThesisRating]] = relationship(back_populates="card",
                                                                  cascade="all, delete-orphan",
                                                                  order_by="CardThesisRating.id")
    indicators: Mapped[list[CardIndicator]] = relationship(back_populates="card", cascade="all, delete-orphan",
                                                           order_by="CardIndicator.position")
    organizations: Mapped[list[CardOrganization]] = relationship(back_populates="card",
                                                                 cascade="all, delete-orphan",
                                                                 order_by="CardOrganization.position")
    conflicts: Mapped[list[CardConflict]] = relationship(back_populates="card", cascade="all, delete-orphan",
                                                         order_by="CardConflict.id.desc()")

    __table_args__ = (UniqueConstraint("campaign_id", "action_id"),)

    @property
    def audit_district_id(self):
        return self.campaign.district_id if self.campaign else None

    @property
    def is_editable(self) -> bool:
        return self.state in (CardState.DRAFT, CardState.RETURNED) and self.campaign.is_open

    @property
    def is_late(self) -> bool:
        return self.state in (CardState.DRAFT, CardState.RETURNED) and self.campaign.deadline < local_today()

    @property
    def people_range(self) -> str:
        if self.people_min is None:
            return ""
        if self.people_max is None or self.people_max == self.people_min:
            return str(self.people_min)
        return f"{self.people_min}–{self.people_max}"

    def totals(self) -> dict[str, Decimal]:
        keys = ("planned", "committed", "spent", "attracted")
        return {k: sum((getattr(r, k) or Decimal(0) for r in self.resources), Decimal(0)) for k in keys}

    def __str__(self):
        return f"{self.action.code} {self.action.title}" if self.action else f"#{self.id}"


class _CardChild(Audited):
    @property
    def audit_district_id(self):
        return self.card.audit_district_id if self.card else None


class CardResource(_CardChild, db.Model):
    """Money of one funding source for the action: planned vs committed vs spent, and what calls attracted."""
    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("evaluation_card.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    source: Mapped[FundingSource] = enum_column(FundingSource)
    description: Mapped[str | None] = mapped_column(String(300))     # e.g. "Fondazione Cariplo, bando 2013"
    planned: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    committed: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    spent: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    attracted: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    # the district's named programme (app/funding_models.py) the money came from, when the card says which
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("funding_programme.id", ondelete="SET NULL"))

    card: Mapped[EvaluationCard] = relationship(back_populates="resources")
    programme: Mapped[FundingProgramme | None] = relationship("FundingProgramme")

    @property
    def source_name(self) -> str:
        """The programme's name, or the kind of source's label when no programme is named."""
        return self.programme.name if self.programme else str(self.source.label)

    def __str__(self):
        return f"{self.source.value} {self.description or ''}".strip()


class CardThesisRating(_CardChild, db.Model):
    """How far the action embodied one thesis of the plan: 0 (not at all) to 3 (fully)."""
    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("evaluation_card.id", ondelete="CASCADE"), index=True)
    thesis_id: Mapped[int] = mapped_column(ForeignKey("thesis.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int | None]
    comment: Mapped[str | None] = mapped_column(Text)

    card: Mapped[EvaluationCard] = relationship(back_populates="thesis_ratings")
    thesis: Mapped[Thesis] = relationship()

    __table_args__ = (UniqueConstraint("card_id", "thesis_id"),)

    def __str__(self):
        return f"thesis {self.thesis_id}: {self.rating}"


class CardIndicator(_CardChild, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("evaluation_card.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str | None] = mapped_column(String(60))
    baseline: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    target: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    reached: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))

    card: Mapped[EvaluationCard] = relationship(back_populates="indicators")

    def __str__(self):
        return self.name


class CardOrganization(_CardChild, db.Model):
    """A body actually involved (a known organization of the district, or just a name) and its kind."""
    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("evaluation_card.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="SET NULL"),
                                                        index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[InvolvedKind] = enum_column(InvolvedKind)

    card: Mapped[EvaluationCard] = relationship(back_populates="organizations")
    organization: Mapped[Organization | None] = relationship()

    def __str__(self):
        return self.name


class CardConflict(ConflictCopy, _CardChild, db.Model):
    """A card save refused because someone saved first; `data`: the values as read ("values"), the form as sent
    ("form") and the card as saved then ("theirs")."""
    card_id: Mapped[int] = mapped_column(ForeignKey("evaluation_card.id", ondelete="CASCADE"), index=True)

    card: Mapped[EvaluationCard] = relationship(back_populates="conflicts")

    def __str__(self):
        return f"conflict on card {self.card_id}"
