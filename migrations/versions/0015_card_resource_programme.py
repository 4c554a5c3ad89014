"""a resource of an evaluation card names the funding programme it came from

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 19:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('card_resource', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_card_resource_programme_id_funding_programme'),
                                    'funding_programme', ['programme_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('card_resource', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_card_resource_programme_id_funding_programme'),
                                 type_='foreignkey')
        batch_op.drop_column('programme_id')
