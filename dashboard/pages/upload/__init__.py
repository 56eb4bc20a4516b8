"""The upload page: choose what to upload, drop a file, check it (a dry run), then save it.

Step 1 "Check" runs the import pipeline as a dry run and shows the counts (new / updated / unchanged rows) and every
problem and warning (row as the spreadsheet numbers it, column, value, Thai and English message). Step 2 "Save" stores
the file that was checked; it stays disabled while there are problems unless "keep only the valid rows" is ticked.

Imports of large files take seconds: both steps run in a thread in the server process (data/jobs.py) and a
dcc.Interval polls the job's file; the progress bar shows only when the job is still running after about a second.
The checked file is kept beside its job, so "Save" does not send it again. Every callback asks who is signing in
(``request_user``) and checks the role and the kind on the server; the pipeline keeps rows inside the person's area.
``/upload/guide`` shows the upload guide in the page's language. The room a request needs for a file sent as base64
is made where the server is set up (dashboard/request_size.py).
"""

from dashboard.page import Page
from dashboard.pages.upload.callbacks import on
from dashboard.pages.upload.ids import PATH
from dashboard.pages.upload.layout import layout

PAGE = Page(PATH, layout=layout, role="volunteer", nav="nav.upload", prefix=True, callbacks=on)
