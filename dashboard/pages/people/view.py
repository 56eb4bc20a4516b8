"""The people page's pieces, from ready rows and frames: the pending volunteers, the users, the registry."""

from __future__ import annotations

from dash import dcc, html

from dashboard.i18n import format_date, t
from dashboard.pages.people.ids import ACTIVE, DECIDE, EDIT, REMOVE, RESET_CODE
from dashboard.ui.areas import area_label
from dashboard.ui.dates import moment_text
from data.accounts import may_deactivate
from data.registries import ROLES
from geo.thai import localized


def pending_section(rows: list[dict], registry, lang: str) -> html.Section:
    if not rows:
        body = html.P(t("people.pending.none", lang), className="text-muted small")
    else:
        body = _table(
            ("name", "username", "area", "phone", "registered", ""),
            [
                (
                    r["display_name"],
                    _asked_for(r, lang),
                    area_label(registry, r["area"], lang),
                    r["phone"],
                    moment_text(r["created_at"], lang),
                    html.Div(
                        [_button(r, "approve", "btn-success", lang), _button(r, "reject", "btn-outline-danger", lang)],
                        className="d-flex gap-1",
                    ),
                )
                for r in rows
            ],
            lang,
            [f"people-pending-{r['username']}" for r in rows],
        )
    return _section(t("people.pending.title", lang, n=len(rows)), body, "people-pending")


def _asked_for(row: dict, lang: str):
    """The username given; when the one asked for was taken, that one too (the person learns the given one from the
    coordinator: the public form never says a name exists)."""
    if not row.get("requested_username"):
        return row["username"]
    note = t("people.pending.asked_for", lang, name=row["requested_username"])
    return html.Span([row["username"], html.Br(), html.Small(note, className="text-warning-emphasis")])


def _button(row: dict, decision: str, style: str, lang: str) -> html.Button:
    return html.Button(
        t(f"people.{decision}", lang),
        id={"type": DECIDE, "id": row["id"], "decision": decision},
        n_clicks=0,
        className=f"btn btn-sm {style}",
    )


def users_section(rows: list[dict], user: dict, registry, lang: str) -> html.Section:
    admin = ROLES.at_least(user, "province_admin")
    columns = ("name", "username", "role", "area", "phone", "status", "surveys", "last_survey", "")
    table_rows = []
    for r in rows:
        action = None
        if admin and r["approval"] == "approved" and may_deactivate(user, r):
            action = _account_buttons(r, lang)
        table_rows.append(
            (
                r["display_name"] or "–",
                r["username"],
                ROLES[r["role"]].label(lang),
                area_label(registry, r["area"], lang),
                r["phone"] or "–",
                _status(r, lang),
                f"{r['surveys']:,}",
                format_date(r["last_survey"], lang),
                action,
            )
        )
    title = t("people.users.title" if admin else "people.volunteers.title", lang, n=len(rows))
    ids = [f"people-user-{r['username']}" for r in rows]
    body = _table(columns, table_rows, lang, ids) if rows else html.P(t("people.users.none", lang), className="small")
    return _section(title, body, "people-users")


def _account_buttons(row: dict, lang: str) -> html.Div:
    label = "people.deactivate" if row["active"] else "people.reactivate"
    buttons = [
        html.Button(
            t(label, lang),
            id={"type": ACTIVE, "id": row["id"], "active": not row["active"]},
            n_clicks=0,
            className="btn btn-sm " + ("btn-outline-danger" if row["active"] else "btn-outline-secondary"),
        )
    ]
    if row["active"]:
        buttons.append(
            html.Button(
                t("account.reset.issue", lang),
                id={"type": RESET_CODE, "id": row["id"]},
                n_clicks=0,
                className="btn btn-sm btn-outline-secondary",
            )
        )
    return html.Div(buttons, className="d-flex flex-wrap gap-1")


def reset_code_message(issued: dict, lang: str) -> html.Div:
    """The one-time code, shown once to the admin who asked for it."""
    until = moment_text(issued["expires_at"], lang)
    text = t("account.reset.issued", lang, name=issued["username"], code="", until=until)
    before, after = text.split(": ", 1) if ": " in text else (text, "")
    return html.Div(
        [before + ": ", html.Strong(issued["code"], id="people-reset-code-value", className="font-monospace"), after],
        className="alert alert-warning",
        role="status",
    )


def _status(row: dict, lang: str) -> html.Span:
    key = "rejected" if row["approval"] == "rejected" else ("active" if row["active"] else "inactive")
    style = {"active": "text-bg-success", "inactive": "text-bg-secondary", "rejected": "text-bg-danger"}[key]
    return html.Span(t(f"people.status.{key}", lang), className=f"badge {style}")


def registry_head(frame, area: str, lang: str) -> html.Div:
    named, total = frame.loc[frame.full_name != "", "district"].nunique(), frame["district"].nunique()
    export = html.A(
        t("people.registry.export", lang),
        href=f"/api/v1/coordinators?province={area[:2]}&format=csv",
        className="btn btn-outline-secondary btn-sm",
        id="people-registry-export",
        download="",
    )
    return html.Div(
        [
            html.H2(t("people.registry.title", lang), className="h6 mt-3"),
            html.Div(
                [html.Span(t("people.registry.count", lang, named=named, total=total), className="small"), export],
                className="d-flex flex-wrap gap-2 align-items-center",
            ),
        ]
    )


def registry_table(frame, editable: bool, lang: str) -> html.Table:
    """Every district of the area: its names, or a marked gap."""
    rows = []
    for district, group in frame.groupby("district", sort=True):
        first = group.iloc[0]
        name = localized(first, lang, field="district_name")
        people = [_entry(e, editable, lang) for e in group.to_dict("records") if e["full_name"]]
        rows.append(
            html.Tr(
                [
                    html.Td(
                        [html.Div(name), html.Small(district, className="text-muted")], className="people-district"
                    ),
                    html.Td(
                        html.Div(people)
                        if people
                        else html.Span(t("people.registry.gap", lang), className="badge text-bg-warning")
                    ),
                ],
                id=f"people-district-{district}",
                className="" if people else "people-gap",
            )
        )
    head = html.Tr([html.Th(t("people.col.district", lang)), html.Th(t("people.col.coordinators", lang))])
    return html.Table([html.Thead(head), html.Tbody(rows)], className="table table-sm align-middle people-table")


def _entry(entry: dict, editable: bool, lang: str) -> html.Div:
    contact = " · ".join(v for v in (entry["position"], entry["phone"], entry["email"]) if v)
    buttons = []
    if editable:
        buttons = [
            html.Button(
                t("people.edit", lang),
                id={"type": EDIT, "id": entry["id"]},
                n_clicks=0,
                className="btn btn-link btn-sm p-0",
            ),
            dcc.ConfirmDialogProvider(
                html.Button(t("people.remove", lang), className="btn btn-link btn-sm p-0 text-danger"),
                id={"type": REMOVE, "id": entry["id"]},
                message=t("people.remove_confirm", lang, name=entry["full_name"]),
            ),
        ]
    return html.Div(
        [html.Strong(entry["full_name"]), html.Span(" " + contact, className="small text-muted text-break"), *buttons],
        className="people-entry-line d-flex flex-wrap gap-2 align-items-baseline",
    )


def _section(title: str, body, section_id: str) -> html.Section:
    return html.Section([html.H2(title, className="h6 mt-3"), html.Div(body)], id=section_id)


def _table(columns, rows, lang: str, row_ids: list[str]) -> html.Div:
    head = [html.Th(t(f"people.col.{c}", lang) if c else "", scope="col") for c in columns]
    labels = [t(f"people.col.{c}", lang) if c else "" for c in columns]  # each cell names its column on a phone
    body = [
        html.Tr([html.Td(v, **{"data-label": label}) for v, label in zip(row, labels)], id=row_id)
        for row, row_id in zip(rows, row_ids)
    ]
    table = html.Table(
        [html.Thead(html.Tr(head)), html.Tbody(body)], className="table table-sm align-middle people-table"
    )
    return html.Div(table, className="table-responsive")
