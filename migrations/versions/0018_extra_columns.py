"""the lists a room adds beside the four columns of the board (a name, and what the room wrote)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 23:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('extra_column',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('focus_group_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['focus_group_id'], ['focus_group.id'], name=op.f('fk_extra_column_focus_group_id_focus_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_extra_column'))
    )
    with op.batch_alter_table('extra_column', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_extra_column_focus_group_id'), ['focus_group_id'], unique=False)


def downgrade():
    with op.batch_alter_table('extra_column', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_extra_column_focus_group_id'))

    op.drop_table('extra_column')
