"""What every bench shares: the figure record, units, timing, and the table printer; and, for the benches that serve
a dataset of their own with gunicorn (load, finder-edits, help-queue), its database, their command line and heading.

Sizes use decimal units (1 KB = 1,000 bytes, 1 MB = 10**6, 1 GB = 10**9), so a target read as "600 KB" is checked
against 600,000 bytes, the stricter reading.
"""

from __future__ import annotations

import argparse
import atexit
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

KB = 1000
MB = 1000**2
GB = 1000**3


def add_repo_root_to_path() -> None:
    """Let ``python bench/x.py`` import the app's packages (geo, data, ...) as ``python -m`` would."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def parse_arguments(parser: argparse.ArgumentParser, argv: list[str] | None, short: dict) -> dict:
    """The bench's options as ``measure``'s keyword arguments (each option's ``dest`` is a parameter's name), with
    ``--short`` added: ``short``'s values become the defaults (options given still count)."""
    sizes = ", ".join(f"{name}={value}" for name, value in short.items())
    parser.add_argument("--short", action="store_true", help=f"one repeat, small data, to see it runs ({sizes})")
    args = parser.parse_args(argv)
    if args.short:
        parser.set_defaults(**short)
        args = parser.parse_args(argv)
    options = vars(args)
    del options["short"]
    return options


_GEOMETRY_CACHE: list[Path] = []


def geometry_cache() -> Path:
    """A cache folder with the boundaries and the web geometry (``geo/``), built once per process and removed when it
    exits. A bench that needs an app on a fresh data folder links it there (``fresh_data_dir``) instead of building
    it again, a few seconds each time; the start bench does not, building it being part of its cold start."""
    if not _GEOMETRY_CACHE:
        add_repo_root_to_path()
        from geo.boundaries import load_boundaries
        from geo.webgeom import web_geometry
        from settings import load_settings

        folder = Path(tempfile.mkdtemp(prefix="jitasa-bench-geometry-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        web_geometry(load_boundaries(load_settings(environ={}).boundaries_dir, folder), folder)
        _GEOMETRY_CACHE.append(folder)
    return _GEOMETRY_CACHE[0]


def fresh_data_dir(path: Path) -> Path:
    """``path``, a new data folder whose ``cache`` is the shared ``geometry_cache()``."""
    path.mkdir(parents=True)
    (path / "cache").symlink_to(geometry_cache())
    return path


@dataclass(frozen=True)
class Figure:
    """One measured number, the baseline it is compared with (same run), and an optional target (information)."""

    name: str
    value: float
    unit: str  # "bytes", "s", "count"
    baseline: float | None = None
    baseline_label: str = ""
    target: float | None = None  # the value must be at most this

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline

    @property
    def status(self) -> str:
        if self.target is None:
            return ""
        return "PASS" if self.value <= self.target else "MISS"


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, object]:
    """The shortest wall time of ``runs`` calls of ``work`` (the least disturbed by other load), and the last result."""
    best = float("inf")
    result = None
    for _ in range(max(1, runs)):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "bytes":
        if value >= GB:
            return f"{value / GB:.2f} GB"
        if value >= MB:
            return f"{value / MB:.2f} MB"
        return f"{value / KB:.1f} KB"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "count":
        return f"{value:,.0f}"
    return f"{value:g} {unit}"


def format_table(figures: list[Figure]) -> str:
    """A plain-text table: figure, ours, baseline, ours/baseline, target, PASS/MISS; then the baselines' meaning."""
    header = ("figure", "ours", "baseline", "ours/base", "target", "")
    rows = [
        (
            f.name,
            format_value(f.value, f.unit),
            format_value(f.baseline, f.unit) if f.baseline is not None else "—",
            f"{f.ratio:.3f}" if f.ratio is not None else "—",
            "≤ " + format_value(f.target, f.unit) if f.target is not None else "",
            f.status,
        )
        for f in figures
    ]
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths).rstrip())
    by_label: dict[str, list[str]] = {}
    for f in figures:
        if f.baseline_label:
            by_label.setdefault(f.baseline_label, []).append(f.name)
    if by_label:
        lines.append("")
        lines.append("baselines, measured in this run:")
        lines.extend(f"  {label}  [{'; '.join(names)}]" for label, names in by_label.items())
    return "\n".join(lines)


def print_figures(title: str, figures: list[Figure]) -> None:
    print(f"== {title}")
    print(format_table(figures))
    print("(targets are information only: the exit status does not depend on them)")


# -- a bench that serves a dataset of its own with gunicorn (load, finder-edits, help-queue) --------------------------
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def add_database_options(parser: argparse.ArgumentParser, name: str) -> None:
    """``--database``, ``--postgres-url`` and ``--data-dir`` (default var/NAME/data) of a bench's own dataset."""
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql", help="default postgresql")
    parser.add_argument("--postgres-url", default=POSTGRES_URL, help=f"the server (default {POSTGRES_URL})")
    parser.add_argument(
        "--data-dir",
        default=str(ROOT / "var" / name / "data"),
        help=f"the app's data folder (default var/{name}/data; with SQLite its sibling data-sqlite)",
    )


def command_line(parser: argparse.ArgumentParser, argv: list[str] | None, short: dict, **options) -> argparse.Namespace:
    """The bench's options (``parse_arguments``), ``options`` changing the defaults (bench/run.py's ``SHORT``)."""
    parser.set_defaults(**options)
    return argparse.Namespace(**parse_arguments(parser, argv, short))


def dataset_command_line(parser: argparse.ArgumentParser, argv: list[str] | None, short: dict, **options):
    """``command_line`` of a bench made with ``add_database_options``: SQLite's data goes to the sibling
    ``data-sqlite`` of ``--data-dir``, so that the two databases' folders never meet."""
    args = command_line(parser, argv, short, **options)
    if args.database == "sqlite":
        args.data_dir = str(Path(args.data_dir).with_name("data-sqlite"))
    return args


def database_url(args: argparse.Namespace) -> str:
    """The dataset's database: SQLite in ``--data-dir``, or the schema ``--schema`` of ``--postgres-url``."""
    if args.database == "sqlite":
        return f"sqlite:///{Path(args.data_dir) / 'jitasa.db'}"
    return f"{args.postgres_url}?options=-csearch_path%3D{args.schema}"


def create_schema(args: argparse.Namespace) -> None:
    """The dataset's PostgreSQL schema, made when missing (SQLite needs none)."""
    if args.database != "postgresql":
        return
    import sqlalchemy as sa

    admin = sa.create_engine(args.postgres_url)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{args.schema}"'))
    admin.dispose()


def print_server_bench(what: str, args: argparse.Namespace, measure: Callable, *details: str) -> int:
    """Print ``measure(args)`` under "WHAT (database, gunicorn N workers, DETAILS, wrk or Python clients)"; returns
    the exit status, 0 (targets are information only)."""
    client = "wrk" if shutil.which("wrk") else "Python clients"
    setup = ", ".join([args.database, f"gunicorn {args.workers} workers", *details, client])
    print_figures(f"{what} ({setup})", measure(args))
    return 0
