"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('app_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_app_meta'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('area', sa.String(length=6), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=64), nullable=True),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_log_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('campaigns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name_th', sa.String(length=300), nullable=False),
    sa.Column('name_en', sa.String(length=300), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closed_order_ref', sa.String(length=300), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('synthetic', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_campaigns_created_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns'))
    )
    op.create_table('uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('filename', sa.String(length=500), nullable=False),
    sa.Column('checksum', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_uploads_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_uploads'))
    )
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_uploads_checksum'), ['checksum'], unique=False)

    op.create_table('coverage_facts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('area', sa.String(length=6), nullable=False),
    sa.Column('target_group', sa.String(length=40), nullable=False),
    sa.Column('dose', sa.SmallInteger(), nullable=False),
    sa.Column('vaccinated', sa.BigInteger(), nullable=False),
    sa.Column('population', sa.BigInteger(), nullable=True),
    sa.Column('source', sa.String(length=300), nullable=True),
    sa.Column('upload_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('dose >= 1', name=op.f('ck_coverage_facts_dose_positive')),
    sa.CheckConstraint('vaccinated >= 0', name=op.f('ck_coverage_facts_vaccinated_non_negative')),
    sa.ForeignKeyConstraint(['upload_id'], ['uploads.id'], name=op.f('fk_coverage_facts_upload_id_uploads'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coverage_facts')),
    sa.UniqueConstraint('as_of', 'area', 'target_group', 'dose', name='uq_coverage_facts_key')
    )
    with op.batch_alter_table('coverage_facts', schema=None) as batch_op:
        batch_op.create_index('ix_coverage_facts_lookup', ['target_group', 'dose', 'as_of'], unique=False)

    op.create_table('facilities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('external_id', sa.String(length=64), nullable=True),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('name_th', sa.String(length=300), nullable=False),
    sa.Column('name_en', sa.String(length=300), nullable=True),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('lon', sa.Float(), nullable=False),
    sa.Column('province', sa.String(length=2), nullable=True),
    sa.Column('district', sa.String(length=4), nullable=True),
    sa.Column('subdistrict', sa.String(length=6), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('phone', sa.String(length=100), nullable=True),
    sa.Column('opening_hours', sa.String(length=300), nullable=True),
    sa.Column('services', sa.JSON(), nullable=True),
    sa.Column('beds_total', sa.Integer(), nullable=True),
    sa.Column('beds_available', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=32), server_default='open', nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('synthetic', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('upload_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint('lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180', name=op.f('ck_facilities_lat_lon_range')),
    sa.ForeignKeyConstraint(['updated_by'], ['users.id'], name=op.f('fk_facilities_updated_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['upload_id'], ['uploads.id'], name=op.f('fk_facilities_upload_id_uploads'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facilities')),
    sa.UniqueConstraint('external_id', name=op.f('uq_facilities_external_id'))
    )
    with op.batch_alter_table('facilities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facilities_district'), ['district'], unique=False)
        batch_op.create_index(batch_op.f('ix_facilities_province'), ['province'], unique=False)
        batch_op.create_index(batch_op.f('ix_facilities_type'), ['type'], unique=False)

    op.create_table('survey_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('survey_date', sa.Date(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=True),
    sa.Column('subdistrict', sa.String(length=6), nullable=False),
    sa.Column('district', sa.String(length=4), nullable=False),
    sa.Column('province', sa.String(length=2), nullable=False),
    sa.Column('village_no', sa.SmallInteger(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('target_group', sa.String(length=40), nullable=False),
    sa.Column('age', sa.SmallInteger(), nullable=False),
    sa.Column('doses_received', sa.SmallInteger(), nullable=False),
    sa.Column('intention', sa.String(length=16), nullable=False),
    sa.Column('needs_home_visit', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('review_status', sa.String(length=16), server_default='pending', nullable=False),
    sa.Column('synthetic', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('upload_id', sa.Integer(), nullable=True),
    sa.Column('record_key', sa.String(length=64), nullable=True),
    sa.UniqueConstraint('record_key', name=op.f('uq_survey_records_record_key')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_survey_records_campaign_id_campaigns'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['upload_id'], ['uploads.id'], name=op.f('fk_survey_records_upload_id_uploads'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['volunteer_id'], ['users.id'], name=op.f('fk_survey_records_volunteer_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_records'))
    )
    with op.batch_alter_table('survey_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_records_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_records_district'), ['district'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_records_province'), ['province'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_records_subdistrict'), ['subdistrict'], unique=False)
        batch_op.create_index(batch_op.f('ix_survey_records_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('facility_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('change', sa.String(length=32), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by', sa.Integer(), nullable=True),
    sa.Column('upload_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['changed_by'], ['users.id'], name=op.f('fk_facility_versions_changed_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['facility_id'], ['facilities.id'], name=op.f('fk_facility_versions_facility_id_facilities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['upload_id'], ['uploads.id'], name=op.f('fk_facility_versions_upload_id_uploads'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facility_versions')),
    sa.UniqueConstraint('facility_id', 'version', name='uq_facility_versions_facility_version')
    )
    with op.batch_alter_table('facility_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facility_versions_facility_id'), ['facility_id'], unique=False)

    op.create_table('survey_personal',
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=300), nullable=True),
    sa.Column('national_id_hash', sa.String(length=64), nullable=True),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.ForeignKeyConstraint(['survey_id'], ['survey_records.id'], name=op.f('fk_survey_personal_survey_id_survey_records'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('survey_id', name=op.f('pk_survey_personal'))
    )
    with op.batch_alter_table('survey_personal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_personal_national_id_hash'), ['national_id_hash'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('survey_personal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_personal_national_id_hash'))

    op.drop_table('survey_personal')
    with op.batch_alter_table('facility_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facility_versions_facility_id'))

    op.drop_table('facility_versions')
    with op.batch_alter_table('survey_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_records_volunteer_id'))
        batch_op.drop_index(batch_op.f('ix_survey_records_subdistrict'))
        batch_op.drop_index(batch_op.f('ix_survey_records_province'))
        batch_op.drop_index(batch_op.f('ix_survey_records_district'))
        batch_op.drop_index(batch_op.f('ix_survey_records_campaign_id'))

    op.drop_table('survey_records')
    with op.batch_alter_table('facilities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facilities_type'))
        batch_op.drop_index(batch_op.f('ix_facilities_province'))
        batch_op.drop_index(batch_op.f('ix_facilities_district'))

    op.drop_table('facilities')
    with op.batch_alter_table('coverage_facts', schema=None) as batch_op:
        batch_op.drop_index('ix_coverage_facts_lookup')

    op.drop_table('coverage_facts')
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_uploads_checksum'))

    op.drop_table('uploads')
    op.drop_table('campaigns')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))

    op.drop_table('api_tokens')
    op.drop_table('users')
    op.drop_table('app_meta')
