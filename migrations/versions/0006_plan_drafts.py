"""plan drafts: chapters, axes, objectives, evidence links, comments, amendments, versions

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 05:20:00

"""
from alembic import op
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
