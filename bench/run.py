"""Run every bench and print one table: ``python bench/run.py`` (or ``python -m bench``) from the repository root.

    python bench/run.py [--only NAME] [--short] [--jobs N]

``--only postgis`` (bench_postgis.py, the product's nearest against PostGIS) runs only when named.

``--short``: each bench with one repeat and small data (its ``SHORT``), to see that every bench still runs to the
end; its figures are not worth comparing. Exit status 0 when every bench could measure, 1 when one failed to
(targets missed do not count). ``--jobs N``: N benches at once, each in a process of its own, their output printed
whole as each ends (for ``--short``, which only sees that they run: benches side by side slow each other, so never for
figures worth comparing).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import tempfile
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import (
    bench_coverage_page,
    bench_filter,
    bench_finder_edits,
    bench_finder_page,
    bench_geometry,
    bench_help_queue,
    bench_import,
    bench_load,
    bench_nearest,
    bench_postgis,
    bench_start,
    bench_upload_memory,
)
from bench.common import Figure, print_figures

BENCHES = (  # (name for --only, title, module with measure() and SHORT)
    ("geometry", "geometry", bench_geometry),
    ("start", "start and memory", bench_start),
    ("filter", "filter changes and first paint", bench_filter),
    ("nearest", "nearest facilities", bench_nearest),
    ("finder", "the finder page on a phone (slow 4G, 4× CPU)", bench_finder_page),
    ("import", "import of large files", bench_import),
    ("upload-memory", "server memory while it takes an upload", bench_upload_memory),
    ("load", "load: the national dataset under 20 clients", bench_load),
    ("coverage-page", "the coverage page in a browser, desktop and phone", bench_coverage_page),
    ("finder-edits", "the finder under facility edits: 4 workers, 20 clients", bench_finder_edits),
    ("help-queue", "the help requests' queue: 200,000 open requests, 20 clients", bench_help_queue),
)
# run only when named (--only): they need what a CI machine may not have (PostGIS, installed with apt-get as root)
ON_REQUEST = (("postgis", "nearest: the product against PostGIS", bench_postgis),)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", choices=[name for name, _, _ in BENCHES + ON_REQUEST], help="run one bench (postgis: only this way)"
    )
    parser.add_argument("--short", action="store_true", help="one repeat, small data: to see every bench runs")
    parser.add_argument("--jobs", type=int, default=1, help="benches at once, each in its own process")
    parser.add_argument("--figures-json", help=argparse.SUPPRESS)  # a --jobs child: its figures, for the parent
    args = parser.parse_args(argv)
    chosen = [
        (name, title, module)
        for name, title, module in BENCHES + ON_REQUEST
        if (name == args.only if args.only else (name, title, module) not in ON_REQUEST)
    ]
    started = time.perf_counter()
    run = _in_processes if args.jobs > 1 and len(chosen) > 1 else _here
    figures, failed = run(chosen, args)
    if args.figures_json:
        Path(args.figures_json).write_text(json.dumps([dataclasses.asdict(f) for f in figures]))
        return 1 if failed else 0
    print()
    short = ", short: one repeat, small data" if args.short else ""
    print_figures(f"Jitasa Map bench ({time.perf_counter() - started:.0f} s{short})", figures)
    if failed:
        print(f"could not measure: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def _here(chosen, args) -> tuple[list[Figure], list[str]]:
    """Each bench in this process, one after the other."""
    figures: list[Figure] = []
    failed = []
    for name, title, module in chosen:
        print(f"-- {title}{' (short)' if args.short else ''} ...", flush=True)
        began = time.perf_counter()
        try:
            figures.extend(module.measure(**module.SHORT) if args.short else module.measure())
        except Exception:  # report the broken bench, still print what the others measured
            failed.append(name)
            traceback.print_exc()
        print(f"-- {name}: {time.perf_counter() - began:.0f} s", flush=True)
    return figures, failed


def _in_processes(chosen, args) -> tuple[list[Figure], list[str]]:
    """``args.jobs`` benches at once, each `run.py --only NAME` in a process of its own; the figures in the usual
    order."""
    folder = Path(tempfile.mkdtemp(prefix="jitasa-bench-run-"))

    def one(name: str) -> tuple[str, list[Figure] | None]:
        out = folder / f"{name}.json"
        command = [sys.executable, str(Path(__file__).resolve()), "--only", name, "--figures-json", str(out)]
        done = subprocess.run(command + (["--short"] if args.short else []), capture_output=True, text=True)
        print(done.stdout, end="", flush=True)
        print(done.stderr, end="", file=sys.stderr, flush=True)
        if done.returncode != 0 or not out.exists():
            return name, None
        return name, [Figure(**f) for f in json.loads(out.read_text())]

    with ThreadPoolExecutor(args.jobs) as pool:
        answers = dict(pool.map(one, [name for name, _, _ in chosen]))
    figures = [f for name, _, _ in chosen for f in (answers[name] or [])]
    return figures, [name for name, _, _ in chosen if answers[name] is None]


if __name__ == "__main__":
    sys.exit(main())
