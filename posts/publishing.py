"""A post's way to the public: draft → scheduled → published → unpublished (and back).

A scheduled post goes public by itself when its time comes: visibility is decided when a page is asked for
(`public_clause`), so no background job has to run at the right minute. Times are stored in UTC; the office
types them in the district's wall-clock time (Europe/Rome, converted by app/clock.py). The slug is fixed at the
first publication, so a published address never changes.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, or_

from app.errors import DomainError
from app.extensions import db
from app.models import utcnow
from app.plans import slugify

from .models import SLUG_MAX_LENGTH, Post, PostStatus

# --- what the public sees ----------------------------------------------------------------------------

def public_clause(now: datetime | None = None):
    """SQL condition: the post is published, or scheduled and its time has come."""
    now = now or utcnow()
    return or_(Post.status == PostStatus.PUBLISHED,
               and_(Post.status == PostStatus.SCHEDULED, Post.publish_at <= now))


def is_visible(post: Post, now: datetime | None = None) -> bool:
    return post.is_visible_at(now or utcnow())


def public_date(post: Post) -> datetime | None:
    """When the post went (or goes) public."""
    return post.published_at or post.publish_at


def last_updated(post: Post) -> datetime:
    """For the feed: the latest of the publication and the last edit."""
    return max(filter(None, (post.updated_at, public_date(post), post.created_at)))


# --- the office's transitions -------------------------------------------------------------------------

def _ready(post: Post) -> None:
    if not (post.title or "").strip() or not (post.body or "").strip():
        raise DomainError(_("A post needs a title and a text before it can be published."))


def _fix_slug(post: Post) -> None:
    """Before its first publication the address follows the title; afterwards it never changes."""
    if post.published_at is None:
        post.slug = unique_slug(post.district_id, post.title, exclude_id=post.id)


def publish(post: Post, *, now: datetime | None = None) -> Post:
    """Publish now. A post published before and then withdrawn keeps its first publication date."""
    now = now or utcnow()
    if is_visible(post, now):
        raise DomainError(_("The post is already published."))
    _ready(post)
    if post.status != PostStatus.UNPUBLISHED or post.published_at is None:
        _fix_slug(post)
        post.published_at = now
    post.status = PostStatus.PUBLISHED
    post.publish_at = None
    db.session.flush()
    return post


def schedule(post: Post, when: datetime, *, now: datetime | None = None) -> Post:
    """Publish at `when` (UTC, naive); until then only the office sees the post."""
    now = now or utcnow()
    if is_visible(post, now):
        raise DomainError(_("The post is already published: withdraw it first."))
    if when <= now:
        raise DomainError(_("Choose a time in the future, or publish now."))
    _ready(post)
    if post.status != PostStatus.UNPUBLISHED or post.published_at is None:
        _fix_slug(post)
        post.published_at = None
    post.status = PostStatus.SCHEDULED
    post.publish_at = when
    db.session.flush()
    return post


def unpublish(post: Post, *, now: datetime | None = None) -> Post:
    """Withdraw a public post: its page answers 404 and it leaves the blog and the feed."""
    now = now or utcnow()
    if not is_visible(post, now):
        raise DomainError(_("The post is not public."))
    if post.published_at is None:   # a scheduled post that went out by itself
        post.published_at = post.publish_at
    post.status = PostStatus.UNPUBLISHED
    post.publish_at = None
    db.session.flush()
    return post


def back_to_draft(post: Post, *, now: datetime | None = None) -> Post:
    """Cancel a schedule, or turn a withdrawn post back into a draft."""
    if is_visible(post, now) or post.status == PostStatus.DRAFT:
        raise DomainError(_("Only a scheduled or withdrawn post can go back to draft."))
    post.status = PostStatus.DRAFT
    post.publish_at = None
    db.session.flush()
    return post


def set_comments(post: Post, enabled: bool) -> Post:
    post.comments_enabled = bool(enabled)
    db.session.flush()
    return post


def unique_slug(district_id: int, title: str, *, exclude_id: int | None = None) -> str:
    """The title as an address, unique in the district ("-2", "-3"... when taken)."""
    base = slugify(title or "")[:SLUG_MAX_LENGTH - 6]
    if base == "ambito" and "ambito" not in (title or "").lower():   # slugify's fallback for no letters
        base = "post"
    taken = set(db.session.scalars(db.select(Post.slug).where(
        Post.district_id == district_id, Post.slug.like(f"{base}%"),
        Post.id != (exclude_id or 0))))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
