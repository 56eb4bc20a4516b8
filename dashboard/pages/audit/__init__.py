"""The audit log: who did what, when; filter by person, action, area and dates; a table; the same entries as CSV.

Province admins read the entries of their province, national admins all (data.audit: the area an entry is about, else
the area of the person who acted). The page reads through data.audit like GET /api/v1/audit, and its reads are
recorded in the log itself; the CSV link is that API route with the page's filters.
"""

from dashboard.page import Page
from dashboard.pages.audit.callbacks import on
from dashboard.pages.audit.layout import layout

PAGE = Page("/audit", layout=layout, role="province_admin", nav="nav.audit", callbacks=on)
