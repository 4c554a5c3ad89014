"""What the planning office does with posts: generate a synthesis, write announcements and free posts,
save with conflict detection, regenerate one section, add images. Services only flush; views commit."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from app.errors import ConflictError, DomainError
from app.extensions import db
from app.account_models import User
from app.models import District, Plan, PlanningArea, utcnow
from app.plans import slugify
from app.versioned import MissingVersion, refuse_stale
from app.uploads import IMAGES, MB, save_upload
from focus_groups.models import FocusGroup

from . import sections, synthesis, synthesis_data
from .comments import CONTROL
from .models import TITLE_MAX_LENGTH, Post, PostImage, PostKind, PostTag
from .publishing import unique_slug
from .synthesis_facts import SynthesisInput

IMAGE_MAX_BYTES = 5 * MB
ALT_MAX_LENGTH = 300
# Which chart each section shows: regenerating the section refreshes its chart too.
SECTION_CHARTS = {"actions": "states", "budget": "budget", "keywords": "keywords"}


# ---- tags ------------------------------------------------------------------------------------------------

def tag_for(district_id: int, name: str, *, plan: Plan | None = None,
            area: PlanningArea | None = None) -> PostTag:
    """The district's tag with this name, created when missing (tied to the plan or area given)."""
    slug = slugify(name)[:120]
    tag = db.session.scalar(db.select(PostTag).filter_by(district_id=district_id, slug=slug))
    if tag is None:
        tag = PostTag(district_id=district_id, name=name.strip()[:120], slug=slug, plan=plan, area=area)
        db.session.add(tag)
        db.session.flush()
    return tag


def _structure_tags(post: Post) -> None:
    for plan, area in ((post.plan, None), (post.plan, post.area)):
        if area is not None:
            tag = tag_for(post.district_id, area.name, plan=plan, area=area)
        elif plan is not None:
            tag = tag_for(post.district_id, plan.title, plan=plan)
        else:
            continue
        if tag not in post.tags:
            post.tags.append(tag)


def free_tags(post: Post) -> str:
    """The tags the office chose (not those of the post's plan and area), for the editor's field."""
    return ", ".join(t.name for t in post.tags if t.plan_id is None and t.area_id is None)


def _tags_named(post: Post, text: str) -> list[PostTag]:
    names = list(dict.fromkeys(" ".join(n.split())[:120] for n in _text(text).split(",") if n.strip()))
    return list(dict.fromkeys(tag_for(post.district_id, name) for name in names if slugify(name)))


def _set_free_tags(post: Post, wanted: list[PostTag]) -> bool:
    kept = [t for t in post.tags if t.plan_id is not None or t.area_id is not None]
    new = kept + [t for t in wanted if t not in kept]
    if set(new) == set(post.tags):
        return False
    post.tags = new
    return True


# ---- creating posts --------------------------------------------------------------------------------------

def _new_post(district_id: int, *, kind: PostKind, title: str, author: User | None, **values) -> Post:
    title = _title(title)
    post = Post(district_id=district_id, kind=kind, title=title, slug=unique_slug(district_id, title),
                author=author, **values)
    db.session.add(post)
    db.session.flush()
    return post


def _text(value: str | None) -> str:
    """Typed text without control characters (PostgreSQL refuses NUL); line breaks and tabs stay."""
    return CONTROL.sub("", value or "")


def _title(title: str | None) -> str:
    title = " ".join(_text(title).split())
    if not title:
        raise DomainError(_("Give the post a title."))
    if len(title) > TITLE_MAX_LENGTH:
        raise DomainError(_("The title is too long: at most %(num)d characters.", num=TITLE_MAX_LENGTH))
    return title


def _generated(post: Post, result: synthesis.Synthesis) -> Post:
    post.body = result.markdown
    post.generated_sections = result.generated
    post.charts = result.charts
    post.generated_at = utcnow()
    return post


def create_synthesis(focus: FocusGroup, *, author: User | None) -> Post:
    """A draft synthesis post of `focus`, written from the current cards, keywords and statements."""
    result = synthesis.generate(synthesis_data.for_focus_group(focus))
    post = _new_post(focus.district_id, kind=PostKind.SYNTHESIS, title=result.title, author=author,
                     summary=result.summary, plan=focus.plan, area=focus.area, focus_group=focus)
    _generated(post, result)
    _structure_tags(post)
    db.session.flush()
    return post


def create_area_synthesis(area: PlanningArea, *, author: User | None) -> Post:
    """A draft synthesis of an area without a focus group: what its cards say."""
    result = synthesis.generate(synthesis_data.for_area(area))
    post = _new_post(area.plan.district_id, kind=PostKind.SYNTHESIS, title=result.title, author=author,
                     summary=result.summary, plan=area.plan, area=area)
    _generated(post, result)
    _structure_tags(post)
    db.session.flush()
    return post


def create_post(district: District, *, kind: PostKind, title: str, author: User | None,
                summary: str | None = None, body: str = "", plan: Plan | None = None,
                area: PlanningArea | None = None, meeting=None) -> Post:
    """An announcement or a free post."""
    if kind == PostKind.SYNTHESIS:
        raise DomainError(_("A synthesis is generated from a focus group or an area."))
    post = _new_post(district.id, kind=kind, title=title, author=author,
                     summary=(summary or "").strip() or None, body=body or "", plan=plan, area=area,
                     meeting=meeting)
    _structure_tags(post)
    db.session.flush()
    return post


# ---- saving ----------------------------------------------------------------------------------------------

def save_post(post: Post, *, title: str, summary: str | None, body: str, base_version: int,
              by: User | None, tags: str | None = None) -> bool:
    """Save the editor's text (and free tags, comma-separated, when given) if the post is still at
    `base_version`. A stale version keeps the sent text in a PostConflict and raises EditConflict: the
    caller commits to keep it. No version is refused (MissingVersion): to save over the post as it is now,
    pass `post.version`."""
    data = {key: _text(value) for key, value in
            {"title": title, "summary": summary, "body": body, "tags": tags}.items()}
    refuse_stale(post, base_version, data, by=by, message=_(
        "Someone else saved this post while you were editing it. Your version has not overwritten theirs: both "
        "are kept. Compare them, then save again to keep yours."))
    values = {"title": _title(title), "summary": _text(summary).strip() or None, "body": _text(body)}
    changed = {k: v for k, v in values.items() if getattr(post, k) != v}
    wanted = _tags_named(post, tags) if tags is not None else None   # may create tags: before any change
    with db.session.no_autoflush:   # one UPDATE of the post, so one new version per save
        for key, value in changed.items():
            setattr(post, key, value)
        if wanted is not None and _set_free_tags(post, wanted):
            changed["tags"] = tags
        if changed:
            post.updated_at = utcnow()
    if changed:
        db.session.flush()
    return bool(changed)


# ---- regenerating one section --------------------------------------------------------------------------

@dataclass
class Regeneration:
    key: str
    current: str | None        # the section as it is in the body (None: its markers are gone)
    fresh: str                 # the section written from today's data
    edited: bool               # the office changed the section by hand since it was generated
    diff: list[sections.DiffLine]
    charts: dict               # the post's charts as they would be after the replacement

    @property
    def changed(self) -> bool:
        return self.current is None or sections.edited(self.current, self.fresh)


def synthesis_input(post: Post) -> SynthesisInput:
    if post.kind != PostKind.SYNTHESIS:
        raise DomainError(_("Only a synthesis post has sections to regenerate."))
    if post.focus_group is not None:
        return synthesis_data.for_focus_group(post.focus_group)
    if post.area is not None:
        return synthesis_data.for_area(post.area)
    raise DomainError(_("The focus group or area of this synthesis no longer exists: its sections cannot be "
                        "regenerated."))


def _check_key(key: str) -> None:
    if key not in synthesis.SECTION_KEYS:
        raise DomainError(_("This post has no such section."))


def preview_regeneration(post: Post, key: str) -> Regeneration:
    """What regenerating section `key` would change, before anything is replaced."""
    _check_key(key)
    data = synthesis_input(post)
    fresh = synthesis.section(data, key).text
    current = sections.extract(post.body, key)
    generated = (post.generated_sections or {}).get(key)
    edited = current is not None and generated is not None and sections.edited(current, generated)
    return Regeneration(key, current, fresh, edited, sections.diff(current or "", fresh),
                        _charts_after(post, key, data))


def _charts_after(post: Post, key: str, data: SynthesisInput) -> dict:
    """The post's charts with the one shown by section `key` written from `data` (or gone, without data)."""
    chart = SECTION_CHARTS.get(key)
    charts = dict(post.charts or {})
    if chart:
        charts.pop(chart, None)
        fresh = synthesis.charts(data)
        if chart in fresh:
            charts[chart] = fresh[chart]
    return charts


def regenerate_section(post: Post, key: str, *, base_version: int) -> Post:
    """Replace section `key` with one written from today's data; the rest of the text stays as it is."""
    _check_key(key)
    if base_version is None:
        raise MissingVersion()
    if base_version != post.version:
        raise ConflictError(_("The post changed since you looked at the comparison: look at it again."))
    data = synthesis_input(post)
    fresh = synthesis.section(data, key).text
    try:
        post.body = sections.replace(post.body, key, fresh)
    except KeyError:
        raise DomainError(_("The markers of this section were removed from the text, so it cannot be found: "
                            "copy the new text from the comparison instead.")) from None
    post.generated_sections = {**(post.generated_sections or {}), key: fresh}
    post.charts = _charts_after(post, key, data)
    post.updated_at = utcnow()
    db.session.flush()
    return post


def edited_sections(post: Post) -> list[str]:
    """Keys of the sections the office changed by hand (or whose markers are gone)."""
    now = sections.sections(post.body)
    return [key for key, generated in (post.generated_sections or {}).items()
            if key not in now or sections.edited(now[key], generated)]


# ---- images ----------------------------------------------------------------------------------------------

def add_image(post: Post, file_storage, *, alt: str, by: User | None) -> PostImage:
    """Store an uploaded image (its real type and size checked) for `post`; `alt` describes it for people
    who cannot see it, and is required."""
    alt = " ".join(_text(alt).split())
    if not alt:
        raise DomainError(_("Describe the image in a few words (alternative text): people who cannot see it "
                            "read this."))
    if len(alt) > ALT_MAX_LENGTH:
        raise DomainError(_("The description is too long: at most %(num)d characters.", num=ALT_MAX_LENGTH))
    stored = save_upload(file_storage, IMAGES, IMAGE_MAX_BYTES, district_id=post.district_id)
    image = PostImage(post=post, stored_file=stored, filename=stored.filename, alt=alt,
                      uploaded_by_id=by.id if by else None)
    db.session.add(image)
    db.session.flush()
    return image


def image_markdown(image: PostImage, url: str) -> str:
    return f"![{sections.inline(image.alt)}]({url})"
