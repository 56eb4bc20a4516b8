"""People: volunteers waiting for approval, the users of an area, and the district coordinator registry.

- a coordinator: the pending volunteers of their district (approve or reject) and its volunteers (active, last
  survey); the registry names of their district, read only;
- a province admin: the same for the whole province, its users (deactivate, reactivate), and the coordinator
  registry of the province: every district listed, names added, edited and removed, a CSV export;
- a national admin: any province, through the province chooser.
Every callback asks who is signed in and recomputes the area on the server (``_area``); the data layer checks the
area again before any change.
"""

from __future__ import annotations

from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard.auth import request_user
from dashboard.i18n import format_date, normalize_lang, t
from dashboard.pages.register import area_options
from dashboard.ui.dates import moment_text as when
from data.accounts import (
    ADMIN_ROLES,
    approve,
    deactivate,
    list_pending,
    list_users,
    may_deactivate,
    reactivate,
    reject,
)
from data.coordinators import (
    FIELDS as ENTRY_FIELDS,
)
from data.coordinators import (
    add_coordinator,
    coordinator_frame,
    get_coordinator,
    may_edit,
    remove_coordinator,
    update_coordinator,
)
from data.errors import UserInputError
from data.registries import ROLES
from data.survey_access import AccessDenied

PATH = "/people"
ROLE = "coordinator"
LANG = "lang-store"
PROVINCE, SECTIONS, MESSAGE, REFRESH = "people-province", "people-sections", "people-message", "people-refresh"
REGISTRY_HEAD, REGISTRY_TABLE, ENTRY_MESSAGE = "people-registry-head", "people-registry-table", "people-entry-message"
DECIDE, ACTIVE, EDIT, REMOVE = "people-decide", "people-active", "people-edit", "people-remove"
REGISTRY_FORM, EDITING, DISTRICT, SAVE, CANCEL = (
    "people-registry-form",
    "people-editing",
    "people-entry-district",
    "people-entry-save",
    "people-entry-cancel",
)
ENTRY = {f: f"people-entry-{f.replace('_', '-')}" for f in ENTRY_FIELDS}  # full_name → people-entry-full-name


# -- layout -------------------------------------------------------------------------------------------------------
def layout(state, lang: str, search: str = "", user: dict | None = None, path: str | None = None) -> html.Div:
    if user is None:
        return html.Div()
    admin, national = user["role"] in ADMIN_ROLES, user["role"] == "national_admin"
    chooser = html.Div(
        [
            html.Label(t("people.province", lang), htmlFor=PROVINCE, className="form-label mb-1"),
            dcc.Dropdown(
                id=PROVINCE,
                options=area_options(state.registry, "province", None, lang) if national else [],
                placeholder=t("people.province_pick", lang),
            ),
        ],
        className="mb-3 people-chooser",
        hidden=not national,  # the server uses the chosen province for national admins only
    )
    return html.Div(
        className="people-page px-3 py-3",
        children=[
            dcc.Store(id=REFRESH, data=0),
            dcc.Store(id=EDITING),
            html.H1(t("people.title", lang), className="h4 mb-1"),
            html.P(t(f"people.intro.{user['role']}", lang), className="small text-muted"),
            chooser,
            html.Div(id=MESSAGE, role="status", **{"aria-live": "polite"}),
            html.Div(id=SECTIONS),
            html.Section(
                [
                    html.Div(id=REGISTRY_HEAD),
                    html.Div(id=ENTRY_MESSAGE, role="status", **{"aria-live": "polite"}),
                    _registry_form(lang, hidden=not admin),
                    html.Div(id=REGISTRY_TABLE, className="table-responsive"),
                ],
                id="people-registry",
            ),
        ],
    )


def _registry_form(lang: str, hidden: bool) -> html.Section:
    """The form that adds or edits a registry name (admins; present but hidden for coordinators, whose callbacks
    refuse to change anything anyway)."""
    inputs = [
        html.Div(
            [
                html.Label(t(f"people.entry.{f}", lang), htmlFor=ENTRY[f], className="form-label mb-1 small"),
                dcc.Input(id=ENTRY[f], type="email" if f == "email" else "text", value="", className="form-control"),
            ],
            className="people-entry-field",
        )
        for f in ENTRY_FIELDS
    ]
    return html.Section(
        id=REGISTRY_FORM,
        hidden=hidden,
        className="card card-body my-2 people-entry",
        children=[
            html.H2(t("people.entry.title", lang), className="h6", id="people-entry-title"),
            html.Label(t("people.entry.district", lang), htmlFor=DISTRICT, className="form-label mb-1 small"),
            dcc.Dropdown(id=DISTRICT, options=[], placeholder=t("people.entry.district_pick", lang), className="mb-2"),
            html.Div(inputs, className="people-entry-grid"),
            html.Div(
                [
                    html.Button(t("people.entry.save", lang), id=SAVE, n_clicks=0, className="btn btn-primary"),
                    html.Button(t("people.entry.cancel", lang), id=CANCEL, n_clicks=0, className="btn btn-link"),
                ],
                className="d-flex gap-2 mt-2",
            ),
        ],
    )


# -- callbacks ----------------------------------------------------------------------------------------------------
def register_callbacks(app, state) -> None:
    @app.callback(
        Output(SECTIONS, "children"),
        Output(REGISTRY_HEAD, "children"),
        Output(REGISTRY_TABLE, "children"),
        Output(DISTRICT, "options"),
        Input(REFRESH, "data"),
        Input(PROVINCE, "value"),
        State(LANG, "data"),
    )
    def show(_refresh, province, lang):
        lang = normalize_lang(lang)
        user = request_user()
        area = _area(user, province, state.registry)
        if area is None:
            return html.P(t("people.province_prompt", lang), className="text-muted"), None, None, []
        admin = user["role"] in ADMIN_ROLES
        with state.engine.connect() as conn:
            pending = list_pending(conn, area)
            people = list_users(conn, area, None if admin else ("volunteer",))
            registry = coordinator_frame(conn, state.registry, area)
        sections = [_pending(pending, state.registry, lang), _users(people, user, state.registry, lang)]
        options = area_options(state.registry, "district", area, lang) if admin else []
        return sections, _registry_head(registry, area, lang), _registry_table(registry, admin, lang), options

    @app.callback(
        Output(MESSAGE, "children"),
        Output(REFRESH, "data"),
        Input({"type": DECIDE, "id": ALL, "decision": ALL}, "n_clicks"),
        Input({"type": ACTIVE, "id": ALL, "active": ALL}, "n_clicks"),
        State(REFRESH, "data"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def change_account(_decide, _active, refresh, lang):
        """Approve, reject, deactivate or reactivate: the data layer checks the role and the area again."""
        lang = normalize_lang(lang)
        user, pressed = request_user(), ctx.triggered_id
        if user is None or not isinstance(pressed, dict) or not ctx.triggered[0]["value"]:
            return no_update, no_update  # a button appearing is not a press
        action = pressed.get("decision") or ("reactivate" if pressed.get("active") else "deactivate")
        function = {"approve": approve, "reject": reject, "deactivate": deactivate, "reactivate": reactivate}[action]
        try:
            with state.engine.begin() as conn:
                changed = function(conn, pressed["id"], user)
        except (AccessDenied, UserInputError) as exc:
            return _alert(exc.message_th if lang == "th" else exc.message_en, "danger"), (refresh or 0) + 1
        return _alert(t(f"people.done.{action}", lang, name=changed["username"]), "success"), (refresh or 0) + 1

    @app.callback(
        Output(EDITING, "data"),
        Output(DISTRICT, "value"),
        *[Output(ENTRY[f], "value") for f in ENTRY_FIELDS],
        Output("people-entry-title", "children"),
        Input({"type": EDIT, "id": ALL}, "n_clicks"),
        Input(CANCEL, "n_clicks"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def edit(_edit, _cancel, lang):
        """Load a name into the form (or empty it): only one the signed-in admin may edit."""
        lang = normalize_lang(lang)
        user, pressed = request_user(), ctx.triggered_id
        empty = (None, None, *[""] * len(ENTRY_FIELDS), t("people.entry.title", lang))
        if pressed == CANCEL:
            return empty
        if not isinstance(pressed, dict) or not ctx.triggered[0]["value"]:
            return (no_update,) * len(empty)
        with state.engine.connect() as conn:
            entry = get_coordinator(conn, pressed["id"])
        if entry is None or not may_edit(user, entry["district"]):
            return empty
        title = t("people.entry.editing", lang, name=entry["full_name"])
        return (entry["id"], entry["district"], *[entry[f] or "" for f in ENTRY_FIELDS], title)

    @app.callback(
        Output(ENTRY_MESSAGE, "children"),
        Output(REFRESH, "data", allow_duplicate=True),
        Output(CANCEL, "n_clicks"),
        Input(SAVE, "n_clicks"),
        Input({"type": REMOVE, "id": ALL}, "submit_n_clicks"),
        State(EDITING, "data"),
        State(DISTRICT, "value"),
        *[State(ENTRY[f], "value") for f in ENTRY_FIELDS],
        State(CANCEL, "n_clicks"),
        State(REFRESH, "data"),
        State(LANG, "data"),
        prevent_initial_call=True,
    )
    def save_entry(_save, _remove, editing, district, *rest):
        """Add, change or remove a registry name; data.coordinators checks the admin's area again."""
        *values, cancels, refresh, lang = rest
        lang = normalize_lang(lang)
        user, pressed = request_user(), ctx.triggered_id
        if user is None or not ctx.triggered[0]["value"]:
            return no_update, no_update, no_update
        fields = dict(zip(ENTRY_FIELDS, values))
        try:
            with state.engine.begin() as conn:
                if isinstance(pressed, dict):
                    remove_coordinator(conn, pressed["id"], user)
                    done = t("people.done.removed", lang)
                elif editing:
                    update_coordinator(conn, editing, user, **fields)
                    done = t("people.done.updated", lang, name=fields["full_name"])
                else:
                    add_coordinator(conn, state.registry, user, district or "", **fields)
                    done = t("people.done.added", lang, name=fields["full_name"])
        except (AccessDenied, UserInputError) as exc:
            return _alert(exc.message_th if lang == "th" else exc.message_en, "danger"), no_update, no_update
        return _alert(done, "success"), (refresh or 0) + 1, (cancels or 0) + 1  # the cancel empties the form


def _area(user: dict | None, province: str | None, registry) -> str | None:
    """The area this person looks after: their own, or for a national admin the province chosen (checked)."""
    if user is None or user["role"] not in ("coordinator", *ADMIN_ROLES):
        return None
    if user["role"] != "national_admin":
        return user["area"]
    return province if province and registry.level_of(province) == "province" else None


# -- sections ---------------------------------------------------------------------------------------------------------
def _pending(rows: list[dict], registry, lang: str) -> html.Section:
    if not rows:
        body = html.P(t("people.pending.none", lang), className="text-muted small")
    else:
        body = _table(
            ("name", "username", "area", "phone", "registered", ""),
            [
                (
                    r["display_name"],
                    r["username"],
                    _area_name(registry, r["area"], lang),
                    r["phone"],
                    when(r["created_at"], lang),
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


def _button(row: dict, decision: str, style: str, lang: str) -> html.Button:
    return html.Button(
        t(f"people.{decision}", lang),
        id={"type": DECIDE, "id": row["id"], "decision": decision},
        n_clicks=0,
        className=f"btn btn-sm {style}",
    )


def _users(rows: list[dict], user: dict, registry, lang: str) -> html.Section:
    admin = user["role"] in ADMIN_ROLES
    columns = ("name", "username", "role", "area", "phone", "status", "surveys", "last_survey", "")
    table_rows = []
    for r in rows:
        action = None
        if admin and r["approval"] == "approved" and may_deactivate(user, r):
            label = "people.deactivate" if r["active"] else "people.reactivate"
            action = html.Button(
                t(label, lang),
                id={"type": ACTIVE, "id": r["id"], "active": not r["active"]},
                n_clicks=0,
                className="btn btn-sm " + ("btn-outline-danger" if r["active"] else "btn-outline-secondary"),
            )
        table_rows.append(
            (
                r["display_name"] or "–",
                r["username"],
                ROLES[r["role"]].label(lang),
                _area_name(registry, r["area"], lang),
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


def _status(row: dict, lang: str) -> html.Span:
    key = "rejected" if row["approval"] == "rejected" else ("active" if row["active"] else "inactive")
    style = {"active": "text-bg-success", "inactive": "text-bg-secondary", "rejected": "text-bg-danger"}[key]
    return html.Span(t(f"people.status.{key}", lang), className=f"badge {style}")


def _registry_head(frame, area: str, lang: str) -> html.Div:
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


def _registry_table(frame, editable: bool, lang: str) -> html.Table:
    """Every district of the area: its names, or a marked gap."""
    rows = []
    for district, group in frame.groupby("district", sort=True):
        first = group.iloc[0]
        name = first["district_name_th"] if lang == "th" else first["district_name_en"]
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


# -- pieces ---------------------------------------------------------------------------------------------------------
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


def _area_name(registry, code: str, lang: str) -> str:
    row = registry.get(code) if code != "TH" else None
    if row is None:
        return code
    return f"{row['name_th'] if lang == 'th' else row['name_en']} ({code})"


def _alert(text: str, kind: str) -> html.Div:
    return html.Div(text, className=f"alert alert-{kind} py-2")
