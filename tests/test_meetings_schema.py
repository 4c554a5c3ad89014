"""The meetings schema: the migration matches the models, and the database itself refuses overbooking."""
from __future__ import annotations

from datetime import datetime

import pytest
from alembic.autogenerate import produce_migrations
from alembic.migration import MigrationContext
from sqlalchemy import text, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from meetings.models import Meeting, Registration, TimeSlot, WorkingGroup

MEETING_TABLES = {"stored_file", "meeting", "agenda_item", "meeting_attachment", "working_group", "time_slot",
                  "registration", "minutes", "minutes_item"}


def _tables_touched(op) -> set[str]:
    if hasattr(op, "ops"):
        return set().union(*(_tables_touched(child) for child in op.ops)) if op.ops else set()
    return {getattr(op, "table_name", None) or getattr(getattr(op, "table", None), "name", None)}


def test_migration_0004_matches_the_models(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = _tables_touched(produce_migrations(context, db.metadata).upgrade_ops)
    assert not differences & MEETING_TABLES


def _meeting(district) -> Meeting:
    meeting = Meeting(district=district, title="Incontro", place="Sala", starts_at=datetime(2015, 4, 9, 15),
                      ends_at=datetime(2015, 4, 9, 19))
    db.session.add(meeting)
    db.session.flush()
    return meeting


@pytest.mark.parametrize("model", [WorkingGroup, TimeSlot])
def test_the_database_refuses_more_places_than_the_capacity(district, model):
    meeting = _meeting(district)
    extra = {"name": "Gruppo"} if model is WorkingGroup else {"starts_at": meeting.starts_at,
                                                              "ends_at": meeting.ends_at}
    place = model(meeting=meeting, capacity=1, **extra)
    db.session.add(place)
    db.session.flush()
    take = update(model).where(model.id == place.id).values(taken=model.taken + 1)
    db.session.execute(take)
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            db.session.execute(take)
    db.session.refresh(place)
    assert place.taken == 1 and place.is_full and place.places_left == 0


def test_one_registration_per_email_and_meeting(district):
    meeting = _meeting(district)
    db.session.add(Registration(meeting=meeting, name="A", email="a@example.org", token="t1"))
    db.session.flush()
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            db.session.add(Registration(meeting=meeting, name="A again", email="a@example.org", token="t2"))
            db.session.flush()


def test_deleting_a_meeting_deletes_its_groups_slots_and_registrations(district):
    meeting = _meeting(district)
    group = WorkingGroup(meeting=meeting, name="G")
    db.session.add_all([group, Registration(meeting=meeting, name="A", email="a@example.org", token="t1",
                                            working_group=group)])
    db.session.commit()
    db.session.execute(text("DELETE FROM meeting WHERE id = :id"), {"id": meeting.id})
    db.session.commit()
    assert db.session.scalar(text("SELECT count(*) FROM registration")) == 0
    assert db.session.scalar(text("SELECT count(*) FROM working_group")) == 0
