"""GET /api/v1/nearest: the k nearest facilities by geodesic distance. Registered on the blueprint of dashboard/api.py.

The answer is the JSON ``jsonify`` would write, put together from each facility's JSON (written once per version of
the facilities, kept with the finder's index) and the three fields that change with the query (``answer_json``).
"""

from __future__ import annotations

import datetime as dt

from flask import Response, current_app, jsonify, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.datastructures import MultiDict

from dashboard.api import _facility_json, _problem, _raise_if, api, state
from data.errors import Problem
from data.finder import MAX_K, FinderQuery, NearestFacilities, find_nearest_facilities
from data.registries import FACILITY_TYPES, SERVICES
from geo.locate import in_thailand_bbox
from geo.registry import THAI_DIGITS


def _float_param(
    args: MultiDict, name: str, problems: list[Problem], low: float, high: float, required: bool = True
) -> float | None:
    raw = args.get(name)
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
    args = request.args
    lat = _float_param(args, "lat", problems, -90, 90)
    lon = _float_param(args, "lon", problems, -180, 180)
    if lat is not None and lon is not None and not in_thailand_bbox(lon, lat):
        hint_th, hint_en = "", ""
        if in_thailand_bbox(lat, lon):
            hint_th, hint_en = " ละติจูดและลองจิจูดสลับกันหรือไม่", "; did you swap lat and lon?"
        problems.append(
            _problem(
                "lat", f"{lat},{lon}", "ตำแหน่งอยู่นอกประเทศไทย" + hint_th, "the location is outside Thailand" + hint_en
            )
        )
    kind = args.get("type", "vaccination_point")
    code = kind if kind in FACILITY_TYPES else FACILITY_TYPES.resolve(kind)  # a code resolves to itself
    if code is None:
        problems.append(
            _problem(
                "type", kind, f"ไม่รู้จักประเภท “{kind}”", f"unknown type {kind!r} (use {', '.join(FACILITY_TYPES.codes)})"
            )
        )
    raw_k = args.get("k", "5")
    k = int(raw_k) if raw_k.isdigit() else 0
    if not 1 <= k <= MAX_K:
        problems.append(
            _problem("k", raw_k, f"k ต้องเป็นจำนวนเต็ม 1–{MAX_K}", f"k must be a whole number from 1 to {MAX_K}")
        )
    max_km = _float_param(args, "max_km", problems, 0.001, 2000, required=False)
    services = tuple(s for s in args.get("service", "").split(",") if s)
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
    raw_date = args.get("date")
    if raw_date:
        try:
            on_date = dt.date.fromisoformat(raw_date)
        except ValueError:
            problems.append(_problem("date", raw_date, "date ต้องเป็น YYYY-MM-DD", "date must be YYYY-MM-DD"))
    if problems:
        return None
    return FinderQuery(
        lat=lat,
        lon=lon,
        type=code,
        k=k,
        max_km=max_km,
        on_date=on_date,
        open_now=args.get("open_now") in ("1", "true", "yes"),
        services=services,
    )


@api.get("/nearest")
def nearest() -> Response:
    problems: list[Problem] = []
    query = parse_finder_query(problems)
    _raise_if(problems)
    jitasa = state()
    # no connection of its own: the index is in memory, and so is its version until a write changes it
    found = find_nearest_facilities(jitasa.engine, jitasa.facility_index, query, jitasa.settings.stale_days)
    if not _writes_like_jsonify():
        return plain_answer(found, query)
    return current_app.response_class(answer_json(found, query), mimetype=current_app.json.mimetype)


def plain_answer(found: NearestFacilities, query: FinderQuery) -> Response:
    """The answer through ``jsonify``: what ``answer_json`` writes faster (and its reference in the tests)."""
    items = [_facility_json(r) for r in found.items()]
    return jsonify({"items": items, "total": found.total, "k": query.k, "max_km": query.max_km})


# -- the same answer from each facility's JSON, written once per index ----------------------------------------------
PER_QUERY_FIELDS = ("distance_km", "open_now", "stale")  # an item's fields that change with the query, sorted
ITEM_JSON_CACHE = 20_000  # facilities whose JSON an index keeps (about 1 kB each); all forgotten when more are asked
_LITERALS = {True: b"true", False: b"false", None: b"null"}


def _writes_like_jsonify() -> bool:
    """Flask's own JSON provider, sorting keys and compact (out of debug mode): the JSON ``answer_json`` writes."""
    provider = current_app.json
    if not isinstance(provider, DefaultJSONProvider) or not provider.sort_keys:
        return False
    return bool(provider.compact) or (provider.compact is None and not current_app.debug)


def answer_json(found: NearestFacilities, query: FinderQuery) -> bytes:
    """The bytes ``plain_answer`` sends, from each facility's JSON (kept on the index, see ``_item_chunks``) and the
    fields that change with the query."""
    provider = current_app.json
    cache = found.index.derived.setdefault(("api_item_json", provider.ensure_ascii), {})
    items = []
    for position, distance_km, open_now, stale in zip(found.positions, found.distance_km, found.open_now, found.stale):
        chunks = cache.get(position)
        if chunks is None:
            if len(cache) >= ITEM_JSON_CACHE:
                cache.clear()
            chunks = cache[position] = _item_chunks(found.index.row(position), provider)
        to_distance, to_open, to_stale, rest = chunks
        distance = repr(distance_km).encode()  # as json writes a float
        items.append(b"".join((to_distance, distance, to_open, _LITERALS[open_now], to_stale, _LITERALS[stale], rest)))
    max_km = b"null" if query.max_km is None else repr(query.max_km).encode()
    return b'{"items":[%s],"k":%d,"max_km":%s,"total":%d}\n' % (b",".join(items), query.k, max_km, found.total)


def _item_chunks(row: dict, provider: DefaultJSONProvider) -> tuple[bytes, bytes, bytes, bytes]:
    """A facility's item as ``jsonify`` writes it (keys sorted), cut where the values of PER_QUERY_FIELDS go."""
    facility = _facility_json(row)
    groups: list[dict] = [{}]  # the facility's fields before, between and after the per-query ones
    for key in sorted([*facility, *PER_QUERY_FIELDS]):
        if key in PER_QUERY_FIELDS:
            groups.append({})
        else:
            groups[-1][key] = facility[key]
    members = [provider.dumps(group, separators=(",", ":"))[1:-1] for group in groups]
    chunks, text = [], "{"
    for before, key in zip(members, PER_QUERY_FIELDS):
        chunks.append(text + (before + "," if before else "") + f'"{key}":')
        text = ","
    chunks.append(("," + members[-1] if members[-1] else "") + "}")
    return tuple(chunk.encode() for chunk in chunks)
