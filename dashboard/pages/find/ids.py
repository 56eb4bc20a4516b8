"""Component ids of the public finder, and its "use my location" control."""

from dashboard.ui.geolocation import Geolocation

QUERY, TAP, CLICK_SINK = "find-query", "find-tap", "find-click-sink"  # QUERY: the search's URL arguments, as text
PLACE, PLACE_BUTTON, SUGGESTION = "find-place", "find-place-button", "find-suggestion"
TYPE, OPEN_NOW, SERVICE, DATE, MAX_KM, MORE = (
    "find-type",
    "find-open-now",
    "find-service",
    "find-date",
    "find-max-km",
    "find-more",
)
LOCATE_MESSAGE, MESSAGE, HERE, SUMMARY, RESULTS, MAP = (
    "find-locate-message",
    "find-message",
    "find-here",
    "find-summary",
    "find-results",
    "find-map",
)
CARD, CARD_ID = "find-item-{}", "find-card-id"  # each result's card by its number; CARD_ID: a store holding CARD

# ids find-locate (the button), find-geo-box, {"type": "find-geo", "n": press}
LOCATE = Geolocation(
    "find",
    texts={
        "button": "find.locate",
        "locating": "find.locating",
        "denied": "find.geo.denied",
        "insecure": "find.geo.insecure",
        "timeout": "find.geo.timeout",
        "unavailable": "find.geo.unavailable",
    },
)
