"""Values between the form and the stored facility: the form's text of a record, the fields a save sends, the point
typed or pasted in the boxes, and what the page keeps of the record between callbacks."""

from __future__ import annotations

import re

from dashboard.pages.facility_form.ids import FIELDS
from dashboard.ui.dates import date_input_text
from geo.thai import ascii_digits

_PAIR = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[,;/\s]\s*(-?\d+(?:\.\d+)?)\s*$")
NEW = {"type": "vaccination_point", "status": "open", "services": []}  # a new facility's choices


def form_values(facility: dict | None, lang: str) -> dict:
    """The form's values for a stored facility (or the defaults of a new one), as text."""
    if facility is None:
        return {f: "" for f in FIELDS} | NEW
    out = {f: "" if facility.get(f) is None else str(facility[f]) for f in FIELDS if f != "services"}
    out.update(
        facility_id=facility.get("external_id") or "",
        lat=coordinate(facility["lat"]),
        lon=coordinate(facility["lon"]),
        valid_from=date_input_text(facility.get("valid_from"), lang),
        valid_to=date_input_text(facility.get("valid_to"), lang),
        services=list(facility.get("services") or []),
    )
    return out


def form_fields(values: list) -> dict:
    """The fields a save sends (the upload's column names) from the boxes' values, in FIELDS order."""
    fields = dict(zip(FIELDS, values))
    pair = split_pair(fields.get("lat"))
    if pair and not (fields.get("lon") or "").strip():  # pasted and saved before the boxes were split
        fields["lat"], fields["lon"] = pair
    return {k: (v if isinstance(v, list) else (v or "")) for k, v in fields.items()}


def split_pair(text) -> tuple[str, str] | None:
    """ "18.7883, 98.9853" (as a map app copies a point) -> ("18.7883", "98.9853")."""
    match = _PAIR.match(ascii_digits(text or ""))
    return (match.group(1), match.group(2)) if match else None


def parse_point(lat_text, lon_text) -> tuple[float, float] | None:
    """(lat, lon) from the boxes, or None when either is not a number or out of range."""
    try:
        lat, lon = float(ascii_digits(lat_text).strip()), float(ascii_digits(lon_text).strip())
    except ValueError:
        return None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else None


def coordinate(value: float) -> str:
    return f"{float(value):.6f}"


def record_of(facility: dict | None) -> dict:
    """What the page keeps of the stored facility: its id, the version the form shows, and its point (the view)."""
    if facility is None:
        return {}
    return {"id": facility["id"], "version": facility["version"], "view": [facility["lat"], facility["lon"]]}
