"""What the blog asks of the planning office now: readers' comments waiting for moderation."""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from app.extensions import db
from app.models import District
from app.worklist import WorkItem, register_work_counter

from .models import CommentStatus, Post, PostComment


def office_counts(district: District) -> list[WorkItem]:
    waiting = db.session.scalar(db.select(db.func.count(PostComment.id)).join(PostComment.post)
                                .where(Post.district_id == district.id, PostComment.status == CommentStatus.PENDING))
    return [WorkItem("blog-comments", _("Blog comments waiting for moderation"), waiting,
                     url_for("comment_moderation.queue", stato=CommentStatus.PENDING.value))]


register_work_counter(office_counts, order=400)
