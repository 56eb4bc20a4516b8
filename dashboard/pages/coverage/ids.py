"""Component ids of the coverage page (the landing page) and of its facility layer."""

VIEW = "coverage-view"  # the view's URL query: everything on the page is drawn from it
MAP_KEY = "coverage-map-key"  # level|area|layers|lang of the figure on screen: same key, the map is patched
MAP = "coverage-map"
METRIC, GROUP, DOSE, DENOMINATOR, CLASSIFY, LEVEL = "metric", "group", "dose", "denominator", "classify", "level"
FTYPE, DATE, COMPARE, PLAY, TICK = "ftype", "date-slider", "compare", "play", "play-tick"
DATE_TEXT = "date-slider-now"  # the date shown, in words (the slider's marks are hidden on a phone)
LAYERS = "coverage-layers"
LEGEND, SUMMARY, MESSAGE, CRUMBS = "coverage-legend", "coverage-summary", "coverage-message", "coverage-crumbs"
RANKING, TREND, GROUPS, TABLE = "coverage-ranking", "coverage-trend", "coverage-groups", "coverage-table"
HIGHLIGHT_STORE = "coverage-highlight"
EXPORTS = "coverage-exports"
# share and print: the tab's title (a store and the sink of its clientside function), the copy-link button, the
# whole table of areas for paper (the screen's table shows a page of 20)
TITLE, TITLE_SINK, COPY_LINK, PRINT_TABLE = (
    "coverage-title",
    "coverage-title-sink",
    "coverage-copy-link",
    "coverage-print-table",
)
CRUMB = "crumb"  # the breadcrumb's buttons: {"type": CRUMB, "code": ...}

# the facility layer
FACILITY_CONTROLS, FACILITY_TYPES_PICK, FACILITY_STATUS_PICK = "facility-controls", "facility-types", "facility-status"
FACILITY_LEGEND, VIEWPORT = "facility-legend", "coverage-map-viewport"


def wrap(control_id: str) -> str:
    """The id of the labelled box around a control (hidden when the control means nothing for the view)."""
    return f"wrap-{control_id}"


HEADLINE, MEASURE_LINE = "coverage-headline", "coverage-measure-line"  # a province's own figure; why this measure
CONTROLS, CONTROLS_TOGGLE = "coverage-controls", "coverage-controls-toggle"  # on a phone the controls are a drawer
# "change between two dates": the two-handle range over the report dates (earlier, shown) and its words
COMPARE_RANGE, RANGE_TEXT, DATE_ROW = "compare-range", "compare-range-text", "date-row"
PRINT_HTML = "coverage-print-html"  # the whole table of areas for paper, as HTML (put in PRINT_TABLE at once)
