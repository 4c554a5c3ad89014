"""Uploaded files kept in the database (so several servers share them), checked by their real content."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from .extensions import db
from .models import Audited, utcnow


class StoredFile(Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    # Deferred: lists of attachments never load the bytes; the audit log never copies them.
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False, info={"audit_secret": True}))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def audit_district_id(self):
        return self.district_id

    def __str__(self):
        return self.filename
