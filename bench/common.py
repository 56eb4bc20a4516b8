"""What every bench shares: the figure record, units, timing, and the table printer.

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
