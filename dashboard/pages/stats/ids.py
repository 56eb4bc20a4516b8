"""Component ids of the statistics page."""

VIEW = "stats-view"  # the view's arguments: region, measure, sort (each "" when the default)
REGION, MEASURE = "stats-region", "stats-measure"
MESSAGE, AS_OF, CARDS, SYNTHETIC = "stats-message", "stats-as-of", "stats-cards", "stats-synthetic"
MAP, LEGEND, RANKING = "stats-map", "stats-legend", "stats-ranking"
TABLE, TABLE_HINT, EXPORT = "stats-table", "stats-table-hint", "stats-export"
