"""What the map's facility layer shows: the facilities in view, or, when there are too many, counts per grid cell.

The browser never receives more than ``max_markers`` markers, however many facilities there are: when more match,
they are grouped on the server (SQL ``GROUP BY`` on grid cells) into at most ``max_markers`` clusters.

Grid cells are squares of 2^k degrees anchored at (-180°, -90°), so a cell at one zoom splits into four at the next
and clusters stay where they were when the map is panned. The cell is about ``CLUSTER_PX`` screen pixels wide at
the zoom asked for, and grows until the cells covering the matching facilities number at most ``max_markers``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from data.registries import FACILITY_STATUSES, FACILITY_TYPES
from data.schema import facilities
from geo.thai import localized

BBox = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
CLUSTER_PX = 64  # about how wide a cluster's cell is on screen
TILE_PX = 512  # Plotly/MapLibre zoom 0 shows the world in 512 px
NATIONAL_ZOOM = 5.0  # the zoom assumed when none is given
POINT_COLUMNS = (
    "id",
    "type",
    "name_th",
    "name_en",
    "lat",
    "lon",
    "status",
    "phone",
    "opening_hours",
    "beds_total",
    "beds_available",
    "valid_from",
    "valid_to",
    "synthetic",
)


def facility_markers(
    conn: sa.Connection,
    *,
    types: Sequence[str] = (),
    statuses: Sequence[str] = (),
    on_date: dt.date | None = None,
    bbox: BBox | None = None,
    zoom: float | None = None,
    max_markers: int = 2000,
    lang: str = "th",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(points, clusters) for the map: one of them is empty.

    Facilities of ``types`` and ``statuses`` (empty: all), valid on ``on_date`` (None: today; a facility without
    valid_from/valid_to is always valid, valid_to is the last day open) and inside ``bbox`` (None: everywhere).
    ``points``: one row per facility with what the hover card needs (name, type_label and status_label in ``lang``).
    ``clusters``: lon, lat (the members' mean), count, synthetic_count and ``count_<type>`` for every registry type.
    """
    where = _where(types, statuses, on_date or dt.date.today(), bbox)
    count, extent = _count_and_extent(conn, where)
    if count <= max_markers:
        return _points(conn, where, lang), empty_clusters()
    cell = cell_size_deg(zoom if zoom is not None else NATIONAL_ZOOM, extent, max_markers)
    return empty_points(), _clusters(conn, where, cell)


def cell_size_deg(zoom: float, extent: BBox, max_markers: int) -> float:
    """The grid cell (degrees, a power of two) for ``zoom``, enlarged until the cells over ``extent`` fit the budget."""
    wanted = CLUSTER_PX * 360 / (TILE_PX * 2**zoom)
    k = round(math.log2(wanted))
    while _cells_over(extent, 2.0**k) > max_markers:
        k += 1
    return 2.0**k


def empty_points() -> pd.DataFrame:
    return pd.DataFrame(columns=[*POINT_COLUMNS, "name", "type_label", "status_label"])


def empty_clusters() -> pd.DataFrame:
    return pd.DataFrame(columns=["lon", "lat", "count", "synthetic_count", *_type_count_columns()])


# -- steps --------------------------------------------------------------------------------------------------------
def _where(types: Sequence[str], statuses: Sequence[str], on_date: dt.date, bbox: BBox | None) -> list:
    c = facilities.c
    clauses = [
        sa.or_(c.valid_from.is_(None), c.valid_from <= on_date),
        sa.or_(c.valid_to.is_(None), c.valid_to >= on_date),
    ]
    if types:
        clauses.append(c.type.in_(list(types)))
    if statuses:
        clauses.append(c.status.in_(list(statuses)))
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = bbox
        clauses += [c.lon >= min_lon, c.lon <= max_lon, c.lat >= min_lat, c.lat <= max_lat]
    return clauses


def _count_and_extent(conn: sa.Connection, where: list) -> tuple[int, BBox]:
    c = facilities.c
    row = conn.execute(
        sa.select(
            sa.func.count(), sa.func.min(c.lon), sa.func.min(c.lat), sa.func.max(c.lon), sa.func.max(c.lat)
        ).where(*where)
    ).one()
    count, *extent = row
    return int(count), tuple(float(v) for v in extent) if count else (0.0, 0.0, 0.0, 0.0)


def _points(conn: sa.Connection, where: list, lang: str) -> pd.DataFrame:
    query = sa.select(*[facilities.c[name] for name in POINT_COLUMNS]).where(*where).order_by(facilities.c.id)
    frame = pd.DataFrame(conn.execute(query).mappings().all(), columns=list(POINT_COLUMNS))
    if frame.empty:
        return empty_points()
    frame["synthetic"] = frame["synthetic"].astype(bool)
    frame["name"] = localized(frame, lang)
    frame["type_label"] = [_label(FACILITY_TYPES, code, lang) for code in frame["type"]]
    frame["status_label"] = [_label(FACILITY_STATUSES, code, lang) for code in frame["status"]]
    return frame


def _clusters(conn: sa.Connection, where: list, cell: float) -> pd.DataFrame:
    """Counts per (cell, type) in SQL; the cells' means and per-type columns in pandas (at most cells × types rows)."""
    c = facilities.c
    cells = (
        sa.select(
            _Floor((c.lon + 180.0) / cell).label("cx"),
            _Floor((c.lat + 90.0) / cell).label("cy"),
            c.type,
            c.lon,
            c.lat,
            sa.case((c.synthetic, 1), else_=0).label("synthetic"),
        )
        .where(*where)
        .subquery()
    )
    query = sa.select(
        cells.c.cx,
        cells.c.cy,
        cells.c.type,
        sa.func.count().label("count"),
        sa.func.sum(cells.c.lon).label("sum_lon"),
        sa.func.sum(cells.c.lat).label("sum_lat"),
        sa.func.sum(cells.c.synthetic).label("synthetic_count"),
    ).group_by(cells.c.cx, cells.c.cy, cells.c.type)
    rows = pd.DataFrame(
        conn.execute(query).mappings().all(),
        columns=["cx", "cy", "type", "count", "sum_lon", "sum_lat", "synthetic_count"],
    )
    if rows.empty:
        return empty_clusters()
    rows[["count", "synthetic_count"]] = rows[["count", "synthetic_count"]].astype(int)
    per_cell = rows.groupby(["cx", "cy"]).agg(
        count=("count", "sum"),
        sum_lon=("sum_lon", "sum"),
        sum_lat=("sum_lat", "sum"),
        synthetic_count=("synthetic_count", "sum"),
    )
    by_type = rows.pivot_table(index=["cx", "cy"], columns="type", values="count", aggfunc="sum", fill_value=0)
    out = pd.DataFrame(
        {
            "lon": per_cell["sum_lon"] / per_cell["count"],
            "lat": per_cell["sum_lat"] / per_cell["count"],
            "count": per_cell["count"],
            "synthetic_count": per_cell["synthetic_count"],
        }
    )
    for code in [*FACILITY_TYPES.codes, *sorted(set(by_type.columns) - set(FACILITY_TYPES.codes))]:
        out[f"count_{code}"] = by_type[code].reindex(out.index, fill_value=0).astype(int) if code in by_type else 0
    return out.reset_index(drop=True)


def _cells_over(extent: BBox, cell: float) -> int:
    min_lon, min_lat, max_lon, max_lat = extent
    columns = math.floor((max_lon + 180) / cell) - math.floor((min_lon + 180) / cell) + 1
    rows = math.floor((max_lat + 90) / cell) - math.floor((min_lat + 90) / cell) + 1
    return columns * rows


def _type_count_columns() -> list[str]:
    return [f"count_{code}" for code in FACILITY_TYPES.codes]


def _label(registry, code: str, lang: str) -> str:
    entry = registry.get(code)
    return entry.label(lang) if entry else code


class _Floor(FunctionElement):
    """floor() as an integer, on every database: SQLite may lack floor(), and its CAST truncates, which is the floor
    for the non-negative values used here (longitudes + 180, latitudes + 90)."""

    type = sa.Integer()
    name = "jitasa_floor"
    inherit_cache = True


@compiles(_Floor)
def _compile_floor(element, compiler, **kw) -> str:
    return f"CAST(floor({compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(_Floor, "sqlite")
def _compile_floor_sqlite(element, compiler, **kw) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS INTEGER)"
