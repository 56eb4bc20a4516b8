"""Component ids of the audit page."""

PERSON, ACTION, AREA = "audit-person", "audit-action", "audit-area"
DATE_FROM, DATE_TO = "audit-from", "audit-to"
TABLE, SUMMARY, MESSAGE, EXPORT = "audit-table", "audit-summary", "audit-message", "audit-export"
