"""synthesis posts and the public blog: posts, images, tags, comments

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 05:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('post_tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['planning_area.id'], name=op.f('fk_post_tag_area_id_planning_area'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_post_tag_district_id_district'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_post_tag_plan_id_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post_tag')),
    sa.UniqueConstraint('district_id', 'slug', name='uq_post_tag_district_id_slug')
    )
    with op.batch_alter_table('post_tag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_tag_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_post_tag_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_post_tag_plan_id'), ['plan_id'], unique=False)

    op.create_table('post',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('focus_group_id', sa.Integer(), nullable=True),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('synthesis', 'announcement', 'free', name='postkind', native_enum=False, length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('slug', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'scheduled', 'published', 'unpublished', name='poststatus', native_enum=False, length=32), nullable=False),
    sa.Column('publish_at', sa.DateTime(), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('comments_enabled', sa.Boolean(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('generated_sections', sa.JSON(), nullable=False),
    sa.Column('generated_at', sa.DateTime(), nullable=True),
    sa.Column('charts', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['planning_area.id'], name=op.f('fk_post_area_id_planning_area'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_post_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['district_id'], ['district.id'], name=op.f('fk_post_district_id_district'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['focus_group_id'], ['focus_group.id'], name=op.f('fk_post_focus_group_id_focus_group'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_post_meeting_id_meeting'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_post_plan_id_plan'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post')),
    sa.UniqueConstraint('district_id', 'slug', name='uq_post_district_id_slug')
    )
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_post_district_id'), ['district_id'], unique=False)
        batch_op.create_index('ix_post_district_id_status_published_at', ['district_id', 'status', 'published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_post_focus_group_id'), ['focus_group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_post_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_post_plan_id'), ['plan_id'], unique=False)

    op.create_table('post_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('author_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'approved', 'rejected', name='commentstatus', native_enum=False, length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('moderated_at', sa.DateTime(), nullable=True),
    sa.Column('moderated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['moderated_by_id'], ['user.id'], name=op.f('fk_post_comment_moderated_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_post_comment_post_id_post'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post_comment'))
    )
    with op.batch_alter_table('post_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_comment_post_id'), ['post_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_post_comment_status'), ['status'], unique=False)

    op.create_table('post_conflict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=True),
    sa.Column('saved_version', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_post_conflict_post_id_post'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_post_conflict_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post_conflict'))
    )
    with op.batch_alter_table('post_conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_conflict_post_id'), ['post_id'], unique=False)

    op.create_table('post_image',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('stored_file_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('alt', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_post_image_post_id_post'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stored_file_id'], ['stored_file.id'], name=op.f('fk_post_image_stored_file_id_stored_file'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_post_image_uploaded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post_image'))
    )
    with op.batch_alter_table('post_image', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_image_post_id'), ['post_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_post_image_stored_file_id'), ['stored_file_id'], unique=False)

    op.create_table('post_tagging',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['post.id'], name=op.f('fk_post_tagging_post_id_post'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['post_tag.id'], name=op.f('fk_post_tagging_tag_id_post_tag'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('post_id', 'tag_id', name=op.f('pk_post_tagging'))
    )
    with op.batch_alter_table('post_tagging', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_post_tagging_tag_id'), ['tag_id'], unique=False)


def downgrade():
    with op.batch_alter_table('post_tagging', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_tagging_tag_id'))

    op.drop_table('post_tagging')
    with op.batch_alter_table('post_image', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_image_stored_file_id'))
        batch_op.drop_index(batch_op.f('ix_post_image_post_id'))

    op.drop_table('post_image')
    with op.batch_alter_table('post_conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_conflict_post_id'))

    op.drop_table('post_conflict')
    with op.batch_alter_table('post_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_comment_status'))
        batch_op.drop_index(batch_op.f('ix_post_comment_post_id'))

    op.drop_table('post_comment')
    with op.batch_alter_table('post', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_plan_id'))
        batch_op.drop_index(batch_op.f('ix_post_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_post_focus_group_id'))
        batch_op.drop_index('ix_post_district_id_status_published_at')
        batch_op.drop_index(batch_op.f('ix_post_district_id'))
        batch_op.drop_index(batch_op.f('ix_post_area_id'))

    op.drop_table('post')
    with op.batch_alter_table('post_tag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_post_tag_plan_id'))
        batch_op.drop_index(batch_op.f('ix_post_tag_district_id'))
        batch_op.drop_index(batch_op.f('ix_post_tag_area_id'))

    op.drop_table('post_tag')
