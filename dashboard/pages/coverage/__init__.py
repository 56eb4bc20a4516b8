"""The landing page: coverage maps for governors and analysts.

The view lives in the URL (level, province, metric, group, dose, date, comparison date, denominator,
classification), so a copied link reproduces it. One store (VIEW) holds that query string; controls, map clicks and
the breadcrumb write it; everything on the page is drawn from it. A filter change patches the map in place. The
facility layer (callbacks_facilities, view_facilities) shows the facilities in view on the same map.
"""

from dashboard.page import Page
from dashboard.pages.coverage import (  # noqa: F401 (their callbacks join ``on``)
    callbacks_compare,
    callbacks_date,
    callbacks_facilities,
    callbacks_share,
)
from dashboard.pages.coverage.callbacks import on
from dashboard.pages.coverage.layout import layout

PAGE = Page("/", layout=layout, nav="nav.coverage", callbacks=on)
