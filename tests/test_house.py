"""The house rules of dashboard/ (STYLE.md, "Pages: one recipe"), checked on the source so they cannot drift:
small modules, short callbacks, no JavaScript inside Python strings."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = ROOT / "dashboard"
MAX_MODULE_LINES = 300
MAX_CALLBACK_LINES = 20
CATALOGUES = {"dashboard/i18n.py", "dashboard/i18n_public.py"}  # the label catalogues: long by nature
# JavaScript shows itself by these; a Thai or English sentence never contains them
JS_MARKS = ("function(", "function (", "=>", "document.", "window.", "addEventListener")


def _modules() -> list[Path]:
    return sorted(DASHBOARD.rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _is_callback(decorator: ast.expr) -> bool:
    """``@on(...)`` of a page's Callbacks set, ``@app.callback(...)`` or Dash's ``@callback(...)``."""
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return name in {"on", "callback"}


def _body_lines(function: ast.FunctionDef) -> int:
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        body = body[1:]  # the docstring is not code
    return 0 if not body else function.end_lineno - body[0].lineno + 1


def test_no_dashboard_module_over_300_lines():
    long = {
        _name(p): n
        for p in _modules()
        if _name(p) not in CATALOGUES and (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"modules over {MAX_MODULE_LINES} lines (split them): {long}"


def test_no_callback_body_over_20_lines():
    long = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and any(_is_callback(d) for d in node.decorator_list):
                if (n := _body_lines(node)) > MAX_CALLBACK_LINES:
                    long.append(f"{_name(path)}:{node.lineno} {node.name} ({n} lines)")
    assert not long, "callbacks over 20 lines (move the work to view.py or data/):\n" + "\n".join(long)


def test_no_javascript_in_python_strings():
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if any(mark in node.value for mark in JS_MARKS):
                    found.append(f"{_name(path)}:{node.lineno}")
    assert not found, "JavaScript belongs in dashboard/assets/*.js (ClientsideFunction):\n" + "\n".join(found)


def test_the_checks_see_what_they_look_for():
    """The walkers above find a long callback and a script when there is one (so a pass means something)."""
    source = "@on(1)\ndef f():\n" + "    x = 1\n" * 21 + "S = 'function(a) { return a; }'\n"
    tree = ast.parse(source)
    function = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))
    assert _is_callback(function.decorator_list[0]) and _body_lines(function) == 21
    script = [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert any(mark in script[0].value for mark in JS_MARKS)
