"""The REST API, /api/v1: JSON answers, GeoJSON and CSV where asked, JSON errors with a 4xx status.

One module per resource; what they share is in common.py (the blueprint ``api``, who is asking, the shapes of answers)
and params.py (the parameters, declared once for the parsers and the OpenAPI document). Importing this package
registers every route on ``api``; app.py registers the blueprint and ``register_api_error_handlers``.
"""

from dashboard.api import (  # noqa: F401  (each registers its routes on the blueprint)
    areas,
    audit,
    campaigns,
    coordinators,
    coverage,
    duplicates,
    exports,
    facilities,
    facility_edits,
    help_requests,
    home_visits,
    meta,
    nearest,
    practice,
    reviews,
    stats,
    surveys,
    templates,
    tokens,
    uploads,
)
from dashboard.api.common import api
from dashboard.api.errors import register_api_error_handlers

__all__ = ["api", "register_api_error_handlers"]
