"""Run every bench and print one table: ``python bench/run.py`` (or ``python -m bench``) from the repository root.

Exit status 0 when every bench could measure, 1 when one failed to (targets missed do not count).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import bench_filter, bench_geometry, bench_import, bench_load, bench_nearest, bench_start
from bench.common import Figure, print_figures

BENCHES = (
    ("geometry", bench_geometry.measure),
    ("start and memory", bench_start.measure),
    ("filter changes and first paint", bench_filter.measure),
    ("nearest facilities", bench_nearest.measure),
    ("import of large files", bench_import.measure),
    ("load: the national dataset under 20 clients", bench_load.measure),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=[name.split()[0] for name, _ in BENCHES], help="run one bench")
    args = parser.parse_args(argv)
    figures: list[Figure] = []
    failed = []
    started = time.perf_counter()
    for name, measure in BENCHES:
        if args.only and not name.startswith(args.only):
            continue
        print(f"-- {name} ...", flush=True)
        try:
            figures.extend(measure())
        except Exception:  # report the broken bench, still print what the others measured
            failed.append(name)
            traceback.print_exc()
    print()
    print_figures(f"Jitasa Map bench ({time.perf_counter() - started:.0f} s)", figures)
    if failed:
        print(f"could not measure: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
