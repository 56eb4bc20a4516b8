"""Tests of geo.registry: what people type (Thai, English, codes, abbreviations) resolves to the right DOPA code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.boundaries import Boundaries
from geo.registry import AreaNotFound, AreaRegistry, level_for_code, normalize_name, read_province_alt_names

CHIANG_MAI, MUEANG_CHIANG_MAI, BANGKOK = "50", "5001", "10"
CHALOEM_PHRA_KIAT = {
    "1913": "Pathum Thani",
    "3032": "Nakhon Ratchasima",
    "3123": "Buri Ram",
    "5515": "Nan",
    "8023": "Nakhon Si Thammarat",
}


@pytest.fixture(scope="module")
def registry_without_alt_names(real_boundaries: Boundaries) -> AreaRegistry:
    return AreaRegistry.from_boundaries(real_boundaries)


# -- the names people type ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("เชียงใหม่", CHIANG_MAI),
        ("Chiang Mai", CHIANG_MAI),
        ("chiang mai", CHIANG_MAI),
        ("  CHIANG MAI  ", CHIANG_MAI),
        ("Chiangmai", CHIANG_MAI),
        ("Chiang Mai Province", CHIANG_MAI),
        ("จ.เชียงใหม่", CHIANG_MAI),
        ("จ. เชียงใหม่", CHIANG_MAI),
        ("จังหวัดเชียงใหม่", CHIANG_MAI),
        ("Changwat Chiang Mai", CHIANG_MAI),
        ("อ.เมืองเชียงใหม่", MUEANG_CHIANG_MAI),
        ("อำเภอเมืองเชียงใหม่", MUEANG_CHIANG_MAI),
        ("Mueang Chiang Mai", MUEANG_CHIANG_MAI),
        ("Amphoe Mueang Chiang Mai", MUEANG_CHIANG_MAI),
        ("Mueang Chiang Mai District", MUEANG_CHIANG_MAI),
        ("กรุงเทพมหานคร", BANGKOK),
        ("Bangkok", BANGKOK),
        ("นิคมสร้างตนเองลำโดมน้อย", "342504"),  # the full DOPA name
        ("นิคมสร้างตนเองลำ", "342504"),  # the source's truncated name still works
        ("เขตป้อมปราบศัตรูพ่าย", "1008"),
        ("ป้อมปราบศัตรูพ่าย", "1008"),
        ("Phra Nakhon Si Ayutthaya", "14"),
    ],
)
def test_names_resolve(real_registry: AreaRegistry, text: str, code: str) -> None:
    assert real_registry.resolve(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("50", CHIANG_MAI),
        ("5001", MUEANG_CHIANG_MAI),
        ("500101", "500101"),
        ("TH-50", CHIANG_MAI),  # ISO 3166-2
        ("th-50", CHIANG_MAI),
        ("TH50", CHIANG_MAI),  # OCHA P-codes
        ("TH5001", MUEANG_CHIANG_MAI),
        ("TH500101", "500101"),
        ("๕๐", CHIANG_MAI),  # Thai digits
        ("๕๐๐๑", MUEANG_CHIANG_MAI),
        ("TH-๑๐", BANGKOK),
    ],
)
def test_codes_resolve(real_registry: AreaRegistry, text: str, code: str) -> None:
    assert real_registry.resolve(text) == code


@pytest.mark.parametrize("text", ["99", "5099", "TH-99", "500199", "123"])
def test_codes_that_do_not_exist_are_not_found(real_registry: AreaRegistry, text: str) -> None:
    with pytest.raises(AreaNotFound, match=re.escape(repr(text))):
        real_registry.resolve(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("กทม", BANGKOK),
        ("กรุงเทพฯ", BANGKOK),
        ("BKK", BANGKOK),
        ("Krung Thep Maha Nakhon", BANGKOK),
        ("CMI", CHIANG_MAI),
        ("Korat", "30"),
        ("อยุธยา", "14"),
        ("Ayutthaya", "14"),
    ],
)
def test_alternative_spellings_come_from_the_mapping(
    real_registry: AreaRegistry, registry_without_alt_names: AreaRegistry, text: str, code: str
) -> None:
    assert real_registry.resolve(text) == code
    with pytest.raises(AreaNotFound):
        registry_without_alt_names.resolve(text, level="province")


def test_bangkok_districts_listed_as_bangkok_spellings_stay_districts(real_registry: AreaRegistry) -> None:
    # the mapping file lists ยานนาวา, บางนา and ภาษีเจริญ among Bangkok's names; they are Bangkok districts
    assert real_registry.resolve("ยานนาวา") == "1012"
    assert real_registry.resolve("บางนา") == "1047"
    assert real_registry.resolve("ภาษีเจริญ") == "1022"
    with pytest.raises(AreaNotFound):
        real_registry.resolve("บางนา", level="province")


@pytest.mark.parametrize("text", ["Unknown", "ไม่ระบุ", "พม่า", "-", "", "   ", "เรือนจำฯ", "Prison"])
def test_the_mappings_unknown_and_prison_rows_are_not_areas(real_registry: AreaRegistry, text: str) -> None:
    # province_mapping.csv has "Unknown" and "Prison" rows without an ISO code: they name no area
    with pytest.raises(AreaNotFound):
        real_registry.resolve(text)


def test_read_province_alt_names(province_mapping_csv: Path) -> None:
    alt_names = read_province_alt_names(province_mapping_csv)
    assert len(alt_names) == 77
    assert all(re.fullmatch(r"\d{2}", code) for code in alt_names)
    assert {"Bangkok", "กรุงเทพมหานคร", "BKK", "กทม"} <= set(alt_names[BANGKOK])
    assert {"Chiang Mai", "เชียงใหม่", "ChiangMai"} <= set(alt_names[CHIANG_MAI])


# -- level and within -----------------------------------------------------------------------------------------------
def test_a_name_shared_by_levels_prefers_the_highest(real_registry: AreaRegistry) -> None:
    # เชียงใหม่ is a province and also a subdistrict of Roi Et (450802)
    assert real_registry.resolve("เชียงใหม่") == CHIANG_MAI
    assert real_registry.resolve("เชียงใหม่", level="subdistrict") == "450802"
    assert real_registry.resolve("เชียงใหม่", level="province") == CHIANG_MAI


def test_level_restricts_the_match(real_registry: AreaRegistry) -> None:
    assert real_registry.resolve("Mueang Chiang Mai", level="district") == MUEANG_CHIANG_MAI
    with pytest.raises(AreaNotFound, match="no district named 'Chiang Mai'") as error:
        real_registry.resolve("Chiang Mai", level="district")
    assert error.value.message_th.startswith("ไม่พบอำเภอชื่อ “Chiang Mai”")
    with pytest.raises(AreaNotFound, match="no district named '50'"):
        real_registry.resolve("50", level="district")


def test_within_restricts_the_match(real_registry: AreaRegistry) -> None:
    assert real_registry.resolve("Mueang Chiang Mai", within=CHIANG_MAI) == MUEANG_CHIANG_MAI
    assert real_registry.resolve(MUEANG_CHIANG_MAI, within=CHIANG_MAI) == MUEANG_CHIANG_MAI
    assert real_registry.resolve(MUEANG_CHIANG_MAI, within="TH") == MUEANG_CHIANG_MAI
    with pytest.raises(AreaNotFound):
        real_registry.resolve(MUEANG_CHIANG_MAI, within=BANGKOK)
    with pytest.raises(AreaNotFound):
        real_registry.resolve("เมืองเชียงใหม่", within=BANGKOK)
    # ศรีภูมิ is a subdistrict in Nakhon Ratchasima, Chiang Mai and Nan: within picks one
    assert real_registry.resolve("ศรีภูมิ", within=CHIANG_MAI) == "500101"
    assert real_registry.resolve("ศรีภูมิ", within=MUEANG_CHIANG_MAI) == "500101"


# -- not found and ambiguous: the words users read ------------------------------------------------------------------
def test_a_misspelt_province_suggests_the_province_first(real_registry: AreaRegistry) -> None:
    with pytest.raises(AreaNotFound, match="no area named 'Chiang Mia'; did you mean Chiang Mai") as error:
        real_registry.resolve("Chiang Mia")
    assert error.value.ambiguous is False
    assert error.value.message_th.startswith("ไม่พบพื้นที่ชื่อ “Chiang Mia” หมายถึง เชียงใหม่ (50)")
    assert error.value.suggestions[0] == (CHIANG_MAI, "เชียงใหม่", "Chiang Mai")


def test_suggestions_respect_level_and_within(real_registry: AreaRegistry) -> None:
    with pytest.raises(AreaNotFound) as error:
        real_registry.resolve("Chiang Mia", level="province")
    assert error.value.suggestions[0] == (CHIANG_MAI, "เชียงใหม่", "Chiang Mai")
    assert all(len(code) == 2 for code, _, _ in error.value.suggestions)
    with pytest.raises(AreaNotFound) as error:
        real_registry.resolve("Mueang Chiang Maii", within=CHIANG_MAI)
    assert error.value.suggestions
    assert all(code.startswith(CHIANG_MAI) for code, _, _ in error.value.suggestions)


def test_not_found_message_in_thai(real_registry: AreaRegistry) -> None:
    with pytest.raises(AreaNotFound) as error:
        real_registry.resolve("Chiang Mia", level="province")
    assert error.value.message_th.startswith("ไม่พบจังหวัดชื่อ “Chiang Mia” หมายถึง เชียงใหม่ (50)")
    assert error.value.message_th.endswith(" หรือไม่")


def test_nothing_close_gives_no_suggestions(real_registry: AreaRegistry) -> None:
    with pytest.raises(AreaNotFound) as error:
        real_registry.resolve("Xyzzy")
    assert error.value.suggestions == []
    assert str(error.value) == "no area named 'Xyzzy'"
    assert error.value.message_th == "ไม่พบพื้นที่ชื่อ “Xyzzy”"


@pytest.mark.parametrize("text", ["เฉลิมพระเกียรติ", "Chaloem Phra Kiat", "อ.เฉลิมพระเกียรติ"])
def test_a_district_name_in_five_provinces_is_ambiguous(real_registry: AreaRegistry, text: str) -> None:
    with pytest.raises(AreaNotFound, match="names several districts; add the province or use the code") as error:
        real_registry.resolve(text, level="district")
    assert error.value.ambiguous is True
    assert [code for code, _, _ in error.value.suggestions] == sorted(CHALOEM_PHRA_KIAT)
    assert error.value.message_th.startswith("มีอำเภอชื่อ")
    assert "โปรดระบุจังหวัดหรือใช้รหัส" in error.value.message_th
    said = "districts" if text.startswith("อ.") else "areas"  # the word อ. says the level without being asked
    with pytest.raises(AreaNotFound, match=f"names several {said}") as error:
        real_registry.resolve(text)
    assert error.value.ambiguous is True


@pytest.mark.parametrize(("province", "district"), [(code[:2], code) for code in CHALOEM_PHRA_KIAT])
def test_within_settles_an_ambiguous_name(real_registry: AreaRegistry, province: str, district: str) -> None:
    assert real_registry.resolve("เฉลิมพระเกียรติ", within=province) == district
    assert real_registry.resolve("Chaloem Phra Kiat", level="district", within=province) == district


def test_the_error_is_a_lookup_error(real_registry: AreaRegistry) -> None:
    with pytest.raises(LookupError):
        real_registry.resolve("Atlantis")


# -- the table ------------------------------------------------------------------------------------------------------
def test_registry_table(real_registry: AreaRegistry) -> None:
    areas = real_registry.areas
    assert (areas["level"].value_counts()[["province", "district"]] == [77, 928]).all()
    chiang_mai = real_registry.get(CHIANG_MAI)
    assert (chiang_mai["level"], chiang_mai["name_en"], chiang_mai["province"]) == ("province", "Chiang Mai", "50")
    assert 97.3 < chiang_mai["lon"] < 99.6 and 17.2 < chiang_mai["lat"] < 20.2
    assert real_registry.get("99") is None
    assert real_registry.level_of("500101") == "subdistrict"
    assert list(real_registry.frame("district", parent=CHIANG_MAI).index)[:2] == ["5001", "5002"]
    assert len(real_registry.frame("district", parent=CHIANG_MAI)) == 25
    assert len(real_registry.frame("province", parent="TH")) == 77
    assert real_registry.contains("TH", "500101") and real_registry.contains("50", "500101")
    assert not real_registry.contains("51", "500101")


# -- normalize_name, by hand ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Chiang Mai", "chiangmai"),
        ("จ. เชียงใหม่", "เชียงใหม่"),
        ("จังหวัดเชียงใหม่", "เชียงใหม่"),
        ("อ.เมืองเชียงใหม่", "เมืองเชียงใหม่"),
        ("Amphoe Mueang Chiang Mai", "mueangchiangmai"),
        ("Nikhom Sang Ton-eng", "nikhomsangtoneng"),
        ("Chiang Mai Province", "chiangmai"),
        ("อำนาจเจริญ", "อำนาจเจริญ"),
        ("อ\u0e4d\u0e32นาจเจริญ", "อำนาจเจริญ"),  # SARA AM split by PDF extraction
        ("เขต๑", "1"),
        ("จังหวัด", "จังหวัด"),  # a bare prefix is kept
    ],
)
def test_normalize_name(text: str, key: str) -> None:
    assert normalize_name(text) == key


def test_level_for_code() -> None:
    assert [level_for_code(c) for c in ("50", "5001", "500101", "501", "TH50")] == [
        "province",
        "district",
        "subdistrict",
        None,
        None,
    ]


# -- names read in context: the row's district and province, then the writer's area, then the whole country --------
SI_PHUM = {"50": "500101", "30": "310311", "55": "550606"}  # three subdistricts named ศรีภูมิ, by province


@pytest.mark.parametrize(("context", "code"), [(("500101",), "500101"), (("5001",), "500101"), (("55",), "550606")])
def test_a_context_decides_a_shared_name(real_registry: AreaRegistry, context: tuple, code: str) -> None:
    assert real_registry.resolve("ศรีภูมิ", level="subdistrict", context=context) == code


def test_the_rows_own_province_comes_before_the_writers_area(real_registry: AreaRegistry) -> None:
    # a coordinator of Mueang Chiang Mai uploads a row that says ศรีภูมิ in Nan: the row says which
    assert real_registry.resolve("ศรีภูมิ", level="subdistrict", context=("55", "5001")) == "550606"


def test_a_context_holding_none_of_the_candidates_is_skipped(real_registry: AreaRegistry) -> None:
    # Bangkok has no ศรีภูมิ: the writer's area decides next
    assert real_registry.resolve("ศรีภูมิ", level="subdistrict", context=("10", "5001")) == "500101"
    assert real_registry.resolve("ศรีภูมิ", level="subdistrict", context=(None, "TH", "", "5001")) == "500101"


def test_without_a_deciding_context_the_name_stays_ambiguous(real_registry: AreaRegistry) -> None:
    with pytest.raises(AreaNotFound, match="names several subdistricts; add the province") as error:
        real_registry.resolve("ศรีภูมิ", level="subdistrict", context=("10", "TH"))
    assert [code for code, _, _ in error.value.suggestions] == sorted(SI_PHUM.values())


def test_a_district_name_of_several_provinces_is_read_in_the_rows_province(real_registry: AreaRegistry) -> None:
    assert real_registry.resolve("จอมทอง", level="district", context=("50",)) == "5002"
    assert real_registry.resolve("จอมทอง", level="district", context=("10",)) == "1035"
    for district in CHALOEM_PHRA_KIAT:
        assert real_registry.resolve("เฉลิมพระเกียรติ", level="district", context=(district[:2],)) == district


def test_ambiguous_inside_the_context_lists_the_candidates_there_first(real_registry: AreaRegistry) -> None:
    # two subdistricts named ในเมือง in Nakhon Ratchasima (Mueang 300101, Phimai 301501), more elsewhere
    with pytest.raises(AreaNotFound) as error:
        real_registry.resolve("ในเมือง", level="subdistrict", context=("30",))
    exc = error.value
    assert exc.ambiguous and exc.in_context == 2 and exc.context[0] == "30"
    assert [code for code, _, _ in exc.suggestions[:2]] == ["300101", "301501"]
    assert len(exc.suggestions) > 2 and not exc.suggestions[2][0].startswith("30")
    assert str(exc).startswith("'ในเมือง' names 2 subdistricts in Nakhon Ratchasima (30); add the district or use")
    assert exc.message_th.startswith("มีตำบลชื่อ “ในเมือง” 2 แห่งในจังหวัดนครราชสีมา (30) โปรดระบุอำเภอหรือใช้รหัส")


def test_the_next_context_narrows_what_the_first_left(real_registry: AreaRegistry) -> None:
    # the row's province leaves two; the writer's district (Mueang Nakhon Ratchasima) decides
    assert real_registry.resolve("ในเมือง", level="subdistrict", context=("30", "3001")) == "300101"


def test_a_context_never_hides_a_name_found_only_elsewhere(real_registry: AreaRegistry) -> None:
    # Suthep exists only in Chiang Mai: a Bangkok context does not make it unknown (the scope check refuses it later)
    assert real_registry.resolve("สุเทพ", level="subdistrict", context=("10",)) == "500108"


def test_without_a_level_the_province_still_wins_in_its_own_context(real_registry: AreaRegistry) -> None:
    assert real_registry.resolve("เชียงใหม่", context=("50",)) == CHIANG_MAI


def test_suggestions_for_a_misspelling_put_the_context_first(real_registry: AreaRegistry) -> None:
    with pytest.raises(AreaNotFound) as error:
        real_registry.resolve("ศรีภูมี", level="subdistrict", context=("55",))
    assert error.value.suggestions[0][0] == "550606"


def test_resolve_all_reads_each_text_in_its_own_context(real_registry: AreaRegistry) -> None:
    found = real_registry.resolve_all(
        ["จอมทอง", "จอมทอง", "Atlantis", "จอมทอง"], level="district", contexts=[("50",), ("10",), ("50",), ()]
    )
    assert found[:2] == ["5002", "1035"]
    assert isinstance(found[2], AreaNotFound) and not found[2].ambiguous
    assert isinstance(found[3], AreaNotFound) and found[3].ambiguous


def test_context_order_on_hand_made_areas(tiny_boundaries) -> None:
    """Two subdistricts both named ซ้ำ, one in each district: each district's context decides, the province does not."""
    subdistricts = tiny_boundaries.subdistricts.copy()
    subdistricts.loc[subdistricts["code"].isin(["100101", "100201"]), ["name_th", "alt_th"]] = "ซ้ำ"
    boundaries = Boundaries(tiny_boundaries.provinces, tiny_boundaries.districts, subdistricts, "0" * 64)
    registry = AreaRegistry.from_boundaries(boundaries)
    assert registry.resolve("ซ้ำ", level="subdistrict", context=("1001",)) == "100101"
    assert registry.resolve("ซ้ำ", level="subdistrict", context=("10", "1002")) == "100201"
    with pytest.raises(AreaNotFound) as error:
        registry.resolve("ซ้ำ", level="subdistrict", context=("10",))
    assert error.value.in_context == 2 and error.value.context[0] == "10"


@pytest.mark.parametrize(
    ("text", "level", "code"),
    [
        ("อำเภอจอมทอง", None, "5002"),  # Bangkok's districts are เขต: the อำเภอ is Chiang Mai's
        ("อ.จอมทอง", "district", "5002"),
        ("เขตจอมทอง", None, "1035"),  # Bangkok's, named exactly so
        ("อำเภอเมืองลำพูน", None, "5101"),
        ("จ.ลำพูน", None, "51"),
        ("Mueang Chiang Mai district", None, "5001"),
        ("Koh Samui", None, "8404"),  # as signs write it; the registry says Ko Samui
    ],
)
def test_a_level_word_decides_the_level(real_registry: AreaRegistry, text: str, level, code: str) -> None:
    assert real_registry.resolve(text, level=level) == code


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("ตำบลบ้านหลวง", None),  # a subdistrict of five provinces, never the district of Nan called บ้านหลวง
        ("อำเภอลำพูน", None),  # no district is called ลำพูน; the province is not taken instead
        ("อำเภอศรีภูมิ", "subdistrict"),  # a district's word where a subdistrict is asked for
    ],
)
def test_a_level_word_is_never_read_as_another_level(real_registry: AreaRegistry, text: str, level) -> None:
    with pytest.raises(AreaNotFound):
        real_registry.resolve(text, level=level)


def test_a_long_typed_text_is_read_with_bounded_work(real_registry: AreaRegistry, monkeypatch) -> None:
    """The finder's place box is public: reading a text as a name and the areas it is in must not try every way to
    cut a long text (every cut was resolved, with a search for the closest names: ten words took 7 s)."""
    calls = []
    resolve = real_registry.resolve

    def counted(*args, **kwargs):
        calls.append(args)
        return resolve(*args, **kwargs)

    monkeypatch.setattr(real_registry, "resolve", counted)
    for text in ("a b c d e f g h i j k l m n o p q r s t", " ".join(["บ้านใหม่"] * 30), ", ".join(["เชียงใหม่"] * 30)):
        calls.clear()
        with pytest.raises(AreaNotFound):
            real_registry.resolve_phrase(text)
        assert len(calls) <= 1 + 7 * 6, (text[:20], len(calls))  # the whole text, then at most the bounded cuts
    assert real_registry.resolve_phrase("สุเทพ เมืองเชียงใหม่ เชียงใหม่") == "500108"
