"""Keyword focus groups: the meeting, its live keyword sessions, the groups of variants and the statements.

Raw submissions (`Keyword.text`) are never altered: merging variants only points keywords at a
`KeywordGroup`, so every merge can be undone.
"""
from __future__ import annotations

from datetime import date as Date, datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.versioned import Versioned
from app.account_models import User
from app.models import Audited, District, LabelledEnum, Plan, PlanningArea, enum_column, utcnow

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed on phones
CODE_LENGTH = 6
KEYWORD_MAX_LENGTH = 60


class SessionState(LabelledEnum):
    OPEN = "open"
    CLOSED = "closed"

    @classmethod
    def labels(cls):
        # A context each: Italian agrees the adjective with "sessione" (feminine).
        return {cls.OPEN: lazy_pgettext("keyword session", "Open"),
                cls.CLOSED: lazy_pgettext("keyword session", "Closed")}


class KeywordSource(LabelledEnum):
    PHONE = "phone"
    PAPER = "paper"

    @classmethod
    def labels(cls):
        return {cls.PHONE: _l("Phone"), cls.PAPER: _l("Paper")}


class BoardColumn(LabelledEnum):
    """The four lists a focus group derives from its keywords."""
    STRENGTHS = "strengths"
    CRITICAL_POINTS = "critical_points"
    INTERPRETIVE_HYPOTHESES = "interpretive_hypotheses"
    DEVELOPMENT_LINES = "development_lines"

    @classmethod
    def labels(cls):
        return {cls.STRENGTHS: _l("Strengths"), cls.CRITICAL_POINTS: _l("Critical points"),
                cls.INTERPRETIVE_HYPOTHESES: _l("Interpretive hypotheses"),
                cls.DEVELOPMENT_LINES: _l("Development lines")}


focus_group_facilitators = Table(
    "focus_group_facilitator", db.metadata,
    Column("focus_group_id", ForeignKey("focus_group.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
)

statement_keyword_groups = Table(
    "statement_keyword_group", db.metadata,
    Column("statement_id", ForeignKey("statement.id", ondelete="CASCADE"), primary_key=True),
    Column("keyword_group_id", ForeignKey("keyword_group.id", ondelete="CASCADE"), primary_key=True),
)


class FocusGroup(Versioned, Audited, db.Model):
    """A meeting about one planning area of a plan (or about a free topic when `area` is empty)."""
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("planning_area.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    date: Mapped[Date | None]
    stimulus_questions: Mapped[list] = mapped_column(JSON, default=list)  # ordered list of strings
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    district: Mapped[District] = relationship()
    plan: Mapped[Plan] = relationship()
    area: Mapped[PlanningArea | None] = relationship()
    facilitators: Mapped[list[User]] = relationship(secondary=focus_group_facilitators, order_by="User.name",
                                                    info={"audit": True})
    sessions: Mapped[list[KeywordSession]] = relationship(back_populates="focus_group",
                                                          order_by="KeywordSession.id",
                                                          cascade="all, delete-orphan")
    statements: Mapped[list[Statement]] = relationship(back_populates="focus_group",
                                                       order_by="Statement.position",
                                                       cascade="all, delete-orphan")
    extra_columns: Mapped[list[ExtraColumn]] = relationship(back_populates="focus_group",
                                                            order_by="ExtraColumn.position, ExtraColumn.id",
                                                            cascade="all, delete-orphan")

    def __str__(self):
        return self.title


class KeywordSession(Versioned, Audited, db.Model):
    """One round of "write ONE keyword" inside a focus group, joined with a short code."""
    id: Mapped[int] = mapped_column(primary_key=True)
    focus_group_id: Mapped[int] = mapped_column(ForeignKey("focus_group.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    prompt: Mapped[str] = mapped_column(Text)
    keywords_per_person: Mapped[int] = mapped_column(default=1)
    premoderation: Mapped[bool] = mapped_column(default=False)
    state: Mapped[SessionState] = enum_column(SessionState, default=SessionState.OPEN)
    paused: Mapped[bool] = mapped_column(default=False)
    opened_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    focus_group: Mapped[FocusGroup] = relationship(back_populates="sessions")
    keywords: Mapped[list[Keyword]] = relationship(back_populates="session", order_by="Keyword.id",
                                                   cascade="all, delete-orphan", passive_deletes=True)
    groups: Mapped[list[KeywordGroup]] = relationship(back_populates="session", order_by="KeywordGroup.position",
                                                      cascade="all, delete-orphan", passive_deletes=True)

    # Participants never write this row (they insert keywords), so the version only guards facilitators' edits.

    @property
    def audit_district_id(self):
        return self.focus_group.district_id if self.focus_group else None

    @property
    def is_open(self) -> bool:
        return self.state == SessionState.OPEN

    def __str__(self):
        return self.code


class KeywordGroup(Versioned, Audited, db.Model):
    """Keywords the facilitator merged as one; placed in one of the four columns of the board."""
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("keyword_session.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    column: Mapped[BoardColumn | None] = enum_column(BoardColumn, nullable=True)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    session: Mapped[KeywordSession] = relationship(back_populates="groups")
    keywords: Mapped[list[Keyword]] = relationship(back_populates="group", order_by="Keyword.id")

    @property
    def audit_district_id(self):
        return self.session.audit_district_id if self.session else None

    def __str__(self):
        return self.label


class Keyword(Audited, db.Model):
    """One submission, exactly as typed (or copied from paper)."""
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("keyword_session.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(255))
    source: Mapped[KeywordSource] = enum_column(KeywordSource, default=KeywordSource.PHONE)
    client_id: Mapped[str | None] = mapped_column(String(36))
    submission_id: Mapped[str | None] = mapped_column(String(36))   # a phone's retry repeats it: counts once
    hidden: Mapped[bool] = mapped_column(default=False)
    approved: Mapped[bool] = mapped_column(default=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("keyword_group.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    session: Mapped[KeywordSession] = relationship(back_populates="keywords")
    group: Mapped[KeywordGroup | None] = relationship(back_populates="keywords")

    __table_args__ = (
        UniqueConstraint("session_id", "submission_id", name="uq_keyword_session_id_submission_id"),
        Index("ix_keyword_session_id_client_id", "session_id", "client_id"),
    )

    @property
    def audit_district_id(self):
        return self.session.audit_district_id if self.session else None

    @property
    def visible(self) -> bool:
        return self.approved and not self.hidden

    def __str__(self):
        return self.text


class BlockedWord(Audited, db.Model):
    """A word the district refuses on the wall (insults, names); compared without case or accents."""
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), index=True)
    word: Mapped[str] = mapped_column(String(KEYWORD_MAX_LENGTH))

    __table_args__ = (UniqueConstraint("district_id", "word", name="uq_blocked_word_district_id_word"),)

    def __str__(self):
        return self.word


class Statement(Versioned, Audited, db.Model):
    """A sentence the group agrees on, in one of the four columns, linked to the keywords it came from."""
    id: Mapped[int] = mapped_column(primary_key=True)
    focus_group_id: Mapped[int] = mapped_column(ForeignKey("focus_group.id", ondelete="CASCADE"), index=True)
    column: Mapped[BoardColumn] = enum_column(BoardColumn)
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    focus_group: Mapped[FocusGroup] = relationship(back_populates="statements")
    keyword_groups: Mapped[list[KeywordGroup]] = relationship(secondary=statement_keyword_groups,
                                                              order_by="KeywordGroup.position",
                                                              info={"audit": True})

    @property
    def audit_district_id(self):
        return self.focus_group.district_id if self.focus_group else None

    def __str__(self):
        return self.text[:80]


class ExtraColumn(Versioned, Audited, db.Model):
    """A list the room adds beside the four columns (the 2015 group's "Due auspici trasversali"): a name and
    what the room wrote in it, one item a line, quoted as written in the synthesis."""
    id: Mapped[int] = mapped_column(primary_key=True)
    focus_group_id: Mapped[int] = mapped_column(ForeignKey("focus_group.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    body: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    focus_group: Mapped[FocusGroup] = relationship(back_populates="extra_columns")

    @property
    def items(self) -> list[str]:
        """What the room wrote, an item a line; a line starting with "- " is a sub-point of the one above."""
        items: list[str] = []
        for line in (self.body or "").splitlines():
            if line.startswith("- ") and items:
                items[-1] += "\n" + line
            elif line.strip():
                items.append(line.strip())
        return items

    @property
    def audit_district_id(self):
        return self.focus_group.district_id if self.focus_group else None

    def __str__(self):
        return self.name
