"""The draft as participants and the public read it (when the office opens it to them): chapters cut into
paragraphs to comment on, objectives to amend, the history of every text and the frozen copies.

These pages have no role decorator: who may read is the draft's visibility (writing.may_read), checked by
`draft_or_404` on every view; who may write is writing.may_contribute.
"""
from __future__ import annotations

from functools import lru_cache

from flask import abort, current_app, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from app.auth import login_manager
from app.errors import DomainError
from app.extensions import db, limiter
from app.forms import form_status
from app.roles import role_choices, role_of
from app.text import render_markdown
from app.uploads import content_disposition

from . import paragraphs, versions, writing
from .blueprint import draft_writing as bp
from .diff import compare_contents, diff_text
from .document import export_changes
from .models import DraftChapter, DraftObjective, DraftVisibility, PlanDraft
from .writing_forms import AmendmentForm, CommentForm
from .writing_models import DraftComment, DraftSnapshot

COMMENTS_PER_PAGE = 20
VERSIONS_PER_PAGE = 20
DEFAULT_RATE_LIMIT = "10 per minute;100 per day"


def contribution_limit() -> str:
    return current_app.config.get("DRAFT_CONTRIBUTION_RATE_LIMIT", DEFAULT_RATE_LIMIT)


@bp.app_template_global()
def drafts_open_for_comments(district, plan=None) -> list[PlanDraft]:
    """For the public district and plan pages: the drafts open for comments (templates/plan_drafts/open_links.html)."""
    return writing.open_for_comments(current_user, district.id, plan.id if plan else None)


def draft_or_404(draft_id: int) -> PlanDraft:
    draft = db.session.get(PlanDraft, draft_id)
    if draft is None:
        abort(404)
    if not writing.may_read(current_user, draft):
        if not current_user.is_authenticated and draft.visibility == DraftVisibility.PARTICIPANTS:
            abort(login_manager.unauthorized())
        abort(404)
    g.district = draft.district
    return draft


def part_or_404(model, object_id: int, draft: PlanDraft):
    obj = db.session.get(model, object_id)
    if obj is None or (obj.draft_id if isinstance(obj, DraftChapter) else obj.axis.draft_id) != draft.id:
        abort(404)
    return obj


@lru_cache(maxsize=4096)
def rendered_block(block: str, heading_shift: int = 0) -> Markup:
    """Markdown to safe HTML is most of a reading page's time and a pure function of the text: paragraphs
    nobody changed are rendered once per process."""
    return render_markdown(block, heading_shift)


def rendered_paragraphs(chapter: DraftChapter) -> list[Markup]:
    return [rendered_block(block) for block in paragraphs.blocks(chapter.body)]


def contribution_form(form_class, draft: PlanDraft, **kwargs):
    form = form_class(**kwargs)
    form.role_id.choices = role_choices(draft.district_id, _("— not said —"))
    return form.for_participant() if writing.is_participant(current_user, draft) else form


def speaking_as(form, draft: PlanDraft) -> writing.SpeakingAs:
    """The role (one of the draft's district, else none) and body the form says."""
    return writing.SpeakingAs(role_of(draft.district_id, form.role_id.data), form.organization_name.data)


# ---- reading ---------------------------------------------------------------------------------------------

@bp.get("/bozze/<int:draft_id>/")
def read(draft_id: int):
    draft = draft_or_404(draft_id)
    axes = versions.axes_with_objectives(draft)
    snapshots = db.session.scalars(db.select(DraftSnapshot).where(DraftSnapshot.draft_id == draft.id)
                                   .order_by(DraftSnapshot.id.desc())).all()
    counts = writing.comment_counts(draft)
    totals: dict[int, int] = {}
    for (chapter_id, _paragraph), count in counts.items():
        totals[chapter_id] = totals.get(chapter_id, 0) + count
    return render_template("plan_drafts/writing/read.html", draft=draft, axes=axes, snapshots=snapshots,
                           blocks={c.id: rendered_paragraphs(c) for c in draft.chapters},
                           counts=counts, totals=totals,
                           may_contribute=writing.may_contribute(current_user, draft),
                           is_office=writing.is_office(current_user, draft))


@bp.route("/bozze/<int:draft_id>/capitoli/<int:chapter_id>", methods=["GET", "POST"])
@limiter.limit(contribution_limit, methods=["POST"])
def chapter(draft_id: int, chapter_id: int):
    draft = draft_or_404(draft_id)
    chapter = part_or_404(DraftChapter, chapter_id, draft)
    paragraph = request.args.get("paragrafo", type=int)
    form = contribution_form(CommentForm, draft, paragraph=paragraph,
                             parent=request.args.get("rispondi", type=int))
    if request.method == "POST":
        if not writing.may_contribute(current_user, draft):
            abort(403)
        if form.validate_on_submit():
            if form.is_bot:
                flash(_("Thank you: your comment will be published after moderation."), "success")
                return redirect(url_for("draft_writing.chapter", draft_id=draft.id, chapter_id=chapter.id))
            try:
                comment = writing.add_comment(
                    chapter, body=form.body.data, user=current_user, paragraph=form.paragraph.data,
                    parent=db.session.get(DraftComment, form.parent.data) if form.parent.data else None,
                    name=form.name.data if "name" in form else None,
                    email=form.email.data if "email" in form else None, notify=True,
                    speaking_as=speaking_as(form, draft))
                db.session.commit()
            except DomainError as error:
                db.session.rollback()
                form.form_errors.append(error.message)
            else:
                flash(_("Thank you: your comment will be published after moderation.") if comment.from_public
                      else _("Your comment has been published."), "success")
                return redirect(url_for("draft_writing.chapter", draft_id=draft.id, chapter_id=chapter.id,
                                        paragrafo=paragraph,
                                        _anchor=f"comment-{comment.parent_id or comment.id}"))
    blocks = paragraphs.blocks(chapter.body)
    page = db.paginate(writing.thread_query(chapter, paragraph=paragraph),
                       page=request.args.get("page", 1, type=int), per_page=COMMENTS_PER_PAGE,
                       error_out=False)
    return render_template("plan_drafts/writing/chapter.html", draft=draft, chapter=chapter, form=form,
                           page=page,
                           rendered=[rendered_block(b, -1) for b in blocks], paragraph=paragraph,
                           excerpts=[paragraphs.excerpt(b) for b in blocks], locate=paragraphs.locate,
                           blocks=blocks, counts=writing.comment_counts(draft),
                           may_contribute=writing.may_contribute(current_user, draft)), form_status()


@bp.route("/bozze/<int:draft_id>/obiettivi/<int:objective_id>", methods=["GET", "POST"])
@limiter.limit(contribution_limit, methods=["POST"])
def objective(draft_id: int, objective_id: int):
    draft = draft_or_404(draft_id)
    objective = part_or_404(DraftObjective, objective_id, draft)
    form = contribution_form(AmendmentForm, draft, field=request.args.get("campo", "title"))
    if request.method == "GET" and form.field.data in versions.AMENDABLE_FIELDS:
        form.text.data = getattr(objective, form.field.data) or ""
    if request.method == "POST":
        if not writing.may_contribute(current_user, draft):
            abort(403)
        if form.validate_on_submit():
            if form.is_bot:
                flash(_("Thank you: the planning office will consider your amendment."), "success")
                return redirect(url_for("draft_writing.objective", draft_id=draft.id,
                                        objective_id=objective.id))
            try:
                amendment = writing.propose_amendment(
                    objective, field=form.field.data, text=form.text.data, reason=form.reason.data,
                    user=current_user, name=form.name.data if "name" in form else None,
                    email=form.email.data if "email" in form else None, notify=True,
                    speaking_as=speaking_as(form, draft))
                db.session.commit()
            except DomainError as error:
                db.session.rollback()
                form.form_errors.append(error.message)
            else:
                flash(_("Thank you: the planning office will consider your amendment."), "success")
                return redirect(url_for("draft_writing.objective", draft_id=draft.id,
                                        objective_id=objective.id, _anchor=f"amendment-{amendment.id}"))
    office = writing.is_office(current_user, draft)
    amendments = db.session.scalars(writing.visible_amendments_query(objective, office=office)).all()
    return render_template("plan_drafts/writing/objective.html", draft=draft, objective=objective, form=form,
                           amendments=amendments, is_office=office, fields=versions.OBJECTIVE_FIELDS,
                           field_labels=dict(versions.OBJECTIVE_FIELDS), amendable=versions.AMENDABLE_FIELDS,
                           content=versions.objective_content(objective), diff_of=_amendment_diff,
                           may_contribute=writing.may_contribute(current_user, draft)), form_status()


def _amendment_diff(amendment):
    return diff_text(amendment.base_text, amendment.final_text or amendment.proposed_text)


# ---- versions ---------------------------------------------------------------------------------------------

def _versions_page(draft: PlanDraft, target, title: str, back_url: str):
    page = db.paginate(versions.history_query(target), page=request.args.get("page", 1, type=int),
                       per_page=VERSIONS_PER_PAGE, error_out=False)
    latest = versions.latest(target)
    newer = request.args.get("a", type=int) or (latest.number if latest else None)
    older = request.args.get("da", type=int) or ((newer or 1) - 1)
    new_version = versions.version_of(target, newer) if newer else None
    old_version = versions.version_of(target, older) if older else None
    diffs = None
    if new_version is not None:
        diffs = versions.compare(target, old_version.content if old_version else {}, new_version.content)
    return render_template("plan_drafts/writing/versions.html", draft=draft, target=target, title=title,
                           back_url=back_url, page=page, diffs=diffs, old=old_version, new=new_version)


@bp.get("/bozze/<int:draft_id>/capitoli/<int:chapter_id>/versioni")
def chapter_versions(draft_id: int, chapter_id: int):
    draft = draft_or_404(draft_id)
    chapter = part_or_404(DraftChapter, chapter_id, draft)
    return _versions_page(draft, chapter, chapter.title,
                          url_for("draft_writing.chapter", draft_id=draft.id, chapter_id=chapter.id))


@bp.get("/bozze/<int:draft_id>/obiettivi/<int:objective_id>/versioni")
def objective_versions(draft_id: int, objective_id: int):
    draft = draft_or_404(draft_id)
    objective = part_or_404(DraftObjective, objective_id, draft)
    return _versions_page(draft, objective, f"{objective.number} {objective.title}",
                          url_for("draft_writing.objective", draft_id=draft.id, objective_id=objective.id))


def _snapshot_or_404(draft: PlanDraft, snapshot_id: int) -> DraftSnapshot:
    frozen = db.session.get(DraftSnapshot, snapshot_id)
    if frozen is None or frozen.draft_id != draft.id:
        abort(404)
    return frozen


@bp.get("/bozze/<int:draft_id>/congelate/<int:snapshot_id>/modifiche.<any(pdf, docx, odt, md):fmt>")
@limiter.limit("20 per minute")      # a document takes seconds of the server's time to write
def changes(draft_id: int, snapshot_id: int, fmt: str):
    """The "changes only" edition from this frozen version to the current text, as the assembly reads it."""
    draft = draft_or_404(draft_id)
    payload, filename, mimetype = export_changes(draft, _snapshot_or_404(draft, snapshot_id), None, fmt)
    response = make_response(payload)
    response.headers.update({"Content-Type": mimetype, "Content-Disposition": content_disposition(filename)})
    return response


@bp.get("/bozze/<int:draft_id>/congelate/<int:snapshot_id>")
def snapshot(draft_id: int, snapshot_id: int):
    draft = draft_or_404(draft_id)
    frozen = _snapshot_or_404(draft, snapshot_id)
    comparison = None
    if request.args.get("confronta"):
        comparison = compare_contents(frozen.content, versions.draft_content(draft),
                                      [(k, str(label)) for k, label in versions.CHAPTER_FIELDS],
                                      [(k, str(label)) for k, label in versions.OBJECTIVE_FIELDS])
    return render_template("plan_drafts/writing/snapshot.html", draft=draft, snapshot=frozen,
                           comparison=comparison, fields=versions.OBJECTIVE_FIELDS,
                           is_office=writing.is_office(current_user, draft))
