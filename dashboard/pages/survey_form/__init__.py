"""The survey form: a volunteer records one resident at a time, on a phone first.

Saving runs the upload's own checks (``data.survey_entry.save_survey``): the same messages, in Thai and English,
appear next to the fields they concern. The personal fields sit in a separate, marked box. The national id is checked
in the browser as it is typed (the check digit only; the server checks again on saving). Every callback that reads
or writes records asks who is signed in, on the server; the area comes from the account, never from the page.
"""

from dashboard.page import Page
from dashboard.pages.survey_form.callbacks import on
from dashboard.pages.survey_form.ids import ROLE
from dashboard.pages.survey_form.layout import layout

PAGE = Page("/survey", layout=layout, role=ROLE, nav="nav.survey", callbacks=on)
