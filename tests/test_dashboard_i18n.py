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
        fields = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
        assert fields(th) == fields(en), key


def test_unknown_language_falls_back_to_thai():
    assert t("map.title", "xx") == t("map.title", "th") == "ความครอบคลุมการฉีดวัคซีน"
