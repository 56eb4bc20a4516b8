"""Component ids of the facility list (/facilities)."""

SEARCH, TYPE, STALE, SUMMARY, ITEMS = (
    "facilities-search",
    "facilities-type",
    "facilities-stale",
    "facilities-summary",
    "facilities-items",
)
ADD = "facilities-add"
PROVINCE, DISTRICT, STATUS = "facilities-province", "facilities-district", "facilities-status"
PAGE_START, PREVIOUS, NEXT, PAGER = (
    "facilities-page-start",  # a store: the place of the first row shown among all that match
    "facilities-previous",
    "facilities-next",
    "facilities-pager",
)
EXPORT_CSV, EXPORT_XLSX, DOWNLOAD = "facilities-export-csv", "facilities-export-xlsx", "facilities-download"
ANY = ""  # the value of "all" in the drop-downs
PAGE_SIZE = 50
