"""Home visits (/home-visits): for coordinators the district's queue (assign to a volunteer of the area, plan a day,
see each visit's status and waiting time); for a volunteer their round of a day in nearest-neighbour order from a
start point they set, with the phone numbers the visits need, printable on A4 and downloadable (CSV, xlsx).

A server page (plain HTML forms, no JavaScript needed; assets/public/followup.js adds "my location" and a print
button): the forms post back to the page, which checks the form token and the person (data/home_visits.py checks
who may change what, as for PATCH /api/v1/home-visits). view.py: the Flask view; rows.py: the words of each row.
"""

from dashboard.page import Page
from dashboard.pages.home_visits.view import home_visits_page

PAGE = Page("/home-visits", view=home_visits_page, role="volunteer", nav="nav.home_visits", methods=("GET", "POST"))
