"""The tokens page's pieces, from ready rows: the new token once, the table."""

from __future__ import annotations

from dash import dcc, html

from dashboard.i18n import t
from dashboard.pages.tokens.ids import NEW_VALUE, REVOKE
from dashboard.ui.dates import moment_text


def new_token(issued: dict, lang: str) -> html.Div:
    return html.Div(
        [
            html.Div(t("tokens.new_title", lang, name=issued["name"] or f"#{issued['id']}"), className="fw-bold"),
            html.Div(
                [
                    html.Code(issued["token"], id=NEW_VALUE, className="tokens-value"),
                    dcc.Clipboard(target_id=NEW_VALUE, title=t("tokens.copy", lang), className="tokens-copy"),
                ],
                className="d-flex align-items-center gap-2 my-2",
            ),
            html.Div(t("tokens.copy_hint", lang), className="small"),
        ],
        className="alert alert-warning",
        role="alert",
    )


def token_table(tokens: list[dict], lang: str) -> html.Table | html.P:
    if not tokens:
        return html.P(t("tokens.none", lang), className="text-muted")
    head = [t(f"tokens.col.{c}", lang) for c in ("name", "created", "last_used", "status")]
    return html.Table(
        [
            html.Thead(html.Tr([html.Th(h, scope="col") for h in [*head, ""]])),
            html.Tbody([_row(token, head, lang) for token in tokens]),
        ],
        className="table table-sm align-middle people-table",
    )


def _row(token: dict, labels: list[str], lang: str) -> html.Tr:
    revoked = token["revoked_at"] is not None
    status = (
        html.Span(
            t("tokens.revoked", lang, when=moment_text(token["revoked_at"], lang)), className="badge text-bg-secondary"
        )
        if revoked
        else html.Span(t("tokens.active", lang), className="badge text-bg-success")
    )
    action = (
        None
        if revoked
        else html.Button(
            t("tokens.revoke", lang),
            id={"type": REVOKE, "id": token["id"]},
            n_clicks=0,
            className="btn btn-outline-danger btn-sm",
        )
    )
    cells = (
        token["name"] or f"#{token['id']}",
        moment_text(token["created_at"], lang),
        moment_text(token["last_used_at"], lang) if token["last_used_at"] else t("tokens.never", lang),
        status,
    )
    return html.Tr(
        [*(html.Td(c, **{"data-label": label}) for c, label in zip(cells, labels)), html.Td(action)],
        id=f"tokens-row-{token['id']}",
        className="text-muted" if revoked else None,
    )
