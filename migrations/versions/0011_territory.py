"""a district's territory and governance: comuni with ISTAT code and population, sub-areas, the managing body,
the governance bodies and their members

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 16:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('management',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('form', sa.Enum('lead_municipality', 'consortium', 'special_agency', 'health_agency', 'other', name='managementform', native_enum=False, length=32), nullable=False),
    sa.Column('body', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_management_district_id_district'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_management')),
    sa.UniqueConstraint('district_id', name=op.f('uq_management_district_id'))
    )
    op.create_table('sub_area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_sub_area_district_id_district'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sub_area')),
    sa.UniqueConstraint('district_id', 'name', name=op.f('uq_sub_area_district_id'))
    )
    with op.batch_alter_table('sub_area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sub_area_district_id'), ['district_id'], unique=False)

    op.create_table('governance_body',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('mayors_assembly', 'technical_table', 'planning_office', 'third_sector_table', 'committee', 'other', name='bodykind', native_enum=False, length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_governance_body_district_id_district'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_governance_body')),
    sa.UniqueConstraint('district_id', 'name', name=op.f('uq_governance_body_district_id'))
    )
    with op.batch_alter_table('governance_body', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_governance_body_district_id'), ['district_id'], unique=False)

    op.create_table('municipality',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('istat_code', sa.String(length=6), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('province', sa.String(length=2), nullable=False),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.Column('population_year', sa.Integer(), nullable=True),
    sa.Column('is_lead', sa.Boolean(), nullable=False),
    sa.Column('sub_area_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('population IS NULL OR population >= 0', name=op.f('ck_municipality_population_not_negative')),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_municipality_district_id_district'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sub_area_id'], ['sub_area.id'], name=op.f('fk_municipality_sub_area_id_sub_area'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_municipality')),
    sa.UniqueConstraint('district_id', 'istat_code', name=op.f('uq_municipality_district_id'))
    )
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_municipality_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_municipality_sub_area_id'), ['sub_area_id'], unique=False)

    op.create_table('body_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=True),
    sa.Column('municipality_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['governance_body.id'], name=op.f('fk_body_member_body_id_governance_body'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_body_member_municipality_id_municipality'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_body_member'))
    )
    with op.batch_alter_table('body_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_body_member_body_id'), ['body_id'], unique=False)


def downgrade():
    with op.batch_alter_table('body_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_body_member_body_id'))
    op.drop_table('body_member')
    with op.batch_alter_table('municipality', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_municipality_sub_area_id'))
        batch_op.drop_index(batch_op.f('ix_municipality_district_id'))
    op.drop_table('municipality')
    with op.batch_alter_table('governance_body', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_governance_body_district_id'))
    op.drop_table('governance_body')
    with op.batch_alter_table('sub_area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sub_area_district_id'))
    op.drop_table('sub_area')
    op.drop_table('management')
