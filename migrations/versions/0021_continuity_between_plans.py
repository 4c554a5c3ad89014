"""continuity between plans: the actions of the previous plan a draft's objective takes up (continued or changed,
and why), those the draft does not take up (and why), and, once approved, the new actions' lineage

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 01:59:53.013457

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def _continuity():
    return sa.Enum('continued', 'changed', name='continuity', native_enum=False, length=32)


def _action_fk(table, column='action_id'):
    return sa.ForeignKeyConstraint([column], ['system_action.id'], name=op.f(f'fk_{table}_{column}_system_action'),
                                   ondelete='CASCADE')


def upgrade():
    op.create_table('action_lineage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('previous_action_id', sa.Integer(), nullable=False),
    sa.Column('fate', _continuity(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    _action_fk('action_lineage'),
    _action_fk('action_lineage', 'previous_action_id'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_lineage')),
    sa.UniqueConstraint('action_id', 'previous_action_id', name=op.f('uq_action_lineage_action_id'))
    )
    with op.batch_alter_table('action_lineage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_lineage_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_lineage_previous_action_id'), ['previous_action_id'],
                              unique=False)

    op.create_table('dropped_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    _action_fk('dropped_action'),
    sa.ForeignKeyConstraint(['draft_id'], ['plan_draft.id'], name=op.f('fk_dropped_action_draft_id_plan_draft'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dropped_action')),
    sa.UniqueConstraint('draft_id', 'action_id', name=op.f('uq_dropped_action_draft_id'))
    )
    with op.batch_alter_table('dropped_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dropped_action_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dropped_action_draft_id'), ['draft_id'], unique=False)

    op.create_table('objective_continuity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('fate', _continuity(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    _action_fk('objective_continuity'),
    sa.ForeignKeyConstraint(['objective_id'], ['draft_objective.id'],
                            name=op.f('fk_objective_continuity_objective_id_draft_objective'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_objective_continuity')),
    sa.UniqueConstraint('objective_id', 'action_id', name=op.f('uq_objective_continuity_objective_id'))
    )
    with op.batch_alter_table('objective_continuity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objective_continuity_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_objective_continuity_objective_id'), ['objective_id'], unique=False)


def downgrade():
    with op.batch_alter_table('objective_continuity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objective_continuity_objective_id'))
        batch_op.drop_index(batch_op.f('ix_objective_continuity_action_id'))
    op.drop_table('objective_continuity')

    with op.batch_alter_table('dropped_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dropped_action_draft_id'))
        batch_op.drop_index(batch_op.f('ix_dropped_action_action_id'))
    op.drop_table('dropped_action')

    with op.batch_alter_table('action_lineage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_lineage_previous_action_id'))
        batch_op.drop_index(batch_op.f('ix_action_lineage_action_id'))
    op.drop_table('action_lineage')
