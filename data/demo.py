"""The demo data: real coverage, real hospitals and test sites, one open campaign, and a few labelled synthetic records.

Real: every per-province vaccination snapshot (MOPH/DDC via djay/covidthailand), the MOPH hospitals and the 2020
COVID-19 laboratories (via mapedia-th/away-covid). Synthetic, from a seeded generator and flagged ``synthetic``
everywhere they appear: a few vaccination points, field hospitals and community isolation centres per province
(no public list with coordinates exists), survey records so that every layer has something to show, and a district
breakdown of every real province report (data/demo_districts.py: it adds up exactly to the province's figures) so
that a province opens on its districts.
Assumed: every MOPH hospital offers the service ``vaccination`` (all of them vaccinated in 2021–2022; the source lists
no services), so the finder's "vaccination" finds hospitals as well as vaccination points.
Loading is idempotent: a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa

from data import bulk, sources, vaccination, versions
from data.demo_districts import district_breakdown
from data.facilities import insert_facilities
from data.population import DISTRICT_FILE, POPULATION_DIR
from data.registries import TARGET_GROUPS
from data.schema import app_meta, campaigns, coverage_facts, survey_records, uploads

log = logging.getLogger(__name__)
DEMO_VERSION = "1"
SEED = 2564
SOURCE_SNAPSHOT = dt.datetime(2021, 1, 4, tzinfo=dt.UTC)  # mapedia-th/away-covid commit 337ce7c
SYNTHETIC_TH = "ข้อมูลสังเคราะห์"
SYNTHETIC_EN = "synthetic"
BASE_DATA = "demo"  # an upload's summary["base"]: loaded by the demo loader, not undone from the history

# Locate points: (lon array, lat array) -> DataFrame with subdistrict, district, province
Locate = Callable[[np.ndarray, np.ndarray], pd.DataFrame]


def demo_loaded(conn: sa.Connection) -> bool:
    """Any version loaded: the demo is loaded once; a database from an older demo keeps its data."""
    return conn.execute(sa.select(app_meta.c.value).where(app_meta.c.key == "demo_version")).scalar() is not None


def load_demo(engine: sa.Engine, source_dir: Path, locate: Locate, subdistricts: pd.DataFrame) -> dict[str, int]:
    """Load everything in one transaction; return counts per kind. ``subdistricts``: code, name_th, name_en, lon, lat."""
    with engine.begin() as conn:
        if demo_loaded(conn):
            return {}
        provinces = sources.read_province_names(source_dir)
        table = vaccination.read_vaccination_tables(Path(source_dir) / sources.VACCINATION_DIR)
        counts = {
            "coverage_facts": _load_coverage(conn, Path(source_dir), table),
            "synthetic_district_coverage": _load_district_breakdown(conn, Path(source_dir), table, subdistricts),
            "hospitals": _load_facilities(
                conn,
                _vaccinating(sources.read_moph_hospitals(source_dir)),
                locate,
                source_dir / sources.HOSPITALS_FILE,
                provinces,
            ),
            "test_sites": _load_facilities(
                conn, sources.read_lab_sites(source_dir), locate, source_dir / sources.LABS_FILE, provinces
            ),
        }
        campaign_id = _open_campaign(conn)
        rng = np.random.default_rng(SEED)
        counts["synthetic_facilities"] = _synthetic_facilities(conn, rng, subdistricts)
        counts["synthetic_surveys"] = _synthetic_surveys(conn, rng, subdistricts, campaign_id)
        versions.bump(conn, *versions.KINDS)
        conn.execute(sa.delete(app_meta).where(app_meta.c.key == "demo_version"))
        conn.execute(sa.insert(app_meta).values(key="demo_version", value=DEMO_VERSION))
    log.info("demo data loaded: %s", counts)
    return counts


def _vaccinating(hospitals: pd.DataFrame) -> pd.DataFrame:
    """The MOPH hospitals with the service ``vaccination``. An assumption, said so in the finder's guide: every MOPH
    hospital vaccinated against COVID-19 in 2021–2022, but the source lists no services."""
    return hospitals.assign(services=[["vaccination"] for _ in range(len(hospitals))])


def _record_source_upload(conn: sa.Connection, kind: str, path: Path, summary: dict) -> int:
    """Each source file is recorded like an upload (checksum, time, counts: every row it has is new) so every row can
    be traced to it. It is base data (``BASE_DATA``): not undone from the upload history, since nothing recorded what
    it changed and the rest of the demo (the coverage map, the finder) stands on it."""
    data = path.read_bytes() if path.is_file() else b""
    warnings = summary.pop("warning_list", [])
    counts = {"new": summary["rows"], "updated": 0, "unchanged": 0, "problems": 0, "warnings": len(warnings)}
    return conn.execute(
        sa.insert(uploads)
        .values(
            kind=kind,
            filename=str(path.name),
            checksum=hashlib.sha256(data).hexdigest(),
            size_bytes=len(data),
            content=None,
            user_id=None,
            created_at=dt.datetime.now(dt.UTC),
            outcome="accepted",
            summary={"source": str(path), "base": BASE_DATA, **summary, **counts, "warning_list": warnings},
        )
        .returning(uploads.c.id)
    ).scalar_one()


def _load_coverage(conn: sa.Connection, source_dir: Path, table: pd.DataFrame) -> int:
    upload_id = _record_source_upload(
        conn, "coverage", source_dir / sources.VACCINATION_DIR / "vaccination_tables", {"rows": len(table)}
    )
    rows = [
        {
            "as_of": r.as_of,
            "area": r.area,
            "target_group": r.target_group,
            "dose": int(r.dose),
            "vaccinated": int(r.vaccinated),
            "population": None if pd.isna(r.population) else int(r.population),
            "source": f"MOPH/DDC report {r.source_file} via djay/covidthailand",
            "upload_id": upload_id,
        }
        for r in table.itertuples(index=False)
    ]
    for start in range(0, len(rows), 5000):
        conn.execute(sa.insert(coverage_facts), rows[start : start + 5000])
    return len(rows)


BREAKDOWN_SOURCE = "synthetic district breakdown of MOPH/DDC report {} (demo, seed {})"


def registered_districts(source_dir: Path, subdistricts: pd.DataFrame) -> pd.Series:
    """Every district of the registry (from its subdistricts' codes) → DOPA registered population, 31 Dec 2020 (NA
    where the table has none)."""
    table = pd.read_csv(Path(source_dir) / POPULATION_DIR / DISTRICT_FILE, dtype={"dopa_code": str})
    people = dict(zip(table["dopa_code"].str.zfill(4), table["pop_2563_dec2020"]))
    codes = sorted(set(subdistricts["code"].str[:4]))
    return pd.Series([people.get(c) for c in codes], index=pd.Index(codes), dtype="Float64")


def _load_district_breakdown(
    conn: sa.Connection, source_dir: Path, table: pd.DataFrame, subdistricts: pd.DataFrame
) -> int:
    """The real province facts split over their districts, flagged synthetic (data/demo_districts.py)."""
    rows = district_breakdown(table, registered_districts(source_dir, subdistricts), SEED)
    population = rows["population"]
    bulk.insert_columns(
        conn,
        coverage_facts,
        {
            "as_of": rows["as_of"].tolist(),
            "area": rows["area"].tolist(),
            "target_group": rows["target_group"].tolist(),
            "dose": rows["dose"].astype(int).tolist(),
            "vaccinated": rows["vaccinated"].astype("int64").tolist(),
            "population": [None if pd.isna(v) else int(v) for v in population],
            "source": [BREAKDOWN_SOURCE.format(f, SEED) for f in rows["source_file"]],
            "synthetic": [True] * len(rows),
        },
    )
    return len(rows)


def _load_facilities(
    conn: sa.Connection, frame: pd.DataFrame, locate: Locate, path: Path, provinces: dict[str, tuple[str, str]]
) -> int:
    """Each row is stored where its coordinates are; one whose point lies in another province than its source's
    province code says is kept there too, and is a warning of the load (the history shows it), never moved silently."""
    areas = locate(frame["lon"].to_numpy(), frame["lat"].to_numpy())
    frame = frame.reset_index(drop=True).join(areas)
    warnings = []
    if "source_province" in frame:  # a point just off the coast keeps the province its source gives
        warnings = province_disagreements(frame, provinces)
        frame["province"] = frame["province"].fillna(frame["source_province"])
    outside = int(areas["subdistrict"].isna().sum())
    summary = {"rows": len(frame), "outside_boundaries": outside, "warning_list": warnings}
    upload_id = _record_source_upload(conn, "facilities", path, summary)
    frame["status"] = "open"
    # the source is a snapshot of 4 Jan 2021: its records were last confirmed then, not when we loaded them
    frame["updated_at"] = SOURCE_SNAPSHOT
    dropped = ("hospital_kind", "source_province", "source_row", "ownership")
    records = frame.drop(columns=[c for c in dropped if c in frame])
    return insert_facilities(conn, records.to_dict("records"), upload_id=upload_id)


def province_disagreements(frame: pd.DataFrame, provinces: dict[str, tuple[str, str]]) -> list[dict]:
    """Warnings (as an upload's: row, column, value, message_th, message_en) for the rows whose point lies in another
    province than the source's province code; ``row`` is the feature's number in the source file."""
    located = frame["province"].notna() & (frame["source_province"] != frame["province"])
    out = []
    for r in frame[located].itertuples(index=False):
        said_th, said_en = provinces.get(r.source_province, (r.source_province, r.source_province))
        at_th, at_en = provinces.get(r.province, (r.province, r.province))
        out.append(
            {
                "row": int(r.source_row) if "source_row" in frame else None,
                "column": "province",
                "value": r.source_province,
                "message_th": f"{r.external_id} “{r.name_th}”: แหล่งข้อมูลระบุจังหวัด{said_th} ({r.source_province}) "
                f"แต่พิกัดอยู่ในจังหวัด{at_th} ({r.province}) จึงบันทึกตามพิกัด โปรดตรวจสอบ",
                "message_en": f"{r.external_id} “{r.name_th}”: the source says province {said_en} "
                f"({r.source_province}) but its point lies in {at_en} ({r.province}); stored where the point is, "
                "please check",
            }
        )
    return out


def _open_campaign(conn: sa.Connection) -> int:
    return conn.execute(
        sa.insert(campaigns)
        .values(
            name_th="สำรวจผู้ยังไม่ได้รับวัคซีนโควิด 19 (จิตอาสา) พ.ศ. 2565",
            name_en="COVID-19 survey of unvaccinated residents (Jitasa) 2022",
            opened_on=dt.date(2022, 1, 17),  # the ministry's fax of 17 Jan 2022
            synthetic=False,
        )
        .returning(campaigns.c.id)
    ).scalar_one()


_SYNTHETIC_KINDS = (
    ("vaccination_point", "จุดฉีดวัคซีน", "Vaccination point", 2),
    ("field_hospital", "โรงพยาบาลสนาม", "Field hospital", 1),
    ("community_isolation", "จุดพักคอย", "Community isolation centre", 1),
)


def _synthetic_facilities(conn: sa.Connection, rng: np.random.Generator, subdistricts: pd.DataFrame) -> int:
    records = []
    by_province = subdistricts.groupby(subdistricts["code"].str[:2])
    for province, group in by_province:
        for type_code, label_th, label_en, per_province in _SYNTHETIC_KINDS:
            for row in group.iloc[rng.choice(len(group), size=per_province, replace=False)].itertuples():
                temporary = type_code != "vaccination_point"
                valid_from = dt.date(2021, 7, 1) + dt.timedelta(days=int(rng.integers(0, 60)))
                records.append(
                    {
                        "external_id": f"SYN-{type_code[:3].upper()}-{row.code}",
                        "type": type_code,
                        "name_th": f"{label_th} ต.{row.name_th} ({SYNTHETIC_TH})",
                        "name_en": f"{label_en}, {row.name_en} ({SYNTHETIC_EN})",
                        "lat": round(float(row.lat), 5),
                        "lon": round(float(row.lon), 5),
                        "province": province,
                        "district": row.code[:4],
                        "subdistrict": row.code,
                        "opening_hours": "08:30-16:30",
                        "status": "open",
                        "beds_total": int(rng.integers(20, 300)) if temporary else None,
                        "valid_from": valid_from if temporary else None,
                        "valid_to": valid_from + dt.timedelta(days=180) if temporary else None,
                        "source": "seeded synthetic demo generator",
                        "synthetic": True,
                        "services": _synthetic_services(rng) if type_code == "vaccination_point" else None,
                        "updated_at": dt.datetime.now(dt.UTC) - dt.timedelta(days=int(rng.integers(0, 30))),
                    }
                )
    return insert_facilities(conn, records)


def _synthetic_services(rng: np.random.Generator) -> list[str]:
    """A vaccination point vaccinates; some also take walk-ins, visit the bedridden or give children's doses."""
    chosen = ["vaccination"] + [
        code for code, p in (("walk_in", 0.7), ("home_visit", 0.3), ("child_doses", 0.4)) if rng.random() < p
    ]
    return chosen


_SURVEY_GROUPS = ("general", "elderly", "bedridden", "migrant", "child_5_11", "student_12_18")


def _synthetic_surveys(
    conn: sa.Connection, rng: np.random.Generator, subdistricts: pd.DataFrame, campaign_id: int, n: int = 3000
) -> int:
    """``n`` records over the six groups of the order: enough that each group's unvaccinated people reach the
    small-number threshold in some provinces (the groups only the surveys count: bedridden, migrant, children)."""
    picks = subdistricts.iloc[rng.choice(len(subdistricts), size=n)]
    now = dt.datetime.now(dt.UTC)
    rows = []
    for row in picks.itertuples():
        group = str(rng.choice(_SURVEY_GROUPS))
        entry = TARGET_GROUPS[group]
        low, high = entry.min_age or 18, entry.max_age or (95 if group in ("elderly", "bedridden") else 59)
        rows.append(
            {
                "campaign_id": campaign_id,
                "survey_date": dt.date(2022, 1, 17) + dt.timedelta(days=int(rng.integers(0, 120))),
                "subdistrict": row.code,
                "district": row.code[:4],
                "province": row.code[:2],
                "village_no": int(rng.integers(1, 15)),
                "target_group": group,
                "age": int(rng.integers(low, high + 1)),
                "doses_received": int(rng.choice([0, 0, 0, 1])),
                "intention": str(rng.choice(["wants", "undecided", "refuses"], p=[0.5, 0.3, 0.2])),
                "needs_home_visit": group == "bedridden",
                "reason": None,
                "synthetic": True,
                "created_at": now,
            }
        )
    conn.execute(sa.insert(survey_records), rows)
    return len(rows)
