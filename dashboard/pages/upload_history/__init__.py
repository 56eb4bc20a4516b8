"""The upload history: who uploaded what and when, the original file, the outcome, and undo (with a confirm step).

A person sees their own uploads, a province admin also those of the users of their province, a national admin all
(data/upload_history.py); the same rule decides who may download a file or undo an upload, checked again on the
server in every callback. The audit panel lists what the audit log holds about one upload: its import and its undo.
"""

from dashboard.page import Page
from dashboard.pages.upload_history.callbacks import on
from dashboard.pages.upload_history.layout import layout

PAGE = Page("/uploads", layout=layout, role="volunteer", nav="nav.uploads", callbacks=on)
