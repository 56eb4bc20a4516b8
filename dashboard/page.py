"""The page kit: a page is declared once (path, role, menu label) and the router and the menu are built from the list.

Two kinds of page share the declaration:

- a Dash page: ``layout(lang, search, user=..., path=...)`` returns the component tree; its callbacks are plain
  module-level functions collected by a :class:`Callbacks` set, so a test can call one as a function;
- a server page (``view=``): a Flask view that answers plain HTML (a Jinja template), for pages that must work on any
  phone without JavaScript. The kit checks its role before the view runs, as the router does for Dash pages.

Dash's own ``dash.callback`` keeps a process-wide list that the first app takes away, so it cannot serve the several
apps a test run builds; a :class:`Callbacks` set is data, attached to each app by ``register``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dash import ClientsideFunction

Layout = Callable[..., Any]


class Callbacks:
    """A page's callbacks as data: ``@on(Output(...), Input(...))`` above a module-level function records it and
    returns the function unchanged; ``on.clientside("jitasa", "name", Output(...), Input(...))`` records a function
    of ``dashboard/assets/*.js``; ``register(app)`` attaches all of them to one app."""

    def __init__(self) -> None:
        self._entries: list[tuple[Callable | ClientsideFunction, tuple, dict]] = []

    def __call__(self, *dependencies, **options) -> Callable[[Callable], Callable]:
        def record(function: Callable) -> Callable:
            self._entries.append((function, dependencies, options))
            return function

        return record

    def clientside(self, namespace: str, function_name: str, *dependencies, **options) -> None:
        self._entries.append((ClientsideFunction(namespace, function_name), dependencies, options))

    def register(self, app) -> None:
        for function, dependencies, options in self._entries:
            if isinstance(function, ClientsideFunction):
                app.clientside_callback(function, *dependencies, **options)
            else:
                app.callback(*dependencies, **options)(function)

    def functions(self) -> list[Callable]:
        """The server-side functions, in the order they were declared (for tests)."""
        return [f for f, _, _ in self._entries if not isinstance(f, ClientsideFunction)]


@dataclass(frozen=True)
class Page:
    """One page of the site.

    path: the address (``/tokens``); with ``prefix`` the page also takes the paths under it (``/facility/12``).
    role: the least role that may open it (``data.registries.ROLES``); None for everyone.
    nav: the catalogue key of its menu label; None keeps it out of the menu.
    layout + callbacks: a Dash page.  view: a server page (a Flask view function answering HTML); ``methods``
    ("GET", "POST") when its forms post back to it.
    """

    path: str
    layout: Layout | None = None
    role: str | None = None
    nav: str | None = None
    prefix: bool = False
    callbacks: Callbacks = field(default_factory=Callbacks)
    view: Callable | None = None
    methods: tuple[str, ...] = ("GET",)  # a server page with forms also takes POST (its view checks the form token)

    def __post_init__(self) -> None:
        if (self.layout is None) == (self.view is None):
            raise ValueError(f"page {self.path}: give either a Dash layout or a server view")

    @property
    def server_rendered(self) -> bool:
        return self.view is not None

    def takes(self, pathname: str) -> bool:
        if pathname == self.path:
            return True
        return self.prefix and pathname.startswith(self.path.rstrip("/") + "/")


def page_for(pages: tuple[Page, ...], pathname: str) -> Page | None:
    """The page of a path: an exact path first, then a page that takes the paths under it."""
    exact = next((p for p in pages if p.path == pathname), None)
    return exact or next((p for p in pages if p.takes(pathname)), None)


def menu(pages: tuple[Page, ...], user: dict | None) -> list[Page]:
    """The pages in the menu for this person: the public ones, then those their role opens, in declaration order."""
    from dashboard.auth import role_at_least

    public = [p for p in pages if p.nav and p.role is None]
    staff = [p for p in pages if p.nav and p.role and role_at_least(user, p.role)]
    return public + staff
