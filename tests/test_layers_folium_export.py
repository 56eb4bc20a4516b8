"""The offline coverage-map export: three squares checked on paper, then the real 77 provinces in headless Chromium
with every network request blocked and recorded."""

from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from layers.classify import NO_DATA_COLOR, classify, legend_rows
from layers.folium_export import coverage_map_html

LEAFLET_DIR = Path(__file__).resolve().parents[1] / "dashboard" / "assets" / "vendor" / "leaflet"
SCRIPT_INJECTION = "</script><script>alert(1)</script>"
IMG_INJECTION = '<img src="https://example.invalid/x.png" onerror="alert(1)">'
AREA_PATHS_JS = "document.querySelectorAll('path.leaflet-interactive')"
TEXTS = dict(
    title="ความครอบคลุมวัคซีนโควิด-19",
    subtitle="เข็มที่ 2 · ข้อมูล ณ 15 ตุลาคม 2564",
    legend_title="ร้อยละของประชากร",
    source="ที่มา: กรมควบคุมโรค https://ddc.moph.go.th · ขอบเขต: กรมการปกครอง",
    no_data_label="ไม่มีข้อมูล",
)


@pytest.fixture(scope="module")
def leaflet() -> dict[str, str]:
    return {
        "leaflet_js": (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8"),
        "leaflet_css": (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8"),
    }


def _square(code: str, x: float) -> dict:
    ring = [[x, 0.0], [x + 1, 0.0], [x + 1, 1.0], [x, 1.0], [x, 0.0]]
    return {"type": "Feature", "properties": {"code": code}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


@pytest.fixture
def squares() -> dict:
    """Four unit squares in a row; the frame below names only the first three, so 9999 is not drawn."""
    codes = ["1001", "1002", "1003", "9999"]
    return {"type": "FeatureCollection", "features": [_square(c, i) for i, c in enumerate(codes)]}


@pytest.fixture
def square_frame() -> pd.DataFrame:
    """Values 50 and 80 and one missing: equal intervals give two classes, 50–65 and 65–80, and a no-data row."""
    return pd.DataFrame(
        {
            "code": ["1001", "1002", "1003"],
            "name": ["หนึ่ง", SCRIPT_INJECTION, IMG_INJECTION],
            "value": [50.0, 80.0, math.nan],
            "value_label": ["50.0%", "80.0%", "–"],
            "note": [None, "over 100%: population is out of date", "no report"],
        }
    )


def _export(geojson: dict, frame: pd.DataFrame, leaflet: dict[str, str], method: str = "equal_interval") -> str:
    return coverage_map_html(geojson, frame, classify(frame["value"], method, 5), **TEXTS, **leaflet)


class _Page(HTMLParser):
    """Tags with their attributes, the text of elements by id, and the legend's rows (swatch colour, cell texts)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text_by_id: dict[str, str] = {}
        self.legend: list[list[str]] = []
        self._open_ids: list[tuple[str, str]] = []
        self._in_legend = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if attrs.get("id"):
            self._open_ids.append((tag, attrs["id"]))
            self.text_by_id[attrs["id"]] = ""
            self._in_legend = self._in_legend or attrs["id"] == "legend"
        if self._in_legend and tag == "tr":
            self.legend.append([])
        if self._in_legend and tag == "span":
            self.legend[-1].append(re.search(r"background:\s*([^;]+)", attrs["style"]).group(1))

    def handle_endtag(self, tag: str) -> None:
        if self._open_ids and self._open_ids[-1][0] == tag:
            if self._open_ids.pop()[1] == "legend":
                self._in_legend = False

    def handle_data(self, data: str) -> None:
        for _, element_id in self._open_ids:
            self.text_by_id[element_id] += data
        if self._in_legend and self.legend and data.strip():
            self.legend[-1].append(data.strip())


def _areas(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="areas">(.*?)</script>', page, re.S).group(1))


# --- three squares, checked on paper ---


def test_the_page_says_title_subtitle_source_and_lang(squares, square_frame, leaflet):
    page = _export(squares, square_frame, leaflet)
    parsed = _Page(page)
    assert page.startswith('<!DOCTYPE html>\n<html lang="th">')
    assert ("meta", {"charset": "utf-8"}) in parsed.tags
    assert parsed.text_by_id["title"] == TEXTS["title"] + TEXTS["subtitle"]
    assert parsed.text_by_id["source"] == TEXTS["source"]
    assert f"<title>{TEXTS['title']}</title>" in page  # Thai written as UTF-8, not escaped


def test_the_legend_lists_each_class_with_its_count_and_the_no_data_row(squares, square_frame, leaflet):
    legend = _Page(_export(squares, square_frame, leaflet)).legend
    assert legend == [
        ["#2c728e", "50.0 – 65.0", "1"],
        ["#3b528b", "65.0 – 80.0", "1"],
        [NO_DATA_COLOR, "ไม่มีข้อมูล", "1"],
    ]
    assert "ร้อยละของประชากร" in _Page(_export(squares, square_frame, leaflet)).text_by_id["legend"]


def test_the_legend_can_write_bounds_like_the_dashboard(squares, square_frame, leaflet):
    classes = classify(square_frame["value"], "equal_interval", 5)
    page = coverage_map_html(squares, square_frame, classes, **TEXTS, **leaflet, legend_format=lambda v: f"{v:.0f}%")
    assert [row[1] for row in _Page(page).legend] == ["50% – 65%", "65% – 80%", "ไม่มีข้อมูล"]


def test_only_the_frames_areas_are_drawn_in_its_order_with_their_class_colour(squares, square_frame, leaflet):
    features = _areas(_export(squares, square_frame, leaflet))["features"]
    assert [f["properties"]["code"] for f in features] == ["1001", "1002", "1003"]
    assert [f["properties"]["color"] for f in features] == ["#2c728e", "#3b528b", NO_DATA_COLOR]
    assert [f["properties"]["label"] for f in features] == ["50.0%", "80.0%", "–"]
    assert [f["properties"]["note"] for f in features] == ["", "over 100%: population is out of date", "no report"]
    assert features[2]["geometry"]["coordinates"][0][0] == [2.0, 0.0]


def test_nothing_is_fetched_leaflet_is_inlined(squares, square_frame, leaflet):
    page = _export(squares, square_frame, leaflet)
    parsed = _Page(page)
    links = [v for _, attrs in parsed.tags for k, v in attrs.items() if k in ("src", "href") and v]
    assert not [v for v in links if re.match(r"\s*(https?:)?//", v)], links
    assert [tag for tag, attrs in parsed.tags if tag == "script" and "src" in attrs] == []
    assert [tag for tag, _ in parsed.tags if tag == "link"] == []
    assert "<script src" not in page and "@import" not in page and "url(http" not in page
    styles = re.findall(r"<style>(.*?)</style>", page, re.S)
    assert not [s for s in styles if "url(" in s]  # Leaflet's marker and layer-control images are stripped
    assert "Leaflet 1.9.4" in page and ".leaflet-container" in page  # the vendored files, inlined


def test_names_are_data_never_markup(squares, square_frame, leaflet):
    page = _export(squares, square_frame, leaflet)
    assert SCRIPT_INJECTION not in page and "<img" not in page
    assert page.count("</script>") == 3  # Leaflet, the areas, the map: the name closed none of them
    names = [f["properties"]["name"] for f in _areas(page)["features"]]
    assert names == ["หนึ่ง", SCRIPT_INJECTION, IMG_INJECTION]  # shown literally, through textContent
    assert "innerHTML" not in page.split("</head>")[1]


def test_texts_with_markup_are_shown_as_written(squares, square_frame, leaflet):
    texts = {key: f"{value} <i>&amp;</i>" for key, value in TEXTS.items()}
    frame = square_frame.assign(name="x")
    page = coverage_map_html(squares, frame, classify(frame["value"], "equal_interval", 5), **texts, **leaflet)
    parsed = _Page(page)
    assert "<i>" not in page
    assert parsed.text_by_id["title"] == texts["title"] + texts["subtitle"]
    assert parsed.text_by_id["source"] == texts["source"]
    assert parsed.text_by_id["legend"].startswith(texts["legend_title"])
    assert parsed.legend[-1][1] == texts["no_data_label"]


def test_same_inputs_give_the_same_bytes(squares, square_frame, leaflet):
    assert _export(squares, square_frame, leaflet) == _export(squares, square_frame, leaflet)


def test_bad_inputs_are_reported_together(squares, square_frame, leaflet):
    frame = square_frame.drop(columns="note")
    frame.loc[3] = ["7777", "เจ็ด", 1.0, "1.0%"]
    classes = classify(square_frame["value"], "equal_interval", 5)  # 3 areas for a 4-row frame
    with pytest.raises(ValueError) as error:
        coverage_map_html(squares, frame, classes, **TEXTS, **leaflet)
    message = str(error.value)
    assert "frame lacks column(s) note" in message
    assert "classes has 3 areas but frame has 4 rows" in message
    assert "geojson has no feature for code(s) 7777" in message


def test_web_geojson_bytes_and_repeated_codes_are_refused(squares, square_frame, leaflet):
    frame = pd.concat([square_frame, square_frame.iloc[[0]]], ignore_index=True)
    classes = classify(frame["value"], "equal_interval", 5)
    with pytest.raises(ValueError, match=r"frame repeats code\(s\) 1001.*geojson is a 'bytes', expected a Feature"):
        coverage_map_html(json.dumps(squares).encode(), frame, classes, **TEXTS, **leaflet)


# --- the real boundaries ---


def _province_frame(geojson: dict) -> pd.DataFrame:
    """A deterministic value per province code; Saraburi, Bueng Kan, Chiang Rai, Phetchaburi, Yala have none."""
    rows = []
    for feature in geojson["features"]:
        code = feature["properties"]["code"]
        value = math.nan if int(code) % 19 == 0 else 50.0 + (int(code) * 37) % 50
        note = "no report" if math.isnan(value) else None
        label = "–" if math.isnan(value) else f"{value:.1f}%"
        rows.append((code, feature["properties"]["name_th"], value, label, note))
    return pd.DataFrame(rows, columns=["code", "name", "value", "value_label", "note"])


def test_a_province_drill_down_exports_just_its_districts(real_web, leaflet):
    districts = json.loads(real_web.geojson["district"])
    chiang_mai = [f["properties"] for f in districts["features"] if f["properties"]["parent"] == "50"]
    frame = pd.DataFrame(
        {
            "code": [p["code"] for p in chiang_mai],
            "name": [p["name_th"] for p in chiang_mai],
            "value": [float(i) for i in range(len(chiang_mai))],
            "value_label": [f"{i}%" for i in range(len(chiang_mai))],
            "note": [None] * len(chiang_mai),
        }
    )
    codes = [f["properties"]["code"] for f in _areas(_export(districts, frame, leaflet, "quantiles"))["features"]]
    assert codes == frame["code"].tolist() and len(codes) == 25 and all(c.startswith("50") for c in codes)


@pytest.fixture
def offline_page(browser):
    """A page whose every request but file: is aborted; requests, errors and dialogs are recorded on it."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="th-TH")
    context.route("**/*", lambda r: r.abort() if not r.request.url.startswith("file:") else r.continue_())
    page = context.new_page()
    page.requests, page.errors, page.dialogs = [], [], []
    context.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


@pytest.mark.browser
def test_77_provinces_draw_offline_in_chromium(real_web, leaflet, offline_page, tmp_path):
    geojson = json.loads(real_web.geojson["province"])
    assert {f["geometry"]["type"] for f in geojson["features"]} == {"Polygon", "MultiPolygon"}
    frame = _province_frame(geojson)
    korat = int(frame.index[frame["code"] == "30"][0])
    frame.loc[korat, "name"] = IMG_INJECTION  # would fetch from the network, and alert, if parsed as HTML
    classes = classify(frame["value"], "quantiles", 5)
    path = tmp_path / "coverage.html"
    path.write_text(coverage_map_html(geojson, frame, classes, **TEXTS, **leaflet), encoding="utf-8")

    page = offline_page
    page.goto(path.as_uri())
    page.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length >= 77", timeout=30_000)
    areas = page.locator("path.leaflet-interactive")
    assert areas.count() == 77  # one path per feature, MultiPolygons included
    assert page.locator(".leaflet-tile").count() == 0
    assert page.evaluate("getComputedStyle(document.querySelector('#map')).backgroundColor") == "rgb(255, 255, 255)"

    legend = page.locator("#legend")
    assert legend.is_visible() and page.locator("#title").is_visible() and page.locator("#source").is_visible()
    expected = legend_rows(classes)
    assert legend.locator("tr").count() == len(expected) == classes.k + 1
    for tr, row in zip(legend.locator("tr").all(), expected):
        assert tr.inner_text().split("\t")[1:] == [row["label"] or TEXTS["no_data_label"], str(row["count"])]
    assert sum(r["count"] for r in expected) == 77

    box = areas.nth(korat).bounding_box()  # paths follow the frame's order
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    assert page.evaluate(f"document.elementFromPoint({x}, {y}) === {AREA_PATHS_JS}[{korat}]")
    page.mouse.move(x, y)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert tooltip.inner_text().splitlines() == [IMG_INJECTION, frame.loc[korat, "value_label"]]

    page.wait_for_timeout(300)
    assert [u for u in page.requests if not u.startswith("file:")] == []
    assert page.dialogs == [] and page.errors == []
