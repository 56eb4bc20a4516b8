"""People: volunteers waiting for approval, the users of an area, and the district coordinator registry.

- a coordinator: the pending volunteers of their district (approve or reject) and its volunteers (active, last
  survey); the registry names of their district, read only;
- a province admin: the same for the whole province, its users (deactivate, reactivate), and the coordinator
  registry of the province: every district listed, names added, edited and removed, a CSV export;
- a national admin: any province, through the province chooser.
Every callback asks who is signed in and recomputes the area on the server (``callbacks.looked_after``); the data
layer checks the area again before any change.
"""

from dashboard.page import Page
from dashboard.pages.people.callbacks import on
from dashboard.pages.people.layout import layout

PAGE = Page("/people", layout=layout, role="coordinator", nav="nav.people", callbacks=on)
