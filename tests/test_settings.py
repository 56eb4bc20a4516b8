"""Settings: every one documented in the README; a bad one stops the app with its variable named."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from settings import SPECS, SettingError, load_settings

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\|\s*`(JITASA_[A-Z_]+)`", readme, flags=re.M))
    assert {spec.env for spec in SPECS} == documented


def test_every_setting_has_help_and_a_default():
    for spec in SPECS:
        assert spec.help.strip() and spec.default() is not None


@pytest.mark.parametrize(
    "env,value",
    [
        ("JITASA_PORT", "eighty"),
        ("JITASA_PORT", "70000"),
        ("JITASA_DATABASE_URL", "mysql://x"),
        ("JITASA_SUPPRESSION_THRESHOLD", "0"),
    ],
)
def test_a_bad_setting_names_the_variable(env, value):
    with pytest.raises(SettingError, match=env):
        load_settings(environ={env: value})


def run_app(*args, env=None):
    import os

    return subprocess.run(
        [sys.executable, "app.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.system
def test_the_app_stops_with_one_line_on_a_bad_setting(tmp_path):
    result = run_app(env={"JITASA_PORT": "eighty", "JITASA_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "jitasa: JITASA_PORT='eighty': invalid literal for int() with base 10: 'eighty'"
    ]


@pytest.mark.system
def test_the_app_stops_with_one_line_when_boundaries_are_missing(tmp_path):
    result = run_app(env={"JITASA_BOUNDARIES_DIR": str(tmp_path / "nowhere"), "JITASA_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "nowhere" in lines[0] and "JITASA_BOUNDARIES_DIR" in lines[0]


@pytest.mark.system
def test_the_app_stops_with_one_line_when_the_database_is_unreachable(tmp_path):
    result = run_app(
        env={"JITASA_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none", "JITASA_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot reach the database" in lines[0] and "127.0.0.1:1" in lines[0]
