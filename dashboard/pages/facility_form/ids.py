"""Component ids of the facility form (/facility/new, /facility/<id>) and its history."""

RECORD, TAP = "facility-form-record", "facility-form-tap"
HEAD, MAP, AREAS, SAVE, MESSAGE, HISTORY = (
    "facility-form-head",
    "facility-form-map",
    "facility-form-areas",
    "facility-form-save",
    "facility-form-message",
    "facility-form-history",
)
NOTE, VERSION = "facility-form-note", "facility-form-version"
REVERT = "facility-form-revert"  # pattern-matching: {"type": REVERT, "version": n}
HISTORY_TITLE = "facility-form-history-title"
# the form's fields by the upload's column names, and their components (each has a "-problem" box under it)
FIELDS = {
    "lat": "facility-form-lat",
    "lon": "facility-form-lon",
    "type": "facility-form-type",
    "name_th": "facility-form-name-th",
    "name_en": "facility-form-name-en",
    "facility_id": "facility-form-external-id",
    "address": "facility-form-address",
    "phone": "facility-form-phone",
    "opening_hours": "facility-form-hours",
    "beds_total": "facility-form-beds-total",
    "beds_available": "facility-form-beds-available",
    "status": "facility-form-status",
    "valid_from": "facility-form-valid-from",
    "valid_to": "facility-form-valid-to",
    "services": "facility-form-services",
}
LAT, LON = FIELDS["lat"], FIELDS["lon"]


def problem_id(field: str) -> str:
    """The box under a field that shows its problems."""
    return f"{FIELDS[field]}-problem"
