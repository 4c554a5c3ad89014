"""an objective of the plan draft names the funding programme that pays it

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 17:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('draft_objective', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_draft_objective_programme_id_funding_programme'),
                                    'funding_programme', ['programme_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('draft_objective', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_draft_objective_programme_id_funding_programme'),
                                 type_='foreignkey')
        batch_op.drop_column('programme_id')
