"""Funding as reporting needs it: named programmes (a fund, a municipal share, a foundation's call) with their
year, the bids the district and its partners make on calls, and resources given in kind (hours of staff or
volunteers valued at a documented hourly rate). Budget lines of actions point to a programme."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, Numeric, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db
from .models import Audited, FundingSource, LabelledEnum, Organization, SystemAction, enum_column
from .versioned import Versioned


class BidOutcome(LabelledEnum):
    PREPARING = "preparing"
    SUBMITTED = "submitted"
    GRANTED = "granted"
    PARTLY_GRANTED = "partly_granted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @classmethod
    def labels(cls):
        return {cls.PREPARING: _l("Being prepared"), cls.SUBMITTED: _l("Submitted, awaiting the outcome"),
                cls.GRANTED: _l("Granted"), cls.PARTLY_GRANTED: _l("Partly granted"), cls.REJECTED: _l("Rejected"),
                cls.WITHDRAWN: _l("Withdrawn")}


class InKindKind(LabelledEnum):
    STAFF_HOURS = "staff_hours"
    VOLUNTEER_HOURS = "volunteer_hours"

    @classmethod
    def labels(cls):
        return {cls.STAFF_HOURS: _l("Staff hours"), cls.VOLUNTEER_HOURS: _l("Volunteer hours")}


class FundingProgramme(Versioned, Audited, db.Model):
    """A named source of money with its year: "FNPS 2015", "Fondo povertà 2018", "Quota dei Comuni 2015"."""
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[FundingSource] = enum_column(FundingSource)      # the coarse kind the plan's tables group by
    funder: Mapped[str | None] = mapped_column(String(200))        # "Regione Lombardia", "Fondazione Cariplo"
    year: Mapped[int | None]
    amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))   # allocated to the district, when known
    notes: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("district_id", "name"),)

    def __str__(self):
        return f"{self.name} ({self.year})" if self.year else self.name


bid_partners = Table(
    "funding_bid_partner", db.metadata,
    Column("bid_id", ForeignKey("funding_bid.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class FundingBid(Versioned, Audited, db.Model):
    """A bid on a call (bando): what was asked, what was granted, with whom."""
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))              # the project: "Wel(l)FARE legami"
    call: Mapped[str] = mapped_column(String(300))               # "Fondazione Cariplo, Welfare in azione 2014"
    outcome: Mapped[BidOutcome] = enum_column(BidOutcome, default=BidOutcome.PREPARING)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="SET NULL"))
    action_id: Mapped[int | None] = mapped_column(ForeignKey("system_action.id", ondelete="SET NULL"), index=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("funding_programme.id", ondelete="SET NULL"))
    submitted_on: Mapped[date | None]
    decided_on: Mapped[date | None]
    amount_requested: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    amount_granted: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    notes: Mapped[str | None] = mapped_column(Text)

    lead: Mapped[Organization | None] = relationship()
    action: Mapped[SystemAction | None] = relationship()
    programme: Mapped[FundingProgramme | None] = relationship()
    partners: Mapped[list[Organization]] = relationship(secondary=bid_partners, order_by="Organization.name")

    def __str__(self):
        return self.title


class InKindResource(Versioned, Audited, db.Model):
    """Hours given to an action in kind, valued at a documented hourly rate."""
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("system_action.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", ondelete="SET NULL"))
    kind: Mapped[InKindKind] = enum_column(InKindKind)
    hours: Mapped[Decimal] = mapped_column(Numeric(10, 1))
    hourly_rate: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    rate_basis: Mapped[str] = mapped_column(String(300))         # where the rate comes from (a contract, a table)
    description: Mapped[str | None] = mapped_column(String(300))

    action: Mapped[SystemAction] = relationship()
    organization: Mapped[Organization | None] = relationship()

    @property
    def audit_district_id(self):
        return self.action.audit_district_id if self.action else None

    @property
    def value(self) -> Decimal:
        return (self.hours * self.hourly_rate).quantize(Decimal("0.01"))

    def __str__(self):
        return f"{self.hours} h · {self.action}"
