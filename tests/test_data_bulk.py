"""data/bulk.py: rows written column by column store what SQLAlchemy's own insert stores (COPY's text on
PostgreSQL, built a column at a time, against psycopg's row-by-row COPY)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from fixtures_app import _drop_schema, _fresh_postgres_schema

from data import bulk

METADATA = sa.MetaData()
TABLE = sa.Table(
    "bulk_values",
    METADATA,
    sa.Column("text", sa.Text),
    sa.Column("short", sa.String(10)),
    sa.Column("number", sa.BigInteger),
    sa.Column("real", sa.Float),
    sa.Column("flag", sa.Boolean),
    sa.Column("day", sa.Date),
    sa.Column("moment", sa.DateTime),
    sa.Column("aware", sa.DateTime(timezone=True)),
    sa.Column("document", sa.JSON),
)
NOW = dt.datetime(2026, 12, 5, 13, 0, 0, 123456, tzinfo=dt.UTC)
COLUMNS = {
    "text": ["a\tb", "x\\y\nz\r", None, "ไทย", "\\.", "a\tb", "\b\v\f"],
    "short": ["x", "", None, "y", "x", "z", "x"],
    "number": [1, None, 2**40, -5, 0, 1, 1],
    "real": [0.1, -0.0, None, 1e300, 18.788, 0.0, 0.1],
    "flag": [True, False, None, True, False, True, True],
    "day": [dt.date(2022, 1, 31), None, dt.date(2022, 1, 31), None, dt.date(1999, 12, 31), None, None],
    "moment": [dt.datetime(2022, 1, 1, 12, 0, 0, 123456), None] * 3 + [None],
    "aware": [NOW, None, NOW, NOW, None, NOW, NOW],
    "document": [None, {"a": [1, "x\ty"]}, [1], "s", None, {"k": None}, {"a": [1, "x\ty"]}],
}
READ = sa.text(
    'SELECT text, short, number, CAST("real" AS TEXT), flag, day, moment, aware, CAST(document AS TEXT) FROM bulk_values'
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    if request.param == "sqlite":
        yield sa.create_engine(f"sqlite:///{tmp_path / 'bulk.db'}")
        return
    name, url, admin = _fresh_postgres_schema(request.getfixturevalue("postgres_available"))
    engine = sa.create_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()
        _drop_schema(admin, name)


def test_insert_columns_stores_what_an_insert_of_the_rows_stores(engine):
    rows = [dict(zip(COLUMNS, values, strict=True)) for values in zip(*COLUMNS.values(), strict=True)]
    with engine.begin() as conn:
        METADATA.create_all(conn)
        conn.execute(sa.insert(TABLE), rows)
        expected = conn.execute(READ).all()
        conn.execute(sa.delete(TABLE))
        bulk.insert_columns(conn, TABLE, COLUMNS)
        assert conn.execute(READ).all() == expected
        assert len(expected) == 7 and expected[1][0] == "x\\y\nz\r" and expected[0][0] == "a\tb"
