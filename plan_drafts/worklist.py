"""What the draft of the next plan asks of the planning office now: comments waiting for moderation (per draft,
each linking to its moderation queue) and the drafts with amendments waiting for a decision (linking to the
drafts filtered to them)."""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from app.extensions import db
from app.models import District
from app.worklist import WorkItem, register_work_counter

from .models import PlanDraft
from .writing_models import Amendment, AmendmentStatus, CommentStatus, DraftComment

OPEN_AMENDMENTS = "open"      # the drafts list's filter: ?amendments=open


def open_amendments(district: District) -> dict[int, int]:
    """Amendments waiting for a decision, by draft of the district."""
    return dict(db.session.execute(
        db.select(Amendment.draft_id, db.func.count(Amendment.id)).join(PlanDraft, PlanDraft.id == Amendment.draft_id)
        .where(PlanDraft.district_id == district.id, Amendment.status == AmendmentStatus.PENDING)
        .group_by(Amendment.draft_id)).all())


def office_counts(district: District) -> list[WorkItem]:
    pending = db.session.execute(
        db.select(PlanDraft.id, PlanDraft.title, db.func.count(DraftComment.id))
        .join(DraftComment, DraftComment.draft_id == PlanDraft.id)
        .where(PlanDraft.district_id == district.id, DraftComment.status == CommentStatus.PENDING)
        .group_by(PlanDraft.id, PlanDraft.title).order_by(PlanDraft.id)).all()
    label = _("Comments on the draft waiting for moderation")
    items = [WorkItem("draft-comments", label, count,
                      url_for("draft_participation.participation", draft_id=draft_id, _anchor="moderation-title"),
                      detail=title) for draft_id, title, count in pending] \
        or [WorkItem("draft-comments", label, 0, url_for("drafts.drafts"))]
    amended = open_amendments(district)
    items.append(WorkItem("drafts-with-amendments", _("Drafts with amendments waiting for a decision"), len(amended),
                          url_for("drafts.drafts", amendments=OPEN_AMENDMENTS)))
    return items


register_work_counter(office_counts, order=500)
