"""The statistics page: the reporting progress of every province, in place of the weekly Google Form reports.

The view lives in the URL (``?region=&measure=&sort=``, each only when not the default), so a copied link reproduces
it. One store (VIEW) holds those arguments; the region pills, the measure pills and the table's sort write it and the
URL; the headline figures, the map, the ranking, the table and the CSV link are drawn from it. The rows come from
``data.stats.read_province_stats``, the same as the API's, so the CSV link downloads what is shown. Public: counts per
province, no personal data.
"""

from dashboard.page import Page
from dashboard.pages.stats.callbacks import on
from dashboard.pages.stats.layout import layout

PAGE = Page("/stats", layout=layout, nav="nav.stats", callbacks=on)
