"""plan drafts: chapters, axes, objectives, evidence links, comments, amendments, versions

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 05:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    upgrade_core()
    upgrade_writing()


def upgrade_core():
    # The draft, its chapters, axes, objectives and evidence links (plan_drafts/models.py).
    op.create_table('plan_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('previous_plan_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=False),
    sa.Column('end_year', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'approved', name='draftstatus', native_enum=False, length=32), nullable=False),
    sa.Column('visibility', sa.Enum('office', 'participants', 'public', name='draftvisibility', native_enum=False, length=32), nullable=False),
    sa.Column('approved_plan_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['user.id'], name=op.f('fk_plan_draft_approved_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['approved_plan_id'], ['plan.id'], name=op.f('fk_plan_draft_approved_plan_id_plan'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_plan_draft_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_plan_draft_district_id_district'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['previous_plan_id'], ['plan.id'], name=op.f('fk_plan_draft_previous_plan_id_plan'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_draft')),
    sa.UniqueConstraint('district_id', 'title', name=op.f('uq_plan_draft_district_id'))
    )
    with op.batch_alter_table('plan_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_draft_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_draft_previous_plan_id'), ['previous_plan_id'], unique=False)
    op.create_table('draft_axis',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('is_governance', sa.Boolean(), nullable=False),
    sa.Column('planning_area_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['draft_id'], ['plan_draft.id'], name=op.f('fk_draft_axis_draft_id_plan_draft'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['planning_area_id'], ['planning_area.id'], name=op.f('fk_draft_axis_planning_area_id_planning_area'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_axis'))
    )
    with op.batch_alter_table('draft_axis', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_axis_draft_id'), ['draft_id'], unique=False)
    op.create_table('draft_chapter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['draft_id'], ['plan_draft.id'], name=op.f('fk_draft_chapter_draft_id_plan_draft'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_draft_chapter_updated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_chapter')),
    sa.UniqueConstraint('draft_id', 'key', name=op.f('uq_draft_chapter_draft_id'))
    )
    with op.batch_alter_table('draft_chapter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_chapter_draft_id'), ['draft_id'], unique=False)
    op.create_table('chapter_conflict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chapter_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=True),
    sa.Column('saved_version', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['chapter_id'], ['draft_chapter.id'], name=op.f('fk_chapter_conflict_chapter_id_draft_chapter'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_chapter_conflict_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chapter_conflict'))
    )
    with op.batch_alter_table('chapter_conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chapter_conflict_chapter_id'), ['chapter_id'], unique=False)
    op.create_table('draft_objective',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('axis_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('intervention_type', sa.String(length=300), nullable=True),
    sa.Column('resources', sa.Text(), nullable=True),
    sa.Column('tools', sa.Text(), nullable=True),
    sa.Column('outcome_indicators', sa.Text(), nullable=True),
    sa.Column('target_range', sa.String(length=300), nullable=True),
    sa.Column('timing', sa.String(length=300), nullable=True),
    sa.Column('responsible_organization_id', sa.Integer(), nullable=True),
    sa.Column('budget_amount', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('funding_source', sa.Enum('national_regional', 'municipalities', 'foundation_calls', 'other', name='fundingsource', native_enum=False, length=32), nullable=True),
    sa.Column('system_action_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['axis_id'], ['draft_axis.id'], name=op.f('fk_draft_objective_axis_id_draft_axis'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['responsible_organization_id'], ['organization.id'], name=op.f('fk_draft_objective_responsible_organization_id_organization'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['system_action_id'], ['system_action.id'], name=op.f('fk_draft_objective_system_action_id_system_action'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_objective'))
    )
    with op.batch_alter_table('draft_objective', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_objective_axis_id'), ['axis_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_draft_objective_responsible_organization_id'), ['responsible_organization_id'], unique=False)
    op.create_table('objective_card',
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('card_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['card_id'], ['evaluation_card.id'], name=op.f('fk_objective_card_card_id_evaluation_card'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['objective_id'], ['draft_objective.id'], name=op.f('fk_objective_card_objective_id_draft_objective'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('objective_id', 'card_id', name=op.f('pk_objective_card'))
    )
    with op.batch_alter_table('objective_card', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objective_card_card_id'), ['card_id'], unique=False)
    op.create_table('objective_keyword_group',
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('keyword_group_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['keyword_group_id'], ['keyword_group.id'], name=op.f('fk_objective_keyword_group_keyword_group_id_keyword_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['objective_id'], ['draft_objective.id'], name=op.f('fk_objective_keyword_group_objective_id_draft_objective'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('objective_id', 'keyword_group_id', name=op.f('pk_objective_keyword_group'))
    )
    with op.batch_alter_table('objective_keyword_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objective_keyword_group_keyword_group_id'), ['keyword_group_id'], unique=False)
    op.create_table('objective_partner',
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['objective_id'], ['draft_objective.id'], name=op.f('fk_objective_partner_objective_id_draft_objective'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_objective_partner_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('objective_id', 'organization_id', name=op.f('pk_objective_partner'))
    )
    op.create_table('objective_referent',
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['objective_id'], ['draft_objective.id'], name=op.f('fk_objective_referent_objective_id_draft_objective'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_objective_referent_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('objective_id', 'user_id', name=op.f('pk_objective_referent'))
    )
    op.create_table('objective_statement',
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['objective_id'], ['draft_objective.id'], name=op.f('fk_objective_statement_objective_id_draft_objective'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['statement_id'], ['statement.id'], name=op.f('fk_objective_statement_statement_id_statement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('objective_id', 'statement_id', name=op.f('pk_objective_statement'))
    )
    with op.batch_alter_table('objective_statement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objective_statement_statement_id'), ['statement_id'], unique=False)


def downgrade():
    downgrade_writing()
    downgrade_core()


def downgrade_core():
    with op.batch_alter_table('objective_statement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objective_statement_statement_id'))
    op.drop_table('objective_statement')
    op.drop_table('objective_referent')
    op.drop_table('objective_partner')
    with op.batch_alter_table('objective_keyword_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objective_keyword_group_keyword_group_id'))
    op.drop_table('objective_keyword_group')
    with op.batch_alter_table('objective_card', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objective_card_card_id'))
    op.drop_table('objective_card')
    with op.batch_alter_table('draft_objective', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_objective_responsible_organization_id'))
        batch_op.drop_index(batch_op.f('ix_draft_objective_axis_id'))
    op.drop_table('draft_objective')
    with op.batch_alter_table('chapter_conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chapter_conflict_chapter_id'))
    op.drop_table('chapter_conflict')
    with op.batch_alter_table('draft_chapter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_chapter_draft_id'))
    op.drop_table('draft_chapter')
    with op.batch_alter_table('draft_axis', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_axis_draft_id'))
    op.drop_table('draft_axis')
    with op.batch_alter_table('plan_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_draft_previous_plan_id'))
        batch_op.drop_index(batch_op.f('ix_plan_draft_district_id'))
    op.drop_table('plan_draft')


def upgrade_writing():
    # Participatory writing: versions, comments, amendments, frozen copies (plan_drafts/writing_models.py).
    op.create_table('draft_text_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('chapter_id', sa.Integer(), nullable=True),
    sa.Column('objective_id', sa.Integer(), nullable=True),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.Column('saved_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.Column('autosaved', sa.Boolean(), nullable=False),
    sa.CheckConstraint('(chapter_id IS NULL) <> (objective_id IS NULL)', name=op.f('ck_draft_text_version_one_target')),
    sa.ForeignKeyConstraint(['chapter_id'], ['draft_chapter.id'], name=op.f('fk_draft_text_version_chapter_id_draft_chapter'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['draft_id'], ['plan_draft.id'], name=op.f('fk_draft_text_version_draft_id_plan_draft'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['objective_id'], ['draft_objective.id'], name=op.f('fk_draft_text_version_objective_id_draft_objective'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['saved_by_id'], ['user.id'], name=op.f('fk_draft_text_version_saved_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_text_version')),
    sa.UniqueConstraint('chapter_id', 'number', name=op.f('uq_draft_text_version_chapter_id')),
    sa.UniqueConstraint('objective_id', 'number', name=op.f('uq_draft_text_version_objective_id'))
    )
    with op.batch_alter_table('draft_text_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_text_version_chapter_id'), ['chapter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_draft_text_version_draft_id'), ['draft_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_draft_text_version_objective_id'), ['objective_id'], unique=False)

    op.create_table('draft_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('chapter_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('paragraph', sa.Integer(), nullable=True),
    sa.Column('excerpt', sa.String(length=300), nullable=True),
    sa.Column('chapter_version', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'published', 'hidden', name='commentstatus', native_enum=False, length=32), nullable=False),
    sa.Column('moderated_at', sa.DateTime(), nullable=True),
    sa.Column('moderated_by_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=200), nullable=False),
    sa.Column('author_email', sa.String(length=254), nullable=True),
    sa.Column('from_public', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_draft_comment_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['chapter_id'], ['draft_chapter.id'], name=op.f('fk_draft_comment_chapter_id_draft_chapter'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['draft_id'], ['plan_draft.id'], name=op.f('fk_draft_comment_draft_id_plan_draft'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['moderated_by_id'], ['user.id'], name=op.f('fk_draft_comment_moderated_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['draft_comment.id'], name=op.f('fk_draft_comment_parent_id_draft_comment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_comment'))
    )
    with op.batch_alter_table('draft_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_comment_author_email'), ['author_email'], unique=False)
        batch_op.create_index(batch_op.f('ix_draft_comment_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_draft_comment_chapter_id'), ['chapter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_draft_comment_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_draft_comment_draft_id'), ['draft_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_draft_comment_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_draft_comment_status'), ['status'], unique=False)

    op.create_table('amendment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('base_text', sa.Text(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=True),
    sa.Column('proposed_text', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'accepted', 'merged', 'rejected', name='amendmentstatus', native_enum=False, length=32), nullable=False),
    sa.Column('final_text', sa.Text(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=200), nullable=False),
    sa.Column('author_email', sa.String(length=254), nullable=True),
    sa.Column('from_public', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_amendment_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_amendment_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['draft_id'], ['plan_draft.id'], name=op.f('fk_amendment_draft_id_plan_draft'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['objective_id'], ['draft_objective.id'], name=op.f('fk_amendment_objective_id_draft_objective'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['draft_text_version.id'], name=op.f('fk_amendment_version_id_draft_text_version'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_amendment'))
    )
    with op.batch_alter_table('amendment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amendment_author_email'), ['author_email'], unique=False)
        batch_op.create_index(batch_op.f('ix_amendment_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_amendment_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_amendment_draft_id'), ['draft_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_amendment_objective_id'), ['objective_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_amendment_status'), ['status'], unique=False)

    op.create_table('draft_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_draft_snapshot_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['draft_id'], ['plan_draft.id'], name=op.f('fk_draft_snapshot_draft_id_plan_draft'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_draft_snapshot_meeting_id_meeting'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_snapshot'))
    )
    with op.batch_alter_table('draft_snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_snapshot_draft_id'), ['draft_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_draft_snapshot_meeting_id'), ['meeting_id'], unique=False)


def downgrade_writing():
    with op.batch_alter_table('draft_snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_snapshot_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_draft_snapshot_draft_id'))
    op.drop_table('draft_snapshot')
    with op.batch_alter_table('amendment', schema=None) as batch_op:
        for column in ('status', 'objective_id', 'draft_id', 'created_at', 'author_id', 'author_email'):
            batch_op.drop_index(batch_op.f(f'ix_amendment_{column}'))
    op.drop_table('amendment')
    with op.batch_alter_table('draft_comment', schema=None) as batch_op:
        for column in ('status', 'parent_id', 'draft_id', 'created_at', 'chapter_id', 'author_id', 'author_email'):
            batch_op.drop_index(batch_op.f(f'ix_draft_comment_{column}'))
    op.drop_table('draft_comment')
    with op.batch_alter_table('draft_text_version', schema=None) as batch_op:
        for column in ('objective_id', 'draft_id', 'chapter_id'):
            batch_op.drop_index(batch_op.f(f'ix_draft_text_version_{column}'))
    op.drop_table('draft_text_version')
