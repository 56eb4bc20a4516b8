"""The public finder: the nearest open facilities of a type from where the person is, on a phone first.

The search lives in the URL (``?lat=&lon=&type=``, and ``k``, ``max_km``, ``date``, ``open_now``, ``service``,
``place`` when they are not the default), so a shared link reproduces it. One store (QUERY) holds those arguments as
text; the location controls (geolocation, a tap on the map, a typed place, a suggestion) and the filters write it;
the list, the summary and the map are drawn from it. Arguments that cannot be used are explained, never dropped
silently: a bad filter falls back to its default with a note, a bad location asks for another.
"""

from dashboard.page import Page
from dashboard.pages.find.callbacks import on
from dashboard.pages.find.layout import layout

PAGE = Page("/find", layout=layout, nav="nav.find", callbacks=on)
