"""coverage facts carry a synthetic flag

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05

The demo breaks every real province report down to its districts (data/demo_districts.py) so a governor's province
answers; those facts are not reports and say so wherever they appear. Every fact stored before is a report (the
real MOPH tables, or an upload): false.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("coverage_facts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("synthetic", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("coverage_facts", schema=None) as batch_op:
        batch_op.drop_column("synthetic")
