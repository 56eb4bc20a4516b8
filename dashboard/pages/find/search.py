"""The finder's search from the request: the GET form's arguments (or a shared link's) made into the arguments of
the one parser (data.finder_query.parse_args), with the place typed read in the context of where the search is from.

The form sends ``type`` (a facility type, or ``vaccination``: every place that vaccinates, the default), ``place``
(a name or a code, in Thai or English), ``lat``/``lon`` (the current point, or the phone's location), the filters
``open_now``, ``service`` (checkboxes: one argument each), ``max_km``, ``date``, and ``k`` ("show more"). A place
typed wins over the point; the point is only where its name is read first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from data.finder import MAX_K
from data.finder_query import (
    ANY_TYPE,
    DEFAULT_K,
    DEFAULT_TYPE,
    K_STEP,
    Parsed,
    format_coordinate,
    parse_args,
    place_context,
)
from geo.registry import AreaNotFound, normalize_name

VACCINATION = "vaccination"  # the form's "vaccination": any type offering the service (data.registries.SERVICES)
LINK_KEYS = ("type", "place", "lat", "lon", "open_now", "service", "max_km", "date", "k")
# Places everyone knows by a name that no DOPA area has (a city, a beach): the subdistrict they lie in. Only the
# finder reads these; an upload's area must be an area's own name.
LOCALITIES = {
    normalize_name(name): code
    for code, names in {
        "200402": ("พัทยา", "เมืองพัทยา", "Pattaya", "Pattaya City", "จอมเทียน", "Jomtien"),  # Nong Prue, Bang Lamung
        "200104": ("บางแสน", "Bang Saen", "Bangsaen"),  # Saen Suk, Mueang Chon Buri
        "820507": ("เขาหลัก", "Khao Lak"),  # Khuekkhak, Takua Pa
        "840406": ("เฉวง", "หาดเฉวง", "Chaweng"),  # Bo Phut, Ko Samui
        "840405": ("ละไม", "หาดละไม", "Lamai"),  # Maret, Ko Samui
    }.items()
    for name in names
}


@dataclass
class Search:
    what: str  # VACCINATION or a facility type code, as the form's choice shows it
    parsed: Parsed  # the parser's answer: the query (None until there is a usable location) and its problems
    place: str | None = None  # the area code searched from, when a place was named
    typed: str = ""  # what the place box showed or was given
    not_found: AreaNotFound | None = None  # a typed name that named no place, or several
    link: dict[str, str] = field(default_factory=dict)  # the search as a link's arguments (the form's names)

    def url(self, **changes: str) -> str:
        """The address of this search with ``changes`` (an empty value removes the argument)."""
        args = {**self.link, **changes}
        return "/find?" + urlencode({k: v for k, v in args.items() if v}, safe=",")


def form_args(query) -> dict[str, str]:
    """The request's arguments as text, the repeated ``service`` checkboxes joined by commas."""
    args = {key: value for key, value in query.items() if key in LINK_KEYS}
    services = [s for value in query.getlist("service") for s in value.split(",") if s]
    args["service"] = ",".join(dict.fromkeys(services))
    return {key: value.strip() for key, value in args.items() if value and value.strip()}


def read_search(args: Mapping[str, str], registry, locator) -> Search:
    """The search the arguments ask for: the place named (if any) resolved, then every argument parsed."""
    what = args.get("type") or VACCINATION
    place, typed, not_found = None, args.get("place", ""), None
    point = {k: args[k] for k in ("lat", "lon") if k in args}
    if typed:
        try:
            place = registry.resolve_phrase(typed, context=place_context(locator, args))
        except AreaNotFound as exc:
            place = LOCALITIES.get(normalize_name(typed))
            not_found = None if place else exc
    if place is not None:
        area = registry.get(place)
        point = {"lat": format_coordinate(float(area["lat"])), "lon": format_coordinate(float(area["lon"]))}
    link = {key: value for key, value in args.items() if key not in ("place", "lat", "lon")}
    link.update(point, type=what, **({"place": place} if place else {}))
    parsed = parse_args(parser_args(link))
    if what != VACCINATION:  # a type label (โรงพยาบาล) read as its code; an unknown one as the parser's default
        what = link["type"] = parsed.args.get("type", DEFAULT_TYPE)
    return Search(what, parsed, place, typed, not_found, link)


def parser_args(link: Mapping[str, str]) -> dict[str, str]:
    """The parser's arguments for a link: ``vaccination`` is any type with the service ``vaccination``."""
    args = {key: value for key, value in link.items() if key != "place"}
    if args.get("type") == VACCINATION:
        services = [s for s in args.get("service", "").split(",") if s and s != VACCINATION]
        args.update(type=ANY_TYPE, service=",".join([VACCINATION, *services]))
    return args


def more_k(search: Search) -> str:
    """``k`` for "show more": K_STEP more, up to MAX_K."""
    k = search.parsed.query.k if search.parsed.query else DEFAULT_K
    return str(min(k + K_STEP, MAX_K))
