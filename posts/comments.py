"""Readers' comments on public posts: off unless the office opens them on a post, held until the office
approves them, plain text only (shown escaped, never as markup), the writer's e-mail never shown.

Comments are personal data: posts/privacy.py declares them to the GDPR registry (export by e-mail;
erasure keeps the comment, without its author).
"""
from __future__ import annotations

import re
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func

from app import moderation
from app.errors import DomainError
from app.extensions import db
from app.role_models import ParticipantRole
from app.account_models import User
from app.models import utcnow
from app.people import normalise_email
from app.urls import public_url

from .models import CommentStatus, Post, PostComment
from .publishing import is_visible

NAME_MAX_LENGTH = 200
BODY_MAX_LENGTH = 5000
# Control characters (NUL above all: PostgreSQL refuses it) never belong in a comment; line breaks and tabs do.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def add_comment(post: Post, *, name: str, email: str, body: str, now: datetime | None = None,
                notify: bool = False, role: ParticipantRole | None = None,
                organization_name: str | None = None) -> PostComment:
    """A reader's comment, waiting for moderation; with `notify`, the planning office hears of it by e-mail
    (app/moderation.py: not again within the hour while an earlier one on this post waits)."""
    if not post.comments_enabled or not is_visible(post, now):
        raise DomainError(_("Comments are closed on this post."))
    name = " ".join(CONTROL.sub("", name or "").split())
    body = CONTROL.sub("", body or "").replace("\r\n", "\n").strip()
    if not name or not body:
        raise DomainError(_("Write your name and a comment."))
    if len(name) > NAME_MAX_LENGTH or len(body) > BODY_MAX_LENGTH:
        raise DomainError(_("The comment is too long (at most %(num)d characters).", num=BODY_MAX_LENGTH))
    email = normalise_email(email)
    twin = db.session.scalar(db.select(PostComment).where(
        PostComment.post_id == post.id, PostComment.email == email, PostComment.body == body).limit(1))
    if twin is not None:          # the same comment sent twice (a double click, a reload): keep one
        return twin
    if role is not None and role.district_id != post.district_id:
        raise DomainError(_("That role belongs to another district."))
    comment = PostComment(post=post, author_name=name, email=email, body=body,
                          status=CommentStatus.PENDING, created_at=now or utcnow(),
                          role_id=role.id if role is not None else None,
                          organization_name=" ".join(CONTROL.sub("", organization_name or "").split())[:200] or None)
    tell = notify and moderation.claim(comment, PostComment.post_id == post.id,
                                       PostComment.status == CommentStatus.PENDING)
    db.session.add(comment)
    db.session.flush()
    if tell:
        moderation.tell_office(moderation.Waiting(
            district=post.district, kind="comment", where=post.title, author=name, text=body,
            queue_url=public_url("comment_moderation.queue", district=post.district.slug)))
    return comment


def moderate(comment: PostComment, status: CommentStatus, moderator: User) -> PostComment:
    """Approve or reject a comment (or put it back in the queue)."""
    comment.status = status
    comment.moderated_at = None if status == CommentStatus.PENDING else utcnow()
    comment.moderated_by = None if status == CommentStatus.PENDING else moderator
    db.session.flush()
    return comment


def approved(post: Post) -> list[PostComment]:
    return list(db.session.scalars(
        db.select(PostComment)
        .where(PostComment.post_id == post.id, PostComment.status == CommentStatus.APPROVED)
        .order_by(PostComment.created_at, PostComment.id)))


def queue(district_id: int, status: CommentStatus):
    """The district's comments in one state, oldest first for the pending ones (first come, first read)."""
    oldest_first = status == CommentStatus.PENDING
    order = (PostComment.created_at.asc() if oldest_first else PostComment.created_at.desc(), PostComment.id)
    return (db.select(PostComment).join(PostComment.post)
            .where(Post.district_id == district_id, PostComment.status == status).order_by(*order))


def counts(district_id: int) -> dict[CommentStatus, int]:
    rows = db.session.execute(
        db.select(PostComment.status, func.count()).join(PostComment.post)
        .where(Post.district_id == district_id).group_by(PostComment.status)).all()
    found = dict(rows)
    return {status: found.get(status, 0) for status in CommentStatus}
