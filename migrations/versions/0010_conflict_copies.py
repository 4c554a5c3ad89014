"""one shape for kept conflict copies: chapters keep what was sent as data, as cards and posts do, and every
copy says who settled it

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 16:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def _add_resolved_by(table):
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.add_column(sa.Column('resolved_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f(f'fk_{table}_resolved_by_id_user'), 'user', ['resolved_by_id'],
                                    ['id'], ondelete='SET NULL')


def upgrade():
    _add_resolved_by('post_conflict')
    _add_resolved_by('chapter_conflict')
    with op.batch_alter_table('chapter_conflict', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data', sa.JSON(), nullable=True))
    conflict = sa.table('chapter_conflict', sa.column('id', sa.Integer), sa.column('body', sa.Text),
                        sa.column('data', sa.JSON))
    connection = op.get_bind()
    for conflict_id, body in connection.execute(sa.select(conflict.c.id, conflict.c.body)).all():
        connection.execute(conflict.update().where(conflict.c.id == conflict_id).values(data={"body": body}))
    with op.batch_alter_table('chapter_conflict', schema=None) as batch_op:
        batch_op.alter_column('data', existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column('body')


def downgrade():
    with op.batch_alter_table('chapter_conflict', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body', sa.Text(), nullable=True))
    conflict = sa.table('chapter_conflict', sa.column('id', sa.Integer), sa.column('body', sa.Text),
                        sa.column('data', sa.JSON))
    connection = op.get_bind()
    for conflict_id, data in connection.execute(sa.select(conflict.c.id, conflict.c.data)).all():
        connection.execute(conflict.update().where(conflict.c.id == conflict_id)
                           .values(body=(data or {}).get('body') or ''))
    with op.batch_alter_table('chapter_conflict', schema=None) as batch_op:
        batch_op.alter_column('body', existing_type=sa.Text(), nullable=False)
        batch_op.drop_column('data')
    for table in ('chapter_conflict', 'post_conflict'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_resolved_by_id_user'), type_='foreignkey')
            batch_op.drop_column('resolved_by_id')
