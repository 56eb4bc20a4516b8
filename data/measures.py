"""Which measure a view opens on, and the province's own figure: so that a view always answers.

A province's districts, or a target group the reports never counted, would otherwise open on an all-grey map. A view
whose measure was not chosen opens on the first measure of ``ORDER`` that answers there:

1. coverage, from a real report (at district level: an uploaded district coverage report, not a demo breakdown);
2. people vaccinated with the dose (the reports' counts, or the demo's district breakdown of them);
3. unvaccinated people found by volunteers per 1,000 residents (the survey records, by target group);
4. facilities per 100,000 residents (for all groups only: facilities serve every group).

"Answers" means at least one area with a value other than 0 (a map of zeros says nothing). Functions take
``frame_of(query) -> metric frame`` (``MetricCache.frame`` for the reader's audience), so what is judged is what the
reader would see.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from data.metrics import MetricQuery

ORDER = ("coverage", "vaccinated", "unvaccinated_per_1000", "facilities_per_100k")
HEADLINE_ORDER = ("coverage", "vaccinated")  # the province's own figure: a rate if it has one, else people
FrameOf = Callable[[MetricQuery], pd.DataFrame]


def answers(frame: pd.DataFrame, q: MetricQuery) -> bool:
    """Whether ``frame`` (of ``q``) has a value other than 0 somewhere; district coverage only from a real report."""
    values = pd.to_numeric(frame["value"], errors="coerce")
    shown = values.notna() & (values != 0)
    if q.metric == "coverage" and q.level == "district":
        shown &= frame["synthetic"].map(lambda v: v is False)
    return bool(shown.any())


def candidates(q: MetricQuery) -> tuple[str, ...]:
    """The measures a view of ``q``'s group may open on, in order."""
    return ORDER if q.group == "all" else ORDER[:3]


def first_answering(frame_of: FrameOf, q: MetricQuery) -> MetricQuery:
    """``q`` with the first measure of ``candidates`` that answers; ``q`` itself when none does."""
    for metric in candidates(q):
        candidate = q.with_(metric=metric)
        if answers(frame_of(candidate), candidate):
            return candidate
    return q


def skipped_before(frame_of: FrameOf, q: MetricQuery) -> list[str]:
    """The measures before ``q.metric`` in the order that do not answer here, when all of them do not (``q`` is
    then what the view fell to, and the page says why); [] when ``q.metric`` is not in the order or an earlier one
    answers."""
    order = candidates(q)
    if q.metric not in order:
        return []
    earlier = list(order[: order.index(q.metric)])
    if any(answers(frame_of(q.with_(metric=m)), q.with_(metric=m)) for m in earlier):
        return []
    return earlier


def province_headline(frame_of: FrameOf, q: MetricQuery) -> dict | None:
    """The figure of province ``q.area`` and its rank among the provinces with one (1 = the highest): metric, value,
    rank, of, as_of. Coverage if the province has it for the group, dose and date, else people vaccinated,
    else the measure shown; None outside a province or without any figure."""
    if not q.area:
        return None
    for metric in dict.fromkeys([*HEADLINE_ORDER, q.metric]):
        provinces = frame_of(q.with_(level="province", area=None, metric=metric))
        values = pd.to_numeric(provinces["value"], errors="coerce")
        own = provinces.loc[provinces["code"] == q.area]
        if own.empty or pd.isna(values[own.index[0]]):
            continue
        value = float(values[own.index[0]])
        return {
            "metric": metric,
            "value": value,
            "rank": int((values > value).sum()) + 1,
            "of": int(values.notna().sum()),
            "as_of": own["as_of"].iloc[0],
        }
    return None
