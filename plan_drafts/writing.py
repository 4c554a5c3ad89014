"""Participatory writing: who may read and comment a draft, comments and their moderation, amendments to an
objective and the office's decision on them (which makes a new version), and the author's e-mail.

Only flush(); callers commit. Contributions from the public wait for the planning office before anyone else
sees them; contributions of the district's participants are shown at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import func, or_

from app import mail, moderation
from app.errors import DomainError
from app.extensions import db
from app.account_models import User
from app.models import Role, utcnow
from app.role_models import ParticipantRole
from app.urls import public_url

from . import paragraphs, services, versions
from .models import DraftChapter, DraftObjective, DraftStatus, DraftVisibility, PlanDraft
from .services import OBJECTIVE_MAX_LENGTH
from .writing_models import Amendment, AmendmentStatus, CommentStatus, DraftComment

MAX_COMMENT = 5000
MAX_REASON = 5000
RESENT_WITHIN = timedelta(minutes=5)
# Lengths of the objective's columns; a proposal must fit the field it replaces.
FIELD_LENGTH = {"title": OBJECTIVE_MAX_LENGTH, "intervention_type": 300, "target_range": 300, "timing": 300}


# ---- who may do what -------------------------------------------------------------------------------

def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_office(user, draft: PlanDraft) -> bool:
    return _signed_in(user) and user.has_role(draft.district_id, Role.PLANNING_OFFICE)


def is_participant(user, draft: PlanDraft) -> bool:
    """Anyone with a role in the draft's district (office, facilitators, referents) or an administrator."""
    return _signed_in(user) and (user.is_admin or bool(user.roles_in(draft.district_id)))


def may_read(user, draft: PlanDraft) -> bool:
    """services.may_read for accounts, and everyone once the office opens the draft to the public."""
    if draft.visibility == DraftVisibility.PUBLIC:
        return True
    return _signed_in(user) and services.may_read(user, draft)


def may_contribute(user, draft: PlanDraft) -> bool:
    """Comments and amendments: whoever may read a draft still being written."""
    return draft.is_editable and may_read(user, draft)


def open_for_comments(user, district_id: int, previous_plan_id: int | None = None) -> list[PlanDraft]:
    """The district's drafts `user` may comment on now (of the plan they follow, when given): what the public
    pages point to while the office asks for comments."""
    query = db.select(PlanDraft).where(PlanDraft.district_id == district_id,
                                       PlanDraft.status == DraftStatus.DRAFT,
                                       PlanDraft.visibility != DraftVisibility.OFFICE).order_by(PlanDraft.id)
    if previous_plan_id is not None:
        query = query.where(PlanDraft.previous_plan_id == previous_plan_id)
    return [draft for draft in db.session.scalars(query) if may_contribute(user, draft)]


def _author(user, draft: PlanDraft, name: str | None, email: str | None, speaking_as: SpeakingAs | None) -> dict:
    """Who writes, and in which capacity and for which body, when they said."""
    speaking_as = speaking_as or SpeakingAs()
    if speaking_as.role is not None and speaking_as.role.district_id != draft.district_id:
        raise DomainError(_("That role belongs to another district."))
    capacity = {"role_id": speaking_as.role.id if speaking_as.role else None,
                "organization_name": " ".join((speaking_as.organization_name or "").split())[:200] or None}
    if is_participant(user, draft):
        return {"author": user, "author_name": user.name, "author_email": None, "from_public": False, **capacity}
    name, email = (name or "").strip(), (email or "").strip().lower()
    if not name or not email:
        raise DomainError(_("Your name and e-mail address are required."))
    account = user if _signed_in(user) else None
    return {"author": account, "author_name": name[:200], "author_email": email[:254], "from_public": True,
            **capacity}


@dataclass(frozen=True)
class SpeakingAs:
    """The capacity a contribution is written in (a role of the district's list) and the body, both optional."""
    role: ParticipantRole | None = None
    organization_name: str | None = None


def _same_as_just_sent(model, author: dict, *conditions):
    """The same text from the same person a moment ago: a double click or a resent form, kept once."""
    if author["from_public"]:
        who = model.author_email == author["author_email"]
    else:
        who = model.author_id == author["author"].id
    recent = model.created_at > utcnow() - RESENT_WITHIN
    return db.session.scalar(db.select(model).where(who, recent, *conditions).limit(1))


def _text(value: str | None, limit: int, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(missing)
    if len(value) > limit:
        raise DomainError(_("The text is too long: at most %(num)d characters.", num=limit))
    return value


# ---- comments ------------------------------------------------------------------------------------------

def add_comment(chapter: DraftChapter, *, body: str, user, name: str | None = None, email: str | None = None,
                paragraph: int | None = None, parent: DraftComment | None = None,
                notify: bool = False, speaking_as: SpeakingAs | None = None) -> DraftComment:
    """A comment; from the public it waits for moderation and, with `notify`, the office hears of it."""
    draft = chapter.draft
    if not may_contribute(user, draft):
        raise DomainError(_("Comments are closed on this draft."))
    body = _text(body, MAX_COMMENT, _("Write your comment."))
    if parent is not None:
        if parent.chapter_id != chapter.id or not parent.is_visible:
            raise DomainError(_("The comment you answer is not on this chapter."))
        parent = parent.parent or parent          # one level of replies keeps threads readable
        paragraph = parent.paragraph
    excerpt = None
    if paragraph is not None:
        blocks = paragraphs.blocks(chapter.body)
        if not 0 <= paragraph < len(blocks):
            raise DomainError(_("That paragraph is no longer in the chapter: reload the page."))
        excerpt = parent.excerpt if parent is not None else paragraphs.excerpt(blocks[paragraph])
    author = _author(user, draft, name, email, speaking_as)
    again = _same_as_just_sent(DraftComment, author, DraftComment.chapter_id == chapter.id,
                               DraftComment.body == body)
    if again is not None:
        return again
    comment = DraftComment(draft=draft, chapter=chapter, parent=parent, paragraph=paragraph, excerpt=excerpt,
                           chapter_version=chapter.version, body=body,
                           status=CommentStatus.PENDING if author["from_public"] else CommentStatus.PUBLISHED,
                           **author)
    tell = notify and author["from_public"] and moderation.claim(
        comment, DraftComment.chapter_id == chapter.id, DraftComment.status == CommentStatus.PENDING)
    db.session.add(comment)
    db.session.flush()
    if tell:
        _tell_office(draft, comment, "comment", f"{draft.title} · {chapter.title}", body)
    return comment


def _tell_office(draft: PlanDraft, item, kind: str, where: str, text: str) -> None:
    moderation.tell_office(moderation.Waiting(
        district=draft.district, kind=kind, where=where, author=item.author_name, text=text,
        queue_url=public_url("draft_participation.participation", district=draft.district.slug,
                             draft_id=draft.id)))


def moderate(comment: DraftComment, *, publish: bool, by: User) -> None:
    comment.status = CommentStatus.PUBLISHED if publish else CommentStatus.HIDDEN
    comment.moderated_at, comment.moderated_by_id = utcnow(), by.id
    db.session.flush()


def thread_query(chapter: DraftChapter, *, paragraph: int | None = None, include_hidden: bool = False):
    """Top-level comments of a chapter, newest first, with their replies loaded in the same round trip."""
    query = (db.select(DraftComment)
             .where(DraftComment.chapter_id == chapter.id, DraftComment.parent_id.is_(None))
             .options(db.selectinload(DraftComment.replies)).order_by(DraftComment.id.desc()))
    if not include_hidden:
        query = query.where(DraftComment.status == CommentStatus.PUBLISHED)
    if paragraph is not None:
        query = query.where(DraftComment.paragraph == paragraph)
    return query


def comment_counts(draft: PlanDraft) -> dict[tuple[int, int | None], int]:
    """(chapter id, paragraph or None) → published comments, replies included, in one query."""
    rows = db.session.execute(
        db.select(DraftComment.chapter_id, DraftComment.paragraph, func.count())
        .where(DraftComment.draft_id == draft.id, DraftComment.status == CommentStatus.PUBLISHED)
        .group_by(DraftComment.chapter_id, DraftComment.paragraph)).all()
    return {(chapter_id, paragraph): count for chapter_id, paragraph, count in rows}


def pending_comments_query(draft: PlanDraft):
    return (db.select(DraftComment).where(DraftComment.draft_id == draft.id,
                                          DraftComment.status == CommentStatus.PENDING)
            .options(db.joinedload(DraftComment.chapter)).order_by(DraftComment.id))


# ---- amendments ------------------------------------------------------------------------------------------

def propose_amendment(objective: DraftObjective, *, field: str, text: str, reason: str, user,
                      name: str | None = None, email: str | None = None, notify: bool = False,
                      speaking_as: SpeakingAs | None = None) -> Amendment:
    """An amendment; from the public it waits unseen for the office, which hears of it with `notify`."""
    draft = objective.axis.draft
    if not may_contribute(user, draft):
        raise DomainError(_("Amendments are closed on this draft."))
    if field not in versions.AMENDABLE_FIELDS:
        raise DomainError(_("Choose the part of the objective you want to change."))
    text = _text(text, FIELD_LENGTH.get(field, MAX_COMMENT), _("Write the text you propose."))
    current = getattr(objective, field) or ""
    if text == current.strip():
        raise DomainError(_("The text you propose is the same as the current one."))
    reason = _text(reason, MAX_REASON, _("Say why you propose the change."))
    author = _author(user, draft, name, email, speaking_as)
    again = _same_as_just_sent(Amendment, author, Amendment.objective_id == objective.id,
                               Amendment.field == field, Amendment.proposed_text == text)
    if again is not None:
        return again
    amendment = Amendment(draft=draft, objective=objective, field=field, base_text=current,
                          base_version=objective.version, proposed_text=text, reason=reason, **author)
    tell = notify and author["from_public"] and moderation.claim(
        amendment, Amendment.objective_id == objective.id, Amendment.from_public.is_(True),
        Amendment.status == AmendmentStatus.PENDING)
    db.session.add(amendment)
    db.session.flush()
    if tell:
        where = f"{draft.title} · {objective.number}. {moderation.excerpt(objective.title, 80)}"
        _tell_office(draft, amendment, "amendment", where, f"{text}\n\n{reason}")
    return amendment


def _decided(amendment: Amendment, by: User) -> None:
    if not amendment.is_open:
        raise DomainError(_("This amendment has already been decided."))
    if not amendment.draft.is_editable:
        raise DomainError(_("The draft has been approved: it can no longer change."))
    amendment.decided_at, amendment.decided_by = utcnow(), by


def accept_amendment(amendment: Amendment, *, by: User, text: str | None = None, note: str | None = None):
    """Put the proposed text (or the office's edit of it: a merge) into the objective, as a new version."""
    _decided(amendment, by)
    final = amendment.proposed_text if text is None else \
        _text(text, FIELD_LENGTH.get(amendment.field, MAX_COMMENT), _("The text to accept cannot be empty."))
    objective = amendment.objective
    setattr(objective, amendment.field, final)
    amendment.final_text = final
    same = final == amendment.proposed_text
    amendment.status = AmendmentStatus.ACCEPTED if same else AmendmentStatus.MERGED
    amendment.decision_note = (note or "").strip() or None
    amendment.version = versions.record(objective, note=_("Amendment %(num)d by %(name)s", num=amendment.id,
                                                          name=amendment.author_name or _("anonymous")))
    db.session.flush()
    return amendment.version


def reject_amendment(amendment: Amendment, *, by: User, reason: str) -> None:
    reason = _text(reason, MAX_REASON, _("Say why the amendment is rejected: the author will read it."))
    _decided(amendment, by)
    amendment.status, amendment.decision_note = AmendmentStatus.REJECTED, reason
    db.session.flush()


def visible_amendments_query(objective: DraftObjective, *, office: bool):
    """The office sees every amendment; others those of participants and the public ones already decided."""
    query = (db.select(Amendment).where(Amendment.objective_id == objective.id)
             .order_by(Amendment.id.desc()))
    if not office:
        query = query.where(or_(Amendment.from_public.is_(False),
                                Amendment.status != AmendmentStatus.PENDING))
    return query


def pending_amendments_query(draft: PlanDraft):
    return (db.select(Amendment)
            .where(Amendment.draft_id == draft.id, Amendment.status == AmendmentStatus.PENDING)
            .options(db.joinedload(Amendment.objective)).order_by(Amendment.id))


def notify_decision(amendment: Amendment) -> bool:
    """Tell the author what the office decided (within a request, for the link); False: nobody to tell."""
    address = amendment.notify_address
    if not address:
        return False
    draft = amendment.draft
    link = public_url("draft_writing.objective", draft_id=draft.id, objective_id=amendment.objective_id,
                      _anchor=f"amendment-{amendment.id}")
    body = render_template("plan_drafts/writing/mail/amendment_decided.txt", amendment=amendment, draft=draft,
                           objective=amendment.objective, field=versions.field_label(amendment.field),
                           link=link)
    mail.send(address, _("Your amendment to \"%(title)s\": %(state)s", title=draft.title,
                         state=amendment.status.label), body, district=draft.district)
    return True
