"""A synthetic national dataset, seeded, for trying the app at the size of the whole country.

    python bench/national.py [--seed 1] [--facilities 100000] [--surveys 2000000] [--dates 50]
                             [--replace] [--database-url URL]

It fills the database the app is configured for, exactly as ``python app.py`` would use it: JITASA_DATABASE_URL,
else ``jitasa.db`` in JITASA_DATA_DIR (``--database-url`` overrides both). Everything it writes is synthetic and
marked so:

- one closed campaign, "Synthetic national dataset (seed N)" (``synthetic``), from 1 Oct 2021 to 31 Mar 2022;
- facilities (100,000): the five types in fixed proportions, each in a real subdistrict (its representative point
  plus a small jitter, kept inside the subdistrict's polygon), with that subdistrict's codes and a name saying it is
  synthetic in Thai and English; statuses (about 5 % closed or temporarily closed), opening hours, services on
  vaccination points, beds on hospitals, valid from/to on field hospitals and community isolation centres;
  ``synthetic``, external id ``SYN-NAT-nnnnnn``, source "synthetic national dataset (seed N)";
- survey records (2,000,000) in every subdistrict (at least one each when there are as many records as
  subdistricts, the rest in proportion to the district's registered population), dated over the campaign, in the six
  target groups of the ministry's order with ages that fit the group, doses 0 to 3 (most 0), an intention, home
  visits; ``synthetic``, attached to the campaign, no personal data, no point, no record key;
- coverage facts for N weekly dates up to 31 Mar 2022, for the 928 districts, every target group of the registry
  (``all`` included) and doses 1 to 3: cumulative, never falling from one date to the next, dose 3 <= dose 2 <=
  dose 1, with a target population per district and group (the district's registered population shared among the
  groups); ``all`` is the sum of the six groups of the order, and each of the 77 provinces is the sum of its
  districts. Source "synthetic national dataset (seed N)".

The same seed gives the same data. An earlier national dataset is found by those markers: without ``--replace`` the
command refuses to add a second one; with it, the earlier one is removed in the same transaction. Everything is
written in one transaction, with the data versions bumped in it. A database holding coverage facts from another
source (the demo's real reports) is refused: coverage facts have no synthetic flag, and synthetic ones beside real
ones would pass for real on the maps. Facilities and survey records of the demo may stay: they are flagged.

``generate()`` does the work for a caller in the same process (a benchmark). Nothing of the app is imported before
a function needs it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import add_repo_root_to_path

SEED = 1
N_FACILITIES = 100_000
N_SURVEYS = 2_000_000
N_DATES = 50
BATCH = 50_000  # rows per insert

CAMPAIGN_START = dt.date(2021, 10, 1)
CAMPAIGN_END = dt.date(2022, 3, 31)  # the last survey date and the last coverage date
CAMPAIGN_TH = "ชุดข้อมูลสังเคราะห์ระดับประเทศ"
CAMPAIGN_EN = "Synthetic national dataset"  # a campaign whose English name starts so, flagged synthetic, is ours
SOURCE = "synthetic national dataset"  # facilities' and coverage facts' source starts so: "... (seed N)"
EXTERNAL_PREFIX = "SYN-NAT-"
BANGKOK_TZ = dt.timezone(dt.timedelta(hours=7))

# type: share of the facilities, opening hours to draw from; beds on those with a bed range
FACILITY_MIX = {
    "vaccination_point": (0.50, ("08:30-16:30", "08:00-20:00", "08:30-12:00, 13:00-16:30"), None),
    "test_site": (0.20, ("08:30-16:30", "08:00-12:00", "08:00-20:00"), None),
    "hospital": (0.12, ("24 ชั่วโมง",), (30, 800)),
    "community_isolation": (0.12, ("24 ชั่วโมง",), (10, 120)),
    "field_hospital": (0.06, ("24 ชั่วโมง",), (50, 1500)),
}
TEMPORARY = ("community_isolation", "field_hospital")  # these have valid_from / valid_to
STATUS_MIX = {"open": 0.915, "full": 0.035, "temporarily_closed": 0.03, "closed": 0.02}  # "full": beds only
SERVICE_SHARE = {"walk_in": 0.7, "home_visit": 0.3, "child_doses": 0.4}

# the six groups of the ministry's order: share of the records, youngest and oldest where the registry sets no bound
SURVEY_GROUPS = {
    "general": (0.40, 18, 59),
    "elderly": (0.22, 60, 99),
    "bedridden": (0.03, 20, 99),
    "migrant": (0.08, 0, 65),
    "child_5_11": (0.17, 5, 11),
    "student_12_18": (0.10, 12, 18),
}
HOME_VISIT_SHARE = {"bedridden": 0.9, "elderly": 0.08}  # the other groups: 1 %
DOSE_SHARES = (0.62, 0.18, 0.14, 0.06)  # doses received 0, 1, 2, 3
INTENTIONS = (("wants", 0.45), ("undecided", 0.33), ("refuses", 0.22))
REASONS = ("กลัวผลข้างเคียง", "รอวัคซีนชนิดอื่น", "ไม่สะดวกเดินทาง", "มีโรคประจำตัว ไม่แน่ใจว่าฉีดได้", "ไม่เชื่อว่าจำเป็น")

# group: share of the district's population, final dose-1 coverage (low, high), days its campaign ran late or early.
# The six groups of the order share the population (their shares add up to 1, and "all" is their sum); the MOPH
# report groups overlap them. A group the registry adds later gets DEFAULT_GROUP.
COVERAGE_GROUPS = {
    "general": (0.585, (0.70, 0.95), 0),
    "elderly": (0.17, (0.65, 0.92), -20),
    "bedridden": (0.005, (0.40, 0.75), 10),
    "migrant": (0.05, (0.45, 0.85), 20),
    "child_5_11": (0.09, (0.25, 0.65), 120),
    "student_12_18": (0.10, (0.70, 0.95), 30),
    "chronic_disease": (0.15, (0.70, 0.92), -15),
    "pregnant": (0.006, (0.40, 0.75), 30),
    "medical_staff": (0.01, (0.95, 1.0), -120),
    "health_volunteer": (0.016, (0.90, 1.0), -90),
    "frontline_staff": (0.012, (0.85, 1.0), -60),
}
DEFAULT_GROUP = (0.01, (0.60, 0.90), 0)
DOSE1_MIDPOINT = dt.date(2021, 9, 1)  # half of the final dose-1 coverage reached (before each group's shift)
CURVE_DAYS = 20.0  # how fast coverage rises around the midpoint (logistic scale)

Progress = Callable[[str, int, int], None]  # (phase, done, total)


class DatasetExists(RuntimeError):
    """A national dataset is already in the database, and replacing it was not asked for."""


class OtherCoverage(RuntimeError):
    """The database holds coverage facts from another source (real reports), which synthetic ones must not join."""


def generate(
    engine,
    registry,
    *,
    seed: int = SEED,
    facilities: int = N_FACILITIES,
    surveys: int = N_SURVEYS,
    dates: int = N_DATES,
    replace: bool = False,
    boundaries=None,
    progress: Progress | None = None,
) -> dict:
    """Write the national dataset into ``engine``'s database in one transaction; return the counts and seconds.

    ``registry``: the app's AreaRegistry (``state.registry``); ``boundaries`` (optional, ``state.boundaries``) keeps
    every facility inside its subdistrict's polygon. Raises DatasetExists when one is there and ``replace`` is
    false, OtherCoverage when the database holds coverage facts from another source.
    """
    import numpy as np

    from data import versions
    from data.db import sqlite_page_cache
    from data.imports import IMPORT_CACHE_KIB

    report = lambda phase, done, total: progress and progress(phase, done, total)  # noqa: E731
    areas = _Areas(registry, boundaries)
    timings: dict[str, float] = {}
    counts: dict = {"seed": seed}
    with engine.begin() as conn, sqlite_page_cache(conn, IMPORT_CACHE_KIB):
        started = time.perf_counter()
        found = find_dataset(conn)
        if found and not replace:
            raise DatasetExists(_describe(found) + "; use --replace (replace=True) to replace it")
        counts["removed"] = remove_dataset(conn, found) if found else {}
        _check_no_other_coverage(conn)
        timings["remove"] = time.perf_counter() - started
        population = _district_population(conn, areas, np.random.default_rng([seed, 0]))
        campaign_id = _insert_campaign(conn, seed)
        for phase, work in (
            ("facilities", lambda: _facilities(conn, areas, population, facilities, seed, report)),
            ("surveys", lambda: _surveys(conn, areas, population, surveys, seed, campaign_id, report)),
            ("coverage", lambda: _coverage(conn, areas, population, coverage_dates(dates), seed, report)),
        ):
            started = time.perf_counter()
            counts.update(work())
            timings[phase] = time.perf_counter() - started
        versions.bump(conn, *versions.KINDS)
        started = time.perf_counter()
    timings["commit"] = time.perf_counter() - started
    started = time.perf_counter()
    analyze(engine)
    timings["analyze"] = time.perf_counter() - started
    return counts | {"campaign_id": campaign_id, "seconds": timings}


def analyze(engine) -> None:
    """Give the query planner statistics of the new tables, as autovacuum would after a while on PostgreSQL (it may
    be off, as on the test machines) and as nothing does on SQLite: without them a plan can be wrong by seconds."""
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA analysis_limit=2000")  # a sample of each index, in a second
        conn.exec_driver_sql("ANALYZE")


# -- the areas ------------------------------------------------------------------------------------------------------
class _Areas:
    """The registry's subdistricts, districts and provinces as arrays (codes in code order)."""

    def __init__(self, registry, boundaries=None) -> None:
        import numpy as np

        sub = registry.frame("subdistrict").sort_index()
        self.sub_codes = sub.index.to_numpy(dtype=object)
        self.sub_name_th = sub["name_th"].to_numpy(dtype=object)
        self.sub_name_en = sub["name_en"].to_numpy(dtype=object)
        self.sub_lon, self.sub_lat = sub["lon"].to_numpy(float), sub["lat"].to_numpy(float)
        self.sub_half = np.stack(  # half the width and height of each subdistrict's bounding box, degrees
            [(sub["max_lon"] - sub["min_lon"]).to_numpy() / 2, (sub["max_lat"] - sub["min_lat"]).to_numpy() / 2]
        )
        districts = registry.frame("district").sort_index()
        provinces = registry.frame("province").sort_index()
        self.district_codes = districts.index.to_numpy(dtype=object)
        self.province_codes = provinces.index.to_numpy(dtype=object)
        self.sub_district = np.searchsorted(self.district_codes, sub["parent"].to_numpy(dtype=object))
        self.district_province = np.searchsorted(self.province_codes, districts["parent"].to_numpy(dtype=object))
        self.district_name_th = districts["name_th"].to_numpy(dtype=object)
        self.province_name_th = provinces["name_th"].to_numpy(dtype=object)
        self.polygons = None
        if boundaries is not None:
            self.polygons = boundaries.subdistricts.set_index("code").geometry.reindex(self.sub_codes).to_numpy()

    def subdistrict_weights(self, district_population):
        """Each subdistrict's share of the people: its district's population split evenly among its subdistricts."""
        import numpy as np

        per_district = np.bincount(self.sub_district, minlength=len(self.district_codes))
        weights = district_population[self.sub_district] / per_district[self.sub_district]
        return weights / weights.sum()


def _district_population(conn, areas: _Areas, rng):
    """Registered population per district (DOPA, latest in the database); a seeded guess where there is none."""
    import numpy as np
    import sqlalchemy as sa

    from data.schema import population

    c = population.c
    rows = conn.execute(
        sa.select(c.area, c.population).where(sa.func.length(c.area) == 4).order_by(c.area, c.as_of)
    ).all()
    known = {area: value for area, value in rows}  # the latest registration wins
    guess = np.round(rng.lognormal(np.log(60_000), 0.6, len(areas.district_codes)))
    return np.array([known.get(code, guess[i]) for i, code in enumerate(areas.district_codes)], dtype=float)


# -- finding and removing an earlier dataset --------------------------------------------------------------------------
def _markers():
    import sqlalchemy as sa

    from data.schema import campaigns, coverage_facts, facilities

    return {
        "campaign": sa.and_(campaigns.c.synthetic, campaigns.c.name_en.like(f"{CAMPAIGN_EN}%")),
        "facility": sa.and_(
            facilities.c.synthetic,
            facilities.c.external_id.like(f"{EXTERNAL_PREFIX}%"),
            facilities.c.source.like(f"{SOURCE} (seed %"),
        ),
        "coverage": coverage_facts.c.source.like(f"{SOURCE} (seed %"),
    }


def find_dataset(conn) -> dict:
    """What an earlier national dataset left: its campaigns and the counts of its rows; {} when there is none."""
    import sqlalchemy as sa

    from data.schema import campaigns, coverage_facts, facilities, survey_records

    marks = _markers()
    found = conn.execute(sa.select(campaigns.c.id, campaigns.c.name_en).where(marks["campaign"])).all()
    ids = [row.id for row in found]
    count = lambda table, where: conn.execute(sa.select(sa.func.count()).select_from(table).where(where)).scalar()  # noqa: E731
    result = {
        "campaigns": {row.id: row.name_en for row in found},
        "surveys": count(survey_records, survey_records.c.campaign_id.in_(ids)) if ids else 0,
        "facilities": count(facilities, marks["facility"]),
        "coverage_facts": count(coverage_facts, marks["coverage"]),
    }
    return result if any(result.values()) else {}


def _describe(found: dict) -> str:
    names = ", ".join(f"“{name}”" for name in found["campaigns"].values()) or "its campaign removed"
    return (
        f"a synthetic national dataset is already in this database ({names}: {found['surveys']:,} survey records, "
        f"{found['facilities']:,} facilities, {found['coverage_facts']:,} coverage facts)"
    )


def remove_dataset(conn, found: dict) -> dict:
    """Delete the rows of an earlier national dataset (as found by ``find_dataset``); return how many of each."""
    import sqlalchemy as sa

    from data.schema import campaigns, coverage_facts, facilities, facility_versions, survey_records

    marks = _markers()
    ids = list(found.get("campaigns", {}))
    removed = {}
    if ids:
        removed["surveys"] = conn.execute(
            sa.delete(survey_records).where(survey_records.c.campaign_id.in_(ids))
        ).rowcount
        removed["campaigns"] = conn.execute(sa.delete(campaigns).where(campaigns.c.id.in_(ids))).rowcount
    ours = sa.select(facilities.c.id).where(marks["facility"])
    conn.execute(sa.delete(facility_versions).where(facility_versions.c.facility_id.in_(ours)))
    removed["facilities"] = conn.execute(sa.delete(facilities).where(marks["facility"])).rowcount
    removed["coverage_facts"] = conn.execute(sa.delete(coverage_facts).where(marks["coverage"])).rowcount
    return removed


def coverage_dates(n: int) -> list[dt.date]:
    """``n`` weekly dates ending on the campaign's last day, oldest first."""
    return [CAMPAIGN_END - dt.timedelta(weeks=n - 1 - k) for k in range(n)]


def _check_no_other_coverage(conn) -> None:
    """Coverage facts have no synthetic flag, and the maps do not show their source: synthetic facts beside real
    reports would pass for real ones, so the dataset goes only where no other coverage is (its own is removed)."""
    import sqlalchemy as sa

    from data.schema import coverage_facts

    c = coverage_facts.c
    others, first, last = conn.execute(sa.select(sa.func.count(), sa.func.min(c.as_of), sa.func.max(c.as_of))).one()
    if others:
        raise OtherCoverage(
            f"this database already holds {others:,} coverage facts from other sources ({first} to {last}, "
            "e.g. the demo's real reports); synthetic coverage beside them would look real on the maps, so generate "
            "the national dataset into a database without coverage (another JITASA_DATA_DIR or --database-url)"
        )


# -- writing --------------------------------------------------------------------------------------------------------
def store(conn, table, columns: dict[str, list]) -> None:
    """Insert rows given column by column, as the imports do (``data.bulk.insert_columns``: COPY on PostgreSQL)."""
    from data import bulk

    bulk.insert_columns(conn, table, columns)


def _insert_campaign(conn, seed: int) -> int:
    import sqlalchemy as sa

    from data.schema import campaigns

    values = {
        "name_th": f"{CAMPAIGN_TH} (seed {seed})",
        "name_en": f"{CAMPAIGN_EN} (seed {seed})",
        "opened_on": CAMPAIGN_START,
        "closed_on": CAMPAIGN_END,  # closed: it takes no real records, and its data stay readable
        "closed_order_ref": "synthetic data, no order",
        "synthetic": True,
    }
    return conn.execute(sa.insert(campaigns).values(**values).returning(campaigns.c.id)).scalar_one()


# -- facilities -----------------------------------------------------------------------------------------------------
def _facilities(conn, areas: _Areas, population, n: int, seed: int, report) -> dict:
    import numpy as np

    from data.schema import facilities, facility_versions

    report("facilities", 0, n)
    rng = np.random.default_rng([seed, 1])
    sub = rng.choice(len(areas.sub_codes), n, p=areas.subdistrict_weights(population))
    lon, lat = _points_near(areas, sub, rng)
    columns = _facility_columns(areas, sub, lon, lat, seed, rng)
    for start in range(0, n, BATCH):
        store(conn, facilities, {name: values[start : start + BATCH] for name, values in columns.items()})
        report("facilities", min(start + BATCH, n), n)
    ids = _facility_ids(conn, columns["external_id"])
    for start in range(0, n, BATCH):
        store(conn, facility_versions, _version_columns(columns, ids, start, min(start + BATCH, n)))
    return {"facilities": n, "facility_versions": n}


def _points_near(areas: _Areas, sub, rng):
    """The subdistrict's representative point moved by a small jitter (a tenth of its size); a point the jitter took
    out of the polygon is drawn again closer, and after three tries is the representative point itself."""
    import numpy as np
    import shapely

    lon0, lat0 = areas.sub_lon[sub], areas.sub_lat[sub]
    half = areas.sub_half[:, sub]
    lon, lat = lon0.copy(), lat0.copy()
    todo = np.arange(len(sub))
    for scale in (0.2, 0.1, 0.05):
        lon[todo] = lon0[todo] + rng.normal(0, scale, len(todo)) * half[0, todo]
        lat[todo] = lat0[todo] + rng.normal(0, scale, len(todo)) * half[1, todo]
        if areas.polygons is None:
            break
        inside = shapely.contains_xy(areas.polygons[sub[todo]], lon[todo], lat[todo])
        todo = todo[~inside]
    else:
        lon[todo], lat[todo] = lon0[todo], lat0[todo]
    return np.round(lon, 5), np.round(lat, 5)


def _facility_columns(areas: _Areas, sub, lon, lat, seed: int, rng) -> dict[str, list]:
    import numpy as np

    from data.registries import FACILITY_TYPES

    n = len(sub)
    types = list(FACILITY_MIX)
    kind = rng.choice(len(types), n, p=[FACILITY_MIX[t][0] for t in types])
    type_code = np.array(types, dtype=object)[kind]
    labels = [FACILITY_TYPES[t] for t in types]
    number = np.arange(1, n + 1)
    district = areas.sub_district[sub]
    province = areas.district_province[district]
    status = np.array(list(STATUS_MIX), dtype=object)[rng.choice(len(STATUS_MIX), n, p=list(STATUS_MIX.values()))]
    beds = np.full(n, None, dtype=object)
    available = np.full(n, None, dtype=object)
    hours = np.empty(n, dtype=object)
    for k, t in enumerate(types):
        mine = kind == k
        choices = FACILITY_MIX[t][1]
        hours[mine] = np.array(choices, dtype=object)[rng.integers(0, len(choices), mine.sum())]
        if FACILITY_MIX[t][2]:
            low, high = FACILITY_MIX[t][2]
            total = rng.integers(low, high + 1, mine.sum())
            beds[mine] = total
            available[mine] = np.floor(total * rng.random(mine.sum()) * 0.6).astype(int)
    status[(status == "full") & np.equal(beds, None)] = "open"  # only a place with beds can be full
    available[status == "full"] = 0
    temporary = np.isin(type_code, TEMPORARY)
    first_day = rng.integers(0, 200, n)  # opened between June and December 2021, for 90 to 240 days
    last_day = first_day + rng.integers(90, 240, n)
    calendar = np.array([dt.date(2021, 6, 1) + dt.timedelta(days=d) for d in range(int(last_day.max(initial=0)) + 1)])
    offered = (rng.random((n, len(SERVICE_SHARE))) < list(SERVICE_SHARE.values())) @ (
        1 << np.arange(len(SERVICE_SHARE))
    )
    menus = [[s for j, s in enumerate(SERVICE_SHARE) if m >> j & 1] for m in range(1 << len(SERVICE_SHARE))]
    services = [menus[m] if t == "vaccination_point" else None for m, t in zip(offered, type_code, strict=True)]
    updated = [
        dt.datetime.combine(CAMPAIGN_END, dt.time(9), BANGKOK_TZ).astimezone(dt.UTC)
        - dt.timedelta(days=int(d), minutes=int(m))
        for d, m in zip(rng.integers(0, 60, n), rng.integers(0, 600, n), strict=True)
    ]
    sub_codes = areas.sub_codes[sub]
    return {
        "external_id": [f"{EXTERNAL_PREFIX}{i:06d}" for i in number],
        "type": type_code.tolist(),
        "name_th": [
            f"{labels[k].label_th}สังเคราะห์ {i} {_place_th(c, s)} (synthetic)"
            for k, i, c, s in zip(kind, number, sub_codes, areas.sub_name_th[sub], strict=True)
        ],
        "name_en": [
            f"{labels[k].label_en} {i}, {s} (synthetic)"
            for k, i, s in zip(kind, number, areas.sub_name_en[sub], strict=True)
        ],
        "lat": lat.tolist(),
        "lon": lon.tolist(),
        "province": areas.province_codes[province].tolist(),
        "district": areas.district_codes[district].tolist(),
        "subdistrict": sub_codes.tolist(),
        "address": [
            f"{_place_th(c, s)} {_district_th(c, d)} {_province_th(c, p)}"
            for c, s, d, p in zip(
                sub_codes,
                areas.sub_name_th[sub],
                areas.district_name_th[district],
                areas.province_name_th[province],
                strict=True,
            )
        ],
        "phone": [None] * n,  # no phone: a made-up number could be someone's
        "opening_hours": hours.tolist(),
        "services": services,
        "beds_total": beds.tolist(),
        "beds_available": available.tolist(),
        "status": status.tolist(),
        "valid_from": np.where(temporary, calendar[first_day], None).tolist(),
        "valid_to": np.where(temporary, calendar[last_day], None).tolist(),
        "source": [f"{SOURCE} (seed {seed})"] * n,
        "synthetic": [True] * n,
        "updated_at": updated,
        "version": [1] * n,
    }


def _place_th(code: str, name: str) -> str:
    return f"แขวง{name}" if code.startswith("10") else f"ต.{name}"


def _district_th(code: str, name: str) -> str:
    return name if code.startswith("10") else f"อ.{name}"  # Bangkok's names already say เขต


def _province_th(code: str, name: str) -> str:
    return name if code.startswith("10") else f"จ.{name}"


def _facility_ids(conn, external_ids: list[str]) -> list[int]:
    import sqlalchemy as sa

    from data.schema import facilities

    c = facilities.c
    found = dict(conn.execute(sa.select(c.external_id, c.id).where(c.external_id.like(f"{EXTERNAL_PREFIX}%"))).all())
    return [found[key] for key in external_ids]


def _version_columns(columns: dict[str, list], ids: list[int], start: int, stop: int) -> dict[str, list]:
    """Each facility's first version, as ``data.facilities.insert_facility_rows`` records it (the record, dates as
    ISO text)."""
    from data.facilities import PUBLIC_COLUMNS

    fields = [name for name in PUBLIC_COLUMNS if name != "id"]
    data = [
        {
            **{name: _jsonable(columns[name][i]) for name in fields},
            "updated_by": None,
            "upload_id": None,
        }
        for i in range(start, stop)
    ]
    n = stop - start
    return {
        "facility_id": ids[start:stop],
        "version": [1] * n,
        "data": data,
        "change": ["create"] * n,
        "changed_at": columns["updated_at"][start:stop],
    }


def _jsonable(value):
    return value.isoformat() if isinstance(value, dt.date) else value


# -- survey records -------------------------------------------------------------------------------------------------
def _surveys(conn, areas: _Areas, population, n: int, seed: int, campaign_id: int, report) -> dict:
    """Records area by area (every subdistrict first gets one when there are enough), BATCH rows at a time."""
    import numpy as np

    from data.schema import survey_records

    report("surveys", 0, n)
    rng = np.random.default_rng([seed, 2])
    weights = areas.subdistrict_weights(population)
    floor = 1 if n >= len(weights) else 0
    per_subdistrict = floor + rng.multinomial(n - floor * len(weights), weights)
    subs = np.repeat(np.arange(len(weights)), per_subdistrict)
    days = (CAMPAIGN_END - CAMPAIGN_START).days + 1
    survey_days = np.array([CAMPAIGN_START + dt.timedelta(days=d) for d in range(days)], dtype=object)
    evening = dt.datetime.combine(CAMPAIGN_START, dt.time(18), BANGKOK_TZ).astimezone(dt.UTC)
    entered = np.array([evening + dt.timedelta(days=d) for d in range(days)], dtype=object)
    groups = _survey_groups()
    for start in range(0, n, BATCH):
        columns = _survey_columns(rng, areas, subs[start : start + BATCH], groups, survey_days, entered)
        store(conn, survey_records, columns | {"campaign_id": [campaign_id] * len(columns["age"])})
        report("surveys", min(start + BATCH, n), n)
    return {"surveys": n, "subdistricts_surveyed": int((per_subdistrict > 0).sum())}


def _survey_groups() -> dict:
    """Arrays per group of the order: code, share, youngest, oldest (within the registry's bounds), home visits."""
    import numpy as np

    from data.registries import TARGET_GROUPS

    ordered = {entry.code for entry in TARGET_GROUPS if entry.ministry_order}
    if ordered != set(SURVEY_GROUPS):
        raise RuntimeError(f"the ministry's groups in the registry {sorted(ordered)} are not {sorted(SURVEY_GROUPS)}")
    codes = list(SURVEY_GROUPS)
    entries = [TARGET_GROUPS[code] for code in codes]
    return {
        "code": np.array(codes, dtype=object),
        "share": np.array([SURVEY_GROUPS[c][0] for c in codes]),
        "low": np.array([max(SURVEY_GROUPS[c][1], e.min_age or 0) for c, e in zip(codes, entries, strict=True)]),
        "high": np.array(
            [
                min(SURVEY_GROUPS[c][2], e.max_age if e.max_age is not None else 120)
                for c, e in zip(codes, entries, strict=True)
            ]
        ),
        "home": np.array([HOME_VISIT_SHARE.get(c, 0.01) for c in codes]),
    }


def _survey_columns(rng, areas: _Areas, subs, groups: dict, survey_days, entered) -> dict[str, list]:
    import numpy as np

    n = len(subs)
    group = rng.choice(len(groups["code"]), n, p=groups["share"])
    low, high = groups["low"][group], groups["high"][group]
    age = low + np.floor(rng.random(n) * (high - low + 1)).astype(int)
    day = np.floor(rng.beta(2.0, 2.0, n) * len(survey_days)).astype(int)  # more in the middle of the campaign
    intention = rng.choice(len(INTENTIONS), n, p=[p for _, p in INTENTIONS])
    refuses = intention == [code for code, _ in INTENTIONS].index("refuses")
    reason = np.where(
        refuses & (rng.random(n) < 0.6), np.array(REASONS, dtype=object)[rng.integers(0, len(REASONS), n)], None
    )
    district = areas.sub_district[subs]
    return {
        "survey_date": survey_days[day].tolist(),
        "subdistrict": areas.sub_codes[subs].tolist(),
        "district": areas.district_codes[district].tolist(),
        "province": areas.province_codes[areas.district_province[district]].tolist(),
        "village_no": rng.integers(1, 21, n).tolist(),
        "target_group": groups["code"][group].tolist(),
        "age": age.tolist(),
        "doses_received": rng.choice(len(DOSE_SHARES), n, p=DOSE_SHARES).tolist(),
        "intention": np.array([code for code, _ in INTENTIONS], dtype=object)[intention].tolist(),
        "needs_home_visit": (rng.random(n) < groups["home"][group]).tolist(),
        "reason": reason.tolist(),
        "synthetic": [True] * n,
        # entered the same evening or up to two days later, before the campaign closed
        "created_at": entered[np.minimum(day + rng.integers(0, 3, n), len(entered) - 1)].tolist(),
    }


# -- coverage facts -------------------------------------------------------------------------------------------------
def _coverage(conn, areas: _Areas, population, as_of: list[dt.date], seed: int, report) -> dict:
    """District facts from seeded curves, province facts as the sums of their districts, BATCH rows at a time."""
    import numpy as np

    from data.schema import coverage_facts

    rng = np.random.default_rng([seed, 3])
    report("coverage", 0, 1)
    groups, vaccinated, people = _district_coverage(rng, areas, population, as_of)
    # the provinces: sums of their districts (the district axis summed by province)
    in_province = [areas.district_province == p for p in range(len(areas.province_codes))]
    province_vaccinated = np.stack([vaccinated[:, mine].sum(axis=1) for mine in in_province], axis=1)
    province_people = np.stack([people[mine].sum(axis=0) for mine in in_province])
    codes = np.concatenate([areas.district_codes, areas.province_codes])
    order = np.argsort(codes, kind="stable")  # the order of the unique key: as_of, area, group, dose
    codes = codes[order]
    vaccinated = np.concatenate([vaccinated, province_vaccinated], axis=1)[:, order]
    people = np.concatenate([people, province_people])[order]
    shape = vaccinated.shape  # dates, areas, groups, doses
    total = vaccinated.size
    dates = np.array(as_of, dtype=object)
    group_codes = np.array(groups, dtype=object)
    source = f"{SOURCE} (seed {seed})"
    flat_vaccinated = vaccinated.reshape(-1)
    for start in range(0, total, BATCH):
        index = np.arange(start, min(start + BATCH, total))
        t, a, g, k = np.unravel_index(index, shape)
        store(
            conn,
            coverage_facts,
            {
                "as_of": dates[t].tolist(),
                "area": codes[a].tolist(),
                "target_group": group_codes[g].tolist(),
                "dose": (k + 1).tolist(),
                "vaccinated": flat_vaccinated[index].tolist(),
                "population": people[a, g].tolist(),
                "source": [source] * len(index),
            },
        )
        report("coverage", int(index[-1]) + 1, total)
    return {"coverage_facts": total}


def _district_coverage(rng, areas: _Areas, population, as_of: list[dt.date]):
    """(groups, vaccinated[date, district, group, dose], population[district, group]) for the registry's groups,
    in code order. Each district and group follows three logistic curves over time (doses 1 to 3, each later and
    lower than the one before), so facts never fall and dose 3 <= dose 2 <= dose 1; "all" is the sum of the six
    groups of the order. A few districts have more vaccinated than their target population (people vaccinated where
    they work), as the real reports do."""
    import numpy as np

    from data.registries import TARGET_GROUPS

    groups = sorted(TARGET_GROUPS.codes)
    parts = [g for g in groups if g in SURVEY_GROUPS]  # the six of the order: they make up "all"
    own = [g for g in groups if g != "all"]
    d = len(areas.district_codes)
    spec = [COVERAGE_GROUPS.get(g, DEFAULT_GROUP) for g in own]
    share = np.array([s[0] for s in spec]) * rng.uniform(0.85, 1.15, (d, len(own)))
    people = np.round(population[:, None] * share).astype(np.int64)
    final = rng.uniform([s[1][0] for s in spec], [s[1][1] for s in spec], (d, len(own)))
    final *= np.where(rng.random(d) < 0.03, rng.uniform(1.08, 1.25, d), 1.0)[:, None]
    final = np.stack([final, final * rng.uniform(0.85, 0.97, final.shape), np.zeros_like(final)], axis=-1)
    final[..., 2] = final[..., 1] * rng.uniform(0.35, 0.7, final.shape[:2])
    mid1 = DOSE1_MIDPOINT.toordinal() + np.array([s[2] for s in spec]) + rng.normal(0, 15, (d, len(own)))
    mid2 = mid1 + rng.uniform(30, 60, mid1.shape)
    mid = np.stack([mid1, mid2, mid2 + rng.uniform(90, 130, mid1.shape)], axis=-1)
    day = np.array([date.toordinal() for date in as_of], dtype=float)[:, None, None, None]
    curve = 1.0 / (1.0 + np.exp(-(day - mid[None]) / CURVE_DAYS))
    vaccinated = np.floor(people[None, :, :, None] * final[None] * curve).astype(np.int64)
    vaccinated[..., 1] = np.minimum(vaccinated[..., 1], vaccinated[..., 0])
    vaccinated[..., 2] = np.minimum(vaccinated[..., 2], vaccinated[..., 1])
    vaccinated = np.maximum.accumulate(vaccinated, axis=0)  # never falls from one date to the next
    part = [own.index(g) for g in parts]
    all_vaccinated = vaccinated[:, :, part].sum(axis=2, keepdims=True)
    all_people = people[:, part].sum(axis=1, keepdims=True)
    at = groups.index("all")
    vaccinated = np.concatenate([vaccinated[:, :, :at], all_vaccinated, vaccinated[:, :, at:]], axis=2)
    people = np.concatenate([people[:, :at], all_people, people[:, at:]], axis=1)
    return groups, vaccinated, people


# -- the command ----------------------------------------------------------------------------------------------------
class _Printer:
    """Progress lines on stderr, at most one every two seconds per phase, and the last one."""

    def __init__(self) -> None:
        self.started: dict[str, float] = {}
        self.printed = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.perf_counter()
        began = self.started.setdefault(phase, now)
        if done == 0 or done < total and now - self.printed < 2:
            return
        self.printed = now
        rate = done / (now - began) if now > began else 0
        print(f"  {phase}: {done:,} of {total:,} rows ({rate:,.0f} rows/s)", file=sys.stderr, flush=True)


def database_size(engine) -> int:
    """Bytes: the SQLite file (after a checkpoint), or the PostgreSQL tables of the current schema with indexes."""
    import sqlalchemy as sa

    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            path = Path(engine.url.database)
            return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
        return int(
            conn.execute(
                sa.text(
                    "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'"
                )
            ).scalar()
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED, help=f"the same seed gives the same data (default {SEED})")
    parser.add_argument("--facilities", type=int, default=N_FACILITIES, help=f"default {N_FACILITIES:,}")
    parser.add_argument("--surveys", type=int, default=N_SURVEYS, help=f"survey records (default {N_SURVEYS:,})")
    parser.add_argument("--dates", type=int, default=N_DATES, help=f"weekly coverage dates (default {N_DATES})")
    parser.add_argument("--replace", action="store_true", help="remove an earlier national dataset first")
    parser.add_argument(
        "--database-url", help="this database instead of the app's settings (sqlite:///… or postgresql+psycopg://…)"
    )
    args = parser.parse_args(argv)
    if min(args.facilities, args.surveys, args.dates) < 0:
        parser.error("--facilities, --surveys and --dates must not be negative")
    add_repo_root_to_path()
    from dashboard.state import build_state
    from data.db import DatabaseError, safe_url
    from geo.boundaries import BoundaryFilesError
    from settings import SettingError, load_settings

    environ = dict(os.environ) | ({"JITASA_DATABASE_URL": args.database_url} if args.database_url else {})
    started = time.perf_counter()
    try:
        settings = load_settings(environ)
        print(f"database: {safe_url(settings.effective_database_url)}", file=sys.stderr, flush=True)
        state = build_state(settings)
        print(f"app state ready in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
        counts = generate(
            state.engine,
            state.registry,
            seed=args.seed,
            facilities=args.facilities,
            surveys=args.surveys,
            dates=args.dates,
            replace=args.replace,
            boundaries=state.boundaries,
            progress=_Printer(),
        )
    except (SettingError, BoundaryFilesError, DatabaseError) as exc:
        print(f"national.py: {exc}", file=sys.stderr)
        return 2
    except (DatasetExists, OtherCoverage) as exc:
        print(f"national.py: {exc}", file=sys.stderr)
        return 1
    _print_summary(counts, state.engine, time.perf_counter() - started)
    return 0


def _print_summary(counts: dict, engine, wall_s: float) -> None:
    seconds = counts["seconds"]
    if counts["removed"]:
        removed = ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in counts["removed"].items())
        print(f"removed the earlier national dataset in {seconds['remove']:.1f} s: {removed}")
    for phase, kinds in (
        ("facilities", ("facilities", "facility_versions")),
        ("surveys", ("surveys",)),
        ("coverage", ("coverage_facts",)),
    ):
        rows = sum(counts[k] for k in kinds)
        rate = rows / seconds[phase] if seconds[phase] else 0
        what = " + ".join(f"{counts[k]:,} {k.replace('_', ' ')}" for k in kinds)
        print(f"{phase}: {what} in {seconds[phase]:.1f} s ({rate:,.0f} rows/s)")
    print(
        f"survey records in {counts['subdistricts_surveyed']:,} subdistricts; commit {seconds['commit']:.1f} s; "
        f"planner statistics {seconds['analyze']:.1f} s"
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"seed {counts['seed']}, campaign id {counts['campaign_id']}; database now {database_size(engine) / 1e6:,.0f} MB"
    )
    print(f"done in {wall_s:.1f} s (app state included); peak memory {peak_mb:,.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
