"""Facilities from an upload: checks (type, name, coordinates inside Thailand and inside the named province and
district, within the boundary tolerance; status, beds), likely duplicates (warnings, see data/duplicates.py), and upserts keyed by facility_id,
each change a new version.

Built for large files (100,000 rows): each column is checked at once; a cell that is not plainly valid goes through
the same ``RowChecker`` call as always, so every message is the one people know. Stored facilities are looked up in
bulk (one query per 500 facility ids), and new rows, changes, versions and upload changes are written with one
statement each.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import sqlalchemy as sa

from data import parsing
from data.context import Context
from data.duplicates import Match, likely_duplicates, merged_into, queue_pairs, warning_for
from data.facilities import PUBLIC_COLUMNS, _clean, bump_facilities_version
from data.facility_location import locate_rows
from data.finder import hours_unreadable
from data.jsonvalues import jsonable
from data.registries import FACILITY_STATUSES, FACILITY_TYPES, SERVICES
from data.schema import facilities, facility_versions, upload_changes
from data.validation import RowChecker, duplicate_keys
from geo import clock
from geo.registry import COUNTRY, AreaNotFound
from geo.thai import phone_digits

# the fields a file sets (not the id, the source, the dates, the synthetic flag, services or the bookkeeping)
_FACILITY_FIELDS = tuple(
    c
    for c in PUBLIC_COLUMNS
    if c
    not in ("id", "external_id", "services", "valid_from", "valid_to", "source", "synthetic", "updated_at", "version")
)
_CHUNK = 500  # values per IN (...) list
_WRITE_ROWS = 2000  # rows per INSERT or UPDATE: the parameters of a whole file at once cost more than the file
TEMPORARY_FIELDS = ("valid_from", "valid_to", "services")  # set by a file only when it has their columns
# what is read of a stored facility to compare it with a row (not when it was updated: not needed)
_STORED = [
    facilities.c[name]
    for name in ("id", "external_id", "version", "upload_id", "source", *_FACILITY_FIELDS, *TEMPORARY_FIELDS)
]


def validate_facility_rows(
    table: pd.DataFrame,
    state: Context,
    conn,
    known: dict[int, int] | None = None,
    scope: str = COUNTRY,
    adding: bool = False,
):
    """(records, problems, warnings): every row checked, problems in the order of the sheet; each record carries the
        stored facility it updates (``existing``) and its likely duplicates (``duplicates``).

        ``known``: row → the stored facility's id, for rows known to update one (a form editing a facility that has no
        facility_id): such a row is never a duplicate of the facility it edits. ``scope``: the writer's own area, where
        district and province names are read after the row's own province (see AreaRegistry.resolve), and the area a
        point is placed in under the boundary tolerance when the row names none. ``adding``: every row adds a facility (a
    form's or the API's create): a stored facility of the same type, name and point is then not updated but warned
    about as a likely duplicate, like any other."""
    rows = RowChecker()
    parsed = _parse_columns(table, rows, state.registry, scope)
    rows.problems.sort(key=lambda p: p.row)  # stable: row by row, and within a row in the order of the columns
    parsed = parsed[~parsed["row"].isin({p.row for p in rows.problems})]
    locate_rows(parsed, rows, state, scope)
    ids = [(e,) if e else None for e in parsed["external_id"]]
    duplicate_keys(rows, pd.DataFrame(index=parsed["row"].to_numpy()), ids, "facility_id")
    bad_rows = {p.row for p in rows.problems}
    records = [r for r in _records(parsed) if r["row"] not in bad_rows]
    _attach_existing(conn, records, known or {}, by_point=not adding)
    _keep_merged_closed(conn, records, rows)
    _warn_likely_duplicates(conn, records, rows, edited=set(known or {}))
    return records, rows.problems, rows.warnings


# -- column by column ---------------------------------------------------------------------------------------------
def _parse_columns(table: pd.DataFrame, rows: RowChecker, registry, scope: str) -> pd.DataFrame:
    """The parsed values of every row, one column at a time, in the order problems were always reported."""

    def text(name: str) -> pd.Series:
        return table[name] if name in table else pd.Series("", index=table.index, dtype=object)

    def optional(name: str) -> pd.Series:
        values = text(name)
        return values.astype(object).where(values != "", None)

    out = pd.DataFrame({"row": table.index.to_numpy()}, index=table.index)
    out["external_id"] = optional("facility_id")
    out["type"] = _choices(rows, "type", text("type"), FACILITY_TYPES)
    names = text("name_th")
    for row in names.index[names == ""]:
        rows.bad(row, "name_th", "", "ต้องกรอกชื่อ", "name_th is required")
    out["name_th"] = names.astype(object).where(names != "", None)
    out["name_en"] = optional("name_en")
    out["lat"] = _numbers(rows, "lat", text("lat"), kind=float)
    out["lon"] = _numbers(rows, "lon", text("lon"), kind=float)
    for name in ("address", "phone", "opening_hours"):
        out[name] = optional(name)
    _check_hours(rows, out["opening_hours"])
    phones = [phone_digits(p) for p in out["phone"]]  # a card's "Call" dials ASCII digits
    out["phone"] = pd.Series(phones, index=out.index, dtype=object)  # None stays None (a list of them: NaN)
    out["beds_total"] = _numbers(rows, "beds_total", text("beds_total"), required=False, minimum=0)
    out["beds_available"] = _numbers(rows, "beds_available", text("beds_available"), required=False, minimum=0)
    statuses = text("status")
    out["status"] = _choices(rows, "status", statuses.where(statuses != "", "open"), FACILITY_STATUSES)
    out["named_province"] = _areas(rows, "province", text("province"), registry, [(scope,)] * len(out))
    contexts = [(province, scope) for province in out["named_province"]]  # a district name: in the row's province
    out["named_district"] = _areas(rows, "district", text("district"), registry, contexts)
    out["typed_province"], out["typed_district"] = text("province").to_numpy(), text("district").to_numpy()
    out["updated_at"] = _dates(rows, "updated_at", text("updated_at"))
    _temporary_site(out, rows, table)
    return out


def _check_hours(rows: RowChecker, hours: pd.Series) -> None:
    """Hours with a time no clock shows (25:00) are a problem; hours the finder cannot read are stored with a
    warning (its cards then say "hours not known: call first", and "open now" keeps the place)."""
    for row, text in hours.items():
        why = hours_unreadable(text) if text else None
        if why == "impossible":
            rows.bad(
                row,
                "opening_hours",
                text,
                f"เวลาทำการ “{text}” มีเวลาที่ไม่มีจริง (ชั่วโมง 0–24 นาที 0–59) เช่น 08:30-16:30",
                f"the opening hours {text!r} hold a time no clock shows (hours 0–24, minutes 0–59), e.g. 08:30-16:30",
            )
        elif why == "unread":
            rows.warn(
                row,
                "opening_hours",
                text,
                f"อ่านเวลาทำการ “{text}” ไม่ได้ จึงแสดงว่า “ไม่ทราบเวลาทำการ” เขียนแบบ 08:30-16:30 หรือ 24 ชั่วโมง",
                f"the opening hours {text!r} cannot be read, so the finder shows “hours not known”; write them as "
                "08:30-16:30 or 24 hours",
            )


def _temporary_site(out: pd.DataFrame, rows: RowChecker, table: pd.DataFrame) -> None:
    """valid_from, valid_to (days) and services (codes or labels, separated by commas), each read only when the file
    has its column: a file without them leaves what the form or an earlier file set."""
    for name in TEMPORARY_FIELDS:
        if name not in table:
            continue
        texts = table[name]
        if name == "services":
            out[name] = [_services(rows, row, text) for row, text in texts.items()]
        else:
            days = {value: _day(rows, row, name, value) for row, value in texts.items() if value}
            out[name] = pd.Series([days.get(value) for value in texts], index=texts.index, dtype=object)
    if {"valid_from", "valid_to"} <= set(out):
        ends_first = [r for r, a, b in zip(out.index, out["valid_from"], out["valid_to"]) if a and b and a > b]
        for row in ends_first:
            rows.bad(row, "valid_to", table.at[row, "valid_to"], *VALID_TO_BEFORE)


VALID_TO_BEFORE = ("วันสิ้นสุดต้องไม่ก่อนวันเริ่ม", "valid_to is before valid_from")


def _day(rows: RowChecker, row, column: str, text: str) -> dt.date | None:
    """A day (a problem, worded as always, for what is not one); the first row of a repeated text reports it."""
    try:
        return parsing.parse_date(text)
    except ValueError:
        return rows.date(row, column, text, required=False)


def _services(rows: RowChecker, row, text: str) -> list[str] | None:
    """``walk_in, วัคซีนสำหรับเด็ก`` -> ["walk_in", "child_doses"]; each unknown one a problem; none -> None."""
    codes: list[str] = []
    for item in (part.strip() for part in str(text).replace(";", ",").split(",")):
        code = rows.choice(row, "services", item, SERVICES) if item else None
        if code and code not in codes:
            codes.append(code)
    return codes or None


def _choices(rows: RowChecker, column: str, texts: pd.Series, registry) -> pd.Series:
    codes = {value: registry.resolve(value) for value in texts.unique()}
    out = texts.map(codes).astype(object)
    for row in out.index[out.isna()]:
        rows.choice(row, column, texts[row], registry)  # the problem, worded as always
    return out.where(out.notna(), None)


def _numbers(rows: RowChecker, column: str, texts: pd.Series, kind=int, required=True, minimum=None) -> pd.Series:
    """Plain numbers converted at once; anything else (empty, Thai digits, "1,200", words, overflow) cell by cell."""
    values = pd.to_numeric(texts, errors="coerce").astype(float)  # parses exactly as float() does
    plain = np.isfinite(values)
    if kind is int:
        plain &= values == np.floor(values)
    if minimum is not None:
        plain &= values >= minimum
    good = values[plain].tolist()
    out = pd.Series([None] * len(texts), index=texts.index, dtype=object)
    out[plain] = [int(v) for v in good] if kind is int else good
    careful = ~plain & ((texts != "") | required)
    for row in texts.index[careful]:
        out[row] = rows.number(row, column, texts[row], kind=kind, required=required, minimum=minimum)
    return out


def _areas(rows: RowChecker, level: str, texts: pd.Series, registry, contexts: list[tuple]) -> pd.Series:
    """The code each cell names, read in its row's context (each distinct text and context resolved once); a cell
    that names nothing, or several areas the context does not decide between, is a problem with the candidates."""
    out = pd.Series([None] * len(texts), index=texts.index, dtype=object)
    filled = np.flatnonzero((texts != "").to_numpy())
    found = registry.resolve_all(texts.iloc[filled], level=level, contexts=[contexts[i] for i in filled])
    for i, code in zip(filled, found):
        row = texts.index[i]
        if isinstance(code, AreaNotFound):
            rows.bad(row, level, texts.iat[i], code.message_th, str(code))
        else:
            out[row] = code
    return out


def _dates(rows: RowChecker, column: str, texts: pd.Series) -> pd.Series:
    """The day a row was last checked, as midnight UTC (an empty cell: when it is stored)."""
    days: dict[str, dt.datetime | None] = {"": None}
    for value in texts.unique():
        if value not in days:
            try:
                day = parsing.parse_date(value)
                days[value] = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
            except ValueError:
                days[value] = None
    out = texts.map(days).astype(object)
    for row in out.index[out.isna() & (texts != "")]:
        rows.date(row, column, texts[row], required=False)  # the problem, worded as always
    today = clock.today()
    for value in [v for v, day in days.items() if day is not None and day.date() > today]:
        for row in texts.index[texts == value]:
            rows.bad(
                row,
                column,
                value,
                f"วันที่ปรับปรุง {value} อยู่หลังวันนี้ ({today.day}/{today.month}/{today.year + 543}) "
                "ต้องไม่เป็นวันในอนาคต โปรดตรวจปี พ.ศ.",
                f"the date {value} is after today ({today.isoformat()}): a facility cannot have been updated in the "
                "future; check the year",
            )
            out[row] = None
    return out.where(out.notna(), None)


def _records(parsed: pd.DataFrame) -> list[dict]:
    columns = {name: parsed[name].tolist() for name in parsed.columns}
    columns["row"] = [int(r) for r in columns["row"]]
    return [dict(zip(columns, values)) for values in zip(*columns.values())]


# -- what the file changes --------------------------------------------------------------------------------------
def _attach_existing(conn, records: list[dict], known: dict[int, int], by_point: bool = True) -> None:
    """``existing``: the stored facility each record updates (the one ``known`` names; else by facility_id; without
    one and ``by_point``, by type, name and point to 1 m), or None; ``same_as``: for a row without facility_id that
    repeats an earlier row of the file, its row."""
    by_external = _stored_by_external_id(conn, [r["external_id"] for r in records if r["external_id"]])
    without_id = [r for r in records if not r["external_id"]] if by_point else []
    by_name = _stored_without_id(conn, {r["name_th"] for r in without_id})
    by_id = _stored_by_id(conn, list(known.values()))
    earlier: dict[tuple, list[dict]] = {}
    for rec in records:
        rec["same_as"] = None
        if rec["row"] in known:
            rec["existing"] = by_id.get(known[rec["row"]])
            continue
        if rec["external_id"]:
            rec["existing"] = by_external.get(rec["external_id"])
            continue
        rec["existing"] = _same_point(by_name.get((rec["type"], rec["name_th"]), []), rec)
        if rec["existing"] is None:
            first = _same_point(earlier.get((rec["type"], rec["name_th"]), []), rec)
            if first is not None:
                rec["same_as"] = first["row"]
            else:
                earlier.setdefault((rec["type"], rec["name_th"]), []).append(rec)


def _stored_by_external_id(conn, external_ids: list[str]) -> dict[str, dict]:
    found = {}
    unique = sorted(set(external_ids))
    for start in range(0, len(unique), _CHUNK):
        query = sa.select(*_STORED).where(facilities.c.external_id.in_(unique[start : start + _CHUNK]))
        found.update({row["external_id"]: row for row in _stored_rows(conn, query)})
    return found


def _stored_by_id(conn, ids: list[int]) -> dict[int, dict]:
    if not ids:
        return {}
    return {row["id"]: row for row in _stored_rows(conn, sa.select(*_STORED).where(facilities.c.id.in_(ids)))}


def _stored_rows(conn, query) -> list[dict]:
    names = [c.name for c in _STORED]
    return [dict(zip(names, values)) for values in conn.execute(query)]


def _stored_without_id(conn, names: set[str]) -> dict[tuple[str, str], list[dict]]:
    found: dict[tuple[str, str], list[dict]] = {}
    unique = sorted(names)
    for start in range(0, len(unique), _CHUNK):
        query = sa.select(*_STORED).where(
            facilities.c.external_id.is_(None), facilities.c.name_th.in_(unique[start : start + _CHUNK])
        )
        for row in _stored_rows(conn, query):
            found.setdefault((row["type"], row["name_th"]), []).append(row)
    return found


def _same_point(candidates: list[dict], rec: dict) -> dict | None:
    """The same type, name and point (to 1 m) is the same facility."""
    return next(
        (c for c in candidates if abs(c["lat"] - rec["lat"]) < 1e-5 and abs(c["lon"] - rec["lon"]) < 1e-5), None
    )


def _values(rec: dict) -> dict:
    """The fields the row sets, computed once (``validate_facility_rows`` has settled them, status included): those
    of the temporary sites only when the file has their columns."""
    if "values" not in rec:
        names = (*_FACILITY_FIELDS, *(k for k in TEMPORARY_FIELDS if k in rec))
        rec["values"] = {k: _plain(rec.get(k)) for k in names}
    return rec["values"]


def _plain(value):
    if isinstance(value, list):  # services
        return value
    return value if value is None or type(value) in (str, int, float, dt.date) else _clean(value)


def _changes_something(rec: dict) -> bool:
    if "changes" not in rec:
        existing = rec["existing"]
        rec["changes"] = existing is None or any(existing[k] != v for k, v in _values(rec).items())
    return rec["changes"]


def _keep_merged_closed(conn, records: list[dict], rows: RowChecker) -> None:
    """A row for a facility that a merge closed updates the closed record, which stays closed (with a warning)."""
    merged = merged_into(conn, [r["existing"]["id"] for r in records if r["existing"]])
    for rec in records:
        kept = merged.get(rec["existing"]["id"]) if rec["existing"] else None
        if kept is None:
            continue
        rec["status"] = "closed"
        label = kept["external_id"] or f"#{kept['id']}"
        rows.warn(
            rec["row"],
            "facility_id",
            rec["external_id"],
            f"รายการนี้ถูกรวมเข้ากับ “{kept['name_th']}” (รหัส {label}) แล้ว จึงยังคงปิดอยู่",
            f"this facility was merged into “{kept['name_th']}” (id {label}), so it stays closed",
        )


def _warn_likely_duplicates(conn, records: list[dict], rows: RowChecker, edited: set[int]) -> None:
    """Warn about the new or changed rows that may duplicate another facility, and the ``edited`` rows (a form's,
    even unchanged: one is cheap, and its page says what is worth checking); each record keeps its matches."""
    checked = [r for r in records if r["same_as"] is None and (r["row"] in edited or _changes_something(r))]
    frame = pd.DataFrame(
        {
            "row": [r["row"] for r in checked],
            "facility": pd.array([r["existing"]["id"] if r["existing"] else None for r in checked], dtype="Int64"),
            "external_id": [r["external_id"] for r in checked],
            "type": [r["type"] for r in checked],
            "name_th": [r["name_th"] for r in checked],
            "lat": [r["lat"] for r in checked],
            "lon": [r["lon"] for r in checked],
        }
    )
    matches: dict[int, list[Match]] = {}
    for match in likely_duplicates(conn, frame):
        matches.setdefault(match.row, []).append(match)
    for rec in records:
        rec["duplicates"] = matches.get(rec["row"], [])
        for match in rec["duplicates"]:
            warning = warning_for(match)
            rows.warn(rec["row"], warning.column, rec["name_th"], warning.message_th, warning.message_en)


# -- storing ------------------------------------------------------------------------------------------------------
def upsert_facility_rows(conn, records, state: Context, upload_id, user_id) -> dict:
    """Insert the new, update the changed (a new version each), count the unchanged; queue the likely duplicates of
    an accepted upload. Records from ``validate_facility_rows``."""
    if records and "existing" not in records[0]:
        _attach_existing(conn, records, {})
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    now = dt.datetime.now(dt.UTC)
    fresh, changed = _sort_out(records, counts)
    ids = _insert_new(conn, fresh, now, user_id, upload_id)
    facility_of = {r["row"]: fid for r, fid in zip(fresh, ids)}
    facility_of.update({r["row"]: r["existing"]["id"] for r in records if r["existing"]})
    facility_of.update({r["row"]: facility_of[r["same_as"]] for r in records if r["same_as"] in facility_of})
    _update_changed(conn, changed, now, user_id, upload_id)
    if upload_id is not None:
        _record_changes(conn, upload_id, [(fid, None) for fid in ids])
        before = [(r["existing"]["id"], _before(r["existing"])) for r in changed]
        _record_changes(conn, upload_id, before)
        queue_pairs(conn, _pairs(records, facility_of), upload_id)
    if changed:
        bump_facilities_version(conn)
    return counts


def _sort_out(records: list[dict], counts: dict) -> tuple[list[dict], list[dict]]:
    """(new, changed) records; a row repeating an earlier row of the file (no facility_id) folds into it."""
    fresh: dict[int, dict] = {}
    changed = []
    for rec in records:
        if rec["same_as"] is not None and rec["same_as"] in fresh:
            first = fresh[rec["same_as"]]
            differs = _values(first) != _values(rec)
            counts["updated" if differs else "unchanged"] += 1
            fresh[rec["same_as"]] = {**rec, "row": first["row"], "same_as": None}
        elif rec["existing"] is None:
            fresh[rec["row"]] = rec
            counts["new"] += 1
        elif _changes_something(rec):
            changed.append(rec)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return list(fresh.values()), changed


def _insert_new(conn, fresh: list[dict], now, user_id, upload_id) -> list[int]:
    """Insert the new facilities and their first versions; returns the ids in the order of ``fresh``.

    Like data.facilities.insert_facility_rows, but RETURNING without ``sort_by_parameter_order``: SQLite would insert
    one row at a time to keep that order. The returned ids are matched back by facility_id, or for a row without one
    by type, name and point (rows repeating those were folded into one by ``_sort_out``).
    """
    if not fresh:
        return []
    ids: list[int] = []
    for start in range(0, len(fresh), _WRITE_ROWS):  # a batch at a time: 20,000 rows' parameters at once cost 50 MB
        ids += _insert_batch(conn, fresh[start : start + _WRITE_ROWS], now, user_id, upload_id)
    bump_facilities_version(conn)
    return ids


def _insert_batch(conn, fresh: list[dict], now, user_id, upload_id) -> list[int]:
    rows = []
    for rec in fresh:
        row = {**_values(rec), "external_id": rec["external_id"], "source": "upload", "synthetic": False}
        row.update(updated_at=rec.get("updated_at") or now, updated_by=user_id, upload_id=upload_id, version=1)
        row["status"] = row["status"] or "open"
        rows.append(row)
    c = facilities.c
    returned = conn.execute(sa.insert(facilities).returning(c.id, c.external_id, c.type, c.name_th, c.lat, c.lon), rows)
    id_of = {_identity(r._mapping): r.id for r in returned}
    ids = [id_of[_identity(row)] for row in rows]
    conn.execute(
        sa.insert(facility_versions),
        [
            {
                "facility_id": fid,
                "version": 1,
                "data": jsonable({**_NOT_FROM_FILES, **row}),
                "change": "create",
                "changed_at": now,
                "changed_by": user_id,
                "upload_id": upload_id,
            }
            for fid, row in zip(ids, rows)
        ],
    )
    return ids


_NOT_FROM_FILES = {k: None for k in TEMPORARY_FIELDS}  # in a version, as in a form's, when the file has no column


def _identity(row) -> tuple:
    return (row["external_id"],) if row["external_id"] else (row["type"], row["name_th"], row["lat"], row["lon"])


def _update_changed(conn, changed: list[dict], now, user_id, upload_id) -> None:
    for start in range(0, len(changed), _WRITE_ROWS):
        _update_batch(conn, changed[start : start + _WRITE_ROWS], now, user_id, upload_id)


def _update_batch(conn, changed: list[dict], now, user_id, upload_id) -> None:
    stamp = {"updated_by": user_id, "upload_id": upload_id}
    conn.execute(
        sa.update(facilities).where(facilities.c.id == sa.bindparam("facility")),
        [
            {
                "facility": r["existing"]["id"],
                **_values(r),
                "version": r["existing"]["version"] + 1,
                "updated_at": r.get("updated_at") or now,
                **stamp,
            }
            for r in changed
        ],
    )
    conn.execute(
        sa.insert(facility_versions),
        [
            {
                "facility_id": r["existing"]["id"],
                "version": r["existing"]["version"] + 1,
                "data": jsonable(_values(r)),
                "change": "update",
                "changed_at": now,
                "changed_by": user_id,
                "upload_id": upload_id,
            }
            for r in changed
        ],
    )


def _before(existing: dict) -> dict:
    return jsonable({k: existing[k] for k in (*_FACILITY_FIELDS, *TEMPORARY_FIELDS, "upload_id", "source")})


def _record_changes(conn, upload_id: int, changes: list[tuple[int, dict | None]]) -> None:
    """What the upload did to each facility, so that it can be undone (see data/uploads.py)."""
    for start in range(0, len(changes), _WRITE_ROWS):
        batch = changes[start : start + _WRITE_ROWS]
        rows = [{"upload_id": upload_id, "entity": "facility", "entity_id": fid, "before": b} for fid, b in batch]
        for group in ([r for r in rows if r["before"] is not None], [r for r in rows if r["before"] is None]):
            if group:  # a created row has no "before": left out, it is stored as NULL without encoding it
                conn.execute(
                    sa.insert(upload_changes), [r if r["before"] is not None else _no_before(r) for r in group]
                )


def _no_before(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "before"}


def _pairs(records: list[dict], facility_of: dict[int, int]) -> list[tuple[int, int, float, float]]:
    pairs = []
    for rec in records:
        for m in rec.get("duplicates", []):
            other = m.other_id if m.other_id is not None else facility_of.get(m.other_row)
            if rec["row"] in facility_of and other is not None:  # a row refused afterwards is not stored
                pairs.append((facility_of[rec["row"]], other, m.distance_m, m.similarity))
    return pairs
