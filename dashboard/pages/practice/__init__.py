"""The trainer's page: make practice accounts for a session and print their cards, see them, end them, and reset a
practice space (dashboard/practice.py). The same actions as /api/v1/practice/..., for coordinators and above, from
the real space only.
"""

from dashboard.page import Page
from dashboard.pages.practice.callbacks import on
from dashboard.pages.practice.layout import layout

PAGE = Page("/practice", layout=layout, role="coordinator", nav="nav.practice", callbacks=on)
