"""Participatory writing of a plan draft: comments, amendments, the saved versions of every chapter and
objective, and the frozen copies of the whole draft discussed at a meeting.

A version's `content` is a plain dict of field → text (see versions.py), so chapters and objectives are
diffed the same way and a frozen copy stays readable after the live draft has moved on.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.account_models import User
from app.models import Audited, LabelledEnum, enum_column, utcnow
from app.text import shorten

from meetings.models import Meeting

from .models import DraftChapter, DraftObjective, PlanDraft


class CommentStatus(LabelledEnum):
    PENDING = "pending"          # from the public: waits for the planning office
    PUBLISHED = "published"
    HIDDEN = "hidden"            # refused or taken down by the planning office

    @classmethod
    def labels(cls):
        return {cls.PENDING: _l("Waiting for moderation"), cls.PUBLISHED: _l("Published"),
                cls.HIDDEN: _l("Hidden")}


class AmendmentStatus(LabelledEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    MERGED = "merged"            # accepted after the office edited the proposed text
    REJECTED = "rejected"

    @classmethod
    def labels(cls):
        return {cls.PENDING: _l("Waiting for a decision"), cls.ACCEPTED: _l("Accepted"),
                cls.MERGED: _l("Accepted with changes"), cls.REJECTED: _l("Rejected")}


class _Authored:
    """Who wrote a contribution: an account, or a member of the public by name and e-mail. Erasure blanks the
    person and keeps the text (see writing.py)."""
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    author_name: Mapped[str] = mapped_column(String(200))
    author_email: Mapped[str | None] = mapped_column(String(254), index=True)
    from_public: Mapped[bool] = mapped_column(default=False)
    # In which capacity and for which body the author speaks, if they said (participation by role)
    role_id: Mapped[int | None] = mapped_column(ForeignKey("participant_role.id", ondelete="SET NULL"), index=True)
    organization_name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    office_notified_at: Mapped[datetime | None]       # the planning office was e-mailed about it

    @property
    def notify_address(self) -> str | None:
        if self.author_email:
            return self.author_email
        return self.author.email if self.author is not None and self.author.active else None


class DraftComment(_Authored, Audited, db.Model):
    """A comment on a chapter, or on one paragraph of it (`paragraph` is its index in the rendered chapter,
    `excerpt` its opening words then, so the comment still says what it was about after edits)."""
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("plan_draft.id", ondelete="CASCADE"), index=True)
    chapter_id: Mapped[int] = mapped_column(ForeignKey("draft_chapter.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("draft_comment.id", ondelete="CASCADE"),
                                                  index=True)
    paragraph: Mapped[int | None]
    excerpt: Mapped[str | None] = mapped_column(String(300))
    chapter_version: Mapped[int | None]
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[CommentStatus] = enum_column(CommentStatus, default=CommentStatus.PUBLISHED, index=True)
    moderated_at: Mapped[datetime | None]
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    draft: Mapped[PlanDraft] = relationship()
    chapter: Mapped[DraftChapter] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys="DraftComment.author_id")
    parent: Mapped[DraftComment | None] = relationship(remote_side=[id], back_populates="replies")
    replies: Mapped[list[DraftComment]] = relationship(back_populates="parent", order_by="DraftComment.id",
                                                       cascade="all, delete-orphan", passive_deletes=True)

    @property
    def audit_district_id(self):
        return self.draft.district_id if self.draft else None

    @property
    def is_visible(self) -> bool:
        return self.status == CommentStatus.PUBLISHED

    def __str__(self):
        return shorten(self.body, 80)


class Amendment(_Authored, Audited, db.Model):
    """A proposed new text for one field of an objective, with the reason; the office decides."""
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("plan_draft.id", ondelete="CASCADE"), index=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("draft_objective.id", ondelete="CASCADE"),
                                              index=True)
    field: Mapped[str] = mapped_column(String(40), default="title")
    base_text: Mapped[str] = mapped_column(Text, default="")       # the field's text when proposed
    base_version: Mapped[int | None]
    proposed_text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[AmendmentStatus] = enum_column(AmendmentStatus, default=AmendmentStatus.PENDING,
                                                  index=True)
    final_text: Mapped[str | None] = mapped_column(Text)           # what went into the objective
    decision_note: Mapped[str | None] = mapped_column(Text)        # why rejected, or a note on the merge
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    version_id: Mapped[int | None] = mapped_column(ForeignKey("draft_text_version.id", ondelete="SET NULL"))

    draft: Mapped[PlanDraft] = relationship()
    objective: Mapped[DraftObjective] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys="Amendment.author_id")
    decided_by: Mapped[User | None] = relationship(foreign_keys="Amendment.decided_by_id")
    version: Mapped[TextVersion | None] = relationship(foreign_keys="Amendment.version_id")

    @property
    def audit_district_id(self):
        return self.draft.district_id if self.draft else None

    @property
    def is_open(self) -> bool:
        return self.status == AmendmentStatus.PENDING

    def __str__(self):
        return shorten(self.proposed_text, 80)


class TextVersion(db.Model):
    """One saved version of a chapter or of an objective (exactly one of the two ids is set).

    Not Audited: the versions are themselves the history of the text, written by versions.py on every save;
    logging each one again would double every chapter in the audit log."""
    __tablename__ = "draft_text_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("plan_draft.id", ondelete="CASCADE"), index=True)
    chapter_id: Mapped[int | None] = mapped_column(ForeignKey("draft_chapter.id", ondelete="CASCADE"),
                                                   index=True)
    objective_id: Mapped[int | None] = mapped_column(ForeignKey("draft_objective.id", ondelete="CASCADE"),
                                                     index=True)
    number: Mapped[int]
    content: Mapped[dict] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(String(300))
    autosaved: Mapped[bool] = mapped_column(default=False)

    draft: Mapped[PlanDraft] = relationship()
    chapter: Mapped[DraftChapter | None] = relationship()
    objective: Mapped[DraftObjective | None] = relationship()
    saved_by: Mapped[User | None] = relationship()

    __table_args__ = (
        CheckConstraint("(chapter_id IS NULL) <> (objective_id IS NULL)", name="one_target"),
        UniqueConstraint("chapter_id", "number"),
        UniqueConstraint("objective_id", "number"),
    )

    def __str__(self):
        return f"version {self.number}"


class DraftSnapshot(Audited, db.Model):
    """The whole draft frozen as it was for a meeting: browsable, diffable and exportable later."""
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("plan_draft.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"), index=True)
    content: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    draft: Mapped[PlanDraft] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def audit_district_id(self):
        return self.draft.district_id if self.draft else None

    def __str__(self):
        return self.label
