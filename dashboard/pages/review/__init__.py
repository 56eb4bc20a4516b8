"""The coordinator's review of survey records (/review, and /review/{id} for one record): for staff the district's
records with their warnings, to confirm, correct (the old values kept: old → new) or reject; for a volunteer their
own records with the outcome and its history.

A server page (plain HTML forms): the forms post back to the page, which checks the form token; data/review.py
checks who may decide (as for POST /api/v1/surveys/{id}/review). view.py: the Flask view; rows.py: the words.
"""

from dashboard.page import Page
from dashboard.pages.review.view import review_page

PAGE = Page("/review", view=review_page, role="volunteer", nav="nav.review", prefix=True, methods=("GET", "POST"))
