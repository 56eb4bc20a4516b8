"""The public finder: the nearest places to get vaccinated (or tested, or treated) from where the person is, on any
phone, in Thai, English, Burmese, Khmer or Lao.

A server-rendered page: ``GET /find`` answers the list as plain HTML, a GET form above it (``type``, ``place`` or
``lat``/``lon``, the filters: the parameters of data/finder_query.py, the parser GET /api/v1/nearest uses too), so it
works with JavaScript off; assets/public/finder.js then adds "use my location" and, after the list, the map. A search
is a link: sharing it shares the search. Arguments that cannot be used are explained, never dropped silently.

search.py: the request → the search; view.py, cards.py: the words and cards; page.py: the Flask view.
"""

from dashboard.page import Page
from dashboard.pages.find.page import find_page

PAGE = Page("/find", view=find_page, nav="nav.find")
