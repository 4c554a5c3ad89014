"""The planning office's publishing panel on a post's editor page: publish now, schedule, withdraw, back to
draft, open or close comments, download the post as a document. Every button posts here and comes back
to the page it was pressed on."""
from __future__ import annotations

from flask import abort, flash, g, redirect, url_for
from flask_babel import gettext as _
from wtforms import BooleanField, DateTimeLocalField, HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired, Optional

from app.auth import is_safe_next, role_required
from app.clock import to_utc
from app.errors import DomainError
from app.extensions import db
from app.forms import FlaskForm
from app.view_helpers import OFFICE

from . import publishing
from .blueprint import post_publishing as bp
from .comment_views import pending_count
from .models import Post
from .public_views import document_response

ACTIONS = ("publish", "schedule", "unpublish", "draft")


class PublishingForm(FlaskForm):
    action = StringField(validators=[DataRequired(), AnyOf(ACTIONS)])
    publish_at = DateTimeLocalField(format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"], validators=[Optional()])
    next = HiddenField()


class CommentsForm(FlaskForm):
    enabled = BooleanField()
    next = HiddenField()


def post_or_404(post_id: int) -> Post:
    post = db.session.get(Post, post_id)
    if post is None or post.district_id != g.district.id:
        abort(404)
    return post


def _back(form, post: Post):
    target = form.next.data
    return redirect(target if is_safe_next(target) else url_for("blog.post", slug=post.slug))


@bp.post("/<district>/blog/articoli/<int:post_id>/pubblicazione")
@role_required(*OFFICE)
def change(post_id: int):
    post = post_or_404(post_id)
    form = PublishingForm()
    if not form.validate_on_submit():
        flash(_("Choose a valid date and time."), "error")
        return _back(form, post)
    try:
        if form.action.data == "publish":
            publishing.publish(post)
            message = _("Published: the post is on the blog and in the feed.")
        elif form.action.data == "schedule":
            if form.publish_at.data is None:
                raise DomainError(_("Choose when the post goes public."))
            publishing.schedule(post, to_utc(form.publish_at.data))
            message = _("Scheduled: the post goes public by itself at the time you chose.")
        elif form.action.data == "unpublish":
            publishing.unpublish(post)
            message = _("Withdrawn: the post is no longer public.")
        else:
            publishing.back_to_draft(post)
            message = _("The post is a draft again.")
        db.session.commit()
        flash(message, "success")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    return _back(form, post)


@bp.post("/<district>/blog/articoli/<int:post_id>/commenti")
@role_required(*OFFICE)
def comments(post_id: int):
    post = post_or_404(post_id)
    form = CommentsForm()
    if not form.validate_on_submit():
        abort(400)
    publishing.set_comments(post, form.enabled.data)
    db.session.commit()
    flash(_("Comments are open on this post.") if post.comments_enabled
          else _("Comments are closed on this post."), "success")
    return _back(form, post)


@bp.get("/<district>/blog/articoli/<int:post_id>/documento.<any(docx, odt, pdf, md):fmt>")
@role_required(*OFFICE)
def document(post_id: int, fmt: str):
    return document_response(post_or_404(post_id), fmt)


# --- for templates/posts/_publishing_panel.html (included in the editor page with `post` in the context) ---

@bp.app_template_global()
def post_is_public(post: Post) -> bool:
    return publishing.is_visible(post)


@bp.app_template_global()
def post_pending_comments(post: Post) -> int:
    return pending_count(post)
