"""standing working groups: a roster and its meetings; roster attendance; minutes items with input, owner and
next step; open items carried over to the next agenda (a table of their own: no cycle between the tables)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 01:36:12.997972

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('standing_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_standing_group_district_id_district'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_standing_group_plan_id_plan'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standing_group')),
    sa.UniqueConstraint('district_id', 'name', name=op.f('uq_standing_group_district_id'))
    )
    with op.batch_alter_table('standing_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_standing_group_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_standing_group_plan_id'), ['plan_id'], unique=False)

    op.create_table('roster_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('organization_name', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('is_coordinator', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['standing_group.id'], name=op.f('fk_roster_member_group_id_standing_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_roster_member_organization_id_organization'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_roster_member_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roster_member'))
    )
    with op.batch_alter_table('roster_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roster_member_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roster_member_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_roster_member_user_id'), ['user_id'], unique=False)

    op.create_table('carried_item',
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('minutes_item_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_item.id'], name=op.f('fk_carried_item_agenda_item_id_agenda_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['minutes_item_id'], ['minutes_item.id'], name=op.f('fk_carried_item_minutes_item_id_minutes_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('agenda_item_id', name=op.f('pk_carried_item'))
    )
    with op.batch_alter_table('carried_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_carried_item_minutes_item_id'), ['minutes_item_id'], unique=False)

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('standing_group_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_meeting_standing_group_id'), ['standing_group_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_meeting_standing_group_id_standing_group'), 'standing_group', ['standing_group_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('minutes_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('input', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('owner', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('next_step', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('due_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.add_column(sa.Column('roster_member_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_registration_roster_member_id'), ['roster_member_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_registration_roster_member_id_roster_member'), 'roster_member', ['roster_member_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_registration_roster_member_id_roster_member'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_registration_roster_member_id'))
        batch_op.drop_column('roster_member_id')

    with op.batch_alter_table('minutes_item', schema=None) as batch_op:
        batch_op.drop_column('closed_at')
        batch_op.drop_column('due_on')
        batch_op.drop_column('next_step')
        batch_op.drop_column('owner')
        batch_op.drop_column('input')

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_meeting_standing_group_id_standing_group'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_meeting_standing_group_id'))
        batch_op.drop_column('standing_group_id')

    with op.batch_alter_table('carried_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_carried_item_minutes_item_id'))
    op.drop_table('carried_item')

    with op.batch_alter_table('roster_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roster_member_user_id'))
        batch_op.drop_index(batch_op.f('ix_roster_member_organization_id'))
        batch_op.drop_index(batch_op.f('ix_roster_member_group_id'))

    op.drop_table('roster_member')
    with op.batch_alter_table('standing_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_standing_group_plan_id'))
        batch_op.drop_index(batch_op.f('ix_standing_group_district_id'))

    op.drop_table('standing_group')
