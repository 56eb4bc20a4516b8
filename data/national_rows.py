"""The rows of the synthetic national dataset (data/national.py), built column by column with numpy: where the
facilities are and what they are, the survey records, the coverage curves. Pure functions of a seeded generator and
the area registry; nothing here touches the database. Every row built here is marked synthetic."""

from __future__ import annotations

import datetime as dt

import numpy as np
import shapely

from data.facilities import PUBLIC_COLUMNS
from data.jsonvalues import jsonable
from data.registries import FACILITY_TYPES, TARGET_GROUPS
from geo.clock import BANGKOK

CAMPAIGN_START = dt.date(2021, 10, 1)
CAMPAIGN_END = dt.date(2022, 3, 31)  # the last survey date and the last coverage date
CAMPAIGN_TH = "ชุดข้อมูลสังเคราะห์ระดับประเทศ"
CAMPAIGN_EN = "Synthetic national dataset"  # a campaign whose English name starts so, flagged synthetic, is ours
SOURCE = "synthetic national dataset"  # facilities' and coverage facts' source starts so: "... (seed N)"
EXTERNAL_PREFIX = "SYN-NAT-"

# type: share of the facilities, opening hours to draw from; beds on those with a bed range
FACILITY_MIX = {
    "vaccination_point": (0.48, ("08:30-16:30", "08:00-20:00", "08:30-12:00, 13:00-16:30"), None),
    "test_site": (0.20, ("08:30-16:30", "08:00-12:00", "08:00-20:00"), None),
    "hospital": (0.12, ("24 ชั่วโมง",), (30, 800)),
    "community_isolation": (0.12, ("24 ชั่วโมง",), (10, 120)),
    "field_hospital": (0.06, ("24 ชั่วโมง",), (50, 1500)),
    "oxygen_refill": (0.02, ("08:00-17:00", "24 ชั่วโมง"), None),
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


# -- the areas ---------------------------------------------------------------------------------------------------------
class Areas:
    """The registry's subdistricts, districts and provinces as arrays (codes in code order)."""

    def __init__(self, registry, boundaries=None) -> None:
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
        per_district = np.bincount(self.sub_district, minlength=len(self.district_codes))
        weights = district_population[self.sub_district] / per_district[self.sub_district]
        return weights / weights.sum()


# -- facilities --------------------------------------------------------------------------------------------------------
def points_near(areas: Areas, sub, rng):
    """The subdistrict's representative point moved by a small jitter (a tenth of its size); a point the jitter took
    out of the polygon is drawn again closer, and after three tries is the representative point itself."""
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


def facility_columns(areas: Areas, sub, lon, lat, seed: int, rng) -> dict[str, list]:
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
        dt.datetime.combine(CAMPAIGN_END, dt.time(9), BANGKOK).astimezone(dt.UTC)
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


def version_columns(columns: dict[str, list], ids: list[int], start: int, stop: int) -> dict[str, list]:
    """Each facility's first version, as ``data.facilities.insert_facility_rows`` records it (the record, dates as
    ISO text)."""
    fields = [name for name in PUBLIC_COLUMNS if name != "id"]
    data = [
        {
            **{name: jsonable(columns[name][i]) for name in fields},
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


# -- survey records ----------------------------------------------------------------------------------------------------
def survey_groups() -> dict:
    """Arrays per group of the order: code, share, youngest, oldest (within the registry's bounds), home visits."""
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


def survey_columns(rng, areas: Areas, subs, groups: dict, survey_days, entered) -> dict[str, list]:
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


# -- coverage facts ----------------------------------------------------------------------------------------------------
def district_coverage(rng, areas: Areas, population, as_of: list[dt.date]):
    """(groups, vaccinated[date, district, group, dose], population[district, group]) for the registry's groups,
    in code order. Each district and group follows three logistic curves over time (doses 1 to 3, each later and
    lower than the one before), so facts never fall and dose 3 <= dose 2 <= dose 1; "all" is the sum of the six
    groups of the order. A few districts have more vaccinated than their target population (people vaccinated where
    they work), as the real reports do."""
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
