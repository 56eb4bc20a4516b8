"""``python bench/run.py --short --jobs 3`` runs every bench to the end and prints its figures.

A bench is not a test: no timing, size or ratio is checked here, only that each bench still measures (one repeat,
small data) and that the checks the benches make of what they measure found no problem.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from fixtures_app import ROOT

from bench.run import BENCHES

# one figure with a baseline per bench: its line in the table ends with a ratio
FIGURES = {
    "geometry": "district GeoJSON gzipped",
    "start": "second start to first answer",
    "filter": "district coverage: draw answer, server time",
    "nearest": "nearest k=5 in process, median",
    "finder": "finder: first result after navigation",
    "import": "surveys import vs storing its rows alone",
    "upload-memory": "survey upload (csv",
    "load": "/api/v1/coverage district p95",
    "coverage-page": "coverage page, phone: first map",
    "finder-edits": "nearest p99, 4 clients, one edit a second",
    "help-queue": "queue p95,",
}


@pytest.mark.system
def test_every_bench_runs_to_the_end_in_short_mode():
    assert set(FIGURES) == {name for name, _, _ in BENCHES}
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--short", "--jobs", "3"],  # three at once: it only runs them
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "could not measure" not in run.stderr and "Traceback" not in run.stderr, run.stderr[-3000:]
    assert "PROBLEM" not in run.stdout, run.stdout
    table = run.stdout.split("== Jitasa Map bench", 1)[1]
    for name, figure in FIGURES.items():
        assert re.search(rf"^-- {name}: \d+ s$", run.stdout, re.M), name
        line = next((x for x in table.splitlines() if x.startswith(figure)), None)
        assert line is not None, f"{name}: no figure {figure!r} in\n{table}"
        assert re.search(r"\s\d+\.\d{3}(\s|$)", line), f"{name}: no ratio in {line!r}"
    assert "first paint of the district map after navigation" in table
