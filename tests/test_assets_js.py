"""The browser-side functions (dashboard/assets/*.js) run in Node with a stand-in window: the national-id check agrees
with the server's rule (data.parsing.valid_national_id), and every page file adds to the namespace, in any order."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from data.parsing import valid_national_id

ASSETS = Path(__file__).resolve().parents[1] / "dashboard" / "assets"
pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")


def _run(files: list[str], expression: str):
    loads = "".join(f"require({json.dumps(str(ASSETS / f))});" for f in files)
    script = (
        f"global.window = {{}}; global.CSS = {{escape: s => s}}; {loads} console.log(JSON.stringify({expression}));"
    )
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_every_page_file_adds_to_the_namespace_whatever_the_order():
    files = sorted(p.name for p in ASSETS.glob("*.js"))
    forward = _run(files, "Object.keys(window.dash_clientside.jitasa).sort()")
    backward = _run(files[::-1], "Object.keys(window.dash_clientside.jitasa).sort()")
    assert forward == backward and {"mapEvents", "toggleMenu", "nationalIdCheck"} <= set(forward)


def test_the_national_id_check_in_the_browser_agrees_with_the_server():
    ids = ["1101700230708", "1101700230704", "๑๑๐๑๗๐๐๒๓๐๗๐๘", "1-1017-00230-70-8", "110170023070", "1101700230705x"]
    texts = {k: k for k in ("nid_count", "nid_ok", "nid_bad", "nid_long", "nid_chars")}
    answers = _run(
        ["jitasa.js", "jitasa_survey.js"],
        f"{json.dumps(ids)}.map(v => window.dash_clientside.jitasa.nationalIdCheck(v, {json.dumps(texts)})[0])",
    )
    assert answers.count("nid_ok") == 3 and "nid_bad" in answers  # both verdicts are exercised
    for value, answer in zip(ids, answers):
        digits = value.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")).replace("-", "")
        if digits.isdigit() and len(digits) == 13:
            assert (answer == "nid_ok") == valid_national_id(digits), value
        else:
            assert answer in {"nid_count", "nid_chars", "nid_long"}, value
