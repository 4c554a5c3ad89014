"""Loading a draft and its parts for the district in the URL (404 when missing or unreadable, 403 when the
user may read but not change it), their addresses, and the answer to a change on an approved draft."""
from __future__ import annotations

from flask import abort, flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.view_helpers import OFFICE, owned_or_404

from . import services
from .models import DraftAxis, DraftChapter, DraftObjective, PlanDraft


def draft_or_404(draft_id: int, *, edit: bool = False) -> PlanDraft:
    """The draft of the district in the URL, if the user may read it (and, with edit, change it)."""
    draft = owned_or_404(PlanDraft, draft_id)
    if not services.may_read(current_user, draft):
        abort(404)
    if edit and not current_user.has_role(g.district.id, *OFFICE):
        abort(403)
    return draft


def chapter_or_404(draft: PlanDraft, chapter_id: int) -> DraftChapter:
    chapter = db.session.get(DraftChapter, chapter_id)
    if chapter is None or chapter.draft_id != draft.id:
        abort(404)
    return chapter


def draft_url(draft: PlanDraft, anchor: str | None = None) -> str:
    return url_for("drafts.draft", draft_id=draft.id, _anchor=anchor)


def read_only(draft: PlanDraft):
    """For a POST on an approved draft: back to its page with the reason."""
    flash(_("The draft has been approved: it can no longer be changed."), "warning")
    return redirect(draft_url(draft))


def axis_or_404(axis_id: int, *, edit: bool = True) -> DraftAxis:
    axis = owned_or_404(DraftAxis, axis_id)
    draft_or_404(axis.draft_id, edit=edit)
    return axis


def objective_or_404(objective_id: int, *, edit: bool = True) -> DraftObjective:
    objective = owned_or_404(DraftObjective, objective_id)
    draft_or_404(objective.axis.draft_id, edit=edit)
    return objective


def objective_url(objective: DraftObjective) -> str:
    return url_for("drafts.objective", objective_id=objective.id)
