"""Component ids of the upload history page."""

TABLE, MESSAGE, REFRESH = "uploads-table", "uploads-message", "uploads-refresh"
UNDO, AUDIT_BUTTON, PENDING = "uploads-undo", "uploads-audit-button", "uploads-pending"
CONFIRM, CONFIRM_TEXT, CONFIRM_YES, CONFIRM_NO = (
    "uploads-confirm",
    "uploads-confirm-text",
    "uploads-confirm-yes",
    "uploads-confirm-no",
)
AUDIT, AUDIT_FOR = "uploads-audit", "uploads-audit-for"
