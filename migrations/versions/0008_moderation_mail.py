"""moderation e-mails: when the planning office was told about a contribution waiting for moderation

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 09:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

TABLES = ('post_comment', 'draft_comment', 'amendment')


def upgrade():
    # The rule "at most one e-mail per post or chapter per hour while earlier ones wait" reads this column,
    # so every server applies it the same way.
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('office_notified_at', sa.DateTime(), nullable=True))


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('office_notified_at')
