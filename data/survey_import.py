"""Survey records from an upload: checks (campaign open, subdistrict, target group and age, national id checksum)
and inserts that keep the personal data apart, the national id only as a keyed hash.

A file is checked and stored a chunk of rows at a time (``SurveyCheck``, ``insert_survey_rows``), a column at a time:
each distinct text checked once, the keys of a chunk looked up in one query, its rows inserted in one statement.
"""

from __future__ import annotations

import datetime as dt
import hmac
import operator
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from data import bulk, parsing, versions
from data.context import Context
from data.errors import Problem
from data.redaction import national_id_hash, redact_values
from data.registries import INTENTIONS, SURVEY_GROUPS, TARGET_GROUPS
from data.schema import campaigns, survey_personal, survey_records
from data.survey_access import may_read_record
from data.validation import ColumnChecker, Records, column_texts, outside_thailand
from geo import clock
from geo.locate import in_thailand_bbox
from geo.thai import localized, phone_digits

# what makes two records the same record (with the national id's hash): the record_key is their keyed hash
KEY_FIELDS = ("survey_date", "subdistrict", "village_no", "target_group", "age", "doses_received", "intention")
_TEXT_FIELDS = ("reason", "full_name", "phone", "national_id")  # kept as written, None when empty
_FREE_TEXT = ("reason", "full_name", "phone")  # kept as written, a valid national id in them as its hash


def validate_survey_rows(table: pd.DataFrame, state: Context, conn, scope: str = "TH"):
    """(records, problems, warnings) for a table of survey rows; a record is a row without any problem.
    ``scope``: the writer's own area, where a subdistrict name is read first."""
    return SurveyCheck(state, conn, scope)(table)


class SurveyCheck:
    """The checks of one survey file, called once per chunk: the open campaign is looked up once, each distinct
    text of a column checked once per file. A subdistrict name is read inside ``scope`` (the writer's own area)
    first: a volunteer of 500101 writing "ศรีภูมิ" means their own, not the two others of that name."""

    def __init__(
        self, state: Context, conn: sa.Connection, scope: str = "TH", reader: Mapping[str, Any] | None = None
    ) -> None:
        self.registry, self.scope, self.conn, self.reader = state.registry, scope, conn, reader
        self.secret = state.id_hash_key.encode()
        campaign = conn.execute(
            sa.select(campaigns.c.id, campaigns.c.opened_on)
            .where(campaigns.c.closed_on.is_(None))
            .order_by(campaigns.c.opened_on.desc())
        ).first()
        self.campaign, self.opened_on = (campaign.id, campaign.opened_on) if campaign else (None, None)
        self._memo: dict = {}
        self._told_closed = False

    def __call__(self, table: pd.DataFrame):
        if self.campaign is None:
            told, self._told_closed = self._told_closed, True
            return [], [] if told else [_no_campaign()], []
        checks = ColumnChecker(table.index, self._memo)
        values = _checked_values(checks, table, self.registry, self.scope)
        _check_age_fits_group(checks, values, column_texts(table, "age"))
        _check_not_in_future(checks, values["survey_date"], column_texts(table, "survey_date"))
        _check_points(checks, values, self.registry)
        for column in _FREE_TEXT:  # a national id typed where it does not belong is stored as its hash all the same
            values[column] = redact_values(values[column], self.secret)
        records = _records(values, table.index, ~checks.bad, self.campaign)
        warnings = _late_entries(records, self.opened_on) + self._repeated_ids(records)
        warnings.sort(key=lambda w: w.row)  # stable: within a row, the date first
        return records, checks.problems, warnings

    def _repeated_ids(self, records: Records) -> list[Problem]:
        """A warning for each record whose national id is already recorded in the campaign (or in an earlier row of
        the chunk), naming the earlier record only to a reader who may read it (data.survey_access)."""
        hashes = _national_id_hashes(self.secret, records.columns["national_id"])
        records.columns["national_id_hash"] = hashes  # kept for the store: each id is hashed once
        stored = _stored_with_ids(self.conn, self.campaign, {h for h in hashes if h})
        keys = _keys_where(self.secret, records, [i for i, h in enumerate(hashes) if h in stored])
        seen: dict[str, int] = {}
        warnings = []
        for i, digest in enumerate(hashes):
            if not digest:
                continue
            row = records.columns["row"][i]
            earlier = [r for r in stored.get(digest, ()) if r["record_key"] != keys.get(i)]  # not this very record
            if earlier:
                warnings.append(_repeated_id_warning(row, earlier[0], may_read_record(self.reader, earlier[0])))
            elif digest in seen:
                warnings.append(_repeated_id_warning(row, {"row": seen[digest]}, True))  # the file's own row
            seen.setdefault(digest, row)
        return warnings

    def file_problems(self) -> list:
        return []


def _check_not_in_future(checks: ColumnChecker, dates: np.ndarray, texts: np.ndarray) -> None:
    """A survey date after today (Bangkok) is a problem: a typo in the year, most often (2575 for 2565)."""
    today = clock.today()
    later = np.array([d is not None and d > today for d in dates], dtype=bool)
    checks.bad_where(
        later,
        "survey_date",
        lambda i: (
            texts[i],
            f"วันที่สำรวจ {texts[i]} อยู่หลังวันนี้ ({_be(today)}) วันที่สำรวจต้องไม่เป็นวันในอนาคต โปรดตรวจปี พ.ศ.",
            f"the survey date {texts[i]} is after today ({today.isoformat()}): a survey cannot be dated in the future; "
            "check the year",
        ),
    )


def _check_points(checks: ColumnChecker, values: dict[str, np.ndarray], registry) -> None:
    """A record's point, when it has one, is both lat and lon, in Thailand (the swap hint when lat and lon look
    swapped), and no farther than ``POINT_MARGIN_KM`` outside the bounds of its subdistrict's district: a home visit
    is planned from it. A coarse rule on purpose (a box, not the boundary): it finds the point typed wrong or taken
    elsewhere, at no cost to a file of 200,000 rows."""
    lat, lon = np.array(values["lat"], dtype=float), np.array(values["lon"], dtype=float)
    has_lat, has_lon = np.isfinite(lat), np.isfinite(lon)
    # the other coordinate missing, not wrong (a wrong one has its own problem already)
    for column, alone in (("lat", has_lat & ~has_lon & ~checks.bad), ("lon", has_lon & ~has_lat & ~checks.bad)):
        other = "lon" if column == "lat" else "lat"
        checks.bad_where(
            alone,
            column,
            lambda i, column=column, other=other: (
                str(values[column][i]),
                f"มี {column} แต่ไม่มี {other}: ใส่ทั้งละติจูดและลองจิจูด หรือเว้นว่างทั้งสองช่อง",
                f"{column} without {other}: give both lat and lon, or leave both empty",
            ),
        )
    both = has_lat & has_lon
    abroad = both & ~in_thailand_bbox(lon, lat)
    swapped = abroad & in_thailand_bbox(lat, lon)
    checks.bad_where(abroad, "lat", lambda i: (f"{lat[i]}, {lon[i]}", *outside_thailand(bool(swapped[i]))))
    districts = registry.frame("district")
    codes = [c[:4] if c is not None and c[:4] in districts.index else None for c in values["subdistrict"]]
    known = both & ~abroad & np.array([c is not None for c in codes], dtype=bool)
    if not known.any():
        return
    box = districts.reindex([c if c is not None else "" for c in codes])[["min_lon", "min_lat", "max_lon", "max_lat"]]
    bounds = box.to_numpy(dtype=float)
    east_west = np.maximum.reduce([bounds[:, 0] - lon, np.zeros(len(lon)), lon - bounds[:, 2]])
    north_south = np.maximum.reduce([bounds[:, 1] - lat, np.zeros(len(lat)), lat - bounds[:, 3]])
    km = np.hypot(east_west * 111.32 * np.cos(np.radians(np.nan_to_num(lat))), north_south * 110.57)
    far = known & (np.nan_to_num(km) > POINT_MARGIN_KM)

    def describe(i: int):
        area = registry.get(codes[i])
        name_th, name_en = (localized(area, lang) if area is not None else codes[i] for lang in ("th", "en"))
        return (
            f"{lat[i]}, {lon[i]}",
            f"พิกัดอยู่นอกอำเภอ{name_th} ซึ่งเป็นที่ตั้งของตำบลที่ระบุ ราว {km[i]:,.0f} กม. โปรดตรวจพิกัดหรือรหัสตำบล",
            f"the point is about {km[i]:,.0f} km outside {name_en}, the district of the subdistrict given: check the "
            "point or the subdistrict",
        )

    checks.bad_where(far, "lat", describe)


POINT_MARGIN_KM = 5  # how far outside the bounds of its district a record's point may be


def _late_entries(records: Records, opened_on: dt.date | None) -> list[Problem]:
    """A warning for each record dated before its campaign opened: it belongs to the open campaign all the same (a
    late entry), which the person should know."""
    if opened_on is None:
        return []
    return [
        Problem(
            column="survey_date",
            value=day.isoformat(),
            message_th=f"วันที่สำรวจ {_be(day)} อยู่ก่อนวันเปิดรอบการสำรวจปัจจุบัน ({_be(opened_on)}) จะบันทึกเป็นข้อมูลที่ส่งล่าช้าของรอบนี้",
            message_en=f"the survey date {day.isoformat()} is before the open campaign opened "
            f"({opened_on.isoformat()}): it is stored as a late entry of this campaign",
            row=int(row),
        )
        for row, day in zip(records.columns["row"], records.columns["survey_date"])
        if day is not None and day < opened_on
    ]


def _stored_with_ids(conn, campaign_id: int, hashes: set[str]) -> dict[str, list[dict]]:
    """The records of the campaign that hold each of the national id hashes: id, date, area, who entered it, key."""
    if not hashes:
        return {}
    r, p = survey_records.c, survey_personal.c
    found: dict[str, list[dict]] = {}
    # the hashes as one parameter (an IN list of thousands costs more to send than to run: bulk.one_of)
    one_of, params = bulk.one_of(conn, p.national_id_hash, sorted(hashes))
    query = (
        sa.select(p.national_id_hash, r.id, r.survey_date, r.subdistrict, r.volunteer_id, r.record_key)
        .select_from(survey_personal.join(survey_records, r.id == p.survey_id))
        # campaign_id + 0: found through the national id hash's index, then the campaign checked; SQLite would
        # otherwise read every record of the campaign (all the file's chunks so far) to find a few
        .where(r.campaign_id + 0 == campaign_id, one_of)
        .order_by(r.id)
    )
    for row in conn.execute(query, params).mappings():
        found.setdefault(row["national_id_hash"], []).append(dict(row))
    return found


def _keys_where(secret: bytes, records: Records, positions: list[int]) -> dict[int, str]:
    """The record_key each record at ``positions`` would be stored with (to tell the same record sent again)."""
    if not positions:
        return {}
    columns = _columns(records)
    subset = {name: [values[i] for i in positions] for name, values in columns.items()}
    subset["national_id_hash"] = _national_id_hashes(secret, subset.pop("national_id"))
    return dict(zip(positions, _record_keys(secret, subset)))


def _be(day: dt.date) -> str:
    """A date as Thai offices write it: 20/1/2565 (Buddhist era)."""
    return f"{day.day}/{day.month}/{day.year + 543}"


def _repeated_id_warning(row: int, earlier: Mapping[str, Any], named: bool) -> Problem:
    th, en = "เลขประจำตัวประชาชนนี้บันทึกไว้แล้วในรอบการสำรวจนี้", "this national id is already recorded in this campaign"
    if named and "row" in earlier:
        th, en = f"{th} (แถวที่ {earlier['row']} ของไฟล์นี้)", f"{en} (row {earlier['row']} of this file)"
    elif named:
        day = earlier["survey_date"]
        th = f"{th}: แบบสำรวจเลขที่ {earlier['id']} (สำรวจ {_be(day)} ตำบล {earlier['subdistrict']})"
        en = f"{en}: record {earlier['id']} (surveyed {day.isoformat()}, subdistrict {earlier['subdistrict']})"
    return Problem(column="national_id", value="(hidden)", message_th=th, message_en=en, row=int(row))


def _no_campaign() -> Problem:
    return Problem(
        column=None,
        value=None,
        message_th="ไม่มีรอบการสำรวจที่เปิดอยู่ จึงรับแบบสำรวจใหม่ไม่ได้",
        message_en="no reporting campaign is open, so new survey records are not accepted",
        row=1,
    )


def _checked_values(checks: ColumnChecker, table: pd.DataFrame, registry, scope: str) -> dict[str, np.ndarray]:
    """Every column's values (None where absent or wrong), checked in the order a person reads a row."""
    text = {column: column_texts(table, column) for column in parsing.HEADERS["surveys"].values()}
    values = {
        "survey_date": checks.date("survey_date", text["survey_date"]),
        "subdistrict": checks.area("subdistrict", text["subdistrict"], registry, "subdistrict", context=(scope,)),
        "village_no": checks.number("village_no", text["village_no"], required=False, minimum=1),
        "lat": checks.number("lat", text["lat"], kind=float, required=False),
        "lon": checks.number("lon", text["lon"], kind=float, required=False),
        "target_group": checks.choice("target_group", text["target_group"], SURVEY_GROUPS),
        "age": checks.number("age", text["age"], minimum=0),
        "doses_received": checks.number("doses_received", text["doses_received"], minimum=0),
        "intention": checks.choice("intention", text["intention"], INTENTIONS),
        "needs_home_visit": checks.each_value(text["needs_home_visit"], _yes_no, ("yes/no", "needs_home_visit")),
    }
    ids = text["national_id"]
    checks.bad_where(
        (ids != "") & ~parsing.valid_national_ids(ids),
        "national_id",
        lambda i: (
            "(hidden)",
            "เลขประจำตัวประชาชนไม่ถูกต้อง (ตรวจเลข 13 หลัก)",
            "the national id fails the 13-digit checksum",
        ),
    )
    for column in _TEXT_FIELDS:
        values[column] = np.where(text[column] == "", None, text[column])
    values["phone"] = np.array([phone_digits(p) for p in values["phone"]], dtype=object)  # a phone dials ASCII digits
    return values


def _yes_no(text: str) -> tuple[bool | None, Problem | None]:
    try:
        return parsing.parse_bool(text), None
    except ValueError:
        return None, Problem(
            column="needs_home_visit", value=text or None, message_th="ใช้ ใช่/ไม่ใช่", message_en="use yes/no"
        )


def _check_age_fits_group(checks: ColumnChecker, values: dict[str, np.ndarray], age_texts: np.ndarray) -> None:
    codes, groups = pd.factorize(values["target_group"])  # None (an unknown group) is -1: the last, empty, bound
    low = np.array([_bound(TARGET_GROUPS.get(g), "min_age") for g in groups] + [np.nan])[codes]
    high = np.array([_bound(TARGET_GROUPS.get(g), "max_age") for g in groups] + [np.nan])[codes]
    age = np.array(values["age"], dtype=float)  # None (no age) is NaN, which fits every group
    ages, group_codes = values["age"], values["target_group"]

    def describe(i: int):
        group = TARGET_GROUPS[group_codes[i]]
        return (
            age_texts[i],
            f"อายุ {ages[i]} ไม่อยู่ในกลุ่ม {group.label_th}",
            f"age {ages[i]} does not fit the group {group.label_en}",
        )

    checks.bad_where((age < low) | (age > high), "age", describe)


def _bound(group, name: str) -> float:
    value = getattr(group, name) if group is not None else None
    return np.nan if value is None else value


def _records(values: dict[str, np.ndarray], rows: pd.Index, keep: np.ndarray, campaign_id: int) -> Records:
    """The rows without problems, in the row order, as Python values."""
    where = np.flatnonzero(keep)
    columns = {"row": rows.to_numpy()[where].tolist(), "campaign_id": [campaign_id] * len(where)}
    return Records(columns | {name: column[where].tolist() for name, column in values.items()})


# -- storing ------------------------------------------------------------------------------------------------------
_FIELDS = (
    "campaign_id",
    "survey_date",
    "subdistrict",
    "village_no",
    "lat",
    "lon",
    "target_group",
    "age",
    "doses_received",
    "intention",
    "reason",
    "full_name",
    "phone",
    "national_id",
)


def insert_survey_rows(conn, records, state: Context, upload_id, user_id) -> dict:
    """Insert the records not stored yet (the same content twice is one record); each new row's personal data,
    if any, goes to survey_personal. Returns the counts of new and unchanged records."""
    if not records:
        return {"new": 0, "updated": 0, "unchanged": 0}
    secret = state.id_hash_key.encode()
    columns = _columns(records)
    national_ids = columns.pop("national_id")
    hashed = records.columns.get("national_id_hash") if isinstance(records, Records) else None
    columns["national_id_hash"] = hashed if hashed is not None else _national_id_hashes(secret, national_ids)
    keys = _record_keys(secret, columns)
    fresh = _not_stored(conn, keys)
    if len(fresh) < len(keys):
        columns = {name: [values[i] for i in fresh] for name, values in columns.items()}
    if fresh:
        survey_ids = _insert_records(conn, columns, [keys[i] for i in fresh], upload_id, user_id)
        _insert_personal(conn, survey_ids, columns)
        bulk.record_changes(conn, upload_id, "survey", [(survey_id, None) for survey_id in survey_ids])
    return {"new": len(fresh), "updated": 0, "unchanged": len(records) - len(fresh)}


def _columns(records) -> dict[str, list]:
    """The fields the store needs, column by column (from a list of dicts, or the columns of Records)."""
    if isinstance(records, Records):
        return {name: records.columns[name] for name in (*_FIELDS, "needs_home_visit")}
    columns = dict(zip(_FIELDS, map(list, zip(*map(operator.itemgetter(*_FIELDS), records)))))
    columns["needs_home_visit"] = [rec.get("needs_home_visit", False) for rec in records]
    return columns


def _national_id_hashes(secret: bytes, national_ids: list[str | None]) -> list[str | None]:
    """The keyed hash of each national id (digits only, Thai digits as Arabic), None where there is none."""
    return [national_id_hash(secret, text) if text else None for text in national_ids]


def _record_keys(secret: bytes, columns: dict[str, list]) -> list[str]:
    """The keyed hash of each record's content: KEY_FIELDS, the full name and the national id's hash, as text."""
    texts = [_as_text(columns[name]) for name in (*KEY_FIELDS, "full_name", "national_id_hash")]
    digest = hmac.digest
    return [digest(secret, content.encode(), "sha256").hex() for content in map("|".join, zip(*texts))]


def _as_text(values: list) -> list[str]:
    """str() of each value (a column of text is already its own text)."""
    return values if set(map(type, values)) == {str} else bulk.once_per_value(str, values)


def _not_stored(conn, keys: list[str]) -> list[int]:
    """Positions of the records to insert: not stored yet, and the first of the chunk with their key."""
    key = survey_records.c.record_key
    stored = {row.record_key for row in bulk.select_in(conn, key, keys, key)}
    fresh = []
    for i, record_key in enumerate(keys):
        if record_key not in stored:
            stored.add(record_key)
            fresh.append(i)
    return fresh


def _insert_records(conn, columns: dict[str, list], keys: list[str], upload_id, user_id) -> list[int]:
    """Insert the records; returns their ids, in their order."""
    n = len(keys)
    subdistricts = columns["subdistrict"]
    values = {name: columns[name] for name in (*_FIELDS[:-3], "needs_home_visit")} | {
        "volunteer_id": [user_id] * n,
        "district": [code[:4] for code in subdistricts],
        "province": [code[:2] for code in subdistricts],
        "created_at": [dt.datetime.now(dt.UTC)] * n,
        "upload_id": [upload_id] * n,
        "record_key": keys,
    }
    last = conn.execute(sa.select(sa.func.max(survey_records.c.id))).scalar() or 0
    bulk.insert_columns(conn, survey_records, values)
    versions.bump(conn, "surveys")
    # the new rows are those after the last id: ids only grow, and a row another transaction committed meanwhile
    # cannot hold one of these keys (this insert would have failed on the unique record_key)
    c = survey_records.c
    ids = dict(conn.execute(sa.select(c.record_key, c.id).where(c.id > last)).all())
    return [ids[key] for key in keys]


def _insert_personal(conn, survey_ids: list[int], columns: dict[str, list]) -> None:
    names, hashes, phones = columns["full_name"], columns["national_id_hash"], columns["phone"]
    personal = [i for i in range(len(survey_ids)) if names[i] or hashes[i] or phones[i]]
    bulk.insert_columns(
        conn,
        survey_personal,
        {
            "survey_id": [survey_ids[i] for i in personal],
            "full_name": [names[i] for i in personal],
            "national_id_hash": [hashes[i] for i in personal],
            "phone": [phones[i] for i in personal],
        },
    )
