"""Versioned edits (app/versioned.py): one way to refuse a stale save and keep it, for every record that keeps
conflict copies; the schema the migrations build is the one the models describe; 0010 carries kept texts over."""
from __future__ import annotations

import pytest
from alembic.autogenerate import produce_migrations
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text

from app import create_app
from app.extensions import db
from app.versioned import EditConflict, MissingVersion, keep, open_conflicts, refuse_stale, resolve
from evaluations.models import CardConflict, EvaluationCard
from plan_drafts.models import ChapterConflict, DraftChapter
from posts.models import Post, PostConflict
from tests.two_districts import seed_two_districts


def test_the_migrations_build_the_schema_the_models_describe(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert produce_migrations(context, db.metadata).upgrade_ops.is_empty()


@pytest.fixture
def records(app):
    seeded = seed_two_districts()
    db.session.commit()
    return seeded["a"].ids


def _kinds(ids):
    return {CardConflict: db.session.get(EvaluationCard, ids["card"]), PostConflict: db.session.get(Post, ids["post"]),
            ChapterConflict: db.session.get(DraftChapter, ids["chapter"])}


def test_a_stale_save_is_kept_as_a_copy_of_the_records_own_kind(records, office):
    for model, record in _kinds(records).items():
        before = len(record.conflicts)
        with pytest.raises(EditConflict) as refused:
            refuse_stale(record, record.version - 1, {"body": "il mio testo"}, by=office, message="Salvato da altri")
        conflict = refused.value.conflict
        assert isinstance(conflict, model) and refused.value.message == "Salvato da altri"
        assert (conflict.base_version, conflict.saved_version) == (record.version - 1, record.version)
        assert conflict.data == {"body": "il mio testo"} and conflict.user == office
        assert len(record.conflicts) == before + 1 and conflict in open_conflicts(record)


def test_a_save_without_a_version_is_refused_and_nothing_is_kept(records, office):
    for record in _kinds(records).values():
        before = len(record.conflicts)
        with pytest.raises(MissingVersion):
            refuse_stale(record, None, {"body": "x"}, by=office, message="")
        refuse_stale(record, record.version, {"body": "x"}, by=office, message="")   # the current one passes
        assert len(record.conflicts) == before


def test_resolving_says_who_and_closes_the_copy(records, office):
    for record in _kinds(records).values():
        conflict = keep(record, {"body": "x"}, base_version=0, by=None)
        resolve(conflict, by=office)
        assert conflict.resolved_by_id == office.id and conflict.resolved_at is not None
        assert conflict not in open_conflicts(record)


def test_migration_0010_carries_kept_chapter_texts_over_and_back(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "OUTBOX_DIR": str(tmp_path)})
    with app.app_context():
        directory = app.extensions["migrate"].directory
        upgrade(directory=directory, revision="0009")
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("PRAGMA foreign_keys=OFF"))
            conn.execute(text("INSERT INTO chapter_conflict (id, chapter_id, created_at, saved_version, body) "
                              "VALUES (1, 1, '2015-04-09 15:00:00', 2, 'Il testo rifiutato')"))
        upgrade(directory=directory, revision="0010")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT data FROM chapter_conflict")).scalar() == '{"body": "Il testo rifiutato"}'
        downgrade(directory=directory, revision="0009")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT body FROM chapter_conflict")).scalar() == "Il testo rifiutato"
        engine.dispose()
        db.engine.dispose()
