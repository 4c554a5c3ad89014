"""figures about a district as they were published (counts of a project or service, with their source)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 19:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('published_figure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=True),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=300), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('value >= 0', name=op.f('ck_published_figure_value_not_negative')),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_published_figure_district_id_district'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_published_figure'))
    )
    with op.batch_alter_table('published_figure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_published_figure_district_id'), ['district_id'], unique=False)


def downgrade():
    with op.batch_alter_table('published_figure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_published_figure_district_id'))

    op.drop_table('published_figure')
