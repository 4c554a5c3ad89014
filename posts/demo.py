"""The demo's posts: the three syntheses the Ufficio di Piano published in March 2015 - one per focus group of
5 March, generated from the cards and the focus groups of the demo - on the days they were published, and
two readers' comments (placeholders) on the first."""
from __future__ import annotations

from datetime import datetime

from app.extensions import db
from app.account_models import Membership, User
from app.models import Plan, Role
from focus_groups.demo import sample as focus_sample
from focus_groups.models import FocusGroup

from . import comments, publishing, services
from .models import CommentStatus, Post, PostKind

DEMO_FOCUS = "Modello organizzativo"     # the synthesis readers have commented


def _office(plan: Plan) -> User | None:
    return db.session.scalar(db.select(User).join(Membership).where(
        Membership.district_id == plan.district_id, Membership.role == Role.PLANNING_OFFICE)
        .order_by(User.id))


def _synthesis_of(**where) -> Post | None:
    return db.session.scalar(db.select(Post).filter_by(kind=PostKind.SYNTHESIS, **where).limit(1))


def load_demo_posts(plan: Plan) -> list[Post]:
    """Create the demo posts once; running it again changes nothing."""
    author = _office(plan)
    posts, covered = [], set()
    for data in focus_sample()["focus_groups"]:
        focus = db.session.scalar(db.select(FocusGroup).filter_by(plan_id=plan.id, title=data["area"]))
        if focus is None:
            continue
        covered.add(focus.area_id)
        post = _synthesis_of(focus_group_id=focus.id)
        if post is None:
            post = services.create_synthesis(focus, author=author)
            publishing.publish(post)
            # the day the blog published it
            post.published_at = post.created_at = post.updated_at = datetime.fromisoformat(data["post_date"])
            if focus.title == DEMO_FOCUS:
                _demo_comments(post, author)
        posts.append(post)
    for area in plan.areas:
        if area.id in covered:
            continue
        post = _synthesis_of(area_id=area.id, focus_group_id=None)
        if post is None:
            post = services.create_area_synthesis(area, author=author)
        posts.append(post)
    db.session.flush()
    return posts


# Readers' comments on the published synthesis: one approved, one waiting in the office's queue.
DEMO_COMMENTS = [
    ("Lettrice 1", "lettrice.1@example.org", CommentStatus.APPROVED,
     "Grazie per la sintesi. Nel nostro Comune la \"timidezza decisionale\" si sente molto: sarebbe utile "
     "ritrovarsi anche con gli amministratori."),
    ("Lettore 2", "lettore.2@example.org", CommentStatus.PENDING,
     "Ci sarà un altro incontro sul modello organizzativo? Vorrei portare l'esperienza della nostra cooperativa."),
]


def _demo_comments(post: Post, moderator: User | None) -> None:
    publishing.set_comments(post, True)
    for name, email, status, body in DEMO_COMMENTS:
        comment = comments.add_comment(post, name=name, email=email, body=body)
        if status != CommentStatus.PENDING and moderator is not None:
            comments.moderate(comment, status, moderator)
