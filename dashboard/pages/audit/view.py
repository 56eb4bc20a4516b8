"""The audit page's pieces, from ready entries: the summary, the table, the CSV link."""

from __future__ import annotations

from urllib.parse import urlencode

from dash import html

from dashboard.i18n import t
from dashboard.ui.areas import area_label
from dashboard.ui.audit_detail import detail_text
from dashboard.ui.dates import moment_text

SHOWN = 200  # entries on the page; the CSV has them all
DETAIL_CHARS = 160


def csv_href(filters: dict) -> str:
    """GET /api/v1/audit as CSV with the page's filters (the browser's session signs it in)."""
    asked = {k: v for k, v in filters.items() if v}
    return "/api/v1/audit?" + urlencode({**asked, "format": "csv"})


def summary(total: int, lang: str) -> str:
    return t("audit.summary", lang, shown=min(total, SHOWN), total=f"{total:,}")


def audit_table(rows: list[dict], registry, lang: str) -> html.Table | html.P:
    if not rows:
        return html.P(t("audit.none", lang), className="text-muted", id="audit-empty")
    labels = [t(f"audit.col.{c}", lang) for c in ("at", "person", "action", "record", "area", "detail")]
    return html.Table(
        [
            html.Thead(html.Tr([html.Th(label, scope="col") for label in labels])),
            html.Tbody([_row(row, labels, registry, lang) for row in rows]),
        ],
        className="table table-sm align-middle people-table audit-table",
    )


def _row(row: dict, labels: list[str], registry, lang: str) -> html.Tr:
    cells = (
        moment_text(row["at"], lang),
        row["username"] or "–",
        row["action"],
        " ".join(str(x) for x in (row["entity"], row["entity_id"]) if x) or "–",
        area_label(registry, row["area"], lang),
        detail_text(row["detail"], lang, DETAIL_CHARS),
    )
    return html.Tr(
        [html.Td(c, **{"data-label": label}) for c, label in zip(cells, labels)], id=f"audit-row-{row['id']}"
    )
