"""the approval of a plan draft as the assembly gave it: its date, the delibera number and the signed document

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 16:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan_draft', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assembly_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('resolution_number', sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column('signed_file_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_plan_draft_signed_file_id_stored_file'), 'stored_file',
                                    ['signed_file_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('plan_draft', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_plan_draft_signed_file_id_stored_file'), type_='foreignkey')
        batch_op.drop_column('signed_file_id')
        batch_op.drop_column('resolution_number')
        batch_op.drop_column('assembly_date')
