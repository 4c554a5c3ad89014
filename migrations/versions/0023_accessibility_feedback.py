"""accessibility feedback: reports of accessibility problems sent from the accessibility statement's form, for a
district's planning office or (no district) the installation's administrators

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 04:34:51.772907

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('accessibility_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('page', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('handled_at', sa.DateTime(), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'],
                            name=op.f('fk_accessibility_feedback_district_id_district'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['handled_by_id'], ['user.id'],
                            name=op.f('fk_accessibility_feedback_handled_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accessibility_feedback'))
    )
    with op.batch_alter_table('accessibility_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accessibility_feedback_district_id'), ['district_id'], unique=False)



def downgrade():
    with op.batch_alter_table('accessibility_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accessibility_feedback_district_id'))

    op.drop_table('accessibility_feedback')
