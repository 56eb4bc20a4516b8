"""Component ids of the trainer's page (/practice)."""

ROLE, AREA, COUNT, DAYS, CREATE = "practice-role", "practice-area", "practice-count", "practice-days", "practice-create"
MADE, DOWNLOAD, REFRESH, LIST = "practice-made", "practice-download", "practice-refresh", "practice-list"
MANAGE_AREA, END, RESET, MESSAGE = "practice-manage-area", "practice-end", "practice-reset", "practice-message"
