"""Reports of accessibility problems sent from the accessibility statement's form (Law 4/2004, the AgID
guidelines' feedback mechanism): a district's reach its planning office; the installation's (no district),
its administrators."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .account_models import User
from .extensions import db
from .models import Audited, District, utcnow


class AccessibilityFeedback(Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    page: Mapped[str] = mapped_column(String(500))          # the path where the problem is
    description: Mapped[str] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(String(200))   # for a reply, if the person wants one
    email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    handled_at: Mapped[datetime | None]
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    district: Mapped[District | None] = relationship()
    handled_by: Mapped[User | None] = relationship()

    def __str__(self):
        return f"{self.page}: {self.description[:60]}"
