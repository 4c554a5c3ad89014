"""Posts of the district's blog: syntheses of a focus group, announcements and free posts.

A synthesis post remembers each section's text as it was last generated (`generated_sections`), so a
section can be regenerated from fresh data while the office's hand edits elsewhere survive, and a hand
edit inside the section itself can be told apart and warned about.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.versioned import ConflictCopy, Versioned
from app.account_models import User
from app.models import Audited, District, LabelledEnum, Plan, PlanningArea, enum_column, utcnow
from app.uploads import StoredFile
from focus_groups.models import FocusGroup
from meetings.models import Meeting

TITLE_MAX_LENGTH = 200
SLUG_MAX_LENGTH = 200


class PostKind(LabelledEnum):
    SYNTHESIS = "synthesis"
    ANNOUNCEMENT = "announcement"
    FREE = "free"

    @classmethod
    def labels(cls):
        return {cls.SYNTHESIS: _l("Synthesis"), cls.ANNOUNCEMENT: _l("Announcement"), cls.FREE: _l("Free post")}


class PostStatus(LabelledEnum):
    """draft → scheduled → published → unpublished (and back to draft or published)."""
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"

    @classmethod
    def labels(cls):
        return {cls.DRAFT: _l("Draft"), cls.SCHEDULED: _l("Scheduled"), cls.PUBLISHED: _l("Published"),
                cls.UNPUBLISHED: _l("Unpublished")}


class CommentStatus(LabelledEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"

    @classmethod
    def labels(cls):
        return {cls.PENDING: _l("Pending"), cls.APPROVED: _l("Approved"), cls.REJECTED: _l("Rejected")}


class Post(Versioned, Audited, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="SET NULL"), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("planning_area.id", ondelete="SET NULL"), index=True)
    focus_group_id: Mapped[int | None] = mapped_column(ForeignKey("focus_group.id", ondelete="SET NULL"),
                                                       index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"), index=True)
    kind: Mapped[PostKind] = enum_column(PostKind, default=PostKind.FREE)
    title: Mapped[str] = mapped_column(String(TITLE_MAX_LENGTH))
    slug: Mapped[str] = mapped_column(String(SLUG_MAX_LENGTH))
    summary: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")                  # markdown
    status: Mapped[PostStatus] = enum_column(PostStatus, default=PostStatus.DRAFT)
    publish_at: Mapped[datetime | None]                                   # when a scheduled post goes out
    published_at: Mapped[datetime | None]
    comments_enabled: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # section key → its Markdown as last generated; compared with the body to detect hand edits
    generated_sections: Mapped[dict] = mapped_column(JSON, default=dict)
    generated_at: Mapped[datetime | None]
    # chart key → {"title", "figure", "table"} as generated; `[[chart:key]]` lines in the body show them
    charts: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    district: Mapped[District] = relationship()
    plan: Mapped[Plan | None] = relationship()
    area: Mapped[PlanningArea | None] = relationship()
    focus_group: Mapped[FocusGroup | None] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    author: Mapped[User | None] = relationship()
    tags: Mapped[list[PostTag]] = relationship(secondary="post_tagging", order_by="PostTag.name",
                                               back_populates="posts", info={"audit": True})
    images: Mapped[list[PostImage]] = relationship(back_populates="post", cascade="all, delete-orphan",
                                                   order_by="PostImage.id", passive_deletes=True)
    comments: Mapped[list[PostComment]] = relationship(back_populates="post", cascade="all, delete-orphan",
                                                       order_by="PostComment.id", passive_deletes=True)
    conflicts: Mapped[list[PostConflict]] = relationship(back_populates="post", cascade="all, delete-orphan",
                                                         order_by="PostConflict.id.desc()", passive_deletes=True)

    __table_args__ = (
        UniqueConstraint("district_id", "slug", name="uq_post_district_id_slug"),
        Index("ix_post_district_id_status_published_at", "district_id", "status", "published_at"),
    )

    def is_visible_at(self, now: datetime) -> bool:
        """Published, or scheduled and its time has come by `now` (publishing.py publishes and schedules)."""
        return self.status == PostStatus.PUBLISHED or (
            self.status == PostStatus.SCHEDULED and self.publish_at is not None and self.publish_at <= now)

    @property
    def is_public(self) -> bool:
        return self.is_visible_at(utcnow())

    def __str__(self):
        return self.title


class PostTag(Audited, db.Model):
    """A tag of the district's blog: tied to a plan or an area (their pages list it), or free."""
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("planning_area.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(120))

    plan: Mapped[Plan | None] = relationship()
    area: Mapped[PlanningArea | None] = relationship()
    posts: Mapped[list[Post]] = relationship(secondary="post_tagging", back_populates="tags")

    __table_args__ = (UniqueConstraint("district_id", "slug", name="uq_post_tag_district_id_slug"),)

    def __str__(self):
        return self.name


post_taggings = Table(
    "post_tagging", db.metadata,
    Column("post_id", ForeignKey("post.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("post_tag.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class _PostChild(Audited):
    @property
    def audit_district_id(self):
        return self.post.district_id if self.post else None


class PostImage(_PostChild, db.Model):
    """An image uploaded for a post; the bytes live in a stored file so every server can send them."""
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    stored_file_id: Mapped[int] = mapped_column(ForeignKey("stored_file.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    alt: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    post: Mapped[Post] = relationship(back_populates="images")
    stored_file: Mapped[StoredFile] = relationship()

    def __str__(self):
        return self.filename


class PostComment(_PostChild, db.Model):
    """A reader's comment, shown only once the office approved it."""
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    author_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    # In which capacity and for which body the author speaks, if they said (participation by role)
    role_id: Mapped[int | None] = mapped_column(ForeignKey("participant_role.id", ondelete="SET NULL"), index=True)
    organization_name: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[CommentStatus] = enum_column(CommentStatus, default=CommentStatus.PENDING, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    moderated_at: Mapped[datetime | None]
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    office_notified_at: Mapped[datetime | None]       # the planning office was e-mailed about it

    post: Mapped[Post] = relationship(back_populates="comments")
    moderated_by: Mapped[User | None] = relationship()

    def __str__(self):
        return f"{self.author_name}: {self.body[:60]}"


class PostConflict(ConflictCopy, _PostChild, db.Model):
    """A post save refused because someone saved first; `data`: title, summary, body and tags as sent."""
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)

    post: Mapped[Post] = relationship(back_populates="conflicts")

    def __str__(self):
        return f"conflict on post {self.post_id}"
