"""geo/thai.py: Thai digits, and the Thai or English name of a row."""

import pandas as pd

from geo.thai import ascii_digits, localized


def test_ascii_digits():
    assert ascii_digits("๑๒.๕ กม.") == "12.5 กม."
    assert ascii_digits("081-234-๕๖๗๘") == "081-234-5678"


def test_localized_dict():
    row = {"name_th": "เชียงใหม่", "name_en": "Chiang Mai"}
    assert localized(row, "th") == "เชียงใหม่"
    assert localized(row, "en") == "Chiang Mai"
    assert localized({"name_th": "ค่าย", "name_en": ""}, "en") == "ค่าย"  # no English: the Thai
    assert localized({"name_th": "ค่าย", "name_en": None}, "en") == "ค่าย"
    assert localized({"label_th": "ก", "label_en": "A"}, "en", "label") == "A"


def test_localized_series_and_frame():
    frame = pd.DataFrame({"name_th": ["ก", "ข", "ค"], "name_en": ["A", None, ""]})
    assert localized(frame, "en").tolist() == ["A", "ข", "ค"]
    assert localized(frame, "th").tolist() == ["ก", "ข", "ค"]
    assert localized(frame.iloc[1], "en") == "ข"
