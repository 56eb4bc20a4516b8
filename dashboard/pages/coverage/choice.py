"""Which measure a view of the coverage page shows (data/measures.py), judged on what the reader would see."""

from __future__ import annotations

from dashboard.pages.coverage.ids import DOSE, GROUP, LEVEL, MAP
from dashboard.pages.coverage.url import is_crumb, view_args
from dashboard.state import current
from data.coverage_query import parse_coverage_query
from data.disclosure import Audience
from data.measures import answers, first_answering, skipped_before

MOVES = (GROUP, DOSE, LEVEL, MAP)  # a change of place or group: the measure shown may have nothing there


def frame_of(conn, audience: Audience):
    """``query -> metric frame`` as ``audience`` sees it (kept per data version)."""
    state = current()
    return lambda q: state.metrics.frame(conn, state.registry, q, audience)


def opening(query, audience: Audience):
    """The query a link without a measure opens on: the first measure that answers there."""
    with current().engine.connect() as conn:
        return first_answering(frame_of(conn, audience), query)


def after_move(view: str | None, query, trigger, audience: Audience):
    """After a change of group, dose, level or place (a click, the breadcrumb): the first measure that answers there
    when the one shown has nothing there, or was itself a fallback (back in the country, coverage answers again);
    otherwise the measure shown. A measure the reader picks from the list is kept, answered or not."""
    if not (trigger in MOVES or is_crumb(trigger)):
        return query
    before, _, _ = parse_coverage_query(view_args(view), current().registry)
    with current().engine.connect() as conn:
        rows = frame_of(conn, audience)
        if answers(rows(query), query) and not skipped_before(rows, before.with_(metric=query.metric)):
            return query
        return first_answering(rows, query)
