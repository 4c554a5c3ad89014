"""Writes an AuditLog row for every insert, update and delete of an audited model, whoever makes it."""
from __future__ import annotations

import contextvars
import enum
from datetime import date, datetime, time
from decimal import Decimal

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from .models import Audited, AuditLog, utcnow

# Who acts when there is no logged-in user: the CLI sets this to "cli".
actor_name: contextvars.ContextVar[str] = contextvars.ContextVar("actor_name", default="system")


def _plain(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj, committed: bool = False) -> dict:
    """Column values (and audited collections as ids); with committed=True, the values before this flush."""
    state = inspect(obj)
    data = {}
    for attr in state.mapper.column_attrs:
        if attr.columns[0].info.get("audit_secret"):
            continue
        hist = state.attrs[attr.key].history
        value = (hist.deleted[0] if hist.deleted else (hist.unchanged[0] if hist.unchanged else None)) \
            if committed and hist.has_changes() else getattr(obj, attr.key)
        data[attr.key] = _plain(value)
    for rel in state.mapper.relationships:
        if not rel.info.get("audit"):
            continue
        hist = state.attrs[rel.key].history
        items = (list(hist.unchanged) + list(hist.deleted)) if committed else getattr(obj, rel.key)
        data[rel.key] = sorted(i.id for i in items if i.id is not None)
    return data


def _actor():
    if has_request_context() and getattr(current_user, "is_authenticated", False):
        return current_user.id, current_user.email
    return None, actor_name.get()


def _row(obj, operation, before, after, user_id, actor):
    state = inspect(obj)
    entity = type(obj).__name__
    entity_id = state.identity[0] if state.identity else getattr(obj, "id", None)
    label = str(obj) if operation != "delete" else str(before.get("title") or before.get("name") or entity)
    return {
        "at": utcnow(), "user_id": user_id, "actor": actor[:254], "district_id": obj.audit_district_id,
        "operation": operation, "entity": entity, "entity_id": entity_id,
        "summary": f"{operation} {entity} {label}"[:300], "before": before, "after": after,
    }


def _deleted_row(obj, before, district_id, user_id, actor):
    row = _row(obj, "delete", before, None, user_id, actor)
    row["district_id"] = district_id
    return row


@event.listens_for(Session, "before_flush")
def _remember_before(session, flush_context, instances):
    # Old values and deleted objects' data must be read before the flush changes them.
    pending = session.info.setdefault("audit_before", {})
    districts = session.info.setdefault("audit_deleted_district", {})
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, Audited) and obj not in pending:
            pending[obj] = snapshot(obj, committed=obj in session.dirty)
    for obj in session.deleted:
        if isinstance(obj, Audited):
            districts[obj] = obj.audit_district_id
    # Children removed from a delete-orphan collection are deleted by the flush without ever being in
    # session.deleted: remember them now, while their parent still tells their district.
    orphans = session.info.setdefault("audit_orphans", {})
    for parent in session.dirty:
        state = inspect(parent)
        for rel in state.mapper.relationships:
            if not rel.cascade.delete_orphan:
                continue
            for child in state.attrs[rel.key].history.deleted:
                if isinstance(child, Audited) and inspect(child).persistent:
                    orphans[child] = pending.get(child) or snapshot(child, committed=True)
                    own = districts.get(child, child.audit_district_id)
                    districts[child] = own if own is not None else parent.audit_district_id


@event.listens_for(Session, "after_flush")
def _write_log(session, flush_context):
    before = session.info.pop("audit_before", {})
    deleted_districts = session.info.pop("audit_deleted_district", {})
    orphans = session.info.pop("audit_orphans", {})
    user_id, actor = _actor()
    rows = []
    for obj in session.new:
        if isinstance(obj, Audited):
            rows.append(_row(obj, "create", None, snapshot(obj), user_id, actor))
    for obj in session.dirty:
        if isinstance(obj, Audited) and obj not in orphans and session.is_modified(obj, include_collections=True):
            old, new = before.get(obj, {}), snapshot(obj)
            changed = {k for k in new if old.get(k) != new[k] and k != "version"}
            if changed:
                rows.append(_row(obj, "update", {k: old.get(k) for k in changed},
                                 {k: new[k] for k in changed}, user_id, actor))
    for obj in session.deleted:
        if isinstance(obj, Audited):
            rows.append(_deleted_row(obj, before.get(obj, {}), deleted_districts.get(obj), user_id, actor))
    # Whether an orphan was really deleted (not moved to another parent) is known after the flush.
    session.info["audit_orphans_flushed"] = [
        (obj, data, deleted_districts.get(obj), user_id, actor) for obj, data in orphans.items()
        if obj not in session.deleted]
    if rows:
        session.connection().execute(AuditLog.__table__.insert(), rows)


@event.listens_for(Session, "after_flush_postexec")
def _write_orphan_deletes(session, flush_context):
    orphans = session.info.pop("audit_orphans_flushed", [])
    rows = [_deleted_row(obj, data, district, user_id, actor)
            for obj, data, district, user_id, actor in orphans if inspect(obj).was_deleted]
    if rows:
        session.connection().execute(AuditLog.__table__.insert(), rows)
