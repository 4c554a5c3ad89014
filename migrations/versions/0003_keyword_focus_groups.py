"""keyword focus groups: focus groups, keyword sessions, keywords, groups of variants, statements

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 03:21:28.517388

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('blocked_word',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('word', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_blocked_word_district_id_district'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blocked_word')),
    sa.UniqueConstraint('district_id', 'word', name='uq_blocked_word_district_id_word')
    )
    with op.batch_alter_table('blocked_word', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_blocked_word_district_id'), ['district_id'], unique=False)

    op.create_table('focus_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('stimulus_questions', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['planning_area.id'], name=op.f('fk_focus_group_area_id_planning_area'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_focus_group_district_id_district'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_focus_group_plan_id_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_focus_group'))
    )
    with op.batch_alter_table('focus_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_focus_group_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_focus_group_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_focus_group_plan_id'), ['plan_id'], unique=False)

    op.create_table('focus_group_facilitator',
    sa.Column('focus_group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['focus_group_id'], ['focus_group.id'], name=op.f('fk_focus_group_facilitator_focus_group_id_focus_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_focus_group_facilitator_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('focus_group_id', 'user_id', name=op.f('pk_focus_group_facilitator'))
    )
    op.create_table('keyword_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('focus_group_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('prompt', sa.Text(), nullable=False),
    sa.Column('keywords_per_person', sa.Integer(), nullable=False),
    sa.Column('premoderation', sa.Boolean(), nullable=False),
    sa.Column('state', sa.Enum('open', 'closed', name='sessionstate', native_enum=False, length=32), nullable=False),
    sa.Column('paused', sa.Boolean(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['focus_group_id'], ['focus_group.id'], name=op.f('fk_keyword_session_focus_group_id_focus_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_keyword_session')),
    sa.UniqueConstraint('code', name=op.f('uq_keyword_session_code'))
    )
    with op.batch_alter_table('keyword_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_keyword_session_focus_group_id'), ['focus_group_id'], unique=False)

    op.create_table('statement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('focus_group_id', sa.Integer(), nullable=False),
    sa.Column('column', sa.Enum('strengths', 'critical_points', 'interpretive_hypotheses', 'development_lines', name='boardcolumn', native_enum=False, length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['focus_group_id'], ['focus_group.id'], name=op.f('fk_statement_focus_group_id_focus_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement'))
    )
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_focus_group_id'), ['focus_group_id'], unique=False)

    op.create_table('keyword_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('column', sa.Enum('strengths', 'critical_points', 'interpretive_hypotheses', 'development_lines', name='boardcolumn', native_enum=False, length=32), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['keyword_session.id'], name=op.f('fk_keyword_group_session_id_keyword_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_keyword_group'))
    )
    with op.batch_alter_table('keyword_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_keyword_group_session_id'), ['session_id'], unique=False)

    op.create_table('keyword',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=255), nullable=False),
    sa.Column('source', sa.Enum('phone', 'paper', name='keywordsource', native_enum=False, length=32), nullable=False),
    sa.Column('client_id', sa.String(length=36), nullable=True),
    sa.Column('submission_id', sa.String(length=36), nullable=True),
    sa.Column('hidden', sa.Boolean(), nullable=False),
    sa.Column('approved', sa.Boolean(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['keyword_group.id'], name=op.f('fk_keyword_group_id_keyword_group'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['keyword_session.id'], name=op.f('fk_keyword_session_id_keyword_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_keyword')),
    sa.UniqueConstraint('session_id', 'submission_id', name='uq_keyword_session_id_submission_id')
    )
    with op.batch_alter_table('keyword', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_keyword_group_id'), ['group_id'], unique=False)
        batch_op.create_index('ix_keyword_session_id_client_id', ['session_id', 'client_id'], unique=False)

    op.create_table('statement_keyword_group',
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('keyword_group_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['keyword_group_id'], ['keyword_group.id'], name=op.f('fk_statement_keyword_group_keyword_group_id_keyword_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['statement_id'], ['statement.id'], name=op.f('fk_statement_keyword_group_statement_id_statement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('statement_id', 'keyword_group_id', name=op.f('pk_statement_keyword_group'))
    )


def downgrade():
    op.drop_table('statement_keyword_group')
    with op.batch_alter_table('keyword', schema=None) as batch_op:
        batch_op.drop_index('ix_keyword_session_id_client_id')
        batch_op.drop_index(batch_op.f('ix_keyword_group_id'))

    op.drop_table('keyword')
    with op.batch_alter_table('keyword_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_keyword_group_session_id'))

    op.drop_table('keyword_group')
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_focus_group_id'))

    op.drop_table('statement')
    with op.batch_alter_table('keyword_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_keyword_session_focus_group_id'))

    op.drop_table('keyword_session')
    op.drop_table('focus_group_facilitator')
    with op.batch_alter_table('focus_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_focus_group_plan_id'))
        batch_op.drop_index(batch_op.f('ix_focus_group_district_id'))
        batch_op.drop_index(batch_op.f('ix_focus_group_area_id'))

    op.drop_table('focus_group')
    with op.batch_alter_table('blocked_word', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_blocked_word_district_id'))

    op.drop_table('blocked_word')
