"""national scale: survey tallies kept by triggers, and the indexes of the public queries

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26

``survey_tallies`` holds, per district and target group, how many survey records there are, how many of them
found a person with no dose, and how many of those are synthetic demo records: the public map's "unvaccinated per 1,000" reads 928 × 6 rows instead of 2,000,000.
Triggers in the database keep it exact on every INSERT, UPDATE and DELETE of ``survey_records``, whatever writes them
(an import, the form, an undo, a bulk COPY), in the writer's own transaction: additions, never recounts, so two
writers at once cannot lose each other's counts. On PostgreSQL one statement-level trigger per statement (transition
tables); on SQLite one row-level trigger per row.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_TALLY = """
    INSERT INTO survey_tallies (district, province, target_group, unvaccinated, synthetic_unvaccinated, surveyed)
    SELECT district, province, target_group, {sign} sum(CASE WHEN doses_received = 0 THEN 1 ELSE 0 END),
        {sign} sum(CASE WHEN doses_received = 0 AND synthetic THEN 1 ELSE 0 END), {sign} count(*)
    FROM {rows} GROUP BY district, province, target_group
    ON CONFLICT (district, target_group) DO UPDATE SET
        unvaccinated = survey_tallies.unvaccinated + excluded.unvaccinated,
        synthetic_unvaccinated = survey_tallies.synthetic_unvaccinated + excluded.synthetic_unvaccinated,
        surveyed = survey_tallies.surveyed + excluded.surveyed;
"""

POSTGRES = [
    f"""CREATE FUNCTION survey_tallies_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN {_TALLY.format(sign="", rows="new_rows")} RETURN NULL; END $$""",
    f"""CREATE FUNCTION survey_tallies_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN {_TALLY.format(sign="-", rows="old_rows")} RETURN NULL; END $$""",
    f"""CREATE FUNCTION survey_tallies_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN {_TALLY.format(sign="-", rows="old_rows")} {_TALLY.format(sign="", rows="new_rows")} RETURN NULL; END $$""",
    """CREATE TRIGGER survey_tallies_insert AFTER INSERT ON survey_records REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION survey_tallies_add()""",
    """CREATE TRIGGER survey_tallies_delete AFTER DELETE ON survey_records REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION survey_tallies_remove()""",
    """CREATE TRIGGER survey_tallies_update AFTER UPDATE ON survey_records
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION survey_tallies_change()""",
]

_ROW = """
    INSERT INTO survey_tallies (district, province, target_group, unvaccinated, synthetic_unvaccinated, surveyed)
    VALUES ({r}.district, {r}.province, {r}.target_group, {sign}({r}.doses_received = 0),
        {sign}({r}.doses_received = 0 AND {r}.synthetic), {sign}1)
    ON CONFLICT (district, target_group) DO UPDATE SET
        unvaccinated = unvaccinated + excluded.unvaccinated,
        synthetic_unvaccinated = synthetic_unvaccinated + excluded.synthetic_unvaccinated,
        surveyed = surveyed + excluded.surveyed;
"""

SQLITE = [
    f"CREATE TRIGGER survey_tallies_insert AFTER INSERT ON survey_records BEGIN {_ROW.format(r='NEW', sign='')} END",
    f"CREATE TRIGGER survey_tallies_delete AFTER DELETE ON survey_records BEGIN {_ROW.format(r='OLD', sign='-')} END",
    f"""CREATE TRIGGER survey_tallies_update AFTER UPDATE OF district, province, target_group, doses_received,
    synthetic ON survey_records BEGIN {_ROW.format(r="OLD", sign="-")} {_ROW.format(r="NEW", sign="")} END""",
]


def upgrade() -> None:
    op.create_table(
        "survey_tallies",
        sa.Column("district", sa.String(length=4), nullable=False),
        sa.Column("target_group", sa.String(length=40), nullable=False),
        sa.Column("province", sa.String(length=2), nullable=False),
        sa.Column("unvaccinated", sa.Integer(), nullable=False),
        sa.Column("synthetic_unvaccinated", sa.Integer(), nullable=False),
        sa.Column("surveyed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("district", "target_group", name=op.f("pk_survey_tallies")),
    )
    op.create_index(op.f("ix_survey_tallies_province"), "survey_tallies", ["province"], unique=False)
    op.execute(
        "INSERT INTO survey_tallies (district, province, target_group, unvaccinated, synthetic_unvaccinated, surveyed) "
        "SELECT district, province, target_group, sum(CASE WHEN doses_received = 0 THEN 1 ELSE 0 END), "
        "sum(CASE WHEN doses_received = 0 AND synthetic THEN 1 ELSE 0 END), count(*) "
        "FROM survey_records GROUP BY district, province, target_group"
    )
    for statement in POSTGRES if op.get_bind().dialect.name == "postgresql" else SQLITE:
        op.execute(statement)
    # "latest report on or before a date, per area": one index range per area instead of every report
    op.create_index("ix_coverage_facts_latest", "coverage_facts", ["target_group", "dose", "area", "as_of"])
    # open facilities of a type, by district and province (facilities per 100,000): read from the index alone
    op.create_index("ix_facilities_by_area", "facilities", ["type", "status", "district", "province"])
    # records found unvaccinated up to a date, by district: read from the index alone
    op.create_index(
        "ix_survey_records_unvaccinated",
        "survey_records",
        ["doses_received", "survey_date", "district", "target_group"],
    )


def downgrade() -> None:
    op.drop_index("ix_survey_records_unvaccinated", table_name="survey_records")
    op.drop_index("ix_coverage_facts_latest", table_name="coverage_facts")
    op.drop_index("ix_facilities_by_area", table_name="facilities")
    for trigger in ("survey_tallies_insert", "survey_tallies_delete", "survey_tallies_update"):
        op.execute(
            f"DROP TRIGGER IF EXISTS {trigger} ON survey_records"
            if op.get_bind().dialect.name == "postgresql"
            else f"DROP TRIGGER IF EXISTS {trigger}"
        )
    if op.get_bind().dialect.name == "postgresql":
        for function in ("survey_tallies_add", "survey_tallies_remove", "survey_tallies_change"):
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    op.drop_index(op.f("ix_survey_tallies_province"), table_name="survey_tallies")
    op.drop_table("survey_tallies")
