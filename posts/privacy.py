"""The personal data of the blog, declared to the GDPR registry (app/privacy.py): readers' comments (a name,
an address, the text). Erasure keeps the comment without its name and address; rejected comments are purged
once their retention period is over."""
from __future__ import annotations

from datetime import datetime

from app import privacy
from app.extensions import db
from app.privacy_data import delete_all

from .models import CommentStatus, Post, PostComment


def _by_email(email: str, district_id: int | None = None) -> list[PostComment]:
    query = db.select(PostComment).where(PostComment.email == email)
    if district_id is not None:
        query = query.join(PostComment.post).where(Post.district_id == district_id)
    return list(db.session.scalars(query.order_by(PostComment.created_at, PostComment.id)))


def export_comments(email: str, district_id: int | None = None) -> list[dict]:
    return [{"post": c.post.title, "district": c.post.district.name, "name": c.author_name, "email": c.email,
             "comment": c.body, "status": c.status.value, "written_at": c.created_at.isoformat()}
            for c in _by_email(email, district_id)]


def erase_comments(email: str, district_id: int | None = None) -> int:
    """The comments stay where they are, without a name or an address."""
    comments = _by_email(email, district_id)
    for comment in comments:
        comment.author_name = ""
        comment.email = None
    db.session.flush()
    return len(comments)


def purge_rejected_comments(now: datetime) -> int:
    cutoff = privacy.retention_cutoff("rejected_comments", now)
    if cutoff is None:
        return 0
    return delete_all(db.session.scalars(db.select(PostComment).where(
        PostComment.status == CommentStatus.REJECTED,
        db.func.coalesce(PostComment.moderated_at, PostComment.created_at) < cutoff)).all())


def register() -> None:
    privacy.register("post_comments", export=export_comments, erase=erase_comments)
    privacy.register_purge("rejected_comments", purge_rejected_comments)
