"""co-design tables on draft objectives: the bodies at a table (invited or on request, accepted), what each commits
against a funding source, the targets the table agrees on, and the standing group whose meetings are the table's

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 02:08:15.402095

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, length=32)


def _user_fk(table, column):
    return sa.ForeignKeyConstraint([column], ['user.id'], name=op.f(f'fk_{table}_{column}_user'), ondelete='SET NULL')


def upgrade():
    op.create_table('codesign_table',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('status', _enum('tablestatus', 'open', 'agreed'), nullable=False),
    sa.Column('families_target', sa.Integer(), nullable=True),
    sa.Column('operators_target', sa.Integer(), nullable=True),
    sa.Column('volunteers_target', sa.Integer(), nullable=True),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('agreed_at', sa.DateTime(), nullable=True),
    sa.Column('agreed_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    _user_fk('codesign_table', 'agreed_by_id'),
    sa.ForeignKeyConstraint(['group_id'], ['standing_group.id'], name=op.f('fk_codesign_table_group_id_standing_group'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['objective_id'], ['draft_objective.id'],
                            name=op.f('fk_codesign_table_objective_id_draft_objective'), ondelete='CASCADE'),
    _user_fk('codesign_table', 'opened_by_id'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_codesign_table')),
    sa.UniqueConstraint('objective_id', name=op.f('uq_codesign_table_objective_id'))
    )
    with op.batch_alter_table('codesign_table', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_codesign_table_group_id'), ['group_id'], unique=False)

    op.create_table('codesign_partner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('joined_by', _enum('joinedby', 'invited', 'request'), nullable=False),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.Column('referent_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'],
                            name=op.f('fk_codesign_partner_organization_id_organization'), ondelete='CASCADE'),
    _user_fk('codesign_partner', 'referent_id'),
    sa.ForeignKeyConstraint(['table_id'], ['codesign_table.id'],
                            name=op.f('fk_codesign_partner_table_id_codesign_table'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_codesign_partner')),
    sa.UniqueConstraint('table_id', 'organization_id', name=op.f('uq_codesign_partner_table_id'))
    )
    with op.batch_alter_table('codesign_partner', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_codesign_partner_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_codesign_partner_table_id'), ['table_id'], unique=False)

    op.create_table('codesign_commitment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('kind', _enum('commitmentkind', 'money', 'staff_hours', 'volunteer_hours', 'spaces', 'services'),
              nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('hours', sa.Numeric(precision=10, scale=1), nullable=True),
    sa.Column('hourly_rate', sa.Numeric(precision=8, scale=2), nullable=True),
    sa.Column('rate_basis', sa.String(length=300), nullable=True),
    sa.Column('source', _enum('fundingsource', 'national_regional', 'municipalities', 'foundation_calls', 'other'),
              nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=True),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['codesign_partner.id'],
                            name=op.f('fk_codesign_commitment_partner_id_codesign_partner'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['programme_id'], ['funding_programme.id'],
                            name=op.f('fk_codesign_commitment_programme_id_funding_programme'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_codesign_commitment'))
    )
    with op.batch_alter_table('codesign_commitment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_codesign_commitment_partner_id'), ['partner_id'], unique=False)


def downgrade():
    with op.batch_alter_table('codesign_commitment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_codesign_commitment_partner_id'))
    op.drop_table('codesign_commitment')

    with op.batch_alter_table('codesign_partner', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_codesign_partner_table_id'))
        batch_op.drop_index(batch_op.f('ix_codesign_partner_organization_id'))
    op.drop_table('codesign_partner')

    with op.batch_alter_table('codesign_table', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_codesign_table_group_id'))
    op.drop_table('codesign_table')
