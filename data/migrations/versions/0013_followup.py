"""help requests from the public and the follow-up events every queue shares

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05

Issue 18: a person asks for help (/help); the request waits in the queue of its area until the chain of command
assigns it, helps and closes it. ``help_requests`` holds what the queue needs, ``help_request_personal`` the name,
phone and note (kept apart as survey records keep theirs), ``followup_events`` every status change of every kind of
follow-up (help requests, home visits, the coordinator's review of survey records) with its time and who acted.
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

Timestamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "help_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reference", sa.String(12), nullable=False),
        sa.Column("need", sa.String(40), nullable=False),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("subdistrict", sa.String(6), nullable=False),
        sa.Column("district", sa.String(4), nullable=False),
        sa.Column("province", sa.String(2), nullable=False),
        sa.Column("people", sa.SmallInteger, nullable=False, server_default="1"),
        sa.Column("status", sa.String(24), nullable=False, server_default="waiting"),
        sa.Column("assigned_to", sa.Integer),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.Column("synthetic", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.ForeignKeyConstraint(
            ["assigned_to"], ["users.id"], name="fk_help_requests_assigned_to_users", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_help_requests"),
        sa.UniqueConstraint("reference", name="uq_help_requests_reference"),
        sa.CheckConstraint("people >= 1", name="ck_help_requests_people_positive"),
    )
    op.create_index("ix_help_requests_assigned_to", "help_requests", ["assigned_to"])
    op.create_index("ix_help_requests_district_queue", "help_requests", ["district", "status", "created_at"])
    op.create_index("ix_help_requests_subdistrict_queue", "help_requests", ["subdistrict", "status", "created_at"])
    op.create_index("ix_help_requests_province_queue", "help_requests", ["province", "status", "created_at"])
    op.create_index("ix_help_requests_status_queue", "help_requests", ["status", "created_at"])
    op.create_table(
        "help_request_personal",
        sa.Column("request_id", sa.Integer, nullable=False),
        sa.Column("full_name", sa.String(300)),
        sa.Column("phone", sa.String(50), nullable=False),
        sa.Column("note", sa.Text),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["help_requests.id"],
            name="fk_help_request_personal_request_id_help_requests",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", name="pk_help_request_personal"),
    )
    op.create_table(
        "followup_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("item_id", sa.Integer, nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("at", Timestamp, nullable=False),
        sa.Column("by_user", sa.Integer),
        sa.Column("note", sa.Text),
        sa.ForeignKeyConstraint(["by_user"], ["users.id"], name="fk_followup_events_by_user_users", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_followup_events"),
    )
    op.create_index("ix_followup_events_item", "followup_events", ["kind", "item_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_followup_events_item", table_name="followup_events")
    op.drop_table("followup_events")
    op.drop_table("help_request_personal")
    for name in ("status", "province", "subdistrict", "district"):
        op.drop_index(f"ix_help_requests_{name}_queue", table_name="help_requests")
    op.drop_index("ix_help_requests_assigned_to", table_name="help_requests")
    op.drop_table("help_requests")
