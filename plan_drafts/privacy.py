"""The personal data of plan drafts, declared to the GDPR registry (app/privacy.py): the authorship of the
draft's core (authorship.py), who opened, agreed or answers at a co-design table (codesign_privacy.py),
and the comments and amendments participants wrote on a draft opened to them.
Erasure keeps the text, unattributed."""
from __future__ import annotations

from sqlalchemy import func, or_

from app import privacy
from app.extensions import db
from app.account_models import User

from .authorship import erase_authorship, export_authorship
from .codesign_privacy import erase_codesign, export_codesign
from .models import PlanDraft
from .writing_models import Amendment, DraftComment


def _by_person(model, email: str, district_id: int | None = None):
    user_ids = db.select(User.id).where(func.lower(User.email) == email)
    query = db.select(model).where(or_(func.lower(model.author_email) == email,
                                       model.author_id.in_(user_ids)))
    if district_id is not None:
        query = query.join(model.draft).where(PlanDraft.district_id == district_id)
    return query


def export_comments(email: str, district_id: int | None = None) -> list[dict]:
    return [{"draft": c.draft.title, "chapter": c.chapter.title, "paragraph": c.excerpt, "text": c.body,
             "name": c.author_name, "state": c.status.value, "written_at": c.created_at.isoformat()}
            for c in db.session.scalars(_by_person(DraftComment, email, district_id)
                                        .order_by(DraftComment.id))]


def export_amendments(email: str, district_id: int | None = None) -> list[dict]:
    return [{"draft": a.draft.title, "objective": a.objective.number, "field": a.field,
             "proposed": a.proposed_text, "reason": a.reason, "state": a.status.value,
             "decision": a.decision_note, "name": a.author_name,
             "written_at": a.created_at.isoformat()}
            for a in db.session.scalars(_by_person(Amendment, email, district_id).order_by(Amendment.id))]


def anonymise(model):
    def erase(email: str, district_id: int | None = None) -> int:
        rows = db.session.scalars(_by_person(model, email, district_id)).all()
        for row in rows:
            row.author, row.author_id, row.author_name, row.author_email = None, None, "", None
        db.session.flush()
        return len(rows)
    return erase


def register() -> None:
    privacy.register("plan_draft_authorship", export=export_authorship, erase=erase_authorship)
    privacy.register("draft_comments", export=export_comments, erase=anonymise(DraftComment))
    privacy.register("draft_amendments", export=export_amendments, erase=anonymise(Amendment))
    privacy.register("codesign_tables", export=export_codesign, erase=erase_codesign)
