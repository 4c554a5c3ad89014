"""Posts in one line for the blog tests: `make_post(district, "Title", status=...)`."""
from __future__ import annotations

from datetime import timedelta

from app.extensions import db
from app.models import utcnow
from app.plans import slugify
from posts.models import Post, PostKind, PostStatus, PostTag
from posts.publishing import unique_slug


def make_post(district, title="Sintesi del gruppo Modello organizzativo", *,
              body="## Da dove partiamo\n\nTesto.",
              status=PostStatus.PUBLISHED, kind=PostKind.SYNTHESIS, days_ago=1, publish_at=None, area=None,
              tags=(), comments=False, summary=None, **values) -> Post:
    published_at = utcnow() - timedelta(days=days_ago) if status in (PostStatus.PUBLISHED,
                                                                      PostStatus.UNPUBLISHED) else None
    post = Post(district_id=district.id, title=title, slug=unique_slug(district.id, title), body=body,
                status=status, kind=kind, published_at=published_at, publish_at=publish_at, area=area,
                comments_enabled=comments, summary=summary, **values)
    for name in tags:
        tag = db.session.scalar(db.select(PostTag).filter_by(district_id=district.id, name=name))
        post.tags.append(tag or PostTag(district_id=district.id, name=name, slug=slugify(name), area=area))
    db.session.add(post)
    db.session.commit()
    return post


def post_path(post, suffix="") -> str:
    return f"/blog/{post.district.slug}/{post.slug}{suffix}"
