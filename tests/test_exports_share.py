"""Share and print (issue 16): every export says its view (place, measure, group, dose, denominator, date, source)
and is named by it; the 1600×900 picture and the A4 report drawn by headless Chromium on the server."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import struct
import subprocess
from urllib.parse import unquote

import pandas as pd
import pytest

from dashboard.view_facts import FIELDS, attachment, download_name
from data.metrics import MetricQuery
from layers.classify import classify
from layers.coverage_picture import Sheet, picture_document
from layers.svg_map import Projection, map_svg, text_width_px

CM_ELDERLY_2 = "province=50&group=elderly&dose=2"


# -- names ---------------------------------------------------------------------------------------------------------
def test_a_download_is_named_by_its_view_in_thai_and_in_ascii_english(real_registry):
    query = MetricQuery(level="district", area="50", group="elderly", dose=2)
    day = dt.date(2021, 10, 23)
    assert download_name(real_registry, query, day, "th", "csv") == "Jitasa_เชียงใหม่_ผู้สูงอายุ_เข็ม2_2564-10-23.csv"
    assert download_name(real_registry, query, day, "en", "csv") == "Jitasa_Chiang-Mai_elderly_dose2_2021-10-23.csv"
    header = attachment(real_registry, query, day, "th", "png")
    assert header.startswith('attachment; filename="Jitasa_Chiang-Mai_elderly_dose2_2021-10-23.png"; filename*=UTF-8')
    assert unquote(header.split("''", 1)[1]) == "Jitasa_เชียงใหม่_ผู้สูงอายุ_เข็ม2_2564-10-23.png"
    assert "filename*" not in attachment(real_registry, query, day, "en", "png")
    facilities = MetricQuery(metric="facilities_per_100k", facility_type="hospital")
    assert (
        download_name(real_registry, facilities, day, "en", "pdf")
        == "Jitasa_Thailand_facilities-per-100k_2021-10-23.pdf"
    )


def test_every_measure_has_its_words_for_the_title_source_and_file_name(real_registry):
    """The governor's district view opens on people vaccinated: its tab title and exports once failed (no source)."""
    from dashboard.view_facts import view_facts
    from data.metrics import METRICS

    for metric in METRICS:
        query = MetricQuery(metric=metric, level="district", area="50", group="elderly", dose=2)
        for lang in ("th", "en"):
            facts = view_facts(real_registry, query, dt.date(2022, 5, 1), lang)
            assert facts.title() and facts.source and "view." not in facts.source
            name = download_name(real_registry, query, dt.date(2022, 5, 1), lang, "csv")
            assert "view." not in name and name.endswith(".csv")


def _disposition_name(response) -> str:
    value = response.headers["Content-Disposition"]
    return unquote(value.split("''", 1)[1]) if "filename*=" in value else value.split('filename="', 1)[1].rstrip('"')


def test_every_csv_row_and_geojson_feature_carries_the_view(client):
    query = "group=elderly&dose=2&as_of=2021-10-23"
    response = client.get(f"/api/v1/coverage?{query}&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 77 and set(FIELDS) <= set(rows[0])
    assert {(r["view_place"], r["view_group"], r["view_dose"], r["view_date"]) for r in rows} == {
        ("ประเทศไทย", "ผู้สูงอายุ", "2", "2021-10-23")
    }
    assert rows[0]["view_denominator"] == "ประชากรเป้าหมาย (สธ.)" and "สธ." in rows[0]["view_source"]
    assert _disposition_name(response) == "Jitasa_ประเทศไทย_ผู้สูงอายุ_เข็ม2_2564-10-23.csv"
    english = client.get(f"/api/v1/coverage.geojson?{query}&lang=en")
    features = json.loads(english.data)["features"]
    assert len(features) == 77
    assert {f["properties"]["view_group"] for f in features} == {"Elderly (60+)"}
    assert {f["properties"]["view_measure"] for f in features} == {"Vaccination coverage (%)"}
    assert _disposition_name(english) == "Jitasa_Thailand_elderly_dose2_2021-10-23.geojson"


def test_the_html_export_names_the_group_and_is_named_by_its_view(client):
    response = client.get(f"/api/v1/exports/coverage-map.html?{CM_ELDERLY_2}")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "ผู้สูงอายุ" in text and "เชียงใหม่" in text and "เข็มที่ 2" in text
    assert _disposition_name(response).startswith("Jitasa_เชียงใหม่_ผู้สูงอายุ_เข็ม2_25")
    english = client.get(f"/api/v1/exports/coverage-map.html?{CM_ELDERLY_2}&lang=en").get_data(as_text=True)
    assert "Elderly (60+)" in english and "Chiang Mai" in english


def test_without_chromium_the_picture_is_a_503_saying_so_in_both_languages(demo_app, monkeypatch):
    from dashboard.renderer import Renderer

    monkeypatch.setitem(demo_app.server.extensions, "jitasa.renderer", Renderer(executable="/nonexistent/chromium"))
    client = demo_app.server.test_client()
    for path in ("coverage.png", "coverage-report.pdf"):
        response = client.get(f"/api/v1/exports/{path}?{CM_ELDERLY_2}&as_of=2021-10-01")
        assert response.status_code == 503
        body = response.get_json()
        assert "Chromium" in body["error"] and "chromium" in body["error_th"] and "fonts-thai-tlwg" in body["error"]


# -- the drawings, by hand ----------------------------------------------------------------------------------------
SQUARES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"code": code},
            "geometry": {"type": "Polygon", "coordinates": [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]]},
        }
        for code, x in (("A", 100), ("B", 101))
    ],
}


def test_the_map_colours_each_area_by_its_class_and_writes_names_escaped():
    frame = pd.DataFrame({"code": ["A", "B"], "value": [10.0, float("nan")]})
    labels = pd.DataFrame({"name": ["<เอ>"], "lon": [100.5], "lat": [0.5]})
    svg = map_svg(
        SQUARES["features"], frame, classify(frame["value"]), (100, 0, 102, 1), width=400, height=200, labels=labels
    )
    assert svg.count("<path") == 2 and 'fill="#d9d9d9"' in svg  # B has no value: the no-data grey
    assert "&lt;เอ&gt;" in svg and "<เอ>" not in svg
    project = Projection((100, 0, 102, 1), 400, 200)
    assert project(101, 0.5) == pytest.approx((200, 100), abs=0.01)  # the centre of the bounds, the centre of the box


def test_names_take_their_width_without_the_marks_above_and_below():
    assert text_width_px("ที่", 10) == pytest.approx(text_width_px("ท", 10))


def test_the_picture_document_fetches_nothing_and_escapes_every_word():
    sheet = Sheet("th", "Jitasa", "<b>x</b>", "y", "z", [("#fff", "a", 1)], "src", warnings=["⚠ demo"])
    document = picture_document(sheet, "<svg></svg>")
    assert "&lt;b&gt;x&lt;/b&gt;" in document and "<b>x</b>" not in document
    assert "src=" not in document and "href=" not in document and "<script" not in document


# -- drawn by Chromium ----------------------------------------------------------------------------------------------
def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def pdf_text(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: apt-get install poppler-utils (.ci/run installs it)")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.browser
def test_the_picture_is_1600_by_900_and_named_by_its_view(client):
    response = client.get(f"/api/v1/exports/coverage.png?{CM_ELDERLY_2}&as_of=2021-10-23")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert png_size(response.data) == (1600, 900)
    assert _disposition_name(response) == "Jitasa_เชียงใหม่_ผู้สูงอายุ_เข็ม2_2564-10-23.png"


@pytest.mark.browser
@pytest.mark.parametrize(
    "lang,words",
    [
        ("th", ["เชียงใหม่", "ผู้สูงอายุ", "เข็มที่ 2", "23 ต.ค. 2564", "ที่มา: รายงาน สธ./คร.", "ทุกพื้นที่", "แม่ริม"]),
        (
            "en",
            [
                "Chiang Mai",
                "Elderly (60+)",
                "Dose 2",
                "23 Oct 2021",
                "Source: MOPH/DDC reports",
                "Every area",
                "Mae Rim",
            ],
        ),
    ],
)
def test_the_report_says_place_group_dose_date_and_source(client, tmp_path, lang, words):
    response = client.get(f"/api/v1/exports/coverage-report.pdf?{CM_ELDERLY_2}&as_of=2021-10-23&lang={lang}")
    assert response.status_code == 200 and response.data[:5] == b"%PDF-"
    text = " ".join(pdf_text(response.data, tmp_path).split())
    missing = [w for w in words if w not in text]
    assert not missing, (missing, text[:600])
    expected = (
        "Jitasa_Chiang-Mai_elderly_dose2_2021-10-23.pdf"
        if lang == "en"
        else "Jitasa_เชียงใหม่_ผู้สูงอายุ_เข็ม2_2564-10-23.pdf"
    )
    assert _disposition_name(response) == expected


# -- the page: link preview, title, copy link, paper ---------------------------------------------------------------
def test_the_page_shell_names_the_view_and_previews_its_picture(client):
    text = client.get(f"/?{CM_ELDERLY_2}").get_data(as_text=True)
    assert "<title>เชียงใหม่ · ความครอบคลุมการฉีดวัคซีน (%) · ผู้สูงอายุ · เข็มที่ 2 · จิตอาสา แผนที่</title>" in text
    assert '<meta property="og:title" content="เชียงใหม่ · ความครอบคลุมการฉีดวัคซีน (%) · ผู้สูงอายุ · เข็มที่ 2">' in text
    image = text.split('<meta property="og:image" content="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert image == f"http://localhost/api/v1/exports/coverage.png?{CM_ELDERLY_2}&lang=th"
    english = client.get(f"/?{CM_ELDERLY_2}&lang=en").get_data(as_text=True)
    assert "<title>Chiang Mai · Vaccination coverage (%) · Elderly (60+) · Dose 2 · Jitasa Map</title>" in english
    assert "og:title" not in client.get("/?group=aliens").get_data(as_text=True)  # a bad view: the app's own title


def test_the_tab_title_the_copied_link_and_the_table_for_paper(demo_app):
    from dashboard.pages.coverage.callbacks_share import copy_link, table_for_paper, title

    with demo_app.server.test_request_context("/_dash-update-component", base_url="https://jitasa.example"):
        assert (
            title(CM_ELDERLY_2, "en") == "Chiang Mai · Vaccination coverage (%) · Elderly (60+) · Dose 2 · Jitasa Map"
        )
        assert copy_link(1, CM_ELDERLY_2, "en") == f"https://jitasa.example/?{CM_ELDERLY_2}&lang=en"
        rows = [
            {
                "code": "2",
                "name": "บ",
                "value": None,
                "vaccinated": None,
                "population": None,
                "as_of": "",
                "note_text": "",
            },
            {
                "code": "1",
                "name": "ก",
                "value": 70.5,
                "vaccinated": 7050,
                "population": 10000,
                "as_of": "2021-10-23",
                "note_text": "",
            },
        ]
        rows[0]["name"] = "บ <script>"  # a name is text, never markup
        table = table_for_paper(rows, "th")
    body = [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1])]
    assert [r[0] for r in body] == ["ก", "บ &lt;script&gt;"]  # every area, the lowest value first, no value last
    # rates with one decimal, as on screen
    assert body[0][1:4] == ["70.5", "7,050", "10,000"]


@pytest.mark.browser
def test_the_page_names_its_view_links_the_picture_and_prints_the_map_and_every_area(browser, live_server, tmp_path):
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    page.goto(f"{live_server['url']}/?group=elderly&dose=2")
    page.wait_for_function(
        "() => document.querySelectorAll('#coverage-print-table tbody tr').length === 77", timeout=60_000
    )
    page.wait_for_function("() => (document.querySelector('.map-print-image') || {}).naturalWidth > 0", timeout=60_000)
    assert page.title() == "ประเทศไทย · ความครอบคลุมการฉีดวัคซีน (%) · ผู้สูงอายุ · เข็มที่ 2 · จิตอาสา แผนที่"
    hrefs = page.eval_on_selector_all("#coverage-exports a", "links => links.map(a => a.getAttribute('href'))")
    assert "/api/v1/exports/coverage.png?group=elderly&dose=2&lang=th" in hrefs
    assert any(h.startswith("/api/v1/exports/coverage-report.pdf?group=elderly&dose=2") for h in hrefs)
    assert page.is_visible("#coverage-copy-link")
    page.emulate_media(media="print")
    assert not page.is_visible(".controls") and not page.is_visible("#coverage-exports")
    assert page.is_visible(".map-print-image") and page.is_visible("#coverage-print-table")
    text = pdf_text(page.pdf(format="A4", print_background=True), tmp_path)
    assert "นราธิวาส" in text and "ภูเก็ต" in text  # the lowest and the highest of the 77: the whole table on paper
    page.context.close()
