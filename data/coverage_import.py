"""Coverage facts from an upload: checks (date, area, target group, dose, counts) and upserts keyed by
(as of, area, target group, dose), recording each row's state before the change so the upload can be undone. An
uploaded fact replaces a synthetic one of the same key (the demo's district breakdown), even with the same numbers:
it is a report, and no longer synthetic.

A file is checked and stored a chunk of rows at a time (``CoverageCheck``, ``upsert_coverage_rows``): each distinct
text checked once, the stored facts of a chunk's dates read in one query, its new rows inserted in one statement.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import sqlalchemy as sa

from data import bulk, versions
from data.context import Context
from data.registries import TARGET_GROUPS
from data.schema import coverage_facts
from data.validation import ColumnChecker, RepeatedKeys, column_texts
from geo import clock

_KEY = ("as_of", "area", "target_group", "dose")


class CoverageCheck:
    """The checks of one coverage file, called once per chunk; ``file_problems`` gives the rows so far that repeat
    the key of an earlier row (reported after the rows' own problems)."""

    def __init__(self, state: Context, conn: sa.Connection, scope: str = "TH") -> None:
        self.registry, self.scope = state.registry, scope
        self._memo: dict = {}
        self._repeats = RepeatedKeys("area")

    def __call__(self, table: pd.DataFrame):
        checks = ColumnChecker(table.index, self._memo)
        text = {column: column_texts(table, column) for column in (*_KEY, "vaccinated", "population")}
        values = {
            "as_of": checks.date("as_of", text["as_of"]),
            "area": checks.area("area", text["area"], self.registry, context=(self.scope,)),
            "target_group": checks.choice("target_group", text["target_group"], TARGET_GROUPS),
            "dose": checks.number("dose", text["dose"], minimum=1),
            "vaccinated": checks.number("vaccinated", text["vaccinated"], minimum=0),
            "population": checks.number("population", text["population"], required=False, minimum=0),
        }
        areas = values["area"]
        checks.bad_where(
            np.array([code is not None and len(code) == 6 for code in areas], dtype=bool),
            "area",
            lambda i: (
                text["area"][i],
                f"“{text['area'][i]}” เป็นตำบล ({areas[i]}) รายงานความครอบคลุมรายงานเป็นจังหวัดหรืออำเภอ "
                "โปรดใช้ชื่อหรือรหัสอำเภอหรือจังหวัด",
                f"{text['area'][i]!r} is a subdistrict ({areas[i]}): coverage is reported by province or district; "
                "use the district's or the province's name or code",
            ),
        )
        today = clock.today()  # Bangkok's: a report dated today is not in the future at 06:00 there
        checks.bad_where(
            np.array([d is not None and d > today for d in values["as_of"]], dtype=bool),
            "as_of",
            lambda i: (
                text["as_of"][i],
                f"วันที่ข้อมูล {text['as_of'][i]} อยู่หลังวันนี้ ({today.day}/{today.month}/{today.year + 543}) "
                "รายงานต้องไม่ลงวันที่ในอนาคต โปรดตรวจปี พ.ศ.",
                f"the date {text['as_of'][i]} is after today ({today.isoformat()}): a report cannot be dated in the "
                "future; check the year",
            ),
        )
        records = _records(values, table.index, ~checks.bad)
        self._repeats.check([rec["row"] for rec in records], [_key(rec) for rec in records])
        return records, checks.problems, []

    def file_problems(self) -> list:
        return list(self._repeats.problems)


def _records(values: dict[str, np.ndarray], rows: pd.Index, keep: np.ndarray) -> list[dict]:
    where = np.flatnonzero(keep)
    columns = [values[name][where].tolist() for name in values] + [rows.to_numpy()[where].tolist()]
    return [dict(zip([*values, "row"], record)) for record in zip(*columns)]


def _key(rec) -> tuple:
    return tuple(rec[name] for name in _KEY)


# -- storing ------------------------------------------------------------------------------------------------------
def upsert_coverage_rows(conn, records, state: Context, upload_id, user_id) -> dict:
    """Insert new facts, update changed ones; returns the counts of new, updated and unchanged records.

    A key repeated within the records is stored as if one record followed the other: the first occurrences of
    each key, then the second ones, and so on.
    """
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    for wave in _waves(records):
        _upsert(conn, wave, upload_id, counts)
    return counts


def _waves(records: list[dict]) -> list[list[dict]]:
    waves: list[list[dict]] = []
    seen: dict[tuple, int] = {}
    for rec in records:
        n = seen[_key(rec)] = seen.get(_key(rec), -1) + 1
        if n == len(waves):
            waves.append([])
        waves[n].append(rec)
    return waves


def _upsert(conn, records: list[dict], upload_id, counts: dict) -> None:
    """Records with distinct keys: insert the new, record every change in the records' order, update the changed."""
    stored = _before(conn, {rec["as_of"] for rec in records})
    plan = [(rec, stored.get(_key(rec))) for rec in records]
    touched = [(rec, row) for rec, row in plan if row is None or row["synthetic"] or _counts(row) != _counts(rec)]
    new = [rec for rec, row in touched if row is None]
    changed = [(row["id"], rec) for rec, row in touched if row is not None]
    counts["new"] += len(new)
    counts["updated"] += len(changed)
    counts["unchanged"] += len(records) - len(touched)
    _insert_new(conn, new, upload_id)
    new_ids = {key: row["id"] for key, row in _before(conn, {rec["as_of"] for rec in new}).items()} if new else {}
    before = [(new_ids[_key(rec)], None) if row is None else (row["id"], _state(row)) for rec, row in touched]
    bulk.record_changes(conn, upload_id, "coverage_fact", before)
    _update_changed(conn, changed, upload_id)


def _counts(fact: dict) -> tuple:
    return fact["vaccinated"], fact["population"]


def _before(conn, dates) -> dict[tuple, dict]:
    """The stored facts of these dates, by key, as they are before this upload changes them."""
    c = coverage_facts.c
    columns = (c.id, *(c[name] for name in _KEY), c.vaccinated, c.population, c.source, c.upload_id, c.synthetic)
    return {_key(row): row for row in (dict(r._mapping) for r in bulk.select_in(conn, c.as_of, dates, *columns))}


def _state(row: dict) -> dict:
    return {name: row[name] for name in ("vaccinated", "population", "source", "upload_id", "synthetic")}


def _insert_new(conn, records: list[dict], upload_id) -> None:
    names = (*_KEY, "vaccinated", "population")
    columns = {name: [rec[name] for rec in records] for name in names}
    columns |= {"source": ["upload"] * len(records), "upload_id": [upload_id] * len(records)}
    bulk.insert_columns(conn, coverage_facts, columns)
    versions.bump(conn, "coverage")


def _update_changed(conn, changes: list[tuple[int, dict]], upload_id) -> None:
    if not changes:
        return
    c = coverage_facts.c
    statement = (
        sa.update(coverage_facts)
        .where(c.id == sa.bindparam("fact_id"))
        .values(
            vaccinated=sa.bindparam("new_vaccinated"),
            population=sa.bindparam("new_population"),
            upload_id=upload_id,
            source="upload",  # the figures are the upload's now (a demo breakdown's source would mislabel them)
            synthetic=False,
        )
    )
    versions.bump(conn, "coverage")
    conn.execute(
        statement,
        [
            {"fact_id": fact_id, "new_vaccinated": rec["vaccinated"], "new_population": rec["population"]}
            for fact_id, rec in changes
        ],
    )
