"""The view in the URL: how the controls, a click on the map and the breadcrumb change its arguments."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl

from dashboard.pages.coverage.ids import CRUMB, LEVEL, MAP
from data.coverage_query import parse_coverage_query


def view_args(view: str | None) -> dict[str, str]:
    """The arguments of a view's query string."""
    return dict(parse_qsl(view or ""))


def control_args(view: str | None, controls: dict, dates: list[dt.date], index: int | None, compare: str | None):
    """The view's arguments with the controls' values: the slider's position is a report date; the comparison date
    counts only for the change measure."""
    args = view_args(view)
    args.update(controls)
    args["as_of"] = dates[min(index or 0, len(dates) - 1)].isoformat() if dates else ""
    args["compare"] = (compare or "") if controls["metric"] == "change" else ""
    return args


def place_args(args: dict, trigger, click: dict | None, level: str | None) -> dict:
    """Where the view looks after ``trigger``: a click on a province drills into it (once), a breadcrumb goes back
    to the country or to its province, a change of level leaves the province."""
    args = dict(args)
    if trigger == MAP and click and not args.get("province"):
        code = click["points"][0].get("location")
        if code and len(code) == 2:
            args["province"] = code
    elif is_crumb(trigger):
        args.pop("province", None)
        if trigger["code"] != "TH":
            args["province"] = trigger["code"]
    elif trigger == LEVEL:
        args.pop("province", None)
        args["level"] = level
    return args


def same_view(view: str | None, query, method: str, dates: list[dt.date], registry) -> bool:
    """Whether ``query`` is the view already shown (a slider settling on mount, say); "latest" in a link is the
    newest report date."""
    old_query, old_method, _ = parse_coverage_query(view_args(view), registry)
    if old_query.as_of is None and dates:
        old_query = old_query.with_(as_of=dates[-1])
    return (old_query, old_method) == (query, method)


def is_crumb(trigger) -> bool:
    return isinstance(trigger, dict) and trigger.get("type") == CRUMB


def date_index(dates: list[dt.date], as_of: dt.date | None) -> int:
    """The slider's position for ``as_of``: the last report on or before it (none asked: the newest)."""
    if not dates:
        return 0
    if as_of is None:
        return len(dates) - 1
    before = [i for i, d in enumerate(dates) if d <= as_of]
    return before[-1] if before else 0


def previous_report(dates: list[dt.date], as_of: dt.date | None) -> dt.date | None:
    """The report before the one shown (the newest when no date is asked): what "change" compares with by default."""
    return dates[max(date_index(dates, as_of) - 1, 0)] if dates else None
