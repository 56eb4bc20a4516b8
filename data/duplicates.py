"""Likely duplicate facilities, and the review queue where a coordinator merges or dismisses them.

A row of an upload is a *likely duplicate* of another facility when both have the same type, lie within
``MAX_DISTANCE_M`` (50 m) of each other, and have similar names (``name_similarity`` at least ``SIMILAR_AT``).
It is a warning, never a problem: real registries are full of these (the same hospital under two spellings a few
metres apart). The row is stored, the pair is queued in ``duplicate_pairs`` once, and a coordinator decides:

- *dismiss*: not the same place; the pair is never warned about again;
- *merge*: keep one; it takes the other's non-empty fields where its own are empty and gets a new version
  ("merge"); the other is **closed, not deleted** (status ``closed``, a "merge" version saying ``merged_into``).
  Deleting it would delete its versions (the foreign key from ``facility_versions`` cascades) and the pair itself,
  so its history would be lost; a closed facility is hidden from the public finder and map but keeps its history.
  A later upload that still carries its facility_id updates the closed record, which stays closed (with a warning).

Names are compared after ``normalize_name``: Unicode NFKC (so ``ำ`` and ``ํา`` agree), Thai digits → arabic,
the abbreviations of ``ABBREVIATIONS`` written out, whitespace and punctuation removed, casefolded.
Two names that carry different numbers ("พญาไท 2", "พญาไท 3") are different branches, never similar.

Finding pairs is a k-d tree per type over Earth-centred coordinates of the file's rows and the stored facilities
inside the file's bounding box, each row asking for its ``NEIGHBOURS`` nearest: never every row against every other,
even when a thousand rows share one point.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from scipy.spatial import cKDTree

from data import scope
from data.audit import record
from data.errors import Conflict, NotFound, NotPermitted, Problem, UserInputError
from data.facilities import bump_facilities_version
from data.jsonvalues import jsonable
from data.schema import duplicate_pairs, facilities, facility_versions
from geo.nearest import ecef
from geo.thai import THAI_DIGITS

MAX_DISTANCE_M = 50.0
SIMILAR_AT = 0.85  # difflib ratio of the normalised names; chosen on the real registry (see docs/en/duplicates.md)
CONTAINED_SCORE = 0.9  # one normalised name inside the other ("ศิริราชพยาบาล" in "ศิริราชพยาบาลมหาวิทยาลัยมหิดล")
MIN_CONTAINED = 6  # characters of the shorter name, so that a bare "โรงพยาบาล" is not inside everything
EARTH_RADIUS_M = 6_371_008.8
STATUSES = ("pending", "merged", "dismissed")
DECIDED = ("merged", "dismissed")
_CHUNK = 500  # ids per IN (...) list: well under SQLite's limit on parameters
NEIGHBOURS = 20  # candidates per row: its nearest facilities of the same type within MAX_DISTANCE_M

# Abbreviations written out before comparing, longest first. A one-letter abbreviation ("ต.") counts only at the
# start of the name or after a space, so that a word ending in ต followed by a full stop is left alone.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("รพ.สต.", "โรงพยาบาลส่งเสริมสุขภาพตำบล"),
    ("ร.พ.", "โรงพยาบาล"),
    ("รพ.", "โรงพยาบาล"),
    ("สสอ.", "สำนักงานสาธารณสุขอำเภอ"),
    ("สสจ.", "สำนักงานสาธารณสุขจังหวัด"),
    ("ม.", "มหาวิทยาลัย"),
    ("จ.", "จังหวัด"),
    ("อ.", "อำเภอ"),
    ("ต.", "ตำบล"),
)


def _abbreviation_pattern(short: str) -> str:
    parts = short.rstrip(".").split(".")
    body = r"\s*\.\s*".join(re.escape(p) for p in parts)
    body += r"\s*\.?" if len(parts) > 1 else r"\s*\."  # "รพ.สต" without the last dot, never a bare "รพ"
    return (r"(?:(?<=\s)|^)" if len(parts) == 1 and len(parts[0]) == 1 else "") + body


_ABBREVIATION_RES = [
    (re.compile(_abbreviation_pattern(short)), unicodedata.normalize("NFKC", full)) for short, full in ABBREVIATIONS
]
_NUMBER = re.compile(r"\d+")


# -- names and distances ------------------------------------------------------------------------------------------
def normalize_name(name: str | None) -> str:
    """The name as compared: NFKC, arabic digits, abbreviations written out, no spaces or punctuation, casefolded."""
    text = unicodedata.normalize("NFKC", str(name or "")).translate(THAI_DIGITS)
    for pattern, full in _ABBREVIATION_RES:
        text = pattern.sub(full, text)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LMN").casefold()


def name_similarity(a: str | None, b: str | None) -> float:
    """1.0 for names equal after ``normalize_name``; 0.0 when both carry numbers and they differ; else the difflib
    ratio, raised to ``CONTAINED_SCORE`` when one name (of at least ``MIN_CONTAINED`` characters) is inside the other."""
    return _score(_Name.of(a), _Name.of(b))


@dataclass(frozen=True)
class _Name:
    """A name made ready for comparing many times: normalised, its numbers, its letters counted."""

    text: str
    numbers: tuple[int, ...]
    letters: Counter

    @classmethod
    def of(cls, name: str | None) -> _Name:
        text = normalize_name(name)
        return cls(text, _numbers(text), Counter(text))


def _score(a: _Name, b: _Name, at_least: float = 0.0) -> float:
    """The similarity of two names; a pair that cannot reach ``at_least`` gets 0.0 without the slow comparison."""
    if not a.text or not b.text:
        return 0.0
    if a.text == b.text:
        return 1.0
    if a.numbers and b.numbers and a.numbers != b.numbers:
        return 0.0
    short, long = sorted((a.text, b.text), key=len)
    floor = CONTAINED_SCORE if len(short) >= MIN_CONTAINED and short in long else 0.0
    total = len(a.text) + len(b.text)
    if floor < at_least and (  # difflib's own upper bounds of the ratio: the lengths, then the letters in common
        2 * len(short) / total < at_least or 2 * sum((a.letters & b.letters).values()) / total < at_least
    ):
        return 0.0
    return max(SequenceMatcher(None, a.text, b.text, autojunk=False).ratio(), floor)


def _numbers(normalized: str) -> tuple[int, ...]:
    return tuple(int(n) for n in _NUMBER.findall(normalized))


def haversine_m(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle distance in metres (within 0.5% of the geodesic: a few centimetres at 50 m)."""
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


# -- finding likely duplicates ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Match:
    """Row ``row`` of a file may duplicate another row of the file (``other_row``) or a stored facility."""

    row: int
    other_row: int | None  # another row of the same file
    other_id: int | None  # a stored facility
    other_label: str  # its facility_id, or "#id" when it has none (or the row number, for a row without one)
    other_name: str
    distance_m: float
    similarity: float


def likely_duplicates(
    conn: sa.Connection, rows: pd.DataFrame, max_distance_m: float = MAX_DISTANCE_M, similar_at: float = SIMILAR_AT
) -> list[Match]:
    """For the new or changed rows of a file, the other facilities of the same type within ``max_distance_m`` with a
    similar name: other rows of this file, and stored facilities.

    ``rows``: one line per row to check, columns row, facility (the stored id the row updates, or None),
    external_id, type, name_th, lat, lon. A stored facility that one of these rows updates is represented by the row,
    not by its stored state; a pair already dismissed or merged is left out; so is a facility merged into another.
    Each in-file pair is reported once, on the later row. Nearest first, at most three per row.
    """
    if rows.empty:
        return []
    stored = _stored_near(conn, rows, max_distance_m)
    points = _points(rows, stored)
    pairs = _close_pairs(points, max_distance_m)
    matches = _similar(points, pairs, similar_at)
    matches = _already_decided(conn, matches, rows)
    return _nearest_few(matches, 3)


def _stored_near(conn: sa.Connection, rows: pd.DataFrame, max_distance_m: float) -> pd.DataFrame:
    """Stored facilities of the rows' types inside the rows' bounding box (with a margin), one query."""
    c = facilities.c
    margin = max_distance_m / 100_000 * 2  # degrees; 1° of latitude is 111 km, of longitude at least 96 km here
    query = sa.select(c.id, c.external_id, c.type, c.name_th, c.lat, c.lon).where(
        c.type.in_(sorted(set(rows["type"]))),
        c.lat.between(float(rows["lat"].min()) - margin, float(rows["lat"].max()) + margin),
        c.lon.between(float(rows["lon"].min()) - margin, float(rows["lon"].max()) + margin),
    )
    columns = ["id", "external_id", "type", "name_th", "lat", "lon"]
    found = conn.execute(query).all()
    stored = pd.DataFrame(dict(zip(columns, zip(*found))) if found else {c: [] for c in columns}, columns=columns)
    superseded = set(rows["facility"].dropna().astype(int)) | merged_away(conn)
    return stored[~stored["id"].isin(superseded)]


def _points(rows: pd.DataFrame, stored: pd.DataFrame) -> pd.DataFrame:
    """The file's rows first (``row`` set), then the stored facilities (``id`` set), with normalised names."""
    file_part = pd.DataFrame(
        {
            "row": rows["row"].astype("Int64").to_numpy(),
            "id": pd.array([None] * len(rows), dtype="Int64"),
            "label": [
                str(e) if e else (f"#{int(f)}" if pd.notna(f) else "")
                for e, f in zip(rows["external_id"], rows["facility"])
            ],
            "type": rows["type"].to_numpy(),
            "name_th": rows["name_th"].to_numpy(),
            "lat": rows["lat"].astype(float).to_numpy(),
            "lon": rows["lon"].astype(float).to_numpy(),
        }
    )
    stored_part = pd.DataFrame(
        {
            "row": pd.array([None] * len(stored), dtype="Int64"),
            "id": stored["id"].astype("Int64").to_numpy(),
            "label": [str(e) if e else f"#{i}" for e, i in zip(stored["external_id"], stored["id"])],
            "type": stored["type"].to_numpy(),
            "name_th": stored["name_th"].to_numpy(),
            "lat": stored["lat"].astype(float).to_numpy(),
            "lon": stored["lon"].astype(float).to_numpy(),
        }
    )
    return pd.concat([file_part, stored_part], ignore_index=True)


def _close_pairs(points: pd.DataFrame, max_distance_m: float) -> np.ndarray:
    """Rows (i, j, metres), i < j, for points of the same type within ``max_distance_m``, at least one a file row;
    for each file row its ``NEIGHBOURS`` nearest only, so that a thousand rows on one spot (a list geocoded to the
    district office) cost a thousand small queries, not a million pairs.

    One k-d tree per type over Earth-centred coordinates: the chord is never longer than the distance along the
    surface, so a chord query (with a margin for the sphere/ellipsoid difference) misses no pair; haversine then
    keeps the close ones.
    """
    found = []
    kinds, from_file = points["type"].to_numpy(), points["row"].notna().to_numpy()
    xyz = ecef(points["lon"].to_numpy(), points["lat"].to_numpy())
    for kind in np.unique(kinds):
        members = np.flatnonzero(kinds == kind)
        asking = members[from_file[members]]
        if len(members) < 2 or len(asking) == 0:
            continue
        k = min(NEIGHBOURS + 1, len(members))
        _, near = cKDTree(xyz[members]).query(xyz[asking], k=k, distance_upper_bound=max_distance_m * 1.01)
        near = np.asarray(near).reshape(len(asking), k)
        here = np.repeat(asking, k)
        there = np.where(near < len(members), members[np.minimum(near, len(members) - 1)], -1).ravel()
        keep = (there >= 0) & (there != here)
        found.append(np.column_stack([np.minimum(here, there)[keep], np.maximum(here, there)[keep]]))
    if not found:
        return np.empty((0, 3))
    pairs = np.unique(np.concatenate(found), axis=0)
    i, j = pairs[:, 0], pairs[:, 1]
    lon, lat = points["lon"].to_numpy(), points["lat"].to_numpy()
    distance = haversine_m(lon[i], lat[i], lon[j], lat[j])
    close = distance <= max_distance_m
    return np.column_stack([i[close], j[close], distance[close]])


def _similar(points: pd.DataFrame, pairs: np.ndarray, similar_at: float) -> list[Match]:
    names, labels = points["name_th"].to_numpy(), points["label"].to_numpy()
    file_rows = points["row"].to_numpy(dtype=float, na_value=np.nan)
    ids = points["id"].to_numpy(dtype=float, na_value=np.nan)
    ready: dict[int, _Name] = {}
    matches = []
    for i, j, distance in pairs.tolist():
        i, j = int(i), int(j)
        for k in (i, j):
            if k not in ready:
                ready[k] = _Name.of(names[k])
        score = _score(ready[i], ready[j], similar_at)
        if score < similar_at:
            continue
        # the warning goes to the file row of a stored match, and to the later of two rows of the file
        here, other = (i, j) if np.isnan(file_rows[j]) or file_rows[i] > file_rows[j] else (j, i)
        matches.append(
            Match(
                row=int(file_rows[here]),
                other_row=None if np.isnan(file_rows[other]) else int(file_rows[other]),
                other_id=None if np.isnan(ids[other]) else int(ids[other]),
                other_label=str(labels[other]),
                other_name=str(names[other]),
                distance_m=float(distance),
                similarity=round(float(score), 3),
            )
        )
    return matches


def _already_decided(conn: sa.Connection, matches: list[Match], rows: pd.DataFrame) -> list[Match]:
    """Leave out the pairs of a row's own stored facility that were dismissed or merged already."""
    own = {int(r): int(f) for r, f in zip(rows["row"], rows["facility"]) if pd.notna(f)}
    stored = [(own[m.row], m.other_id) for m in matches if m.row in own and m.other_id is not None]
    if not stored:
        return matches
    decided = decided_pairs(conn, {i for pair in stored for i in pair})
    return [m for m in matches if m.other_id is None or m.row not in own or _key(own[m.row], m.other_id) not in decided]


def _nearest_few(matches: list[Match], per_row: int) -> list[Match]:
    out: list[Match] = []
    count: dict[int, int] = {}
    for m in sorted(matches, key=lambda m: (m.row, m.distance_m, m.other_label)):
        if count.get(m.row, 0) < per_row:
            out.append(m)
            count[m.row] = count.get(m.row, 0) + 1
    return out


def _key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def decided_pairs(conn: sa.Connection, facility_ids: Iterable[int]) -> set[tuple[int, int]]:
    """The dismissed or merged pairs that involve any of these facilities, as (smaller id, larger id)."""
    p = duplicate_pairs.c
    found: set[tuple[int, int]] = set()
    ids = sorted(set(facility_ids))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        query = sa.select(p.facility_a, p.facility_b).where(
            p.status.in_(DECIDED), sa.or_(p.facility_a.in_(chunk), p.facility_b.in_(chunk))
        )
        found.update((a, b) for a, b in conn.execute(query))
    return found


def merged_away(conn: sa.Connection) -> set[int]:
    """Facilities closed by a merge (the side of a merged pair that was not kept)."""
    p = duplicate_pairs.c
    rows = conn.execute(sa.select(p.facility_a, p.facility_b, p.kept).where(p.status == "merged"))
    return {b if kept == a else a for a, b, kept in rows}


def merged_into(conn: sa.Connection, facility_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """For each of these facilities that a merge closed: the kept facility (id, external_id, name_th)."""
    away = merged_away(conn) & set(facility_ids)
    if not away:
        return {}
    p, c = duplicate_pairs.c, facilities.c
    query = (
        sa.select(p.facility_a, p.facility_b, c.id, c.external_id, c.name_th)
        .join(facilities, facilities.c.id == p.kept)
        .where(p.status == "merged")
    )
    out = {}
    for a, b, kept_id, external_id, name_th in conn.execute(query):
        other = b if kept_id == a else a
        if other in away:
            out[other] = {"id": kept_id, "external_id": external_id, "name_th": name_th}
    return out


def warning_for(match: Match) -> Problem:
    """The warning a person reads: the other facility's name, its id and how far away it is."""
    metres = max(1, round(match.distance_m))
    if match.other_row is not None:
        where_th = f"แถวที่ {match.other_row} ในไฟล์นี้" + (f", รหัส {match.other_label}" if match.other_label else "")
        where_en = f"row {match.other_row} of this file" + (f", id {match.other_label}" if match.other_label else "")
    else:
        where_th, where_en = f"รหัส {match.other_label}", f"id {match.other_label}"
    return Problem(
        column="name_th",
        value=None,
        row=match.row,
        message_th=f"อาจซ้ำกับ “{match.other_name}” ({where_th}) ห่าง {metres} ม. — ตรวจในรายการที่อาจซ้ำ",
        message_en=f"may duplicate “{match.other_name}” ({where_en}), {metres} m away — see Possible duplicates",
    )


# -- the review queue ---------------------------------------------------------------------------------------------
def queue_pairs(conn: sa.Connection, pairs: Iterable[tuple[int, int, float, float]], upload_id: int | None) -> int:
    """Queue (facility, facility, distance_m, similarity) pairs not queued before, in any state. Returns how many."""
    now = dt.datetime.now(dt.UTC)
    wanted: dict[tuple[int, int], tuple[float, float]] = {}
    for a, b, distance_m, similarity in pairs:
        if a != b:
            wanted.setdefault(_key(int(a), int(b)), (float(distance_m), float(similarity)))
    if not wanted:
        return 0
    known = _queued(conn, {i for key in wanted for i in key})
    rows = [
        {
            "facility_a": a,
            "facility_b": b,
            "distance_m": round(distance_m, 1),
            "similarity": round(similarity, 3),
            "found_at": now,
            "upload_id": upload_id,
            "status": "pending",
        }
        for (a, b), (distance_m, similarity) in wanted.items()
        if (a, b) not in known
    ]
    if rows:
        conn.execute(sa.insert(duplicate_pairs), rows)
    return len(rows)


def _queued(conn: sa.Connection, facility_ids: set[int]) -> set[tuple[int, int]]:
    p = duplicate_pairs.c
    ids = sorted(facility_ids)
    found: set[tuple[int, int]] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        found.update(conn.execute(sa.select(p.facility_a, p.facility_b).where(p.facility_a.in_(chunk))).all())
    return {(int(a), int(b)) for a, b in found}


class PairNotFound(NotFound):
    def __init__(self, pair_id: int):
        super().__init__([Problem("id", pair_id, f"ไม่พบคู่ที่อาจซ้ำรหัส {pair_id}", f"no possible duplicate {pair_id}")])


class PairDecided(Conflict):
    def __init__(self, pair_id: int, status: str):
        super().__init__(
            [
                Problem(
                    "id",
                    pair_id,
                    f"คู่ {pair_id} มีการตัดสินแล้ว ({_STATUS_TH[status]})",
                    f"pair {pair_id} was already decided ({status})",
                )
            ]
        )


class OutsideArea(NotPermitted):
    def __init__(self, pair_id: int, area: str):
        super().__init__(
            [
                Problem(
                    "id",
                    pair_id,
                    f"คู่ {pair_id} อยู่นอกพื้นที่ที่คุณรับผิดชอบ ({area})",
                    f"pair {pair_id} is outside your own area ({area})",
                )
            ]
        )


_STATUS_TH = {"pending": "รอตรวจ", "merged": "รวมแล้ว", "dismissed": "ไม่ซ้ำ"}
# what a merge fills in on the kept facility, where its own value is empty
MERGE_FIELDS = (
    "name_en",
    "address",
    "phone",
    "opening_hours",
    "services",
    "beds_total",
    "beds_available",
    "valid_from",
    "valid_to",
)
_SIDE_COLUMNS = (
    "id",
    "external_id",
    "type",
    "name_th",
    "name_en",
    "lat",
    "lon",
    "province",
    "district",
    "subdistrict",
    "address",
    "phone",
    "status",
    "source",
    "version",
    "updated_at",
)


def _levels(table: sa.Table) -> dict[str, sa.Column]:
    return {level: table.c[level] for level in ("province", "district", "subdistrict")}


def list_pairs(conn: sa.Connection, area: str, status: str | None = "pending") -> list[dict[str, Any]]:
    """Pairs with at least one facility in ``area`` (a DOPA code or TH), oldest first, each side as a dict (a, b)."""
    a, b = facilities.alias("a"), facilities.alias("b")
    p = duplicate_pairs.c
    query = (
        sa.select(
            duplicate_pairs,
            *[a.c[name].label(f"a_{name}") for name in _SIDE_COLUMNS],
            *[b.c[name].label(f"b_{name}") for name in _SIDE_COLUMNS],
        )
        .join(a, a.c.id == p.facility_a)
        .join(b, b.c.id == p.facility_b)
        .where(sa.or_(scope.where_within(area, _levels(a)), scope.where_within(area, _levels(b))))
        .order_by(p.id)
    )
    if status:
        query = query.where(p.status == status)
    out = []
    for row in conn.execute(query).mappings():
        pair = {k: row[k] for k in duplicate_pairs.c.keys()}
        pair["a"] = {name: row[f"a_{name}"] for name in _SIDE_COLUMNS}
        pair["b"] = {name: row[f"b_{name}"] for name in _SIDE_COLUMNS}
        out.append(pair)
    return out


def get_pair(conn: sa.Connection, pair_id: int) -> dict[str, Any] | None:
    row = conn.execute(sa.select(duplicate_pairs).where(duplicate_pairs.c.id == pair_id)).mappings().first()
    return dict(row) if row else None


def dismiss_pair(conn: sa.Connection, pair_id: int, user: dict[str, Any]) -> dict[str, Any]:
    """Not the same place: the pair is closed as dismissed and never warned about again. Returns the pair."""
    pair, sides = _pending_pair(conn, pair_id)
    if not any(scope.row_within(side, user["area"]) for side in sides.values()):
        raise OutsideArea(pair_id, user["area"])
    decided = _decide(conn, pair_id, "dismissed", user, kept=None)
    record(conn, "duplicate.dismiss", "duplicate_pair", pair_id, user.get("id"), {"pair": jsonable(pair)})
    return decided


def merge_pair(conn: sa.Connection, pair_id: int, keep_id: int, user: dict[str, Any]) -> dict[str, Any]:
    """Keep ``keep_id``: it takes the other's non-empty fields where its own are empty (a new "merge" version); the
    other is closed with a "merge" version naming the one it was merged into. Both facilities must lie in the
    person's area. One transaction (the caller's); audited with before and after. Returns the pair."""
    pair, sides = _pending_pair(conn, pair_id)
    if keep_id not in sides:
        raise UserInputError(
            [
                Problem(
                    "keep",
                    keep_id,
                    f"keep ต้องเป็นรหัสของหนึ่งในสองรายการของคู่นี้ ({pair['facility_a']} หรือ {pair['facility_b']})",
                    f"keep must be the id of one of the pair's facilities ({pair['facility_a']} or {pair['facility_b']})",
                )
            ]
        )
    if not all(scope.row_within(side, user["area"]) for side in sides.values()):
        raise OutsideArea(pair_id, user["area"])
    kept = sides[keep_id]
    other = next(side for fid, side in sides.items() if fid != keep_id)
    now = dt.datetime.now(dt.UTC)
    filled = {k: other[k] for k in MERGE_FIELDS if _empty(kept[k]) and not _empty(other[k])}
    kept_after = _new_version(conn, kept, filled, now, user, note={"merged_from": other["id"]})
    other_after = _new_version(conn, other, {"status": "closed"}, now, user, note={"merged_into": kept["id"]})
    decided = _decide(conn, pair_id, "merged", user, kept=keep_id)
    record(
        conn,
        "duplicate.merge",
        "duplicate_pair",
        pair_id,
        user.get("id"),
        {
            "kept": kept["id"],
            "closed": other["id"],
            "filled": sorted(filled),
            "before": {"kept": jsonable(kept), "closed": jsonable(other)},
            "after": {"kept": jsonable(kept_after), "closed": jsonable(other_after)},
        },
    )
    bump_facilities_version(conn)
    return decided


def _pending_pair(conn: sa.Connection, pair_id: int) -> tuple[dict[str, Any], dict[int, dict[str, Any]]]:
    pair = get_pair(conn, pair_id)
    if pair is None:
        raise PairNotFound(pair_id)
    if pair["status"] != "pending":
        raise PairDecided(pair_id, pair["status"])
    rows = conn.execute(sa.select(facilities).where(facilities.c.id.in_([pair["facility_a"], pair["facility_b"]])))
    sides = {row["id"]: dict(row) for row in rows.mappings()}
    return pair, sides


def _new_version(conn, facility: dict, changes: dict, now, user: dict, note: dict) -> dict:
    version = facility["version"] + 1
    after = {**facility, **changes, "version": version, "updated_at": now, "updated_by": user.get("id")}
    # a merge is a change made by a person, like a form: an earlier upload can no longer be undone over it
    after["upload_id"] = None
    conn.execute(
        sa.update(facilities)
        .where(facilities.c.id == facility["id"])
        .values(**changes, version=version, updated_at=now, updated_by=user.get("id"), upload_id=None)
    )
    data = {k: v for k, v in jsonable(after).items() if k not in ("id", "updated_by", "upload_id")}
    conn.execute(
        sa.insert(facility_versions).values(
            facility_id=facility["id"],
            version=version,
            data={**data, **note},
            change="merge",
            changed_at=now,
            changed_by=user.get("id"),
        )
    )
    return after


def _decide(conn, pair_id: int, status: str, user: dict, kept: int | None) -> dict[str, Any]:
    conn.execute(
        sa.update(duplicate_pairs)
        .where(duplicate_pairs.c.id == pair_id)
        .values(status=status, decided_at=dt.datetime.now(dt.UTC), decided_by=user.get("id"), kept=kept)
    )
    return get_pair(conn, pair_id)  # type: ignore[return-value]


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []
