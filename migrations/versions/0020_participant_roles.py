"""participant roles: a list per district; the role (and body) of registrations, roster places, comments and
amendments

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 01:50:00.880567

"""
from alembic import op
import sqlalchemy as sa

DEFAULT_ROLES = ('Amministratore/politico', 'Tecnico dei servizi', 'Terzo settore', 'Volontario',
                 'Famiglia/cittadino', 'Scuola', 'Sanità')


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('participant_role',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_participant_role_district_id_district'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant_role')),
    sa.UniqueConstraint('district_id', 'name', name=op.f('uq_participant_role_district_id'))
    )
    with op.batch_alter_table('participant_role', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_role_district_id'), ['district_id'], unique=False)

    # Every district there is starts with the usual roles (app/role_models.py DEFAULT_ROLES, as written then).
    roles = sa.table('participant_role', sa.column('district_id', sa.Integer), sa.column('name', sa.String),
                     sa.column('position', sa.Integer))
    districts = op.get_bind().execute(sa.text('SELECT id FROM district')).scalars().all()
    op.bulk_insert(roles, [{'district_id': district, 'name': name, 'position': position} for district in districts
                           for position, name in enumerate(DEFAULT_ROLES)])


    op.create_table('role_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('people', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=300), nullable=True),
    sa.CheckConstraint('people IS NULL OR people >= 0', name=op.f('ck_role_report_people_not_negative')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_role_report_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['role_id'], ['participant_role.id'], name=op.f('fk_role_report_role_id_participant_role'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_report')),
    sa.UniqueConstraint('meeting_id', 'role_id', name=op.f('uq_role_report_meeting_id'))
    )
    with op.batch_alter_table('role_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_report_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_report_role_id'), ['role_id'], unique=False)

    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('organization_name', sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f('ix_amendment_role_id'), ['role_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_amendment_role_id_participant_role'), 'participant_role', ['role_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('draft_comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('organization_name', sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f('ix_draft_comment_role_id'), ['role_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_draft_comment_role_id_participant_role'), 'participant_role', ['role_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('post_comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('organization_name', sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f('ix_post_comment_role_id'), ['role_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_post_comment_role_id_participant_role'), 'participant_role', ['role_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_registration_role_id'), ['role_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_registration_role_id_participant_role'), 'participant_role', ['role_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('roster_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_roster_member_role_id'), ['role_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_roster_member_role_id_participant_role'), 'participant_role', ['role_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('role_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_report_role_id'))
        batch_op.drop_index(batch_op.f('ix_role_report_meeting_id'))
    op.drop_table('role_report')
    with op.batch_alter_table('roster_member', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_roster_member_role_id_participant_role'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_roster_member_role_id'))
        batch_op.drop_column('role_id')

    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_registration_role_id_participant_role'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_registration_role_id'))
        batch_op.drop_column('role_id')

    with op.batch_alter_table('post_comment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_post_comment_role_id_participant_role'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_post_comment_role_id'))
        batch_op.drop_column('organization_name')
        batch_op.drop_column('role_id')

    with op.batch_alter_table('draft_comment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_draft_comment_role_id_participant_role'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_draft_comment_role_id'))
        batch_op.drop_column('organization_name')
        batch_op.drop_column('role_id')

    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_amendment_role_id_participant_role'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_amendment_role_id'))
        batch_op.drop_column('organization_name')
        batch_op.drop_column('role_id')

    with op.batch_alter_table('participant_role', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_role_district_id'))

    op.drop_table('participant_role')
