"""Writing and finding many rows at a time, for the imports: one driver ``executemany`` per batch of rows (a COPY on
PostgreSQL), each value converted by its column's type once per distinct value, and lookups of many keys in one
query.

Through SQLAlchemy's compiled statements and its types' own bind processors, so a row is stored exactly as
``conn.execute(insert(table), rows)`` would store it, on SQLite and on PostgreSQL, without its per-row cost.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from data.jsonvalues import jsonable  # the before-state stored as record_change stores it
from data.schema import upload_changes

IN_BATCH = 5_000  # keys per IN list: well under SQLite's and PostgreSQL's limits on bound parameters


def insert_columns(conn: sa.Connection, table: sa.Table, columns: Mapping[str, Sequence[Any]]) -> None:
    """Insert the rows given column by column (sequences of equal length, in the table's column names)."""
    names = list(columns)
    if not names or not len(columns[names[0]]):
        return
    values = {name: _bound(table.c[name].type, conn.dialect, columns[name]) for name in names}
    if conn.dialect.name == "postgresql":
        _copy(conn, table, values)
        return
    if conn.dialect.name == "sqlite":
        _staged(conn, table, values)
        return
    compiled = sa.insert(table).compile(dialect=conn.dialect, column_keys=names, for_executemany=True)
    params = [dict(zip(names, row, strict=True)) for row in zip(*values.values(), strict=True)]
    conn.exec_driver_sql(compiled.string, params)


def _staged(conn: sa.Connection, table: sa.Table, values: dict[str, Sequence[Any]]) -> None:
    """SQLite: the rows go first into a temporary table of the connection (no index, no trigger, no foreign key, in
    memory: data.db sets ``temp_store``), then into ``table`` with one INSERT … SELECT.

    One statement for the batch, where an executemany is one statement per row: SQLite keeps a statement journal
    (the pages a statement changes, to undo it alone) whenever a statement may fire a trigger or check a foreign key,
    and for survey_records (its indexes, the tallies' trigger) that journal, written again for every row, was two
    thirds of the insert (bench/RESULTS.md). The staging table has no declared types, so each value is kept as bound
    and the target column's own affinity converts it, as a direct insert would; the triggers still fire for each row
    and the foreign keys are still checked."""
    quote = conn.dialect.identifier_preparer.quote
    stage = quote(f"bulk_{table.name}")
    columns = ", ".join(map(quote, values))
    conn.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {stage} ({columns})")
    try:
        marks = ", ".join("?" * len(values))
        conn.exec_driver_sql(f"INSERT INTO temp.{stage} VALUES ({marks})", list(zip(*values.values(), strict=True)))
        conn.exec_driver_sql(f"INSERT INTO main.{quote(table.name)} ({columns}) SELECT {columns} FROM temp.{stage}")
    finally:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{stage}")


def _copy(conn: sa.Connection, table: sa.Table, values: dict[str, Sequence[Any]]) -> None:
    """PostgreSQL: one COPY for the whole batch, in the connection's transaction. One statement, not one per row:
    the fastest way in, and the statement-level triggers (survey tallies, migration 0006) run once per batch.

    The rows are written as COPY's text, a column at a time: each distinct value is turned into text once, by the
    same psycopg dumpers and escapes as ``copy.write_row`` (which does it value by value, row by row, in Python),
    and the lines are joined in pieces of COPY_ROWS rows."""
    quote = conn.dialect.identifier_preparer.quote
    statement = f"COPY {quote(table.name)} ({', '.join(map(quote, values))}) FROM STDIN"
    columns = list(values.values())
    n = len(columns[0])
    with conn.connection.dbapi_connection.cursor() as cursor, cursor.copy(statement) as copy:
        texts = _CopyText(cursor)
        for start in range(0, n, COPY_ROWS):
            cells = [texts.column(column[start : start + COPY_ROWS]) for column in columns]
            copy.write(b"\n".join(map(b"\t".join, zip(*cells, strict=True))) + b"\n")


COPY_ROWS = 5_000  # rows of COPY text built at a time (about a megabyte)
_COPY_ESCAPE = re.compile(b"[\b\t\n\v\f\r\\\\]")  # what COPY's text format escapes (psycopg's _dump_re)
_COPY_ESCAPES = {
    b"\b": b"\\b",
    b"\t": b"\\t",
    b"\n": b"\\n",
    b"\v": b"\\v",
    b"\f": b"\\f",
    b"\r": b"\\r",
    b"\\": b"\\\\",
}


class _CopyText:
    """COPY's text of a column of values, as psycopg's ``Copy.write_row`` writes each (its text dumpers)."""

    def __init__(self, cursor) -> None:
        from psycopg.adapt import PyFormat, Transformer

        self.transformer, self.text = Transformer.from_context(cursor), PyFormat.TEXT

    def column(self, values: Sequence[Any]) -> list[bytes]:
        if any(isinstance(v, float) for v in values[:1]):  # -0.0 equals 0.0, yet is not written the same
            return self._cells(list(values))
        return once_per_value(self._cells, values, many=True)

    def _cells(self, values: list) -> list[bytes]:
        dumped = [
            None if c is None else bytes(c) for c in self.transformer.dump_sequence(values, [self.text] * len(values))
        ]
        if not _COPY_ESCAPE.search(b"".join(c for c in dumped if c is not None)):  # most columns: nothing to escape
            return [rb"\N" if c is None else c for c in dumped]
        return [rb"\N" if c is None else self._escaped(c) for c in dumped]

    @staticmethod
    def _escaped(cell: bytes) -> bytes:
        return _COPY_ESCAPE.sub(lambda m: _COPY_ESCAPES[m.group()], cell) if _COPY_ESCAPE.search(cell) else cell


def _bound(type_: sa.types.TypeEngine, dialect: sa.Dialect, values: Sequence[Any]) -> Sequence[Any]:
    """The values as the driver receives them, through the type's bind processor."""
    process = type_.dialect_impl(dialect).bind_processor(dialect)
    return values if process is None else once_per_value(process, values)


def once_per_value(function: Callable[[Any], Any], values: Sequence[Any], many: bool = False) -> list:
    """``[function(v) for v in values]``, calling ``function`` once per distinct value. ``many``: ``function`` takes
    a list of values and gives the list of their results (one call in all)."""
    each = function if many else lambda vs: [function(v) for v in vs]
    if len(set(map(type, values)) - {type(None)}) > 1:  # 1 and True are equal keys, yet not the same value
        return each(list(values))
    try:
        distinct = list(set(values))
    except TypeError:  # unhashable values (JSON documents)
        return each(list(values))
    done = dict(zip(distinct, each(distinct), strict=True))
    return list(map(done.__getitem__, values))


def select_in(conn: sa.Connection, key: sa.Column, keys: Iterable[Any], *columns: sa.Column) -> list[sa.Row]:
    """The rows (``columns``) whose ``key`` is one of ``keys``.

    Text keys go as one parameter (a JSON array on SQLite, an array on PostgreSQL): an IN list of thousands of
    parameters costs more to build than to run. Other keys: IN lists of IN_BATCH keys.
    """
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return []
    if isinstance(key.type, sa.String) and conn.dialect.name in ("sqlite", "postgresql"):
        clause, params = one_of(conn, key, wanted)
        return conn.execute(sa.select(*columns).where(clause), params).all()
    rows: list[sa.Row] = []
    for start in range(0, len(wanted), IN_BATCH):
        rows += conn.execute(sa.select(*columns).where(key.in_(wanted[start : start + IN_BATCH]))).all()
    return rows


def one_of(conn: sa.Connection, key: sa.Column, keys: Sequence[str]) -> tuple[sa.ColumnElement[bool], dict]:
    """(``key`` is one of the text ``keys``, its parameters): the keys go as one parameter, a JSON array on SQLite,
    an array on PostgreSQL (SQLite and PostgreSQL only: see ``select_in``)."""
    dialect = conn.dialect.name
    return _one_of(dialect, key), {"keys": json.dumps(list(keys)) if dialect == "sqlite" else list(keys)}


def _one_of(dialect: str, key: sa.Column) -> sa.ColumnElement[bool]:
    if dialect == "sqlite":
        values = sa.func.json_each(sa.bindparam("keys", type_=sa.String)).table_valued("value")
        return key.in_(sa.select(values.c.value))
    return key == sa.any_(sa.bindparam("keys", type_=postgresql.ARRAY(sa.String)))


def record_changes(
    conn: sa.Connection, upload_id: int | None, entity: str, changes: Sequence[tuple[int, dict | None]]
) -> None:
    """``data.uploads.record_change`` for many rows: (entity id, the row before the upload changed it, or None)."""
    if upload_id is None or not changes:  # a dry run or a refused file: nothing is kept anyway
        return
    insert_columns(
        conn,
        upload_changes,
        {
            "upload_id": [upload_id] * len(changes),
            "entity": [entity] * len(changes),
            "entity_id": [entity_id for entity_id, _ in changes],
            "before": [jsonable(before) if before else None for _, before in changes],
        },
    )
