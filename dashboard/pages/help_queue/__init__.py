"""/help-requests: the queue of help requests of the person's area (coordinators and above; a volunteer sees the
requests assigned to them), oldest first, with the waiting time, filters (status, need), a map, and the moves: assign,
being helped, done, cancel, could not reach, each with a note.

Server-rendered (plain HTML forms, no callbacks): GET lists, POST /help-requests/{id} moves one request
(data/help_queue.py: the same rules as PATCH /api/v1/help-requests/{id}) and goes back to the list.
assets/public/help_queue.js draws the map from the list's rows. view.py: rows → words; page.py: the Flask view.
"""

from dashboard.page import Page
from dashboard.pages.help_queue.page import queue_page

PAGE = Page(
    "/help-requests", view=queue_page, role="volunteer", nav="nav.help_requests", prefix=True, methods=("GET", "POST")
)
