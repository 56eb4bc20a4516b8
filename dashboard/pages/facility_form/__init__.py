"""Add or edit one facility (/facility/new, /facility/<id>), on a phone first.

The point is tapped on the map or typed (coordinates pasted from a map app, "18.7883, 98.9853", are split into
latitude and longitude); the province, district and subdistrict it falls in are shown as it changes. Saving goes
through data/facility_edit.py: the same checks and messages as an uploaded file, the writer's own area, and a version
check (a second tab saving an older version is refused, with who saved the newer one). The history lists each
version (who, when, fields old → new) with a revert button. Every callback asks who is signed in again.

ids.py (component ids), layout.py (the tree), callbacks.py (the point, save, revert), form_values.py (the form's text
of a record and back), view.py (the callbacks' answers), view_map.py (the map and the point's areas),
view_history.py (the versions and the title).
"""

from dashboard.page import Page
from dashboard.pages.facility_form.callbacks import on
from dashboard.pages.facility_form.layout import PATH, layout

PAGE = Page(PATH, layout=layout, role="coordinator", nav=None, prefix=True, callbacks=on)
