"""Component ids of the people page."""

from data.coordinators import FIELDS as ENTRY_FIELDS

PROVINCE, SECTIONS, MESSAGE, REFRESH = "people-province", "people-sections", "people-message", "people-refresh"
REGISTRY_HEAD, REGISTRY_TABLE, ENTRY_MESSAGE = "people-registry-head", "people-registry-table", "people-entry-message"
DECIDE, ACTIVE, EDIT, REMOVE = "people-decide", "people-active", "people-edit", "people-remove"
REGISTRY_FORM, EDITING, DISTRICT, SAVE, CANCEL = (
    "people-registry-form",
    "people-editing",
    "people-entry-district",
    "people-entry-save",
    "people-entry-cancel",
)
ENTRY_TITLE = "people-entry-title"
RESET_CODE = "people-reset-code"
ENTRY = {f: f"people-entry-{f.replace('_', '-')}" for f in ENTRY_FIELDS}  # full_name → people-entry-full-name
ENTRY_LABELS = {f: f"people.entry.{f}" for f in ("district", *ENTRY_FIELDS)}  # a problem names its box by its label
