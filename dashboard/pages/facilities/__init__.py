"""The coordinator's facility list (/facilities): the facilities of the signed-in person's own area (a coordinator's
district, a province admin's province, everything for a national admin), searchable by name and narrowed by
province, district, type, status and "stale only" (not updated for more than ``stale_days``, with the days since and
by whom), a page at a time; what is listed downloads as CSV or .xlsx. Each links to its form, /facility/<id>.

``?stale=1`` opens the list with "stale only" ticked (a link a reminder can carry).

ids.py (component ids), layout.py (the tree), callbacks.py (the list, the pages, the districts of a province, the
download), view.py (the rows, the summary, the pager, the download's table).
"""

from dashboard.page import Page
from dashboard.pages.facilities.callbacks import on
from dashboard.pages.facilities.layout import layout

PAGE = Page("/facilities", layout=layout, role="coordinator", nav="nav.facilities", callbacks=on)
