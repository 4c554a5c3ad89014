"""Co-design (co-progettazione) of a draft objective: a table the planning office opens on one objective, the
bodies of the district that sit at it (invited, or on their own request, and accepted), what each commits
(money, staff or volunteer hours, spaces, services) against a funding source, and the targets the table agrees
on (families reached, operators and volunteers involved). The table's meetings are those of its standing group
(meetings/standing_models.py), created with it. When the table agrees and the draft is approved, the agreement
becomes the action's bodies, referents, budget lines and resources in kind (codesign.apply_agreement)."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.account_models import User
from app.extensions import db
from app.funding_models import FundingProgramme
from app.models import Audited, FundingSource, LabelledEnum, Organization, enum_column, utcnow
from app.text import shorten
from app.versioned import Versioned
from meetings.standing_models import StandingGroup

from .models import DraftObjective


class TableStatus(LabelledEnum):
    OPEN = "open"
    AGREED = "agreed"

    @classmethod
    def labels(cls):
        # A context each: Italian agrees the adjective with "tavolo" (masculine).
        return {cls.OPEN: lazy_pgettext("co-design table", "Open"),
                cls.AGREED: lazy_pgettext("co-design table", "Agreed")}


class JoinedBy(LabelledEnum):
    """How a body came to the table."""
    INVITED = "invited"
    REQUEST = "request"

    @classmethod
    def labels(cls):
        return {cls.INVITED: _l("Invited by the office"), cls.REQUEST: _l("On its own request")}


class CommitmentKind(LabelledEnum):
    MONEY = "money"
    STAFF_HOURS = "staff_hours"
    VOLUNTEER_HOURS = "volunteer_hours"
    SPACES = "spaces"
    SERVICES = "services"

    @classmethod
    def labels(cls):
        return {cls.MONEY: _l("Money"), cls.STAFF_HOURS: _l("Staff hours"),
                cls.VOLUNTEER_HOURS: _l("Volunteer hours"), cls.SPACES: _l("Spaces"),
                cls.SERVICES: _l("Services")}

    @property
    def is_hours(self) -> bool:
        return self in (CommitmentKind.STAFF_HOURS, CommitmentKind.VOLUNTEER_HOURS)


class CodesignTable(Versioned, Audited, db.Model):
    """The co-design table of one objective of a draft, with the targets it agrees on (optional)."""
    id: Mapped[int] = mapped_column(primary_key=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("draft_objective.id", ondelete="CASCADE"), unique=True)
    # its meetings and their minutes; the group outlives the table (deleting the objective keeps the meetings)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("standing_group.id", ondelete="SET NULL"), index=True)
    status: Mapped[TableStatus] = enum_column(TableStatus, default=TableStatus.OPEN)
    families_target: Mapped[int | None]        # families reached
    operators_target: Mapped[int | None]       # operators involved
    volunteers_target: Mapped[int | None]      # volunteers involved
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    agreed_at: Mapped[datetime | None]
    agreed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    objective: Mapped[DraftObjective] = relationship(backref=backref(
        "codesign_table", uselist=False, cascade="all, delete-orphan"))
    group: Mapped[StandingGroup | None] = relationship()
    opened_by: Mapped[User | None] = relationship(foreign_keys=[opened_by_id])
    agreed_by: Mapped[User | None] = relationship(foreign_keys=[agreed_by_id])
    partners: Mapped[list[CodesignPartner]] = relationship(back_populates="table", cascade="all, delete-orphan",
                                                           order_by="CodesignPartner.id")

    @property
    def audit_district_id(self):
        return self.objective.audit_district_id if self.objective else None

    @property
    def draft(self):
        return self.objective.axis.draft

    @property
    def is_agreed(self) -> bool:
        return self.status == TableStatus.AGREED

    @property
    def accepted_partners(self) -> list[CodesignPartner]:
        return [partner for partner in self.partners if partner.is_accepted]

    @property
    def commitments(self) -> list[CodesignCommitment]:
        """The commitments of the accepted partners: what an agreement is made of."""
        return [c for partner in self.accepted_partners for c in partner.commitments]

    def __str__(self):
        number = self.objective.number if self.objective and self.objective.axis else "?"
        return f"{number} {shorten(self.objective.title, 160) if self.objective else ''}".strip()


class CodesignPartner(Audited, db.Model):
    """A body of the district at the table; it commits resources once accepted. `referent`: who answers for
    its part (a person of the district), who becomes a referent of the action."""
    id: Mapped[int] = mapped_column(primary_key=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("codesign_table.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    joined_by: Mapped[JoinedBy] = enum_column(JoinedBy)
    accepted_at: Mapped[datetime | None]
    referent_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    table: Mapped[CodesignTable] = relationship(back_populates="partners")
    organization: Mapped[Organization] = relationship()
    referent: Mapped[User | None] = relationship()
    commitments: Mapped[list[CodesignCommitment]] = relationship(
        back_populates="partner", cascade="all, delete-orphan", order_by="CodesignCommitment.id")

    __table_args__ = (UniqueConstraint("table_id", "organization_id"),)

    @property
    def audit_district_id(self):
        return self.table.audit_district_id if self.table else None

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    def __str__(self):
        return self.organization.name if self.organization else f"#{self.id}"


class CodesignCommitment(Audited, db.Model):
    """What a partner puts in: an amount in euro (money; None: not stated), hours (staff or volunteers; with an
    hourly rate only when the partner states one and where it comes from), or spaces and services told in
    `description`, which always says what the partner does or gives."""
    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("codesign_partner.id", ondelete="CASCADE"), index=True)
    kind: Mapped[CommitmentKind] = enum_column(CommitmentKind)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    hours: Mapped[Decimal | None] = mapped_column(Numeric(10, 1))
    hourly_rate: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    rate_basis: Mapped[str | None] = mapped_column(String(300))
    source: Mapped[FundingSource] = enum_column(FundingSource)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("funding_programme.id", ondelete="SET NULL"))
    until: Mapped[date | None]
    description: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    partner: Mapped[CodesignPartner] = relationship(back_populates="commitments")
    programme: Mapped[FundingProgramme | None] = relationship()

    @property
    def audit_district_id(self):
        return self.partner.audit_district_id if self.partner else None

    @property
    def valued(self) -> bool:
        """Hours the partner valued at a stated rate: they can become a resource in kind of the action."""
        return self.kind.is_hours and self.hourly_rate is not None and bool(self.rate_basis)

    def __str__(self):
        return f"{self.partner}: {shorten(self.description, 120)}" if self.partner else shorten(self.description, 120)
