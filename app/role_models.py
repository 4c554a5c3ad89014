"""The roles people take part in: a list each district edits (administrators and politicians, service staff,
third sector, volunteers, families and citizens, schools, health...), so a registration, an attendance, a place
on a roster or a comment can say in which capacity someone came, and the participation pages can count by role
and show which roles were missing."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db
from .models import Audited

# What a district starts with (Italian: the names are the district's data, editable like any other).
DEFAULT_ROLES = ("Amministratore/politico", "Tecnico dei servizi", "Terzo settore", "Volontario",
                 "Famiglia/cittadino", "Scuola", "Sanità")


class ParticipantRole(Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(default=0)

    __table_args__ = (UniqueConstraint("district_id", "name"),)

    def __str__(self):
        return self.name
