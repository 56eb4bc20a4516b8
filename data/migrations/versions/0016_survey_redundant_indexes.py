"""survey records: two indexes another already holds, dropped

Revision ID: 0016
Revises: 0014 (the chain: 0013, 0015, 0014, 0016)
Create Date: 2026-12-05

Issue 19. ``ix_survey_records_district`` is the first column of ``ix_survey_records_home_visit`` (district,
needs_home_visit, target_group), and ``ix_survey_records_province`` the first column of
``ix_survey_records_province_created`` (province, created_at): a query by district or by province is answered by
the wider index as well, and every survey record written (a form, an import of 200,000 rows) no longer updates two
more B-trees. The statement of each is kept for the downgrade.
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0014"
branch_labels = None
depends_on = None

REDUNDANT = {"ix_survey_records_district": ["district"], "ix_survey_records_province": ["province"]}


def upgrade() -> None:
    present = {index["name"] for index in sa.inspect(op.get_bind()).get_indexes("survey_records")}
    for name in REDUNDANT:
        if name in present:
            op.drop_index(name, table_name="survey_records")


def downgrade() -> None:
    for name, columns in REDUNDANT.items():
        op.create_index(name, "survey_records", columns)
