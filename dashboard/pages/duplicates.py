"""Possible duplicates: the pending pairs of the signed-in person's area side by side, to merge (keep one side) or
dismiss (not the same place). See data/duplicates.py for what a likely duplicate is and what merge does.

Every callback asks who is signed in again and the data layer checks the area again: a hidden button is not a check.
A small page: one module with the recipe's parts as sections (ids, layout, callbacks, view) and its ``PAGE`` at the end.
"""

from __future__ import annotations

from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard.auth import request_user, role_at_least
from dashboard.components import LANG_STORE
from dashboard.i18n import format_date, normalize_lang, t
from dashboard.page import Callbacks, Page
from dashboard.state import current
from dashboard.ui.alerts import alert, error_text
from dashboard.ui.areas import COUNTRY, area_label
from data.duplicates import dismiss_pair, list_pairs, merge_pair
from data.errors import UserInputError
from data.registries import FACILITY_SOURCES, FACILITY_STATUSES, FACILITY_TYPES
from data.scope import row_within as in_area
from geo.clock import local

ROLE = "coordinator"
# -- ids --------------------------------------------------------------------------------------------------------------
LIST, MESSAGE, REFRESH = "dup-list", "dup-message", "dup-refresh"
MERGE, DISMISS = "dup-merge", "dup-dismiss"  # pattern-matching ids: {"type": MERGE, "pair": id, "keep": id}
PAGE_PAIRS = 50  # the oldest first; deciding them brings the next ones


# -- layout -----------------------------------------------------------------------------------------------------------
def layout(lang: str, search: str = "", user: dict | None = None, path: str = "/duplicates") -> html.Div:
    area = (user or {}).get("area", "")
    return html.Div(
        className="duplicates-page container-fluid py-3",
        children=[
            dcc.Store(id=REFRESH, data=0),
            html.H1(t("dup.title", lang), className="h4"),
            html.P(
                t("dup.intro", lang, area=area_text(current().registry, area, lang)), className="text-muted small mb-1"
            ),
            html.P(t("dup.how", lang), className="small mb-2"),
            html.Div(id=MESSAGE, role="alert", **{"aria-live": "polite"}),
            html.Div(id=LIST),
        ],
    )


# -- callbacks --------------------------------------------------------------------------------------------------------
on = Callbacks()


@on(Output(LIST, "children"), Input(REFRESH, "data"), State(LANG_STORE, "data"))
def show_pairs(_refresh, lang):
    lang, user = normalize_lang(lang), request_user()
    if not role_at_least(user, ROLE):
        return None
    state = current()
    with state.engine.connect() as conn:
        pairs = list_pairs(conn, user["area"])
    return pair_list(state.registry, pairs, user, lang)


@on(
    Output(MESSAGE, "children"),
    Output(REFRESH, "data"),
    Input({"type": MERGE, "pair": ALL, "keep": ALL}, "n_clicks"),
    Input({"type": DISMISS, "pair": ALL}, "n_clicks"),
    State(REFRESH, "data"),
    State(LANG_STORE, "data"),
    prevent_initial_call=True,
)
def decide(_merge_clicks, _dismiss_clicks, refresh, lang):
    """Merge or dismiss on the server, after asking again who is signed in (the area is checked by data)."""
    lang, pressed = normalize_lang(lang), ctx.triggered_id
    if not isinstance(pressed, dict) or not ctx.triggered[0]["value"]:
        return no_update, no_update  # a button appearing is not a press
    user = request_user()
    if not role_at_least(user, ROLE):
        return alert(t("dup.refused", lang, reason=t("nav.sign_in", lang))), no_update
    try:
        with current().engine.begin() as conn:
            if pressed["type"] == MERGE:
                merge_pair(conn, pressed["pair"], pressed["keep"], user)
            else:
                dismiss_pair(conn, pressed["pair"], user)
    except UserInputError as exc:
        return alert(t("dup.refused", lang, reason=error_text(exc, lang))), (refresh or 0) + 1
    done = t("dup.merged", lang) if pressed["type"] == MERGE else t("dup.dismissed", lang)
    return alert(done, "success"), (refresh or 0) + 1


# -- view -------------------------------------------------------------------------------------------------------------
def area_text(registry, code: str | None, lang: str) -> str:
    """An area by name and code; the whole country by name alone."""
    return area_label(registry, code, lang, with_code=code != COUNTRY)


def pair_list(registry, pairs: list[dict], user: dict, lang: str) -> list | html.P:
    """The first PAGE_PAIRS pairs as cards, and how many more wait."""
    if not pairs:
        return html.P(t("dup.empty", lang), className="text-muted", id="dup-empty")
    shown = [pair_card(registry, pair, user, lang) for pair in pairs[:PAGE_PAIRS]]
    if len(pairs) > PAGE_PAIRS:
        shown.append(html.P(t("dup.more", lang, n=PAGE_PAIRS, total=len(pairs)), className="small text-muted"))
    return shown


def pair_card(registry, pair: dict, user: dict, lang: str) -> html.Div:
    both_mine = in_area(pair["a"], user["area"]) and in_area(pair["b"], user["area"])
    head = t(
        "dup.pair_head",
        lang,
        m=max(1, round(pair["distance_m"])),
        pct=round(pair["similarity"] * 100),
        date=format_date(local(pair["found_at"]).date() if pair["found_at"] else None, lang),  # Thailand's day
    )
    footer = [
        html.Button(
            t("dup.dismiss", lang),
            id={"type": DISMISS, "pair": pair["id"]},
            n_clicks=0,
            className="btn btn-outline-secondary btn-sm",
        )
    ]
    if not both_mine:
        footer.append(html.Span(t("dup.merge_needs_both", lang), className="small text-muted ms-2"))
    return html.Div(
        className="card mb-3 dup-pair",
        id=f"dup-pair-{pair['id']}",
        children=[
            html.Div(head, className="card-header small"),
            html.Div(
                className="card-body row g-3",
                children=[_side(registry, pair, side, both_mine, lang) for side in ("a", "b")],
            ),
            html.Div(footer, className="card-footer"),
        ],
    )


def _side(registry, pair: dict, side: str, may_merge: bool, lang: str) -> html.Div:
    f = pair[side]
    kind = FACILITY_TYPES.get(f["type"])
    status = FACILITY_STATUSES.get(f["status"])
    source = FACILITY_SOURCES.get(f["source"] or "")
    ids = f"{f['external_id']} · #{f['id']}" if f["external_id"] else f"#{f['id']}"
    areas = " · ".join(area_text(registry, code, lang) for code in (f["subdistrict"], f["district"]) if code)
    facts = [
        ("dup.type", kind.label(lang) if kind else f["type"]),
        ("dup.id", ids),
        ("dup.address", f["address"]),
        ("dup.phone", f["phone"]),
        ("dup.area", areas),
        ("dup.coordinates", f"{f['lat']:.5f}, {f['lon']:.5f}"),
        ("dup.status", status.label(lang) if status else f["status"]),
        ("dup.source", source.label(lang) if source else f["source"]),  # else a data set's name
    ]
    button = html.Button(
        t("dup.merge", lang),
        id={"type": MERGE, "pair": pair["id"], "keep": f["id"]},
        n_clicks=0,
        className="btn btn-primary btn-sm mt-2",
        disabled=not may_merge,
    )
    return html.Div(
        className="col-md-6 dup-side",
        children=[
            html.H2(f["name_th"], className="h6 mb-0"),
            html.Div(f["name_en"] or "", className="small text-muted mb-1"),
            html.Dl(
                [
                    part
                    for key, value in facts
                    for part in (html.Dt(t(key, lang), className="col-4"), html.Dd(value or "–", className="col-8"))
                ],
                className="row small mb-0",
            ),
            button,
        ],
    )


PAGE = Page("/duplicates", layout=layout, role=ROLE, nav="nav.duplicates", callbacks=on)
