"""Where the page reads its rows: the same as the API's, so the CSV link downloads what is shown.

Issue 13: the ``api`` helper is moving these two to data/stats.py; then this module goes and the page imports them
from there (tests/test_layering.py lists it as pending until then).
"""

from dashboard.api_stats import read_province_stats, resolve_region

__all__ = ["read_province_stats", "resolve_region"]
