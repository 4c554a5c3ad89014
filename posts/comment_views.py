"""Comments: the public form under a post (rate-limited, with a honeypot field instead of a captcha) and the
planning office's moderation queue."""
from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired

from app.auth import is_safe_next, role_required
from app.errors import DomainError
from app.extensions import db, limiter
from app.forms import FlaskForm
from app.office_registries import register_district_section
from app.view_helpers import OFFICE

from . import comments
from .blueprint import post_comments as public_bp, comment_moderation as bp
from .comment_forms import CommentForm
from .models import CommentStatus, Post, PostComment
from .public_views import post_or_404, render_post_page
from .publishing import is_visible

PER_PAGE = 20

register_district_section("comment_moderation.queue", _l("Blog comments"), OFFICE,
                          _l("Readers' comments wait here until you approve them."), order=400)


class ModerationForm(FlaskForm):
    status = StringField(validators=[DataRequired(), AnyOf([s.value for s in CommentStatus])])
    next = HiddenField()


def comment_rate_limit() -> str:
    return current_app.config.get("COMMENT_RATE_LIMIT", "5 per minute;30 per day")


THANKS = _l("Thank you: your comment will appear once the planning office has read it.")


@public_bp.post("/blog/<district>/<slug>/commenti")
@limiter.limit(comment_rate_limit, methods=["POST"])
def add(slug: str):
    post = post_or_404(slug)
    if not post.comments_enabled or not is_visible(post):
        abort(404)
    form = CommentForm().set_roles(post)
    if form.website.data:                 # a bot: answer as if all went well, keep nothing
        flash(str(THANKS), "success")
        return redirect(url_for("blog.post", slug=post.slug, _anchor="commenti"))
    if form.validate_on_submit():
        try:
            comments.add_comment(post, name=form.name.data, email=form.email.data, body=form.body.data,
                                 notify=True, role=form.role(post), organization_name=form.organization_name.data)
            db.session.commit()
            flash(str(THANKS), "success")
            return redirect(url_for("blog.post", slug=post.slug, _anchor="commenti"))
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
    return render_post_page(post, form, status=422)


# --- the office's queue --------------------------------------------------------------------------------

@bp.get("/<district>/blog/commenti")
@role_required(*OFFICE)
def queue():
    status = request.args.get("stato", CommentStatus.PENDING.value)
    if status not in {s.value for s in CommentStatus}:
        abort(404)
    status = CommentStatus(status)
    page = db.paginate(comments.queue(g.district.id, status), per_page=PER_PAGE, error_out=False)
    return render_template("posts/comment_queue.html", page=page, status=status,
                           counts=comments.counts(g.district.id), statuses=list(CommentStatus),
                           form=ModerationForm())


@bp.post("/<district>/blog/commenti/<int:comment_id>")
@role_required(*OFFICE)
def moderate(comment_id: int):
    comment = db.session.get(PostComment, comment_id)
    if comment is None or comment.post.district_id != g.district.id:
        abort(404)
    form = ModerationForm()
    if not form.validate_on_submit():
        abort(400)
    comments.moderate(comment, CommentStatus(form.status.data), current_user)
    db.session.commit()
    flash(_("Comment by %(name)s: %(status)s.", name=comment.author_name or _("Anonymous"),
            status=comment.status.label), "success")
    return redirect(form.next.data if is_safe_next(form.next.data) else url_for("comment_moderation.queue"))


def pending_count(post: Post) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(PostComment).where(
        PostComment.post_id == post.id, PostComment.status == CommentStatus.PENDING)) or 0
