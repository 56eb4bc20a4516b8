"""Component ids of the upload page, and the paths and file types its modules share."""

PATH, GUIDE_PATH = "/upload", "/upload/guide"  # the guide, in the page's language
ACCEPTED_SUFFIXES = (".csv", ".xlsx")
PAGE_SIZE = 15  # rows of problems a page of the table shows

KIND, TEMPLATES, FILE, FILE_INFO, MESSAGE = (
    "upload-kind",
    "upload-templates",
    "upload-file",
    "upload-file-info",
    "upload-message",
)
CHECK, SAVE, KEEP_VALID, KEEP_NOTE, SAVE_HINT = (
    "upload-check",
    "upload-save",
    "upload-keep-valid",
    "upload-keep-note",
    "upload-save-hint",
)
PROGRESS, POLL, JOB, CHECKED, DONE = "upload-progress", "upload-poll", "upload-job", "upload-checked", "upload-done"
RESULT, TABLE, TABLE_BOX, DOWNLOAD, DOWNLOAD_BUTTON = (
    "upload-result",
    "upload-problems",
    "upload-problems-box",
    "upload-download",
    "upload-download-button",
)
LIMIT, TOO_BIG, SINK, READY = "upload-limit", "upload-too-big", "upload-sink", "upload-ready"
