"""The report dates as controls: the comparison date's choices (a date no area of the view has a report by is
offered but disabled, a date only some have says how many) and the two-handle range of "change between two dates"."""

from __future__ import annotations

import datetime as dt

from dash import dcc, html

from dashboard.i18n import format_date, t
from dashboard.pages.coverage.ids import COMPARE_RANGE, RANGE_TEXT, wrap
from dashboard.pages.coverage.url import date_index


def compare_options(
    dates: list[dt.date], reach: list[int], total: int, lang: str, shown: dt.date | None = None
) -> list[dict]:
    """One choice per report date; ``reach[i]``: how many of the view's ``total`` areas have a report by dates[i].
    Only a date before the one ``shown`` (none: the newest) can be chosen."""
    shown = shown or (dates[-1] if dates else None)
    options = []
    for day, count in zip(dates, reach or [total] * len(dates)):
        label = format_date(day, lang)
        if count == 0:
            label = f"{label} · {t('compare.no_data', lang)}"
        elif count < total:
            label = f"{label} · {t('compare.some', lang, count=count, total=total)}"
        options.append({"label": label, "value": day.isoformat(), "disabled": count == 0 or day >= shown})
    return options


def range_text(dates: list[dt.date], bounds: list[int], lang: str) -> str:
    """The range in words: "from <earlier> to <shown>"."""
    if not dates:
        return ""
    low, high = (dates[min(max(int(i), 0), len(dates) - 1)] for i in bounds)
    return t("compare.range", lang, start=format_date(low, lang), end=format_date(high, lang))


def range_bounds(dates: list[dt.date], compare: str | None, index: int | None) -> list[int]:
    """The two handles' positions: the comparison date's report and the date shown."""
    high = min(int(index if index is not None else len(dates) - 1), max(len(dates) - 1, 0))
    low = date_index(dates, dt.date.fromisoformat(compare)) if compare else max(high - 1, 0)
    return [min(low, high), high]


def over_dates(dates: list[dt.date], marks: dict) -> dict:
    """What the date slider and the range share: a step per report date, labelled by ``marks``, read on release, no
    box to type an index into."""
    return {
        "min": 0,
        "max": max(len(dates) - 1, 0),
        "step": 1,
        "marks": marks,
        "updatemode": "mouseup",
        "allow_direct_input": False,
    }


def compare_range(dates: list[dt.date], bounds: list[int], marks: dict, lang: str) -> html.Div:
    """Shown instead of the date slider when the measure is the change between two dates."""
    label = t("compare.range_label", lang)
    slider = dcc.RangeSlider(
        id=COMPARE_RANGE,
        value=bounds,
        allowCross=False,
        pushable=1,
        disabled=len(dates) < 2,
        **over_dates(dates, marks),
    )
    return html.Div(
        id=wrap(COMPARE_RANGE),
        hidden=True,
        className="date-part",
        children=[
            html.Div(slider, className="flex-grow-1 date-slider ps-5 pe-5", title=label, **{"aria-label": label}),
            html.Output(range_text(dates, bounds, lang), id=RANGE_TEXT, className="date-now small"),
        ],
    )
