"""open meetings: meetings, agenda, attachments, working groups, time slots, registrations, attendance, minutes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 05:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stored_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_stored_file_district_id_district'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stored_file'))
    )
    with op.batch_alter_table('stored_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stored_file_district_id'), ['district_id'], unique=False)

    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('open_meeting', 'working_group', 'focus_group', name='meetingkind', native_enum=False, length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('registration_open', sa.Boolean(), nullable=False),
    sa.Column('registration_closes_at', sa.DateTime(), nullable=True),
    sa.Column('reminder_sent_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('ends_at >= starts_at', name=op.f('ck_meeting_ends_after_start')),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_meeting_district_id_district'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_meeting_plan_id_plan'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_starts_at'), ['starts_at'], unique=False)

    op.create_table('agenda_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.Time(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('speaker', sa.String(length=200), nullable=True),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['planning_area.id'], name=op.f('fk_agenda_item_area_id_planning_area'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_agenda_item_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_item'))
    )
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_item_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_item_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meeting_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('stored_file_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_attachment_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stored_file_id'], ['stored_file.id'], name=op.f('fk_meeting_attachment_stored_file_id_stored_file'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_attachment'))
    )
    with op.batch_alter_table('meeting_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_attachment_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_attachment_stored_file_id'), ['stored_file_id'], unique=False)

    op.create_table('time_slot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('taken', sa.Integer(), server_default='0', nullable=False),
    sa.CheckConstraint('capacity IS NULL OR capacity >= 0', name=op.f('ck_time_slot_capacity_not_negative')),
    sa.CheckConstraint('ends_at >= starts_at', name=op.f('ck_time_slot_ends_after_start')),
    sa.CheckConstraint('taken >= 0 AND (capacity IS NULL OR taken <= capacity)', name=op.f('ck_time_slot_taken_within_capacity')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_time_slot_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_time_slot'))
    )
    with op.batch_alter_table('time_slot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_time_slot_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('working_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('focus_group_id', sa.Integer(), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('taken', sa.Integer(), server_default='0', nullable=False),
    sa.CheckConstraint('capacity IS NULL OR capacity >= 0', name=op.f('ck_working_group_capacity_not_negative')),
    sa.CheckConstraint('taken >= 0 AND (capacity IS NULL OR taken <= capacity)', name=op.f('ck_working_group_taken_within_capacity')),
    sa.ForeignKeyConstraint(['area_id'], ['planning_area.id'], name=op.f('fk_working_group_area_id_planning_area'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['focus_group_id'], ['focus_group.id'], name=op.f('fk_working_group_focus_group_id_focus_group'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_working_group_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_working_group'))
    )
    with op.batch_alter_table('working_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_working_group_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_working_group_focus_group_id'), ['focus_group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_working_group_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('minutes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('working_group_id', sa.Integer(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=True),
    sa.Column('starts_at', sa.DateTime(), nullable=True),
    sa.Column('ends_at', sa.DateTime(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('decisions', sa.Text(), nullable=True),
    sa.Column('next_meeting', sa.Text(), nullable=True),
    sa.Column('present', sa.Text(), nullable=True),
    sa.Column('absent', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'approved', name='minutesstatus', native_enum=False, length=32), nullable=False),
    sa.Column('is_published', sa.Boolean(), nullable=False),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['user.id'], name=op.f('fk_minutes_approved_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_minutes_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['working_group_id'], ['working_group.id'], name=op.f('fk_minutes_working_group_id_working_group'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes'))
    )
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_minutes_working_group_id'), ['working_group_id'], unique=False)

    op.create_table('registration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('organization_name', sa.String(length=200), nullable=True),
    sa.Column('organization_type', sa.Enum('comune', 'ats_asst', 'cooperativa', 'associazione', 'scuola', 'fondazione', 'impresa', 'altro', name='organizationtype', native_enum=False, length=32), nullable=True),
    sa.Column('working_group_id', sa.Integer(), nullable=True),
    sa.Column('time_slot_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('pending', 'confirmed', 'waitlisted', 'cancelled', name='registrationstatus', native_enum=False, length=32), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('source', sa.Enum('public', 'office', 'walk_in', name='registrationsource', native_enum=False, length=32), nullable=False),
    sa.Column('consent_at', sa.DateTime(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('waitlisted_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('present', sa.Boolean(), nullable=True),
    sa.Column('checked_in_at', sa.DateTime(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_registration_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_registration_organization_id_organization'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['time_slot_id'], ['time_slot.id'], name=op.f('fk_registration_time_slot_id_time_slot'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['working_group_id'], ['working_group.id'], name=op.f('fk_registration_working_group_id_working_group'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration')),
    sa.UniqueConstraint('meeting_id', 'email', name='uq_registration_meeting_id_email'),
    sa.UniqueConstraint('token', name=op.f('uq_registration_token'))
    )
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index('ix_registration_meeting_id_status', ['meeting_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_time_slot_id'), ['time_slot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_working_group_id'), ['working_group_id'], unique=False)

    op.create_table('minutes_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('minutes_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_item.id'], name=op.f('fk_minutes_item_agenda_item_id_agenda_item'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['minutes_id'], ['minutes.id'], name=op.f('fk_minutes_item_minutes_id_minutes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_item'))
    )
    with op.batch_alter_table('minutes_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_item_agenda_item_id'), ['agenda_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_minutes_item_minutes_id'), ['minutes_id'], unique=False)


def downgrade():
    with op.batch_alter_table('minutes_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_item_minutes_id'))
        batch_op.drop_index(batch_op.f('ix_minutes_item_agenda_item_id'))

    op.drop_table('minutes_item')
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_working_group_id'))
        batch_op.drop_index(batch_op.f('ix_registration_time_slot_id'))
        batch_op.drop_index(batch_op.f('ix_registration_organization_id'))
        batch_op.drop_index('ix_registration_meeting_id_status')
        batch_op.drop_index(batch_op.f('ix_registration_meeting_id'))

    op.drop_table('registration')
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_working_group_id'))
        batch_op.drop_index(batch_op.f('ix_minutes_meeting_id'))

    op.drop_table('minutes')
    with op.batch_alter_table('working_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_working_group_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_working_group_focus_group_id'))
        batch_op.drop_index(batch_op.f('ix_working_group_area_id'))

    op.drop_table('working_group')
    with op.batch_alter_table('time_slot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_time_slot_meeting_id'))

    op.drop_table('time_slot')
    with op.batch_alter_table('meeting_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_attachment_stored_file_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_attachment_meeting_id'))

    op.drop_table('meeting_attachment')
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_item_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_item_area_id'))

    op.drop_table('agenda_item')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_starts_at'))
        batch_op.drop_index(batch_op.f('ix_meeting_plan_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_district_id'))

    op.drop_table('meeting')
    with op.batch_alter_table('stored_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stored_file_district_id'))

    op.drop_table('stored_file')
