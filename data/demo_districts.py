"""A synthetic district breakdown of the real province reports, for the demo only.

The MOPH reports are per province, so a governor who opens a province would see no district at all. The demo
splits every province fact (people vaccinated, and the target population where the report gives one) over the
province's districts:

- in proportion to the district's DOPA registered population (31 Dec 2020), times a seeded factor per district
  (log-normal, ``SPREAD``) for people vaccinated, so districts differ as they would; the target population is split
  by the registered population alone;
- in whole people by the largest-remainder method, so the districts add up EXACTLY to the province's real figure;
- with one factor per district for every report, group and dose: a district's share never changes, so its trend
  follows its province's, and the same seed gives the same breakdown.

Every row is flagged ``synthetic``: it is not a district report, and is labelled so wherever it appears. An uploaded
district report of the same date, area, group and dose replaces it (data/coverage_import.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SPREAD = 0.15  # standard deviation of the log of a district's factor: most districts within ±30 % of their share
COLUMNS = ["as_of", "area", "target_group", "dose", "vaccinated", "population", "source_file"]


def district_weights(registered: pd.Series, seed: int) -> pd.DataFrame:
    """Per district code (index: 4-digit codes, values: registered population or NA): columns ``people`` (the
    share of the target population) and ``vaccinated`` (that share times the seeded factor). A district without a
    registered population weighs as its province's average."""
    codes = registered.sort_index()
    people = pd.to_numeric(codes, errors="coerce").astype(float)
    province_mean = people.groupby(codes.index.str[:2]).transform("mean")
    people = people.fillna(province_mean).fillna(1.0).clip(lower=1.0)
    factor = np.random.default_rng(seed).lognormal(0.0, SPREAD, len(people))
    return pd.DataFrame({"people": people.to_numpy(), "vaccinated": people.to_numpy() * factor}, index=codes.index)


def split_exactly(totals: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """(len(totals), len(weights)) whole numbers, each row adding up to its total, in proportion to ``weights``
    (largest remainders get the rest; ties go to the earlier column)."""
    totals = np.asarray(totals, dtype=np.int64)
    shares = np.asarray(weights, dtype=float) / float(np.sum(weights))
    quotas = totals[:, None].astype(float) * shares[None, :]
    base = np.floor(quotas).astype(np.int64)
    rest = totals - base.sum(axis=1)
    order = np.argsort(-(quotas - base), axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(order.shape[1])[None, :].repeat(len(order), axis=0), axis=1)
    out = base + (ranks < rest[:, None])
    if not (out.sum(axis=1) == totals).all():  # a float surprise would be a wrong figure, never shown
        raise ArithmeticError("the district breakdown does not add up to the province figure")
    return out


def district_breakdown(facts: pd.DataFrame, registered: pd.Series, seed: int) -> pd.DataFrame:
    """The province facts (``COLUMNS``; ``area`` 2-digit) split over their districts (``registered``: 4-digit code →
    registered population); rows of ``COLUMNS`` with 4-digit ``area``, in province, fact and district order."""
    weights = district_weights(registered, seed)
    parts = []
    for province, part in facts[facts["area"].str.len() == 2].groupby("area", sort=True):
        districts = weights[weights.index.str[:2] == province]
        if districts.empty:
            continue
        parts.append(_split_province(part.reset_index(drop=True), districts))
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(parts, ignore_index=True)[COLUMNS]


def _split_province(part: pd.DataFrame, districts: pd.DataFrame) -> pd.DataFrame:
    n, k = len(part), len(districts)
    vaccinated = split_exactly(part["vaccinated"].to_numpy(dtype=np.int64), districts["vaccinated"].to_numpy())
    population = pd.to_numeric(part["population"], errors="coerce")
    known = population.notna().to_numpy()
    people = np.zeros((n, k), dtype=np.int64)
    if known.any():
        people[known] = split_exactly(population[known].to_numpy(dtype=np.int64), districts["people"].to_numpy())
    out = part.loc[np.repeat(np.arange(n), k), ["as_of", "target_group", "dose", "source_file"]].reset_index(drop=True)
    out["area"] = np.tile(districts.index.to_numpy(), n)
    out["vaccinated"] = vaccinated.reshape(-1)
    population_column = pd.array(people.reshape(-1), dtype="Int64")
    population_column[np.repeat(~known, k)] = pd.NA
    out["population"] = population_column
    # a district's share of a zero target population is no denominator either
    out.loc[out["population"] == 0, "population"] = pd.NA
    return out
