"""funding as reporting needs it: named programmes with their year, bids on calls with their partners, resources
in kind; budget lines point to a programme

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 16:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

KINDS = ('national_regional', 'municipalities', 'foundation_calls', 'other')


def upgrade():
    op.create_table('funding_programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum(*KINDS, name='fundingsource', native_enum=False, length=32), nullable=False),
    sa.Column('funder', sa.String(length=200), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_funding_programme_district_id_district'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_programme')),
    sa.UniqueConstraint('district_id', 'name', name=op.f('uq_funding_programme_district_id'))
    )
    with op.batch_alter_table('funding_programme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funding_programme_district_id'), ['district_id'], unique=False)

    op.create_table('funding_bid',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('call', sa.String(length=300), nullable=False),
    sa.Column('outcome', sa.Enum('preparing', 'submitted', 'granted', 'partly_granted', 'rejected', 'withdrawn', name='bidoutcome', native_enum=False, length=32), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=True),
    sa.Column('action_id', sa.Integer(), nullable=True),
    sa.Column('programme_id', sa.Integer(), nullable=True),
    sa.Column('submitted_on', sa.Date(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('amount_requested', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('amount_granted', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['system_action.id'], name=op.f('fk_funding_bid_action_id_system_action'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_funding_bid_district_id_district'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lead_id'], ['organization.id'], name=op.f('fk_funding_bid_lead_id_organization'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['programme_id'], ['funding_programme.id'], name=op.f('fk_funding_bid_programme_id_funding_programme'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_funding_bid'))
    )
    with op.batch_alter_table('funding_bid', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funding_bid_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_funding_bid_district_id'), ['district_id'], unique=False)

    op.create_table('funding_bid_partner',
    sa.Column('bid_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['bid_id'], ['funding_bid.id'], name=op.f('fk_funding_bid_partner_bid_id_funding_bid'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_funding_bid_partner_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('bid_id', 'organization_id', name=op.f('pk_funding_bid_partner'))
    )
    with op.batch_alter_table('funding_bid_partner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funding_bid_partner_organization_id'), ['organization_id'], unique=False)

    op.create_table('in_kind_resource',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('staff_hours', 'volunteer_hours', name='inkindkind', native_enum=False, length=32), nullable=False),
    sa.Column('hours', sa.Numeric(precision=10, scale=1), nullable=False),
    sa.Column('hourly_rate', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('rate_basis', sa.String(length=300), nullable=False),
    sa.Column('description', sa.String(length=300), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['system_action.id'], name=op.f('fk_in_kind_resource_action_id_system_action'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_in_kind_resource_organization_id_organization'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_in_kind_resource'))
    )
    with op.batch_alter_table('in_kind_resource', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_in_kind_resource_action_id'), ['action_id'], unique=False)

    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_budget_line_programme_id'), ['programme_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_budget_line_programme_id_funding_programme'), 'funding_programme',
                                    ['programme_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_budget_line_programme_id_funding_programme'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_budget_line_programme_id'))
        batch_op.drop_column('programme_id')
    with op.batch_alter_table('in_kind_resource', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_in_kind_resource_action_id'))
    op.drop_table('in_kind_resource')
    with op.batch_alter_table('funding_bid_partner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funding_bid_partner_organization_id'))
    op.drop_table('funding_bid_partner')
    with op.batch_alter_table('funding_bid', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funding_bid_district_id'))
        batch_op.drop_index(batch_op.f('ix_funding_bid_action_id'))
    op.drop_table('funding_bid')
    with op.batch_alter_table('funding_programme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funding_programme_district_id'))
    op.drop_table('funding_programme')
