"""My API tokens: name, created, last used, revoke; a new token is shown once, with a copy button.

A token is for scripts and GIS tools (``Authorization: Bearer TOKEN``); only its SHA-256 is stored, so a lost token
cannot be shown again: revoke it and create another. Every callback asks who is signed in, on the server, and
touches only that person's tokens (``data.accounts.revoke_token`` checks the owner again).
"""

from dashboard.page import Page
from dashboard.pages.tokens.callbacks import on
from dashboard.pages.tokens.layout import layout

PAGE = Page("/tokens", layout=layout, role="volunteer", nav="nav.tokens", callbacks=on)
