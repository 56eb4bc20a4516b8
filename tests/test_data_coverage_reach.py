"""How many areas a coverage map of each report date colours (the comparison date's choices on the coverage page)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from data.coverage import date_reach
from data.schema import coverage_facts

D = [dt.date(2021, 7, 1), dt.date(2021, 8, 1), dt.date(2021, 9, 1), dt.date(2021, 10, 1)]


def test_each_date_counts_the_areas_whose_latest_report_by_then_has_a_value(engine):
    facts = [  # (area, day, vaccinated, population)
        ("10", D[0], 100, None),  # counts without a target population: no coverage
        ("10", D[1], 200, 1000),
        ("50", D[1], 300, 900),
        ("50", D[3], 350, None),  # the newer report lacks the population: grey again
        ("51", D[2], 10, 100),
        ("5001", D[0], 5, 50),  # a district: another level
    ]
    rows = [
        {"as_of": day, "area": area, "target_group": "all", "dose": 1, "vaccinated": v, "population": p}
        for area, day, v, p in facts
    ]
    with engine.begin() as conn:
        conn.execute(sa.insert(coverage_facts), rows)
        before = [dt.date(2021, 6, 1), *D]
        assert date_reach(conn, 2, None, "all", 1, before) == [0, 0, 2, 3, 2]
        assert date_reach(conn, 2, None, "all", 1, before, own_population=False) == [0, 1, 2, 3, 3]
        assert date_reach(conn, 2, "5", "all", 1, D) == [0, 1, 2, 1]
        assert date_reach(conn, 4, None, "all", 1, D) == [1, 1, 1, 1]
        assert date_reach(conn, 2, None, "elderly", 1, D) == [0, 0, 0, 0]
