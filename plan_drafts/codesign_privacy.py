"""Personal data of co-design tables, for GDPR requests: who opened or agreed a table, and who answers for a
body's part at one. Erasure keeps the tables, unattributed. With a district's scope, only that district's tables.
Registered by privacy.py."""
from __future__ import annotations

from sqlalchemy import or_, select

from app.extensions import db
from app.people import find_user

from .codesign_models import CodesignPartner, CodesignTable
from .models import DraftAxis, DraftObjective, PlanDraft

TABLE_FIELDS = ("opened_by_id", "agreed_by_id")


def _in_district(query, district_id: int | None):
    if district_id is None:
        return query
    return query.join(CodesignTable.objective).join(DraftObjective.axis).join(DraftAxis.draft).where(
        PlanDraft.district_id == district_id)


def _tables(user_id: int, district_id: int | None) -> list[CodesignTable]:
    query = select(CodesignTable).where(or_(*(getattr(CodesignTable, f) == user_id for f in TABLE_FIELDS)))
    return db.session.scalars(_in_district(query, district_id).order_by(CodesignTable.id)).all()


def _partners(user_id: int, district_id: int | None) -> list[CodesignPartner]:
    query = select(CodesignPartner).join(CodesignPartner.table).where(CodesignPartner.referent_id == user_id)
    return db.session.scalars(_in_district(query, district_id).order_by(CodesignPartner.id)).all()


def export_codesign(email: str, district_id: int | None = None) -> list[dict]:
    user = find_user(email)
    if user is None:
        return []
    records = [{"co_design_table": str(t), "as": [f[:-6] for f in TABLE_FIELDS if getattr(t, f) == user.id]}
               for t in _tables(user.id, district_id)]
    records += [{"co_design_table": str(p.table), "answers_for": p.organization.name}
                for p in _partners(user.id, district_id)]
    return records


def erase_codesign(email: str, district_id: int | None = None) -> int:
    user = find_user(email)
    if user is None:
        return 0
    count = 0
    for table in _tables(user.id, district_id):
        for field in TABLE_FIELDS:
            if getattr(table, field) == user.id:
                setattr(table, field, None)
        count += 1
    for partner in _partners(user.id, district_id):
        partner.referent_id = None
        count += 1
    db.session.flush()
    return count
