"""The search as URL arguments (text, as the QUERY store and a shared link hold them): a new place, new filters,
the address to share. Parsing and checking them is ``data.finder_query.parse_args``."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from data.finder import MAX_K
from data.finder_query import DEFAULT_K, K_STEP, Parsed, format_coordinate, parse_args

WHERE = ("lat", "lon", "place")  # the arguments that say where from


def moved_to(args: Mapping | None, lat: float, lon: float, place: str | None = None) -> dict:
    """The search from another point (a place's code when it came from a name); the filters stay, "more" does not."""
    moved = {k: v for k, v in (args or {}).items() if k not in (*WHERE, "k")}
    moved.update(lat=format_coordinate(lat), lon=format_coordinate(lon))
    if place is not None:
        moved["place"] = place
    return moved


def filtered(args: Mapping | None, kind, open_now, services, max_km, day, more: bool) -> dict:
    """The search with the filters as the controls show them; ``more`` lists K_STEP more results (up to MAX_K).
    What could not be used is dropped once the person changes something."""
    usable = parse_args(args or {}).args
    k = int(usable.get("k", DEFAULT_K))
    changed = {key: v for key, v in usable.items() if key in WHERE}
    changed.update(
        type=kind,
        open_now="1" if open_now else "",
        service=",".join(services or []),
        max_km=max_km or "",
        date=day or "",
        k=str(min(k + K_STEP, MAX_K) if more else ""),
    )
    return parse_args({key: v for key, v in changed.items() if v}).args


def shared_search(args: Mapping | None) -> str | None:
    """The address's query for a search that can be run (None for one that cannot: the address stays)."""
    parsed = parse_args(args or {})
    if parsed.problems or parsed.query is None:
        return None
    return "?" + urlencode(parsed.args, safe=",")


def revision(parsed: Parsed) -> str:
    """The map keeps the reader's zoom while this is the same: the search, whatever the number of results."""
    return urlencode({key: v for key, v in parsed.args.items() if key != "k"})
