"""Labels in Thai and English from one catalogue; Buddhist-era dates in Thai."""

import datetime as dt

from dashboard.i18n import CATALOGUE, format_date, t


def test_buddhist_era_in_thai_gregorian_in_english():
    day = dt.date(2022, 12, 16)
    assert format_date(day, "th") == "16 ธ.ค. 2565"
    assert format_date(day, "en") == "16 Dec 2022"


def test_every_label_has_thai_and_english_with_the_same_placeholders():
    import string

    for key, (th, en) in CATALOGUE.items():
        assert bool(th.strip()) == bool(en.strip()), key  # a unit may be empty in both
        fields = lambda s: {f.split("|")[0] for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
        assert fields(th) == fields(en), key


def test_english_counts_take_the_singular_for_one():
    assert t("facility_form.problems", "en", n=1) == "Not saved: fix the 1 problem marked below"
    assert t("facility_form.problems", "en", n=2) == "Not saved: fix the 2 problems marked below"
    assert t("help_queue.people", "en", n=1) == "1 person" and t("help_queue.people", "en", n=3) == "3 people"
    assert t("facility_form.problems", "th", n=1) == "บันทึกไม่ได้: โปรดแก้ 1 จุดที่ทำเครื่องหมายไว้"


def test_unknown_language_falls_back_to_thai():
    assert t("map.title", "xx") == t("map.title", "th") == "ความครอบคลุมการฉีดวัคซีน"


def test_every_drop_down_speaks_the_page_language():
    """Dash's drop-down says "Search" and "No options found" in English; every page makes its drop-downs through
    dashboard.ui.controls.dropdown, which gives them the page's words."""
    import ast
    from pathlib import Path

    from dashboard.ui.controls import dropdown

    root = Path(__file__).resolve().parents[1] / "dashboard"
    direct = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "Dropdown":
                direct.append(f"{path.relative_to(root.parent)}:{node.lineno}")
    assert direct == ["dashboard/ui/controls.py:15"], direct
    thai = dropdown("th", id="x", options=[]).labels
    assert thai["search"] == "ค้นหา" and thai["no_options_found"] == "ไม่พบตัวเลือก"
    assert dropdown("en", id="x", options=[]).labels["search"] == "Search"
