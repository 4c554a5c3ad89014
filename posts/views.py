"""The planning office's post editor, under /gestione/<district>/blog/: the list of posts, generating a
synthesis from a focus group or an area, announcements and free posts, the editor with live preview and
autosave, images, one section regenerated after a comparison, conflicts kept side by side."""
from __future__ import annotations

import plotly
from flask import (abort, flash, g, jsonify, make_response, redirect, render_template, request,
                   url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from app.auth import role_required
from app.errors import ConflictError, DomainError
from app.extensions import csrf, db
from app.autosave import conflict_or_404, expired, kept, save_or_keep, saved_at, settle, version_refused
from app.forms import form_status
from app.models import PlanningArea
from app.office_registries import register_district_section
from app.text import contains_text
from app.uploads import send_stored
from app.versioned import open_conflicts, version_of
from app.view_helpers import NO_STORE, OFFICE, ConfirmForm, confirm_delete, may_open, owned_or_404, saved
from focus_groups.models import FocusGroup
from meetings.models import Meeting

from . import blocks, check_list, rendering, sections, services, synthesis
from .blueprint import posts as bp, post_images as images
from .forms import BODY_MAX_LENGTH, ImageForm, NewPostForm, PostForm, RegenerateForm
from .models import Post, PostImage, PostKind, PostStatus
from .publishing import is_visible

PER_PAGE = 20

register_district_section("posts.posts", _l("Blog and syntheses"), OFFICE,
                          _l("Generate the synthesis of a focus group, write announcements, publish."),
                          order=410)


def post_or_404(post_id: int) -> Post:
    return owned_or_404(Post, post_id)


def editor_url(post: Post, **values) -> str:
    return url_for("posts.edit", post_id=post.id, **values)


# ---- the list --------------------------------------------------------------------------------------------

@bp.get("/<district>/blog/articoli/")
@role_required(*OFFICE)
def posts():
    status = request.args.get("status")
    status = status if status in PostStatus._value2member_map_ else None
    kind = request.args.get("kind")
    kind = kind if kind in PostKind._value2member_map_ else None
    q = "".join(c for c in (request.args.get("q") or "") if c.isprintable()).strip()[:200]
    query = db.select(Post).where(Post.district_id == g.district.id)
    if status:
        query = query.where(Post.status == PostStatus(status))
    if kind:
        query = query.where(Post.kind == PostKind(kind))
    if q:
        query = query.where(contains_text(q, Post.title, Post.summary, Post.body))
    page = db.paginate(query.order_by(Post.updated_at.desc(), Post.id.desc()),
                       page=request.args.get("page", 1, type=int), per_page=PER_PAGE, error_out=False)
    return render_template("posts/list.html", page=page, q=q, status=status, kind=kind,
                           statuses=list(PostStatus), kinds=list(PostKind))


# ---- creating ----------------------------------------------------------------------------------------------

@bp.get("/<district>/blog/sintesi")
@role_required(*OFFICE)
def generate_page():
    """Focus groups and areas of the district's plans, each with its syntheses and a "generate" button."""
    plans = g.district.plans
    focus_groups = db.session.scalars(db.select(FocusGroup).where(FocusGroup.district_id == g.district.id)
                                      .order_by(FocusGroup.date.desc(), FocusGroup.id.desc())).all()
    existing = db.session.scalars(db.select(Post).where(Post.district_id == g.district.id,
                                                        Post.kind == PostKind.SYNTHESIS)
                                  .order_by(Post.created_at.desc())).all()
    by_focus, by_area = {}, {}
    for post in existing:
        if post.focus_group_id:
            by_focus.setdefault(post.focus_group_id, []).append(post)
        elif post.area_id:
            by_area.setdefault(post.area_id, []).append(post)
    return render_template("posts/generate.html", plans=plans, focus_groups=focus_groups, by_focus=by_focus,
                           by_area=by_area, chosen=request.args.get("focus_id", type=int), form=ConfirmForm())


def _generated(create):
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    post = create()
    db.session.commit()
    flash(_("The synthesis has been written from today's data: it is a draft, read it and edit it."),
          "success")
    return redirect(editor_url(post))


@bp.post("/<district>/focus/<int:focus_id>/sintesi")
@role_required(*OFFICE)
def generate_focus(focus_id: int):
    focus = owned_or_404(FocusGroup, focus_id)
    return _generated(lambda: services.create_synthesis(focus, author=current_user))


@bp.post("/<district>/aree/<int:area_id>/sintesi")
@role_required(*OFFICE)
def generate_area(area_id: int):
    area = owned_or_404(PlanningArea, area_id)
    return _generated(lambda: services.create_area_synthesis(area, author=current_user))


def _meetings():
    return db.session.scalars(db.select(Meeting).where(Meeting.district_id == g.district.id)
                              .order_by(Meeting.starts_at.desc()).limit(50)).all()


@bp.route("/<district>/blog/articoli/nuovo", methods=["GET", "POST"])
@role_required(*OFFICE)
def new():
    form = NewPostForm(data={"kind": request.args.get("kind", PostKind.ANNOUNCEMENT.value)})
    meetings = {m.id: m for m in _meetings()}
    form.meeting_id.choices = [(0, _("None")), *[(m.id, f"{m.title} ({m.starts_at:%d/%m/%Y})")
                                                 for m in meetings.values()]]
    post = saved(form, lambda: services.create_post(
            g.district, kind=PostKind(form.kind.data), title=form.title.data, summary=form.summary.data,
            author=current_user, meeting=meetings.get(form.meeting_id.data), plan=g.district.current_plan))
    if post:
        flash(_("Post created: write its text."), "success")
        return redirect(editor_url(post))
    return render_template("posts/new.html", form=form), form_status()


# ---- the editor ----------------------------------------------------------------------------------------

def _sent(form) -> dict:
    return {"title": form.title.data or "", "summary": form.summary.data or "", "body": form.body.data or "",
            "tags": form.tags.data or ""}


def _saved(post: Post) -> dict:
    return {"title": post.title, "summary": post.summary or "", "body": post.body or "",
            "tags": services.free_tags(post)}


def _readable(post: Post, body: str | None) -> str:
    """A body as a comparison shows it: the text, no markers, charts by their title."""
    return blocks.readable(body, lambda key: "[%s: %s]" % (
        _("Chart"), ((post.charts or {}).get(key) or {}).get("title") or key))


def _differences(post: Post, mine: dict) -> list[dict]:
    labels = {"title": _("Title"), "summary": _("Summary"), "body": _("Text"), "tags": _("Tags")}
    theirs = _saved(post)

    def shown(key, data):
        return _readable(post, data.get(key)) if key == "body" else data.get(key) or ""

    return [{"field": key, "label": labels[key], "mine": shown(key, mine), "theirs": shown(key, theirs)}
            for key in labels if (mine.get(key) or "").strip() != (theirs[key] or "").strip()]


def _save(post: Post, form: PostForm):
    """Save the editor's form; returns the conflict kept when someone else saved first (committed)."""
    return save_or_keep(post, form, lambda: services.save_post(post, **_sent(form), base_version=version_of(form),
                                                               by=current_user),
                        sent=_sent(form), theirs=lambda: _saved(post))


def _editor(post: Post, form: PostForm, status: int = 200, **extra):
    preview = extra.pop("preview", None)
    items = rendering.editor_blocks(form.body.data, post.charts)
    response = make_response(render_template(
        "posts/edit.html", post=post, form=form, image_form=ImageForm(), confirm=ConfirmForm(),
        blocks=items, layout=blocks.layout([item["block"] for item in items]),
        preview=preview if preview is not None else rendering.render_post(post),
        section_states=_section_states(post), conflicts=open_conflicts(post), checks=check_list.for_post(post),
        has_publishing=may_open("post_publishing.change"),
        plotly_url=_plotly_url(), **extra), status)
    response.headers.update(NO_STORE)   # never an old version from the cache on "back"
    return response


def _plotly_url() -> str:
    return url_for("chart_assets.plotly_js", version=plotly.__version__)


def _section_states(post: Post) -> list[dict]:
    if post.kind != PostKind.SYNTHESIS:
        return []
    present = sections.sections(post.body)
    edited = set(services.edited_sections(post))
    return [{"key": key, "title": synthesis.section_title(key), "present": key in present,
             "edited": key in edited and key in present} for key in synthesis.SECTION_KEYS]


@bp.route("/<district>/blog/articoli/<int:post_id>/", methods=["GET", "POST"])
@csrf.exempt        # PostForm checks the token itself, so an expired page comes back with the text typed
@role_required(*OFFICE)
def edit(post_id: int):
    post = post_or_404(post_id)
    if request.method == "GET":
        return _editor(post, PostForm(data={"version": post.version, "title": post.title,
                                            "summary": post.summary, "body": post.body,
                                            "tags": services.free_tags(post)}))
    form = PostForm()
    if not form.validate():
        if "csrf_token" in form.errors:
            form.version.data = post.version
            return _editor(post, form, 422, expired=True)
        return _editor(post, form, form_status())
    # "preview", or a chart moved or removed without JavaScript: shown, not saved yet
    if request.form.get("action", "save") != "save":
        return _editor(post, form, preview=rendering.render_body(form.body.data, post.charts))
    try:
        conflict = _save(post, form)
    except DomainError as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return _editor(post, form, 422)
    if conflict is not None:
        differences = _differences(post, _sent(form))
        form.version.data = post.version     # saving again now means "keep my version", knowingly
        return _editor(post, form, 409, conflict=conflict, differences=differences)
    flash(_("The post has been saved."), "success")
    return redirect(editor_url(post))


@bp.post("/<district>/blog/articoli/<int:post_id>/salva")
@csrf.exempt        # checked by PostForm, answered in JSON
@role_required(*OFFICE)
def autosave(post_id: int):
    """The autosave endpoint (static/js/autosave.js): the new version, or 409 with both versions kept."""
    post = post_or_404(post_id)
    form = PostForm()
    if not form.validate():
        if "csrf_token" in form.errors:
            return expired()
        refused = version_refused(post, form)
        if refused:
            return refused
        return jsonify(ok=False, version=post.version,
                       errors={k: [str(e) for e in v] for k, v in form.errors.items()}), 200
    try:
        conflict = _save(post, form)
    except DomainError as error:
        db.session.rollback()
        return jsonify(ok=False, version=post.version, errors={"title": [error.message]}), 200
    if conflict is not None:
        return kept(post, conflict, message=_("Someone else saved this post while you were editing it. "
                                              "Both versions are kept: compare them below."),
                    conflict_url=url_for("posts.conflict", post_id=post.id, conflict_id=conflict.id),
                    differences=_differences(post, _sent(form)))
    return jsonify(ok=True, version=post.version, **saved_at(post.updated_at), errors={})


@bp.post("/<district>/blog/articoli/<int:post_id>/anteprima")
@role_required(*OFFICE)
def preview(post_id: int):
    """The live preview: the typed Markdown as the public page will show it (sanitised, charts included)."""
    post = post_or_404(post_id)
    posted = blocks.posted(request.form)
    body = (blocks.assemble(posted) if posted is not None else request.form.get("body", ""))[:BODY_MAX_LENGTH]
    return jsonify(html=str(rendering.render_body(body, post.charts)))


@bp.route("/<district>/blog/articoli/<int:post_id>/conflitti/<int:conflict_id>", methods=["GET", "POST"])
@role_required(*OFFICE)
def conflict(post_id: int, conflict_id: int):
    """The kept version beside the saved one; take the kept one back, or mark the conflict resolved."""
    post = post_or_404(post_id)
    conflict = conflict_or_404(post, conflict_id)
    data = conflict.data

    def restore():
        services.save_post(post, title=data.get("title") or post.title, summary=data.get("summary"),
                           body=data.get("body") or "", tags=data.get("tags"), base_version=post.version,
                           by=current_user)

    done, form = settle(conflict, restore=restore, back=editor_url(post))
    if done:
        return done
    return render_template("posts/conflict.html", post=post, kept=conflict, form=form,
                           differences=_differences(post, data),
                           body_diff=sections.diff(_readable(post, post.body), _readable(post, data.get("body"))))


# ---- regenerating one section ------------------------------------------------------------------------------

@bp.route("/<district>/blog/articoli/<int:post_id>/sezioni/<key>", methods=["GET", "POST"])
@role_required(*OFFICE)
def regenerate(post_id: int, key: str):
    """GET: the section as it is beside the one written from today's data, with a warning when it was
    edited by hand. POST: replace it (only it)."""
    post = post_or_404(post_id)
    if key not in synthesis.SECTION_KEYS:
        abort(404)
    form = RegenerateForm()
    try:
        if form.validate_on_submit():
            services.regenerate_section(post, key, base_version=version_of(form))
            db.session.commit()
            flash(_("The section “%(title)s” has been written again from today's data.",
                    title=synthesis.section_title(key)), "success")
            return redirect(editor_url(post, _anchor="sections"))
        change = services.preview_regeneration(post, key)
    except (ConflictError, StaleDataError) as error:
        db.session.rollback()
        message = getattr(error, "message", None) or _("The post changed meanwhile: look at the comparison again.")
        flash(message, "error")
        return redirect(url_for("posts.regenerate", post_id=post.id, key=key))
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(editor_url(post))
    if not form.version_refused:      # refused: the message says to reload, so no version to send again
        form.version.data = post.version
    return render_template("posts/regenerate.html", post=post, change=change, form=form,
                           title=synthesis.section_title(key), plotly_url=_plotly_url(),
                           fresh_html=rendering.render_body(change.fresh, change.charts)), form_status()


# ---- images ------------------------------------------------------------------------------------------

@bp.post("/<district>/blog/articoli/<int:post_id>/immagini")
@role_required(*OFFICE)
def upload_image(post_id: int):
    """Store an image; with JavaScript the editor inserts the answered Markdown where the cursor is, without
    it the image is added at the end of the text."""
    post = post_or_404(post_id)
    form = ImageForm()
    wants_json = request.accept_mimetypes.best == "application/json"
    try:
        if not form.validate_on_submit():
            raise DomainError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        image = services.add_image(post, form.image.data, alt=form.alt.data, by=current_user)
        markdown = services.image_markdown(image, url_for("post_images.image", image_id=image.id))
        if not wants_json:
            services.save_post(post, title=post.title, summary=post.summary,
                               body=f"{post.body.rstrip()}\n\n{markdown}\n", base_version=post.version,
                               by=current_user)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        if wants_json:
            return jsonify(error="invalid", message=error.message), 422
        flash(error.message, "error")
        return redirect(editor_url(post, _anchor="images"))
    if wants_json:
        return jsonify(markdown=markdown, url=url_for("post_images.image", image_id=image.id))
    flash(_("The image has been added at the end of the text."), "success")
    return redirect(editor_url(post, _anchor="images"))


@images.get("/blog/immagini/<int:image_id>")
def image(image_id: int):
    """Public once its post is public; before that only the district's planning office sees it."""
    picture = db.session.get(PostImage, image_id)
    if picture is None:
        abort(404)
    if not is_visible(picture.post) and not (
            current_user.is_authenticated and current_user.has_role(picture.post.district_id, *OFFICE)):
        abort(404)
    return send_stored(picture.stored_file, as_attachment=False)


# ---- deleting ----------------------------------------------------------------------------------------------

@bp.route("/<district>/blog/articoli/<int:post_id>/elimina", methods=["GET", "POST"])
@role_required(*OFFICE)
def delete(post_id: int):
    post = post_or_404(post_id)

    def remove():
        for picture in post.images:
            db.session.delete(picture.stored_file)
        db.session.delete(post)

    return confirm_delete(
        post, title=_("Delete the post"), name=post.title,
        consequences=[post.is_public and _("It disappears from the public blog and the feed."),
                      post.comments and _("%(num)d comments", num=len(post.comments)),
                      post.images and _("%(num)d images", num=len(post.images))],
        cancel=editor_url(post), delete=remove, done=url_for("posts.posts"),
        message=_("Post %(title)s deleted.", title=post.title))
