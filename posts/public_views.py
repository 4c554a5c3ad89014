"""The public blog: the list of posts (search, pages, per area, per tag), a post with its Open Graph card,
its printable page and documents, and the Atom feed. Only published posts - and scheduled ones whose time
has come - are public; anything else answers 404 (the planning office sees its own drafts, with a notice).
"""
from __future__ import annotations

import html

import nh3
import plotly
from flask import Response, abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func

from app.clock import format_day, to_local
from app.extensions import db, limiter
from app.models import District, PlanningArea, Role
from app.public import visible_or_404
from app.text import contains_text, render_markdown, shorten
from app.urls import public_url
from exports.documents import DOCUMENT_FORMATS
from exports.posts import PostDocument, post_document
from meetings.registrations import registration_closed_reason

from . import comments as comment_service, rendering
from .blueprint import blog as bp
from .comment_forms import CommentForm
from .feed import FeedEntry, atom
from .models import Post, PostTag
from .publishing import is_visible, last_updated, public_clause, public_date

PER_PAGE = 10
FEED_SIZE = 30
PUBLIC_FORMATS = ("docx", "odt", "pdf")   # what the public downloads (the office also gets Markdown)


# --- helpers also used by the office's pages and the comment views ------------------------------------

def body_html(post: Post) -> Markup:
    """The post's text as the public reads it: Markdown rendered and sanitised, charts drawn."""
    return rendering.render_post(post)


def plotly_url() -> str:
    return url_for("chart_assets.plotly_js", version=plotly.__version__)


def excerpt(post: Post, length: int = 240) -> str:
    """The summary, or the start of the text, as plain text."""
    if post.summary and post.summary.strip():
        text = post.summary
    else:
        text = html.unescape(nh3.clean(str(render_markdown(post.body)), tags=set()))
    return shorten(text, length)


def is_office(district_id: int) -> bool:
    return current_user.is_authenticated and current_user.has_role(district_id, Role.PLANNING_OFFICE)


def post_or_404(slug: str) -> Post:
    """The post of g.district with this slug, if the public may read it (or the office is looking)."""
    post = db.session.scalar(db.select(Post).where(Post.district_id == g.district.id, Post.slug == slug))
    if post is None or not (is_visible(post) or is_office(post.district_id)):
        abort(404)
    return post


def public_posts(district: District | None = None):
    """Public posts, newest first."""
    query = db.select(Post).where(public_clause())
    if district is not None:
        query = query.where(Post.district_id == district.id)
    return query.order_by(func.coalesce(Post.published_at, Post.publish_at).desc(), Post.id.desc())


LATEST_ON_HOME = 3


@bp.app_template_global()
def latest_posts(district: District, limit: int = LATEST_ON_HOME) -> list[dict]:
    """The newest posts the public may read, ready for the "From the blog" box of the district's home page
    (templates/posts/public/_latest.html): title, link, publication time (UTC and local), excerpt."""
    return [{"id": post.id, "title": post.title, "url": post_url(post), "published": public_date(post),
             "local": to_local(public_date(post)), "excerpt": excerpt(post, 200)}
            for post in db.session.scalars(public_posts(district).limit(limit))]


def post_url(post: Post) -> str:
    return url_for("blog.post", district=post.district.slug, slug=post.slug)


def public_post_url(post: Post) -> str:
    return public_url("blog.post", district=post.district.slug, slug=post.slug)


def _chosen_district() -> District | None:
    """The district asked for with ?ambito=, or the only one."""
    slug = request.args.get("ambito")
    if slug:
        return db.first_or_404(db.select(District).filter_by(slug=slug))
    districts = db.session.scalars(db.select(District).limit(2)).all()
    return districts[0] if len(districts) == 1 else None


def _listing(query, *, heading: str, template_values: dict, endpoint: str, endpoint_values: dict):
    q = "".join(c for c in (request.args.get("q") or "") if c.isprintable()).strip()[:200]
    if q:
        query = query.where(contains_text(q, Post.title, Post.summary, Post.body))
    page = db.paginate(query, per_page=PER_PAGE, error_out=False)
    districts = db.session.scalars(db.select(District).order_by(District.name)).all()
    return render_template("posts/public/list.html", page=page, q=q, heading=heading, districts=districts,
                           excerpt=excerpt, public_date=public_date, endpoint=endpoint,
                           endpoint_values=endpoint_values, **template_values)


# --- the blog ----------------------------------------------------------------------------------------

@bp.get("/blog")
def index():
    district = _chosen_district()
    g.district = district
    chosen = request.args.get("ambito") or None
    return _listing(public_posts(district), heading=_("Blog"), template_values={"district": district},
                    endpoint="blog.index", endpoint_values={"ambito": chosen})


@bp.get("/blog/tag/<tag>")
def tag(tag: str):
    district = _chosen_district()
    tags = db.session.scalars(db.select(PostTag).where(PostTag.slug == tag)).all()
    if district is not None:
        tags = [t for t in tags if t.district_id == district.id]
    if not tags:
        abort(404)
    g.district = district
    query = public_posts(district).where(Post.tags.any(PostTag.id.in_([t.id for t in tags])))
    return _listing(query, heading=_("Posts tagged “%(tag)s”", tag=tags[0].name),
                    template_values={"district": district, "tag": tags[0]}, endpoint="blog.tag",
                    endpoint_values={"tag": tag, "ambito": request.args.get("ambito") or None})


@bp.get("/blog/aree/<int:area_id>")
def area(area_id: int):
    area = db.get_or_404(PlanningArea, area_id)
    visible_or_404(area.plan)
    g.district = area.plan.district
    query = public_posts(g.district).where(
        (Post.area_id == area.id) | Post.tags.any(PostTag.area_id == area.id))
    return _listing(query, heading=_("Posts on %(area)s", area=area.name),
                    template_values={"district": g.district, "area": area}, endpoint="blog.area",
                    endpoint_values={"area_id": area.id})


@bp.get("/blog/<slug>")
def short_address(slug: str):
    """/blog/<slug>, the short address of a one-district site: the public post of that name, if only one
    district has it."""
    found = db.session.scalars(db.select(Post).where(Post.slug == slug, public_clause()).limit(2)).all()
    if len(found) != 1:
        abort(404)
    return redirect(post_url(found[0]))


@bp.get("/blog/<district>/<slug>")
def post(slug: str):
    post = post_or_404(slug)
    return render_post_page(post, CommentForm().set_roles(post))


def render_post_page(post: Post, form, status: int = 200):
    """The post page; the comment view renders it again with the form's errors."""
    meeting = announced_meeting(post)
    return render_template("posts/public/post.html", post=post, body=body_html(post), form=form,
                           meeting=meeting, meeting_links=meeting_links(meeting),
                           has_charts=rendering.has_charts(post), plotly_url=plotly_url(),
                           comments=comment_service.approved(post) if post.comments_enabled else [],
                           description=excerpt(post, 200), public_date=public_date(post),
                           is_public=is_visible(post),
                           formats=PUBLIC_FORMATS), status


@bp.get("/blog/<district>/<slug>/stampa")
def print_post(slug: str):
    post = post_or_404(slug)
    return render_template("posts/public/print.html", post=post, body=body_html(post),
                           has_charts=rendering.has_charts(post), plotly_url=plotly_url(),
                           public_date=public_date(post), is_public=is_visible(post))


def document_rate_limit() -> str:
    return current_app.config.get("DOCUMENT_RATE_LIMIT", "20 per minute")


@bp.get("/blog/<district>/<slug>/documento.<any(docx, odt, pdf):fmt>")
@limiter.limit(document_rate_limit)   # a PDF costs the server a second or two
def document(slug: str, fmt: str):
    post = post_or_404(slug)
    if not is_visible(post):
        abort(404)   # the office downloads drafts from its own pages
    return document_response(post, fmt)


@bp.get("/feed.atom")
def feed():
    district = _chosen_district()
    posts = db.session.scalars(public_posts(district).limit(FEED_SIZE)).all()
    entries = [FeedEntry(url=public_post_url(p), title=p.title, summary=excerpt(p),
                         content_html=str(render_markdown(rendering.document_markdown(p))),
                         published=public_date(p), updated=last_updated(p),
                         author=p.district.name, categories=[t.name for t in p.tags]) for p in posts]
    title = _("Blog of %(district)s", district=district.name) if district else _("PdZ Partecipato blog")
    district_slug = request.args.get("ambito") or None
    home = public_url("blog.index", ambito=district_slug)
    payload = atom(entries, title=title, subtitle=_("Syntheses, announcements and news of the Piano di Zona"),
                   home_url=home, self_url=public_url("blog.feed", ambito=district_slug), language=current_app.config["BABEL_DEFAULT_LOCALE"])
    return Response(payload, mimetype="application/atom+xml",
                    headers={"Cache-Control": "public, max-age=300"})


def document_response(post: Post, fmt: str) -> Response:
    """The post as a DOCX, ODT, PDF or Markdown file to download."""
    when = to_local(public_date(post))
    subtitle = " · ".join(filter(None, [str(post.kind.label), post.district.name,
                                        format_day(when, "long")]))
    doc = PostDocument(title=post.title, body=rendering.document_markdown(post), subtitle=subtitle,
                       summary=post.summary, url=public_post_url(post) if is_visible(post) else None,
                       tags=[t.name for t in post.tags],
                       labels={"tags": _("Tags"), "source": _("Published at")},
                       images={url_for("post_images.image", image_id=i.id): i.stored_file.data
                               for i in post.images})
    mimetype, extension = DOCUMENT_FORMATS[fmt]
    payload = post_document(doc, fmt, language=str(current_app.config["BABEL_DEFAULT_LOCALE"]))
    return Response(payload, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{post.slug or "post"}.{extension}"',
        "Cache-Control": "private, no-store" if not is_visible(post) else "public, max-age=300"})


# --- announcements of meetings ------------------------------------------------------------------------

def announced_meeting(post: Post):
    """The public meeting an announcement calls people to, if any."""
    meeting = post.meeting
    return meeting if meeting is not None and meeting.is_public else None


def _meeting_endpoint(endpoint: str, meeting) -> str | None:
    # Checked at runtime, so the blog works whatever the meetings feature offers.
    return url_for(endpoint, meeting_id=meeting.id) if endpoint in current_app.view_functions else None


def meeting_links(meeting) -> dict:
    """The meeting's public page, its registration form while registrations are open, or why they are not."""
    if meeting is None:
        return {}
    closed = registration_closed_reason(meeting)
    return {"page": _meeting_endpoint("meetings_public.meeting", meeting), "closed": closed,
            "register": None if closed else _meeting_endpoint("registration.register", meeting)}
