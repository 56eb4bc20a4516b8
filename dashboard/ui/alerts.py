"""Alerts and problem lists: how the site tells a person what happened, in their language first."""

from __future__ import annotations

from dash import html


def alert(children, kind: str = "warning", *, compact: bool = False, element_id: str | None = None) -> html.Div:
    """A Bootstrap alert (``kind``: success, info, warning, danger, secondary); ``compact`` for one inside a form."""
    extra = {"id": element_id} if element_id else {}
    spacing = "py-2 px-2 my-2 small" if compact else "py-2"
    return html.Div(children, className=f"alert alert-{kind} {spacing}", **extra)


def both_languages(th: str, en: str, lang: str) -> html.Div:
    """A message in the reader's language first, the other language after it, quieter."""
    first, second = (th, en) if lang == "th" else (en, th)
    return html.Div([html.Span(first), html.Span(" · " + second, className="text-muted")])


def problem_item(problem, lang: str) -> html.Div:
    """One problem (``data.errors.Problem`` or an exception with message_th/message_en), both languages stacked."""
    first, second = (
        (problem.message_th, problem.message_en) if lang == "th" else (problem.message_en, problem.message_th)
    )
    return html.Div([html.Div(first), html.Div(second, className="small opacity-75")], className="problem-item")


def error_text(exc, lang: str) -> str:
    """The message of a UserInputError-like exception in the reader's language."""
    return exc.message_th if lang == "th" else exc.message_en
