"""Personal data of the plan draft's core, for GDPR requests: who started, saved or approved what, the text
of a refused chapter save, and who is the referent of an objective. Erasure keeps the text, unattributed.
With a district's scope, only that district's drafts. Registered by privacy.py."""
from __future__ import annotations

from app.extensions import db
from app.people import find_user

from .models import ChapterConflict, DraftAxis, DraftChapter, DraftObjective, PlanDraft, objective_referents

AUTHOR_FIELDS = {PlanDraft: ("created_by_id", "approved_by_id"), DraftChapter: ("updated_by_id",),
                 ChapterConflict: ("user_id", "resolved_by_id")}


def _in_district(query, model, district_id: int | None):
    if district_id is None:
        return query
    if model is ChapterConflict:
        query = query.join(ChapterConflict.chapter).join(DraftChapter.draft)
    elif model is DraftChapter:
        query = query.join(DraftChapter.draft)
    elif model is DraftObjective:
        query = query.join(DraftObjective.axis).join(DraftAxis.draft)
    return query.where(PlanDraft.district_id == district_id)


def _touched(model, user_id: int, district_id: int | None = None):
    fields = AUTHOR_FIELDS[model]
    query = db.select(model).where(db.or_(*(getattr(model, f) == user_id for f in fields))).order_by(model.id)
    return db.session.scalars(_in_district(query, model, district_id)).all()


def _referent_of(user_id: int, district_id: int | None = None) -> list[DraftObjective]:
    query = (db.select(DraftObjective).join(objective_referents)
             .where(objective_referents.c.user_id == user_id).order_by(DraftObjective.id))
    return db.session.scalars(_in_district(query, DraftObjective, district_id)).all()


def export_authorship(email: str, district_id: int | None = None) -> list[dict]:
    user = find_user(email)
    if user is None:
        return []
    records = [{"draft": d.title,
                "as": [f[:-6] for f in AUTHOR_FIELDS[PlanDraft] if getattr(d, f) == user.id]}
               for d in _touched(PlanDraft, user.id, district_id)]
    records += [{"draft": c.draft.title, "chapter_last_saved": c.title, "at": c.updated_at.isoformat()}
                for c in _touched(DraftChapter, user.id, district_id)]
    # A save refused as stale keeps the person's text aside: that text is theirs.
    records += [{"draft": c.chapter.draft.title, "chapter": c.chapter.title,
                 "refused_save_at": c.created_at.isoformat(), "text_saved_aside": c.data.get("body")}
                for c in _touched(ChapterConflict, user.id, district_id) if c.user_id == user.id]
    records += [{"draft": o.axis.draft.title, "referent_of_objective": f"{o.number} {o.title}"}
                for o in _referent_of(user.id, district_id)]
    return records


def erase_authorship(email: str, district_id: int | None = None) -> int:
    user = find_user(email)
    if user is None:
        return 0
    count = 0
    for model, fields in AUTHOR_FIELDS.items():
        for record in _touched(model, user.id, district_id):
            for field in fields:
                if getattr(record, field) == user.id:
                    setattr(record, field, None)
            count += 1
    for objective in _referent_of(user.id, district_id):
        objective.referents.remove(user)
        count += 1
    db.session.flush()
    return count
