"""The trainer's page's pieces, from plain data: the accounts just made (with their passwords), the list."""

from __future__ import annotations

from dash import html

from dashboard.i18n import t
from data.registries import ROLES
from geo.clock import local


def made_table(space: str, made: list[dict], lang: str, printed: bool) -> html.Div:
    """What was made, passwords included (shown this once), with a line saying so."""
    note = t("practice.made", lang, n=len(made), space=space)
    rows = [
        html.Tr(
            [html.Td(m["username"], className="font-monospace"), html.Td(m["password"], className="font-monospace")]
        )
        for m in made
    ]
    head = html.Tr([html.Th(t("practice.username", lang)), html.Th(t("practice.password", lang))])
    parts = [html.Div(note, className="alert alert-success py-2")]
    if not printed:
        parts.append(html.Div(t("practice.no_pdf", lang), className="alert alert-warning py-2"))
    return html.Div([*parts, html.Table([html.Thead(head), html.Tbody(rows)], className="table table-sm")])


def accounts_table(rows: list[dict], lang: str) -> html.Div:
    if not rows:
        return html.P(t("practice.none", lang), className="text-muted")
    keys = ("username", "space_column", "role", "expires", "status")
    head = html.Tr([html.Th(t(f"practice.{k}", lang)) for k in keys])
    body = [
        html.Tr(
            [
                html.Td(r["username"], className="font-monospace"),
                html.Td(r["space"]),
                html.Td(ROLES[r["role"]].label(lang)),
                html.Td(local(r["expires_at"]).strftime("%Y-%m-%d %H:%M")),
                html.Td(t(f"practice.status.{r['status']}", lang)),
            ],
            id=f"practice-account-{r['username']}",
        )
        for r in rows
    ]
    return html.Table([html.Thead(head), html.Tbody(body)], className="table table-sm")
