"""The planning office's side of participatory writing, under /gestione/<district>/bozze/<id>/: the
moderation queue, decisions on amendments (which notify the author), frozen copies and the downloads."""
from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import role_required
from app.errors import DomainError
from app.extensions import db
from app.forms import form_status
from app.view_helpers import OFFICE, owned_or_404
from exports.documents import DOCUMENT_FORMATS
from meetings.models import Meeting

from . import document, versions, writing
from .blueprint import draft_participation as bp
from .diff import diff_text
from .models import PlanDraft
from .writing_forms import DecisionForm, FreezeForm, ModerationForm
from .writing_models import Amendment, DraftComment, DraftSnapshot

PER_PAGE = 20


def draft_or_404(draft_id: int) -> PlanDraft:
    return owned_or_404(PlanDraft, draft_id)


def _in_draft(model, object_id: int, draft: PlanDraft):
    obj = db.session.get(model, object_id)
    if obj is None or obj.draft_id != draft.id:
        abort(404)
    return obj


@bp.get("/<district>/bozze/<int:draft_id>/partecipazione")
@role_required(*OFFICE)
def participation(draft_id: int):
    draft = draft_or_404(draft_id)
    # The moderation queue can grow long and is paginated; amendments waiting for a decision are few.
    comments = db.paginate(writing.pending_comments_query(draft), page=request.args.get("page", 1, type=int),
                           per_page=PER_PAGE, error_out=False)
    amendments = db.session.scalars(writing.pending_amendments_query(draft)).all()
    snapshots = db.session.scalars(db.select(DraftSnapshot).where(DraftSnapshot.draft_id == draft.id)
                                   .order_by(DraftSnapshot.id.desc())).all()
    return render_template("plan_drafts/writing/office.html", draft=draft, comments=comments,
                           amendments=amendments, snapshots=snapshots, moderation=ModerationForm(),
                           formats=DOCUMENT_FORMATS)


@bp.post("/<district>/bozze/<int:draft_id>/commenti/<int:comment_id>/moderazione")
@role_required(*OFFICE)
def moderate(draft_id: int, comment_id: int):
    draft = draft_or_404(draft_id)
    comment = _in_draft(DraftComment, comment_id, draft)
    if not ModerationForm().validate_on_submit() or request.form.get("action") not in ("publish", "hide"):
        abort(400)
    publish = request.form["action"] == "publish"
    writing.moderate(comment, publish=publish, by=current_user)
    db.session.commit()
    flash(_("The comment has been published.") if publish else _("The comment has been hidden."), "success")
    target = request.form.get("next")
    if target == "chapter":
        return redirect(url_for("draft_writing.chapter", draft_id=draft.id, chapter_id=comment.chapter_id,
                                _anchor=f"comment-{comment.parent_id or comment.id}"))
    return redirect(url_for("draft_participation.participation", draft_id=draft.id))


@bp.route("/<district>/bozze/<int:draft_id>/emendamenti/<int:amendment_id>", methods=["GET", "POST"])
@role_required(*OFFICE)
def decide(draft_id: int, amendment_id: int):
    draft = draft_or_404(draft_id)
    amendment = _in_draft(Amendment, amendment_id, draft)
    form = DecisionForm(data={"text": amendment.proposed_text} if request.method == "GET" else None)
    if amendment.is_open and form.validate_on_submit():
        try:
            if form.decision.data == "reject":
                writing.reject_amendment(amendment, by=current_user, reason=form.note.data)
            else:
                writing.accept_amendment(amendment, by=current_user, note=form.note.data,
                                         text=form.text.data if form.decision.data == "merge" else None)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            sent = writing.notify_decision(amendment)
            flash(_("Decision saved; the author has been told by e-mail.") if sent else _("Decision saved."),
                  "success")
            return redirect(url_for("draft_participation.participation", draft_id=draft.id))
    objective = amendment.objective
    current = getattr(objective, amendment.field) or ""
    return render_template("plan_drafts/writing/decide.html", draft=draft, amendment=amendment, form=form,
                           objective=objective, field=versions.field_label(amendment.field), current=current,
                           proposal=diff_text(amendment.base_text, amendment.proposed_text),
                           since=diff_text(amendment.base_text, current)
                           if current != amendment.base_text else None), form_status()


@bp.route("/<district>/bozze/<int:draft_id>/congela", methods=["GET", "POST"])
@role_required(*OFFICE)
def freeze(draft_id: int):
    draft = draft_or_404(draft_id)
    meetings = _meetings(draft)
    form = FreezeForm()
    form.meeting_id.choices = [(0, _("No meeting"))] + [(m.id, f"{m.title} ({m.starts_at:%d/%m/%Y})")
                                                        for m in meetings]
    if form.validate_on_submit():
        meeting = next((m for m in meetings if m.id == form.meeting_id.data), None)
        try:
            frozen = versions.freeze(draft, label=form.label.data, by=current_user, meeting=meeting)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            flash(_("The draft has been frozen as \"%(label)s\".", label=frozen.label), "success")
            return redirect(url_for("draft_writing.snapshot", draft_id=draft.id, snapshot_id=frozen.id))
    return render_template("plan_drafts/writing/freeze.html", draft=draft, form=form), form_status()


def _meetings(draft: PlanDraft):
    return db.session.scalars(db.select(Meeting).where(Meeting.district_id == draft.district_id)
                              .order_by(Meeting.starts_at.desc()).limit(50)).all()


@bp.get("/<district>/bozze/<int:draft_id>/esporta/<fmt>")
@role_required(*OFFICE)
def export(draft_id: int, fmt: str):
    draft = draft_or_404(draft_id)
    if fmt not in DOCUMENT_FORMATS:
        abort(404)
    snapshot_id = request.args.get("congelata", type=int)
    frozen = _in_draft(DraftSnapshot, snapshot_id, draft) if snapshot_id else None
    payload, filename, mimetype = document.export(draft, fmt, frozen, numbers=bool(request.args.get("numerata")))
    return send_file(io.BytesIO(payload), mimetype=mimetype, as_attachment=True, download_name=filename)
