"""Alerts and problem lists: how the site tells a person what happened, in their language first."""

from __future__ import annotations

import re
from collections.abc import Mapping

from dash import html

from dashboard.i18n import t

Labels = Mapping[str, str]  # a form's field (the problem's column) -> the catalogue key of its label


def alert(children, kind: str = "warning", *, compact: bool = False, element_id: str | None = None) -> html.Div:
    """A Bootstrap alert (``kind``: success, info, warning, danger, secondary); ``compact`` for one inside a form."""
    extra = {"id": element_id} if element_id else {}
    spacing = "py-2 px-2 my-2 small" if compact else "py-2"
    return html.Div(children, className=f"alert alert-{kind} {spacing}", **extra)


def both_languages(th: str, en: str, lang: str) -> html.Div:
    """A message in the reader's language first, the other language after it, quieter."""
    first, second = (th, en) if lang == "th" else (en, th)
    return html.Div([html.Span(first), html.Span(" · " + second, className="text-muted")])


def problem_item(problem, lang: str, labels: Labels | None = None, *, prefix: bool = False) -> html.Div:
    """One problem (``data.errors.Problem`` or an exception with message_th/message_en), both languages stacked;
    with ``labels``, a form's field is named by its label in each language, never by its code (``problem_text``)."""
    other = "en" if lang == "th" else "th"
    first, second = (problem_text(problem, code, labels, prefix=prefix) for code in (lang, other))
    return html.Div([html.Div(first), html.Div(second, className="small opacity-75")], className="problem-item")


def problem_text(problem, lang: str, labels: Labels | None = None, *, prefix: bool = True) -> str:
    """A problem's message in ``lang``. With ``labels`` (a form's fields), the field it names by its code
    ("“target_group” is required", "assigned_to: …") is named by its label ("“Target group” is required"), and
    with ``prefix`` a message that does not name its field starts with the label ("Phone: …"); shown under its
    field, it needs none. Upload files keep the codes: they are the file's columns."""
    message = problem.message_th if lang == "th" else problem.message_en
    code = getattr(problem, "column", None) or ""
    key = (labels or {}).get(code)
    if not key:
        return message
    label = t(key, lang)
    message = re.sub(rf"([“'\"]){re.escape(code)}([”'\"])", lambda m: m[1] + label + m[2], message)
    if "_" in code:  # a code with an underscore is no word of a sentence
        message = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(code)}(?![A-Za-z0-9_])", lambda _: label, message)
    return message if not prefix or label in message else f"{label}: {message}"


def problems_block(exc, lang: str, labels: Labels | None = None) -> html.Div | str:
    """Every problem of a refusal, one line each, in the page's language (its fields by their labels); a refusal
    of one problem as its sentence alone."""
    problems = getattr(exc, "problems", None) or []
    if len(problems) < 2:
        return problem_text(problems[0], lang, labels) if problems else error_text(exc, lang)
    return html.Ul([html.Li(problem_text(p, lang, labels)) for p in problems], className="mb-0 ps-3")


def error_text(exc, lang: str, labels: Labels | None = None) -> str:
    """The message of a UserInputError-like exception in the reader's language; with ``labels``, built from its
    problems with each field named by its label."""
    problems = getattr(exc, "problems", None)
    if labels and problems:
        return "; ".join(problem_text(p, lang, labels) for p in problems)
    return exc.message_th if lang == "th" else exc.message_en
