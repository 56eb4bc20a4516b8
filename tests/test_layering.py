"""Imports flow one way: geo, data and layers never load Dash, and nothing happens at import time."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_core_packages_do_not_load_dash_or_flask():
    code = (
        "import sys, importlib, pkgutil\n"
        "for pkg in ('geo', 'data', 'layers'):\n"
        "    mod = importlib.import_module(pkg)\n"
        "    for info in pkgutil.iter_modules(mod.__path__):\n"
        "        if info.name != 'migrations':\n"
        "            importlib.import_module(f'{pkg}.{info.name}')\n"
        "print(sorted(m for m in ('dash', 'flask', 'dashboard') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_geo_imports_nothing_of_ours():
    ours = re.compile(r"^\s*(from|import)\s+(data|layers|dashboard|settings|app)\b", re.M)
    for path in (ROOT / "geo").glob("*.py"):
        assert not ours.search(path.read_text()), f"{path.name} imports another package of ours"


def test_layers_never_touch_the_database():
    """Layers may read the registries of data (DESIGN: "layers may read the registries"), nothing else of it."""
    forbidden = re.compile(r"^\s*(from|import)\s+(sqlalchemy|dashboard|data(?!\.registries\b))\b", re.M)
    for path in (ROOT / "layers").glob("*.py"):
        assert not forbidden.search(path.read_text()), path.name


def test_importing_app_does_no_work():
    code = "import time, sys; t = time.perf_counter(); import app; print('geopandas' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_pages_and_routes_do_not_import_each_other():
    """A page reads data/, geo/, layers/ and dashboard/ui/; a route module reads the same; neither reads the other."""
    route = re.compile(r"^\s*(from|import)\s+dashboard\.api(_\w+)?\b|^\s*from\s+dashboard\s+import\s+.*\bapi\b", re.M)
    page = re.compile(r"^\s*(from|import)\s+dashboard\.pages\b|^\s*from\s+dashboard\s+import\s+.*\bpages\b", re.M)
    dashboard = ROOT / "dashboard"
    pages = list((dashboard / "pages").rglob("*.py"))
    routes = [*dashboard.glob("api_*.py"), dashboard / "api.py", *(dashboard / "api").rglob("*.py")]
    for path in pages:
        assert not route.search(path.read_text()), f"page {path.relative_to(ROOT)} imports a route module"
    for path in (p for p in routes if p.is_file()):
        assert not page.search(path.read_text()), f"route module {path.relative_to(ROOT)} imports a page"


def test_data_never_imports_layers_or_dashboard():
    for path in (ROOT / "data").glob("*.py"):
        assert not re.search(r"^\s*(from|import)\s+(layers|dashboard)\b", path.read_text(), re.M), path.name
