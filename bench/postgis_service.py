"""What a GIS engineer would build instead of the product's finder: a minimal Flask service over PostGIS.

    cd bench && gunicorn --workers 2 --bind 127.0.0.1:PORT postgis_service:app   (BENCH_POSTGIS_DSN: the database)

``GET /api/v1/nearest?lat=..&lon=..&k=5&type=..`` answers the k nearest facilities of the type that are not closed
and valid today, with their geodesic distance, by the usual two-stage query: the index's nearest candidates first
(KNN ``<->`` on the geography column's GiST index, k + ``MARGIN`` of them, ordered by the index's spherical
distance), then those ordered by the exact ``ST_Distance`` on the spheroid. One connection per worker, opened on its
first request; the query is prepared by psycopg after a few runs; answers compressed by Flask-Compress, as the
product's are. The bench (bench_postgis.py) serves it with gunicorn's sync workers, as the product is served.
"""

from __future__ import annotations

import datetime as dt
import os

import psycopg
from flask import Flask, jsonify, request
from flask_compress import Compress
from psycopg.rows import dict_row

MARGIN = 10  # candidates beyond k read by the index, for the exact distance to reorder
HIDDEN = ("closed", "temporarily_closed")
COLUMNS = (
    "id, external_id, type, name_th, name_en, lat, lon, province, district, subdistrict, address, phone, "
    "opening_hours, services, beds_total, beds_available, status, valid_from, valid_to, updated_at"
)
POINT = "ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)::geography"  # written out twice: KNN needs it inline
QUERY = f"""
SELECT {COLUMNS}, ST_Distance(geog, {POINT}, true) / 1000.0 AS distance_km
FROM (
    SELECT * FROM facilities_gis
    WHERE type = %(type)s AND status <> ALL(%(hidden)s)
      AND (valid_from IS NULL OR valid_from <= %(day)s) AND (valid_to IS NULL OR valid_to >= %(day)s)
    ORDER BY geog <-> {POINT}
    LIMIT %(candidates)s
) AS candidates
ORDER BY distance_km, id LIMIT %(k)s
"""

app = Flask(__name__)
Compress(app)  # as the product's answers are (app.py): the same bytes' worth of work for the same clients
_connection: list[psycopg.Connection] = []


def _conn() -> psycopg.Connection:
    if not _connection or _connection[0].closed:
        _connection[:] = [psycopg.connect(os.environ["BENCH_POSTGIS_DSN"], autocommit=True)]
    return _connection[0]


@app.get("/api/v1/nearest")
def nearest():
    k = min(int(request.args.get("k", 5)), 50)
    params = {
        "lat": float(request.args["lat"]),
        "lon": float(request.args["lon"]),
        "type": request.args.get("type", "vaccination_point"),
        "hidden": list(HIDDEN),
        "day": dt.date.today(),
        "candidates": k + MARGIN,
        "k": k,
    }
    with _conn().cursor(row_factory=dict_row) as cursor:
        items = cursor.execute(QUERY, params).fetchall()
    return jsonify({"items": items, "k": k, "total": len(items)})


@app.get("/api/v1/health")
def health():
    return jsonify({"ok": True})
