"""A district's territory and governance: its comuni (with ISTAT code and population), the sub-areas that group
them, the body that manages the services, and the governance bodies with their members. The plan document's
context, governance and signatories chapters are written from these."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db
from .models import Audited, District, LabelledEnum, enum_column
from .versioned import Versioned


class ManagementForm(LabelledEnum):
    """How the comuni of a district manage their social services together."""
    LEAD_MUNICIPALITY = "lead_municipality"
    CONSORTIUM = "consortium"
    SPECIAL_AGENCY = "special_agency"
    HEALTH_AGENCY = "health_agency"
    OTHER = "other"

    @classmethod
    def labels(cls):
        return {cls.LEAD_MUNICIPALITY: _l("Lead municipality (ente capofila)"),
                cls.CONSORTIUM: _l("Consortium of municipalities"),
                cls.SPECIAL_AGENCY: _l("Special agency (azienda speciale consortile)"),
                cls.HEALTH_AGENCY: _l("Delegated to the health agency (ATS/ASL)"), cls.OTHER: _l("Other form")}


class BodyKind(LabelledEnum):
    MAYORS_ASSEMBLY = "mayors_assembly"
    TECHNICAL_TABLE = "technical_table"
    PLANNING_OFFICE = "planning_office"
    THIRD_SECTOR_TABLE = "third_sector_table"
    COMMITTEE = "committee"
    OTHER = "other"

    @classmethod
    def labels(cls):
        return {cls.MAYORS_ASSEMBLY: _l("Mayors' assembly"), cls.TECHNICAL_TABLE: _l("Technical table"),
                cls.PLANNING_OFFICE: _l("Planning office"), cls.THIRD_SECTOR_TABLE: _l("Third-sector table"),
                cls.COMMITTEE: _l("Committee"), cls.OTHER: _l("Other body")}


class Management(Versioned, Audited, db.Model):
    """Who manages the district's services, and in which form (one per district)."""
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), unique=True)
    form: Mapped[ManagementForm] = enum_column(ManagementForm)
    body: Mapped[str] = mapped_column(String(200))          # e.g. "Comunità Sociale Cremasca a.s.c."
    notes: Mapped[str | None] = mapped_column(Text)

    district: Mapped[District] = relationship()

    def __str__(self):
        return self.body


class SubArea(Versioned, Audited, db.Model):
    """A group of the district's comuni (a zone, a *presidio*, a sub-ambito)."""
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))

    municipalities: Mapped[list[Municipality]] = relationship(back_populates="sub_area",
                                                              order_by="Municipality.name")

    __table_args__ = (UniqueConstraint("district_id", "name"),)

    def __str__(self):
        return self.name


class Municipality(Versioned, Audited, db.Model):
    """A comune of the district, as ISTAT lists it; its population is the one of `population_year`."""
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    istat_code: Mapped[str] = mapped_column(String(6))
    name: Mapped[str] = mapped_column(String(200))
    province: Mapped[str] = mapped_column(String(2))
    population: Mapped[int | None]
    population_year: Mapped[int | None]
    is_lead: Mapped[bool] = mapped_column(default=False)     # the comune capofila
    sub_area_id: Mapped[int | None] = mapped_column(ForeignKey("sub_area.id", ondelete="SET NULL"), index=True)

    sub_area: Mapped[SubArea | None] = relationship(back_populates="municipalities")

    __table_args__ = (UniqueConstraint("district_id", "istat_code"),
                      CheckConstraint("population IS NULL OR population >= 0", name="population_not_negative"))

    def __str__(self):
        return self.name


class GovernanceBody(Versioned, Audited, db.Model):
    """A body of the district's governance: the mayors' assembly, the technical table, committees..."""
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    kind: Mapped[BodyKind] = enum_column(BodyKind)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)

    members: Mapped[list[BodyMember]] = relationship(back_populates="body", cascade="all, delete-orphan",
                                                     order_by="BodyMember.position")

    __table_args__ = (UniqueConstraint("district_id", "name"),)

    def __str__(self):
        return self.name


class BodyMember(Audited, db.Model):
    """A seat in a governance body: who holds it (a name, or a role such as "Sindaco di Crema") and in which
    capacity; a seat held for a comune names it, so the signatories of the plan follow from the assembly."""
    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("governance_body.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))     # "sindaco", "assessore delegato", "presidente"...
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(default=0)

    body: Mapped[GovernanceBody] = relationship(back_populates="members")
    municipality: Mapped[Municipality | None] = relationship()

    @property
    def audit_district_id(self):
        return self.body.district_id if self.body else None

    def __str__(self):
        return self.name


class PublishedFigure(Audited, db.Model):
    """A figure about the district as it was published (a report, an article): what it counts, how many, the
    project or service it is about, the year and where it was published. The district's public page tells
    them, beside the comuni and the funding, until (and beside) what the platform counts itself."""
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str | None] = mapped_column(String(200))   # "Servizio Minori e Famiglie"; None: the district
    label: Mapped[str] = mapped_column(String(200))            # "famiglie con minori seguite"
    value: Mapped[int]
    year: Mapped[int | None]
    source: Mapped[str | None] = mapped_column(String(300))    # "BergamoNews.it, «Autori del cambiamento»"
    position: Mapped[int] = mapped_column(default=0)

    __table_args__ = (CheckConstraint("value >= 0", name="value_not_negative"),)

    def __str__(self):
        return f"{self.label}: {self.value}"
