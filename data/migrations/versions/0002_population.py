"""registered population by area (DOPA), the denominator of "people who really live here"

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "population",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=6), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("population", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_population")),
        sa.UniqueConstraint("area", "as_of", "source", name="uq_population_key"),
    )


def downgrade() -> None:
    op.drop_table("population")
