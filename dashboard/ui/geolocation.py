"""The "use my location" control, shared by the pages that ask where the person is (the finder, the survey form).

The browser is asked only when the person presses the button, never on page load: each press puts a fresh
``dcc.Geolocation`` (a new id, so the browser asks again) in the control's box. The page's own callback takes the
answer as two inputs (``control.inputs()``), reads the latest with :func:`reading` and decides what a place means to
it; why the browser gave no position is said in the page's words (``control.problem``).

    LOCATE = Geolocation("find", texts={...})      # ids: find-locate (the button), find-geo-box, {"type": "find-geo"}
    layout:     LOCATE.button(lang, "btn ..."), LOCATE.box()
    callbacks:  wire_geolocation(on, LOCATE, Output(MESSAGE, "children", allow_duplicate=True))
                @on(..., *LOCATE.inputs(), ...)  →  position, error = reading(positions, errors)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dash import ALL, Input, Output, State, dcc, html, no_update

from dashboard.components import LANG_STORE
from dashboard.i18n import normalize_lang, t
from dashboard.ui.alerts import alert

TEXTS = ("button", "locating", "denied", "insecure", "timeout", "unavailable")  # the keys a control's texts name
# the browser's error codes (GeolocationPositionError): 1 not allowed, 2 unavailable, 3 too slow
PERMISSION_DENIED, TIMEOUT = 1, 3
ASK = {"high_accuracy": True, "timeout": 20_000, "maximum_age": 60_000}  # ms; a minute-old position is still good


@dataclass(frozen=True)
class Geolocation:
    """One page's control. ``prefix`` makes its ids; ``texts`` maps each of :data:`TEXTS` to a catalogue key;
    ``quiet`` (where a location is optional) says what happens as muted text instead of in alerts."""

    prefix: str
    texts: Mapping[str, str]
    quiet: bool = False

    def __post_init__(self) -> None:
        missing = [k for k in TEXTS if k not in self.texts]
        if missing:
            raise ValueError(f"geolocation control {self.prefix!r}: texts lack {missing}")

    @property
    def button_id(self) -> str:
        return f"{self.prefix}-locate"

    @property
    def box_id(self) -> str:
        return f"{self.prefix}-geo-box"

    @property
    def locator_type(self) -> str:
        return f"{self.prefix}-geo"

    def button(self, lang: str, class_name: str, *, disabled: bool = False) -> html.Button:
        return html.Button(
            t(self.texts["button"], lang),
            id=self.button_id,
            n_clicks=0,
            type="button",
            disabled=disabled,
            className=class_name,
        )

    def box(self) -> html.Div:
        """Where each press's ``dcc.Geolocation`` goes (it shows nothing)."""
        return html.Div(id=self.box_id)

    def locator(self, press: int) -> dcc.Geolocation:
        return dcc.Geolocation(id={"type": self.locator_type, "n": press}, **ASK)

    def inputs(self) -> tuple[Input, Input]:
        """The answers of every press: a position, or why there is none."""
        pattern = {"type": self.locator_type, "n": ALL}
        return Input(pattern, "position"), Input(pattern, "position_error")

    def answered(self, triggered_id) -> bool:
        """The browser answered (``ctx.triggered_id`` is one of this control's locators)."""
        return isinstance(triggered_id, dict) and triggered_id.get("type") == self.locator_type

    def locating(self, lang: str):
        text = t(self.texts["locating"], lang)
        return text if self.quiet else alert(text, "info", compact=True)

    def problem(self, error: Mapping, lang: str) -> html.Div:
        """Why the browser gave no position, and what the person can do instead."""
        detail = str(error.get("message") or "") or error.get("code")
        text = t(self.texts[problem_kind(error)], lang, detail=detail)
        return html.Div(text, className="text-muted") if self.quiet else alert(text, "warning", compact=True)


def problem_kind(error: Mapping) -> str:
    """denied, insecure (the page is not on https), timeout or unavailable."""
    code, message = error.get("code"), str(error.get("message") or "")
    if code == PERMISSION_DENIED:
        return "insecure" if "secure" in message.lower() else "denied"
    return "timeout" if code == TIMEOUT else "unavailable"


def reading(positions: list | None, errors: list | None) -> tuple[dict | None, dict | None]:
    """The latest press's answer: (position, None), (None, error), or (None, None) while it is still asking."""
    return (positions or [None])[-1], (errors or [None])[-1]


def wire_geolocation(on, control: Geolocation, message: Output) -> None:
    """Declare the press on a page's ``Callbacks`` set: a fresh locator in the box and "finding…" in ``message``."""

    @on(
        Output(control.box_id, "children"),
        message,
        Input(control.button_id, "n_clicks"),
        State(LANG_STORE, "data"),
        prevent_initial_call=True,
    )
    def start_geolocation(press, lang):
        """The browser is asked only when the person asks (no records are read here)."""
        if not press:
            return no_update, no_update
        return [control.locator(press)], control.locating(normalize_lang(lang))
