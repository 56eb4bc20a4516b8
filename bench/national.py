"""The synthetic national dataset from the command line: fills the database the app is configured for.

    python bench/national.py [--seed 1] [--facilities 100000] [--surveys 2000000] [--dates 50]
                             [--replace] [--database-url URL]

It fills the database exactly as ``python app.py`` would use it: JITASA_DATABASE_URL, else ``jitasa.db`` in
JITASA_DATA_DIR (``--database-url`` overrides both). Every row it writes is synthetic and marked so; what it writes
and how is in ``data/national.py`` (the generator, ``generate()``), which this command calls after building the
app's state. Exit status 0 when written, 1 when a dataset is already there (no ``--replace``) or the database holds
real coverage facts, 2 on a bad setting or an unreachable database.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data import national
from data.national import N_DATES, N_FACILITIES, N_SURVEYS, SEED


class _Printer:
    """Progress lines on stderr, at most one every two seconds per phase, and the last one."""

    def __init__(self) -> None:
        self.started: dict[str, float] = {}
        self.printed = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.perf_counter()
        began = self.started.setdefault(phase, now)
        if done == 0 or done < total and now - self.printed < 2:
            return
        self.printed = now
        rate = done / (now - began) if now > began else 0
        print(f"  {phase}: {done:,} of {total:,} rows ({rate:,.0f} rows/s)", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED, help=f"the same seed gives the same data (default {SEED})")
    parser.add_argument("--facilities", type=int, default=N_FACILITIES, help=f"default {N_FACILITIES:,}")
    parser.add_argument("--surveys", type=int, default=N_SURVEYS, help=f"survey records (default {N_SURVEYS:,})")
    parser.add_argument("--dates", type=int, default=N_DATES, help=f"weekly coverage dates (default {N_DATES})")
    parser.add_argument("--replace", action="store_true", help="remove an earlier national dataset first")
    parser.add_argument(
        "--database-url", help="this database instead of the app's settings (sqlite:///… or postgresql+psycopg://…)"
    )
    args = parser.parse_args(argv)
    if min(args.facilities, args.surveys, args.dates) < 0:
        parser.error("--facilities, --surveys and --dates must not be negative")
    from dashboard.state import build_state
    from data.db import DatabaseError, safe_url
    from geo.boundaries import BoundaryFilesError
    from settings import SettingError, load_settings

    environ = dict(os.environ) | ({"JITASA_DATABASE_URL": args.database_url} if args.database_url else {})
    started = time.perf_counter()
    try:
        settings = load_settings(environ)
        print(f"database: {safe_url(settings.effective_database_url)}", file=sys.stderr, flush=True)
        state = build_state(settings)
        print(f"app state ready in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
        counts = national.generate(
            state.engine,
            state.registry,
            seed=args.seed,
            facilities=args.facilities,
            surveys=args.surveys,
            dates=args.dates,
            replace=args.replace,
            boundaries=state.boundaries,
            progress=_Printer(),
        )
    except (SettingError, BoundaryFilesError, DatabaseError) as exc:
        print(f"national.py: {exc}", file=sys.stderr)
        return 2
    except (national.DatasetExists, national.OtherCoverage) as exc:
        print(f"national.py: {exc}", file=sys.stderr)
        return 1
    _print_summary(counts, state.engine, time.perf_counter() - started)
    return 0


def _print_summary(counts: dict, engine, wall_s: float) -> None:
    seconds = counts["seconds"]
    if counts["removed"]:
        removed = ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in counts["removed"].items())
        print(f"removed the earlier national dataset in {seconds['remove']:.1f} s: {removed}")
    for phase, kinds in (
        ("facilities", ("facilities", "facility_versions")),
        ("surveys", ("surveys",)),
        ("coverage", ("coverage_facts",)),
    ):
        rows = sum(counts[k] for k in kinds)
        rate = rows / seconds[phase] if seconds[phase] else 0
        what = " + ".join(f"{counts[k]:,} {k.replace('_', ' ')}" for k in kinds)
        print(f"{phase}: {what} in {seconds[phase]:.1f} s ({rate:,.0f} rows/s)")
    print(
        f"survey records in {counts['subdistricts_surveyed']:,} subdistricts; commit {seconds['commit']:.1f} s; "
        f"planner statistics {seconds['analyze']:.1f} s"
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"seed {counts['seed']}, campaign id {counts['campaign_id']}; database now {national.database_size(engine) / 1e6:,.0f} MB"
    )
    print(f"done in {wall_s:.1f} s (app state included); peak memory {peak_mb:,.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
