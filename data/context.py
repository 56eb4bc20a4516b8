"""What the data layer reads from the running app, named: ``dashboard.state.AppState`` is one, a test's fake another.

Functions that need more than a connection take a ``Context`` (imports, the survey form, facility edits) instead
of the whole app state; a function that needs one thing takes that thing (a registry, an engine).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # annotations only: nothing is loaded at import time
    import sqlalchemy as sa

    from geo.locate import AreaLocator
    from geo.registry import AreaRegistry


class Context(Protocol):
    @property
    def engine(self) -> sa.Engine:
        """The database (imports open their own connections on it)."""

    @property
    def registry(self) -> AreaRegistry:
        """The areas: codes, names, hierarchy, name matching."""

    @property
    def locator(self) -> AreaLocator:
        """Point in subdistrict, for a facility's coordinates."""

    @property
    def id_hash_key(self) -> str:
        """The key of the keyed hash of national ids (JITASA_ID_HASH_KEY; never the session secret)."""
