"""The public pages' catalogue (dashboard/i18n_public.py): every key in all five languages, each in its own script,
the same placeholders everywhere; every facility type, service and status named; dates in each language."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest

from dashboard.i18n_public import LANGUAGE_NAMES, MONTHS, PUBLIC, PUBLIC_LANGS, REVIEWED, pt, public_date
from data.registries import FACILITY_STATUSES, FACILITY_TYPES, SERVICES

SCRIPTS = {"th": "\u0e00-\u0e7f", "my": "\u1000-\u109f", "km": "\u1780-\u17ff", "lo": "\u0e80-\u0eff"}
FINDER_TEMPLATE = Path(__file__).resolve().parents[1] / "dashboard" / "templates" / "find.html"


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_key_has_every_language_with_the_same_placeholders():
    for key, texts in PUBLIC.items():
        assert len(texts) == len(PUBLIC_LANGS), key
        assert all(text.strip() for text in texts), key
        assert all(fields(text) == fields(texts[1]) for text in texts), key


@pytest.mark.parametrize("lang", ["th", "my", "km", "lo"])
def test_each_language_is_written_in_its_own_script(lang):
    """Every text of a language has letters of its script, and none is the English text (names of places, numbers
    and parameter names aside)."""
    position = PUBLIC_LANGS.index(lang)
    for key, texts in PUBLIC.items():
        text = texts[position]
        assert re.search(f"[{SCRIPTS[lang]}]", text) or key == "find.m" and lang == "my", (key, text)
        assert text != texts[1] or key == "public.app", (key, text)


def test_every_type_service_and_status_is_named():
    for registry, prefix in ((FACILITY_TYPES, "type"), (SERVICES, "service"), (FACILITY_STATUSES, "status")):
        assert {f"{prefix}.{code}" for code in registry.codes} <= PUBLIC.keys(), prefix


def test_every_key_the_finder_uses_exists():
    source = FINDER_TEMPLATE.read_text() + "".join(
        p.read_text() for p in (FINDER_TEMPLATE.parents[1] / "pages" / "find").glob("*.py")
    )
    used = set(re.findall(r"""["'](find\.[a-z_.]+)["']""", source)) - {"find.html"}
    assert used and used <= PUBLIC.keys(), used - PUBLIC.keys()


def test_dates_and_names():
    day = dt.date(2021, 1, 4)
    assert public_date(day, "th") == "4 ม.ค. 2564" and public_date(day, "en") == "4 Jan 2021"
    assert public_date(day, "lo") == "4 ມັງກອນ 2021" and public_date(None, "km") == "–"
    assert all(len(names) == 12 for names in MONTHS.values()) and MONTHS.keys() == set(PUBLIC_LANGS)
    assert LANGUAGE_NAMES.keys() == set(PUBLIC_LANGS) and set(REVIEWED) <= set(PUBLIC_LANGS)
    assert pt("find.km", "xx", km="1.2") == "1.2 กม."  # an unknown language reads Thai
