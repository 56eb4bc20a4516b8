"""Reporting progress of every province (the statistics page that replaced the weekly Google Form reports).

One row per province: volunteers registered and active in the last 7 days, survey records in total and in the last
7 days, unvaccinated people found, facilities by type and the share updated in the last 7 days, districts with a
named coordinator out of all, help requests waiting for help with the median and longest wait so far (minutes), and
the last activity. Records marked synthetic are counted apart so a page can say how
much of a figure is demo data. ``province_stats`` is exact; the counts derived from survey records (``SURVEY_COUNTS``)
reach readers through ``public_stats``: the small-numbers rule (data/disclosure.py), at province level too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from data.coordinators import coordinators_by_province
from data.disclosure import Audience, protect, protect_totals, public_share
from data.followup import waiting_minutes
from data.help_requests import WAITING
from data.registries import FACILITY_TYPES
from data.schema import facilities, help_requests, survey_records, survey_tallies, users
from geo.clock import now as clock_now
from geo.registry import AreaNotFound, AreaRegistry

WINDOW_DAYS = 7
REGIONS_FILE = Path("vaccination") / "provinces_regions.csv"
# the regions of the source file, Thai first; "Other" rows (prisons, unknown) are not provinces
REGION_LABELS = {
    "Bangkok Metropolitan Region": ("กรุงเทพฯ และปริมณฑล", "Bangkok Metropolitan Region"),
    "Central": ("ภาคกลาง", "Central"),
    "Eastern": ("ภาคตะวันออก", "Eastern"),
    "Northeastern": ("ภาคตะวันออกเฉียงเหนือ", "Northeastern"),
    "Northern": ("ภาคเหนือ", "Northern"),
    "Southern": ("ภาคใต้", "Southern"),
    "Western": ("ภาคตะวันตก", "Western"),
}
COLUMNS = (
    "code",
    "name_th",
    "name_en",
    "region",
    "volunteers",
    "volunteers_active_7d",
    "surveys",
    "surveys_7d",
    "synthetic_surveys",
    "unvaccinated_found",
    "facilities",
    *(f"facilities_{t.code}" for t in FACILITY_TYPES),
    "facilities_updated_7d_pct",
    "districts",
    "districts_with_coordinator",
    "help_waiting",
    "help_wait_median_min",
    "help_wait_longest_min",
    "last_activity",
)
WAIT_FIGURES = ("help_wait_median_min", "help_wait_longest_min")  # minutes, of the requests help_waiting counts


# counts derived from survey records (people surveyed, found unvaccinated, volunteers who entered records)
SURVEY_COUNTS = ("surveys", "surveys_7d", "synthetic_surveys", "unvaccinated_found", "volunteers_active_7d")
# counts derived from follow-up records (help requests waiting for help to come)
FOLLOWUP_COUNTS = ("help_waiting",)
PROTECTED_COUNTS = SURVEY_COUNTS + FOLLOWUP_COUNTS


def public_stats(frame: pd.DataFrame, audience: Audience) -> pd.DataFrame:
    """``province_stats`` rows as ``audience`` sees them: each survey and follow-up count rounded, one too small to
    show None; the waiting times of a province whose waiting count is hidden are hidden too; the last activity as
    the start of its day in Thailand (the page shows the day), not the moment: polling a moment to the microsecond
    would count, one by one, the records of a province whose count is hidden."""
    out, hidden = protect(frame, PROTECTED_COUNTS, audience)
    if "help_waiting" in hidden:
        for column in WAIT_FIGURES:
            if column in out:
                out[column] = out[column].astype(object).where(~hidden["help_waiting"], None)
    if "last_activity" in out:
        moments = pd.to_datetime(out["last_activity"], utc=True)
        out["last_activity"] = moments.dt.tz_convert("Asia/Bangkok").dt.floor("D").dt.tz_convert("UTC")
    return out


def public_totals(figures: dict, codes, audience: Audience) -> dict:
    """Headline totals over the provinces ``codes`` (``layers.progress_map.totals`` of the exact rows) as ``audience``
    sees them: the survey counts rounded, the synthetic share from the rounded counts."""
    out = protect_totals(figures, SURVEY_COUNTS, audience, codes)
    if "synthetic_pct" in out:
        out["synthetic_pct"] = 100 * public_share(figures["synthetic_surveys"], figures["surveys"], audience, codes)
    return out


def read_regions(source_dir: Path, registry: AreaRegistry) -> dict[str, str]:
    """Province code → region key (REGION_LABELS) from the vaccination data's provinces_regions.csv."""
    path = source_dir / REGIONS_FILE
    if not path.is_file():
        return {}
    regions = {}
    for row in pd.read_csv(path, dtype=str).itertuples():
        if row.region not in REGION_LABELS:
            continue
        try:
            regions[registry.resolve(row.province, level="province")] = row.region
        except AreaNotFound:
            continue
    return regions


def province_stats(
    conn: sa.Connection,
    registry: AreaRegistry,
    regions: dict[str, str],
    today: dt.date,
    coordinators: dict[str, int] | None = None,
) -> pd.DataFrame:
    """One row per province (77), columns COLUMNS. ``coordinators``: province → districts with a named coordinator."""
    since = dt.datetime.combine(today - dt.timedelta(days=WINDOW_DAYS - 1), dt.time.min, tzinfo=dt.UTC)
    provinces = registry.frame("province")
    frame = pd.DataFrame(
        {
            "code": provinces.index,
            "name_th": provinces["name_th"].values,
            "name_en": provinces["name_en"].values,
            "region": [regions.get(code) for code in provinces.index],
        }
    ).set_index("code", drop=False)
    for column, values in (
        *_volunteers(conn, since).items(),
        *_surveys(conn, since).items(),
        *_facilities(conn, since).items(),
        *_help_waiting(conn).items(),
    ):
        frame[column] = values.reindex(frame.index)
    districts = registry.frame("district")
    frame["districts"] = districts.groupby("province").size().reindex(frame.index).fillna(0).astype(int)
    frame["districts_with_coordinator"] = pd.Series(coordinators or {}, dtype="int64").reindex(frame.index)
    counts = [c for c in COLUMNS if c not in ("code", "name_th", "name_en", "region", "last_activity")]
    counts = [c for c in counts if c not in ("facilities_updated_7d_pct", *WAIT_FIGURES)]
    frame[counts] = frame[counts].fillna(0).astype(int)
    total = frame["facilities"].where(frame["facilities"] > 0)
    frame["facilities_updated_7d_pct"] = (100 * frame["_facilities_updated_7d"] / total).round(1)
    last = [pd.to_datetime(frame[c], utc=True) for c in ("_last_survey", "_last_facility")]
    frame["last_activity"] = pd.concat(last, axis=1).max(axis=1)
    return frame[list(COLUMNS)].reset_index(drop=True)


def _volunteers(conn, since: dt.datetime) -> dict[str, pd.Series]:
    province = sa.func.substr(users.c.area, 1, 2)
    registered = conn.execute(
        sa.select(province, sa.func.count())
        .where(users.c.role == "volunteer", users.c.active, users.c.area != "TH")
        .group_by(province)
    ).all()
    active = conn.execute(
        sa.select(_PROVINCE, sa.func.count(sa.distinct(survey_records.c.volunteer_id)))
        .where(
            survey_records.c.created_at >= since,
            survey_records.c.volunteer_id.is_not(None),
            survey_records.c.review_status != "rejected",
        )
        .group_by(_PROVINCE)
    ).all()
    return {"volunteers": _series(registered), "volunteers_active_7d": _series(active)}


def _surveys(conn, since: dt.datetime) -> dict[str, pd.Series]:
    """Totals from the tallies the database keeps; the rest from index ranges (migration 0007), never a scan of
    every record: the records of the last days, the last record of each province, the synthetic ones."""
    s, t = survey_records.c, survey_tallies.c
    totals = conn.execute(
        sa.select(t.province, sa.func.sum(t.surveyed), sa.func.sum(t.unvaccinated)).group_by(t.province)
    ).all()
    counted = s.review_status != "rejected"  # a record the coordinator rejected leaves every figure
    recent = conn.execute(
        sa.select(_PROVINCE, sa.func.count()).where(s.created_at >= since, counted).group_by(_PROVINCE)
    )
    synthetic = conn.execute(
        sa.select(s.province, sa.func.count()).where(s.synthetic == sa.true(), counted).group_by(s.province)
    )
    provinces = [row[0] for row in totals if row[1]]
    last = {  # one index lookup per province
        code: conn.execute(_LAST_SURVEY, {"province": code}).scalar() for code in provinces
    }
    return {
        "surveys": _series([(r[0], r[1]) for r in totals]),
        "surveys_7d": _series(recent.all()),
        "synthetic_surveys": _series(synthetic.all()),
        "unvaccinated_found": _series([(r[0], r[2]) for r in totals]),
        "_last_survey": pd.Series(last, dtype=object),
    }


# grouped by an expression, not the column: the planner then reads the small range of recent records through
# ix_survey_records_created instead of every entry of the (province, created_at) index
_PROVINCE = sa.func.substr(survey_records.c.province, 1, 2)
_LAST_SURVEY = sa.select(sa.func.max(survey_records.c.created_at)).where(
    survey_records.c.province == sa.bindparam("province")
)


def _facilities(conn, since: dt.datetime) -> dict[str, pd.Series]:
    f = facilities.c
    rows = pd.DataFrame(
        conn.execute(
            sa.select(
                f.province,
                f.type,
                sa.func.count().label("n"),
                sa.func.sum(sa.case((f.updated_at >= since, 1), else_=0)).label("fresh"),
                sa.func.max(f.updated_at).label("last"),
            )
            .where(f.province.is_not(None))
            .group_by(f.province, f.type)
        ).all(),
        columns=["province", "type", "n", "fresh", "last"],
    )
    by_type = rows.pivot_table(index="province", columns="type", values="n", aggfunc="sum", fill_value=0)
    out = {f"facilities_{t.code}": by_type.get(t.code, pd.Series(dtype="int64")) for t in FACILITY_TYPES}
    grouped = rows.groupby("province")
    out |= {
        "facilities": grouped["n"].sum(),
        "_facilities_updated_7d": grouped["fresh"].sum(),
        "_last_facility": grouped["last"].max(),
    }
    return out


def _help_waiting(conn) -> dict[str, pd.Series]:
    """Per province: help requests still waiting for help to come (data.help_requests.WAITING), the median and the
    longest of their waits so far, in whole minutes (read through ix_help_requests_status_queue)."""
    h = help_requests.c
    rows = conn.execute(sa.select(h.province, h.created_at).where(h.status.in_(WAITING))).all()
    if not rows:
        return {c: pd.Series(dtype="int64") for c in ("help_waiting", *WAIT_FIGURES)}
    moment = clock_now()
    frame = pd.DataFrame(rows, columns=["province", "created_at"])
    frame["minutes"] = [waiting_minutes(at, now=moment) for at in frame["created_at"]]
    grouped = frame.groupby("province")["minutes"]
    return {
        "help_waiting": grouped.size(),
        "help_wait_median_min": grouped.median().round().astype("int64"),
        "help_wait_longest_min": grouped.max(),
    }


def _series(rows) -> pd.Series:
    return pd.Series({r[0]: r[1] for r in rows}, dtype="int64")


def resolve_region(text: str) -> str | None:
    """The region key (REGION_LABELS) for its key, Thai or English name; None when unknown."""
    wanted = " ".join(str(text).split()).casefold()
    for key, names in REGION_LABELS.items():
        if wanted in {key.casefold(), *(n.casefold() for n in names)}:
            return key
    return None


def read_province_stats(st, region: str | None, day: dt.date) -> pd.DataFrame:
    """One row per province (of ``region`` when given), sorted by code; ``st`` is the app state. The statistics page
    and GET /api/v1/stats/provinces both read their rows here, so the page's CSV link downloads what it shows."""
    with st.engine.connect() as conn:
        frame = province_stats(conn, st.registry, st.regions, day, coordinators=coordinators_by_province(conn))
    if region:
        frame = frame[frame["region"] == region]
    return frame.sort_values("code").reset_index(drop=True)
