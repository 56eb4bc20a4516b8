"""Small numbers: the one rule for every public count derived from survey (and follow-up) records.

What national statistics offices do for small areas, so that no public answer, and no sum or difference of public
answers (across target groups, dates or areas), and no rate times its public population, is an exact count of people
from 1 to ``threshold - 1`` (``JITASA_SUPPRESSION_THRESHOLD``, default 5):

- a count from 1 to ``threshold - 1`` is not shown: "<5" (``None`` in JSON; the text follows the threshold);
- every other count is rounded to the nearest multiple of ``rounding_base(threshold)`` — 5 for a threshold up to 5,
  the next multiple of 5 at or above a larger threshold (10 for 10), halves up (2.5 is never a count: 12 → 10,
  13 → 15). Every public count is then a multiple of the base, so every sum or difference of them is too: never
  from 1 to threshold - 1;
- 0 stays 0 (nobody found is not a person to protect);
- a rate is computed from the rounded count (so rate × population gives the rounded count back, nothing finer).

Staff of an area (a coordinator, province admin or national admin signed in: the chain of command, ``data.scope``)
see the exact figures of their own area and the rounded ones elsewhere. An answer therefore depends on who asks:
caches key it by ``Audience.key``.

Residual risk, stated honestly: rounding is deterministic, so an attacker who knows how it works can intersect the
intervals the rounded figures allow (a rounded 5 means 5 to 7; "<5" means 1 to 4; a province's total against its
districts', a day against the next) and sometimes narrow a cell to fewer possibilities, occasionally to one value.
No single figure, sum or difference gives it; it needs reasoning across many answers, and only ever bounds counts
the tallies were asked for. Random rounding would blur that further but gives different answers to the same
question (or needs a seeded key) and is harder to explain; we chose the rule a reader can check by hand.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from data import scope
from data.registries import ROLES

DEFAULT_THRESHOLD = 5
STEP = 5
STAFF_ROLE = "coordinator"  # the chain of command: coordinator < province_admin < national_admin


def rounding_base(threshold: int = DEFAULT_THRESHOLD) -> int:
    """The multiple public counts are rounded to: 5, or the next multiple of 5 at or above a larger threshold."""
    return STEP * max(1, math.ceil(threshold / STEP))


def rounded(n: float | int | None, threshold: int = DEFAULT_THRESHOLD) -> int | None:
    """``n`` to the nearest multiple of the base, halves up (no hiding: for shares of two rounded counts)."""
    if n is None or pd.isna(n):
        return None
    base = rounding_base(threshold)
    return int(math.floor(int(n) / base + 0.5)) * base


def public_count(n: float | int | None, threshold: int = DEFAULT_THRESHOLD) -> int | None:
    """The count the public sees: 0 for 0, None ("<threshold") from 1 to threshold - 1, else rounded."""
    if n is None or pd.isna(n):
        return None
    n = int(n)
    if n <= 0:
        return n
    if n < threshold:
        return None
    return rounded(n, threshold)


def small_text(threshold: int = DEFAULT_THRESHOLD) -> str:
    """What a hidden count shows: "<5" (the same in Thai and English)."""
    return f"<{threshold}"


@dataclass(frozen=True)
class Audience:
    """Who an answer is for: the public (``exact_area`` None) or staff, exact inside their own area."""

    threshold: int = DEFAULT_THRESHOLD
    exact_area: str | None = None
    protected: bool = True  # False only in tests that show what the rule prevents

    @property
    def key(self) -> str:
        """For caches: the same key, the same answer."""
        who = "public" if self.exact_area is None else f"staff:{self.exact_area}"
        return f"{who}|{self.threshold}|{'on' if self.protected else 'off'}"

    @property
    def public(self) -> bool:
        return self.exact_area is None

    def exact(self, code: str | None) -> bool:
        """Whether this audience sees the exact figure of area ``code`` (``TH``: the whole country)."""
        if not self.protected:
            return True
        if self.exact_area is None or code is None:
            return False
        return self.exact_area == scope.COUNTRY or (code != scope.COUNTRY and scope.within(code, self.exact_area))

    def exact_all(self, codes: Iterable[str]) -> bool:
        codes = list(codes)
        return bool(codes) and all(self.exact(c) for c in codes)

    def count(self, n, code: str | None) -> int | None:
        """One count of area ``code`` as this audience sees it."""
        if n is None or pd.isna(n):
            return None
        return int(n) if self.exact(code) else public_count(n, self.threshold)

    def text(self, n, code: str | None) -> str:
        """A count as people read it: "1,234" or "<5"."""
        shown = self.count(n, code)
        return small_text(self.threshold) if shown is None and n is not None else f"{shown or 0:,}"


PUBLIC = Audience()


def audience_for(user: Mapping[str, Any] | None, threshold: int = DEFAULT_THRESHOLD) -> Audience:
    """The public, or staff of the signed-in person's area (a coordinator and up)."""
    if user is not None and ROLES.at_least(user, STAFF_ROLE) and scope.scope_of(user):
        return Audience(threshold, scope.scope_of(user))
    return Audience(threshold)


def protect(
    frame: pd.DataFrame, columns: Iterable[str], audience: Audience, code: str = "code"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(frame with ``columns`` as ``audience`` sees them, mask of the hidden cells). Rows whose ``code`` the audience
    sees exactly keep their counts; in the others each count becomes ``public_count`` (hidden: None)."""
    out = frame.copy()
    columns = [c for c in columns if c in out]
    exact = out[code].map(audience.exact).astype(bool) if len(out) else pd.Series(dtype=bool)
    hidden = pd.DataFrame(False, index=out.index, columns=columns)
    for column in columns:
        values = pd.to_numeric(out[column], errors="coerce")
        public = values.map(lambda n: public_count(n, audience.threshold))
        hidden[column] = values.notna() & public.isna() & ~exact
        shown = values.where(exact, public)
        out[column] = pd.Series([None if pd.isna(v) else int(v) for v in shown], index=out.index, dtype=object)
    return out, hidden


def protect_rate(frame: pd.DataFrame, audience: Audience, per: int, code: str = "code") -> pd.DataFrame:
    """A rate per ``per`` residents (``count``, ``population``, ``value``): the count protected, the rate computed
    again from it; a hidden count hides its rate too and says ``note`` = ``suppressed``."""
    out, hidden = protect(frame, ["count"], audience, code)
    changed = ~out[code].map(audience.exact).astype(bool)
    population = pd.to_numeric(out["population"], errors="coerce")
    count = pd.to_numeric(out["count"], errors="coerce")
    rate = (count / population.where(population > 0) * per).astype(float).round(4)
    out["value"] = pd.to_numeric(out["value"], errors="coerce").where(~changed, rate)
    out.loc[hidden["count"], "value"] = None
    out["note"] = out["note"].astype(object)
    out.loc[hidden["count"], "note"] = "suppressed"
    return out


def protect_totals(
    figures: Mapping[str, Any], columns: Iterable[str], audience: Audience, codes: Iterable[str]
) -> dict[str, Any]:
    """Totals over the areas ``codes`` (a dict of name → count): exact only for staff of all of them."""
    codes = list(codes)
    exact = audience.exact_all(codes)
    out = dict(figures)
    for column in columns:
        if column in out and not exact:
            out[column] = public_count(out[column], audience.threshold)
    return out


def public_share(part, whole, audience: Audience, codes: Iterable[str]) -> float:
    """part / whole (0 to 1) from counts rounded to the base (exact for staff of every area in ``codes``)."""
    if not audience.exact_all(list(codes)):
        part, whole = rounded(part, audience.threshold), rounded(whole, audience.threshold)
    return (part or 0) / whole if whole else 0.0
