"""GET /api/v1/nearest: the k nearest facilities by geodesic distance.

The query is the finder's (data/finder_query.py, one parser for the page and the API). The answer is the JSON
``jsonify`` would write, put together from each facility's JSON (written once per version of the facilities, kept
with the finder's index) and the three fields that change with the query (``answer_json``).
"""

from __future__ import annotations

from flask import Response, current_app, jsonify, request
from flask.json.provider import DefaultJSONProvider

from dashboard.api.common import api, facility_json, state
from dashboard.api.params import documented
from data.finder import FinderQuery, NearestFacilities, find_nearest_facilities
from data.finder_query import PARAMS, finder_query


@api.get("/nearest")
@documented(
    *PARAMS,
    answer="{items: [facility + distance_km, open_now, stale], total (matches within max_km), k, max_km}",
)
def nearest() -> Response:
    """The k nearest facilities of a type by geodesic distance (open on the date; closed ones hidden)."""
    query = finder_query(request.args)
    jitasa = state()
    # no connection of its own: the index is in memory, and so is its version until a write changes it
    found = find_nearest_facilities(jitasa.engine, jitasa.facility_index, query, jitasa.settings.stale_days)
    if not _writes_like_jsonify():
        return plain_answer(found, query)
    return current_app.response_class(answer_json(found, query), mimetype=current_app.json.mimetype)


def plain_answer(found: NearestFacilities, query: FinderQuery) -> Response:
    """The answer through ``jsonify``: what ``answer_json`` writes faster (and its reference in the tests)."""
    items = [facility_json(r) for r in found.items()]
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
        fresh = position in found.fresh  # read from the database after a write: not the index's row, not kept
        chunks = None if fresh else cache.get(position)
        if chunks is None:
            chunks = _item_chunks(found.row(position), provider)
            if not fresh:
                if len(cache) >= ITEM_JSON_CACHE:
                    cache.clear()
                cache[position] = chunks
        to_distance, to_open, to_stale, rest = chunks
        distance = repr(distance_km).encode()  # as json writes a float
        items.append(b"".join((to_distance, distance, to_open, _LITERALS[open_now], to_stale, _LITERALS[stale], rest)))
    max_km = b"null" if query.max_km is None else repr(query.max_km).encode()
    return b'{"items":[%s],"k":%d,"max_km":%s,"total":%d}\n' % (b",".join(items), query.k, max_km, found.total)


def _item_chunks(row: dict, provider: DefaultJSONProvider) -> tuple[bytes, bytes, bytes, bytes]:
    """A facility's item as ``jsonify`` writes it (keys sorted), cut where the values of PER_QUERY_FIELDS go."""
    facility = facility_json(row)
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
