"""the statistics page at national scale: indexes for the 7-day windows, the last activity and synthetic records

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26

The statistics page counted every survey record and every facility on each change of the data (6 s on the national
dataset). The totals now come from ``survey_tallies``; these indexes answer the rest from ranges: the records
created in the last 7 days, the last record of each province, the synthetic records (few in a real deployment), and
the facilities by province, type and update time.
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_survey_records_created", "survey_records", ["created_at"])
    op.create_index("ix_survey_records_province_created", "survey_records", ["province", "created_at"])
    op.create_index("ix_survey_records_synthetic", "survey_records", ["synthetic", "province"])
    op.create_index("ix_facilities_province_type_updated", "facilities", ["province", "type", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_facilities_province_type_updated", table_name="facilities")
    op.drop_index("ix_survey_records_synthetic", table_name="survey_records")
    op.drop_index("ix_survey_records_province_created", table_name="survey_records")
    op.drop_index("ix_survey_records_created", table_name="survey_records")
