"""The audit page's tree: the filters, the CSV link, the summary and the table."""

from __future__ import annotations

from dash import dcc, html

from dashboard.i18n import t
from dashboard.pages.audit.ids import ACTION, AREA, DATE_FROM, DATE_TO, EXPORT, MESSAGE, PERSON, SUMMARY, TABLE
from dashboard.state import current
from dashboard.ui.areas import area_options
from dashboard.ui.controls import dropdown
from data.audit import audit_actions
from data.scope import scope_of


def layout(lang: str, search: str = "", user: dict | None = None, path: str = "/audit") -> html.Div:
    if user is None:
        return html.Div()
    scope = scope_of(user)
    with current().engine.connect() as conn:
        actions = audit_actions(conn, scope)
    level, parent = ("province", None) if scope == "TH" else ("district", scope)
    return html.Div(
        className="audit-page px-3 py-3",
        children=[
            html.H1(t("audit.title", lang), className="h4 mb-1"),
            html.P(t("audit.intro", lang), className="small text-muted"),
            html.Div(
                [
                    _field(
                        t("audit.person", lang),
                        dcc.Input(id=PERSON, type="text", debounce=True, className="form-control"),
                    ),
                    _field(t("audit.action", lang), dropdown(lang, id=ACTION, options=_action_options(actions, lang))),
                    _field(
                        t("audit.area", lang),
                        dropdown(lang, id=AREA, options=area_options(current().registry, level, parent, lang)),
                    ),
                    _field(t("audit.from", lang), _date(DATE_FROM, lang)),
                    _field(t("audit.to", lang), _date(DATE_TO, lang)),
                ],
                className="row g-2 mb-2",
            ),
            html.Div(id=MESSAGE, role="status", **{"aria-live": "polite"}),
            html.Div(
                [
                    html.Div(id=SUMMARY, className="small text-muted", **{"aria-live": "polite"}),
                    html.A(
                        t("audit.csv", lang),
                        id=EXPORT,
                        href="/api/v1/audit?format=csv",
                        download="audit.csv",
                        className="btn btn-outline-secondary btn-sm",
                    ),
                ],
                className="d-flex justify-content-between align-items-center gap-2 mb-2",
            ),
            html.Div(id=TABLE, className="table-responsive"),
        ],
    )


def _field(label: str, control) -> html.Div:
    return html.Div(
        [html.Label(label, htmlFor=control.id, className="form-label mb-1 small"), control],
        className="col-12 col-sm-6 col-lg",
    )


def _date(component_id: str, lang: str) -> dcc.Input:
    hint = "31/12/2565" if lang == "th" else "31/12/2022"
    return dcc.Input(
        id=component_id, type="text", debounce=True, placeholder=hint, inputMode="numeric", className="form-control"
    )


def _action_options(actions: list[str], lang: str) -> list[dict]:
    """Each group (user, facility, ...) then each action, so a group can be read at once."""
    groups = sorted({a.split(".", 1)[0] for a in actions})
    return [{"label": t("audit.group", lang, group=g), "value": g} for g in groups] + [
        {"label": a, "value": a} for a in actions
    ]
