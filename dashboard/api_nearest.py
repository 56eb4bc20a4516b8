"""GET /api/v1/nearest: the k nearest facilities by geodesic distance. Registered on the blueprint of dashboard/api.py."""

from __future__ import annotations

import datetime as dt

from flask import Response, jsonify, request

from dashboard.api import _facility_json, _problem, _raise_if, api, state
from data.errors import Problem
from data.finder import MAX_K, FinderQuery, find_nearest
from data.registries import FACILITY_TYPES, SERVICES
from geo.locate import in_thailand_bbox
from geo.registry import THAI_DIGITS


def _float_param(name: str, problems: list[Problem], low: float, high: float, required: bool = True) -> float | None:
    raw = request.args.get(name)
    if raw in (None, ""):
        if required:
            problems.append(_problem(name, None, f"ต้องระบุ {name}", f"{name} is required"))
        return None
    try:
        value = float(raw.translate(THAI_DIGITS))
    except ValueError:
        problems.append(_problem(name, raw, f"{name} ต้องเป็นตัวเลข", f"{name} must be a number"))
        return None
    if not (low <= value <= high) or value != value:
        swapped = name == "lat" and 97 <= value <= 106
        problems.append(
            _problem(
                name,
                raw,
                f"{name} ต้องอยู่ระหว่าง {low} ถึง {high}" + (" ละติจูดและลองจิจูดสลับกันหรือไม่" if swapped else ""),
                f"{name} must be between {low} and {high}" + ("; did you swap lat and lon?" if swapped else ""),
            )
        )
        return None
    return value


def parse_finder_query(problems: list[Problem]) -> FinderQuery | None:
    """The nearest query from the request (shared by the API): every problem collected."""
    lat = _float_param("lat", problems, -90, 90)
    lon = _float_param("lon", problems, -180, 180)
    if lat is not None and lon is not None and not in_thailand_bbox([lon], [lat])[0]:
        hint_th, hint_en = "", ""
        if in_thailand_bbox([lat], [lon])[0]:
            hint_th, hint_en = " ละติจูดและลองจิจูดสลับกันหรือไม่", "; did you swap lat and lon?"
        problems.append(
            _problem(
                "lat", f"{lat},{lon}", "ตำแหน่งอยู่นอกประเทศไทย" + hint_th, "the location is outside Thailand" + hint_en
            )
        )
    kind = request.args.get("type", "vaccination_point")
    if FACILITY_TYPES.resolve(kind) is None:
        problems.append(
            _problem(
                "type", kind, f"ไม่รู้จักประเภท “{kind}”", f"unknown type {kind!r} (use {', '.join(FACILITY_TYPES.codes)})"
            )
        )
    raw_k = request.args.get("k", "5")
    k = int(raw_k) if raw_k.isdigit() else 0
    if not 1 <= k <= MAX_K:
        problems.append(
            _problem("k", raw_k, f"k ต้องเป็นจำนวนเต็ม 1–{MAX_K}", f"k must be a whole number from 1 to {MAX_K}")
        )
    max_km = _float_param("max_km", problems, 0.001, 2000, required=False)
    services = tuple(s for s in request.args.get("service", "").split(",") if s)
    for service in services:
        if service not in SERVICES:
            problems.append(
                _problem(
                    "service",
                    service,
                    f"ไม่รู้จักบริการ “{service}”",
                    f"unknown service {service!r} (use {', '.join(SERVICES.codes)})",
                )
            )
    on_date = None
    if request.args.get("date"):
        try:
            on_date = dt.date.fromisoformat(request.args["date"])
        except ValueError:
            problems.append(_problem("date", request.args["date"], "date ต้องเป็น YYYY-MM-DD", "date must be YYYY-MM-DD"))
    if problems:
        return None
    return FinderQuery(
        lat=lat,
        lon=lon,
        type=FACILITY_TYPES.resolve(kind),
        k=k,
        max_km=max_km,
        on_date=on_date,
        open_now=request.args.get("open_now") in ("1", "true", "yes"),
        services=services,
    )


@api.get("/nearest")
def nearest() -> Response:
    problems: list[Problem] = []
    query = parse_finder_query(problems)
    _raise_if(problems)
    with state().engine.connect() as conn:
        found = find_nearest(conn, state().facility_index, query, state().settings.stale_days)
    items = [_facility_json(r) for r in found["items"]]
    return jsonify({"items": items, "total": found["total"], "k": query.k, "max_km": query.max_km})
