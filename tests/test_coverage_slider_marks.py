"""The date slider's labels: the first and the newest report always, a handful between, none crowding the newest."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.pages.coverage.view import marks as _marks


def _weekly(n: int) -> list[dt.date]:
    return [dt.date(2021, 4, 22) + dt.timedelta(weeks=i) for i in range(n)]


@pytest.mark.parametrize("n", [1, 2, 5, 7, 12, 50, 53, 100])
def test_first_and_newest_are_labelled_and_no_label_crowds_the_newest(n):
    marks = _marks(_weekly(n), "th")
    positions = sorted(marks)
    assert positions[0] == 0 and positions[-1] == n - 1
    step = max(1, n // 6)
    gaps = [b - a for a, b in zip(positions, positions[1:])]
    assert all(gap >= step / 2 for gap in gaps), gaps  # 50 weekly reports once put "24 มี.ค." on "31 มี.ค. 2565"
    assert len(marks) <= 8


def test_labels_are_dates_in_the_reader_language():
    marks = _marks(_weekly(50), "th")
    assert marks[49]["label"].endswith("2565")  # Buddhist era in Thai
    assert _marks(_weekly(50), "en")[49]["label"].endswith("2022")
