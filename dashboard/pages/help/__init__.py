"""/help: a person asks for help (no account) and follows their request, on any phone, in Thai, English, Burmese,
Khmer or Lao.

Server-rendered like the finder: ``GET /help`` is a plain form, ``POST /help`` stores the request (data/help_requests.py,
the same checks as POST /api/v1/help-requests, the same throttle per address) and answers a page with the reference
large, character by character, and a link to ``/help/status``. assets/public/help.js adds "use my location"
(locate.js, shared with the finder); without JavaScript the person types their subdistrict, district and province.

view.py: the words; page.py: the Flask views.
"""

from dashboard.page import Page
from dashboard.pages.help.page import help_page, help_status_page

PAGE = Page("/help", view=help_page, nav="nav.help", methods=("GET", "POST"))
STATUS_PAGE = Page("/help/status", view=help_status_page)
