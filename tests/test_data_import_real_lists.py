"""Files made the way offices make them (issue 14): the national hospital list as a Windows-874 CSV with Thai headers,
Buddhist-era dates and Thai digits, naming each hospital's district and province by Thai name; and a volunteer's
survey file naming their own subdistrict by its Thai name. Through the import function and the API route.

The list is built from the real hospitals in ../shared/data/facilities (MOPH codes, provinces, coordinates: see its
SOURCE.md), each written with the Thai name of its district (Bangkok's without "เขต", as offices write them) and
of the province the source gives, plus injected rows: district names shared by several provinces, points 1 m and
44 m outside the district they name and 60 m off the coast (stored, with warnings giving the metres), a point 5 km
outside its district and one in the open sea (problems).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import pyproj
import pytest
import shapely
import sqlalchemy as sa
from fixtures_app import create_people, make_settings
from shapely.geometry import Point

from data.imports import run_import
from data.schema import facilities, survey_records
from data.survey_entry import save_survey

FACILITIES = Path(__file__).resolve().parents[2] / "shared" / "data" / "facilities" / "geojson_health.js"
HEADER = "รหัสสถานที่,ประเภท,ชื่อ,ละติจูด,ลองจิจูด,จังหวัด,อำเภอ,จำนวนเตียง,วันที่ปรับปรุง\n"
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
CHALOEM_PHRA_KIAT = ("1913", "3032", "3123", "5515", "8023")
CHOM_THONG_CM, CHOM_THONG_BKK, MAE_WANG, MUEANG_CM = "5002", "1035", "5022", "5001"
# the source's province contradicts its own point by kilometres for these four (a list an office would correct
# after the first refusal): written with the province the point lies in
CORRECTED = {"40865", "40869", "41373", "F1301"}
GULF = (101.5, 10.0)  # the open sea, 100 km from any coast


def hospitals() -> list[dict]:
    """The real hospitals: the source's JavaScript stripped to its GeoJSON, the two test rows dropped."""
    text = FACILITIES.read_text(encoding="utf-8")
    features = json.loads(text[text.index("{") : text.rindex("}") + 1])["features"]
    rows = [f["properties"] for f in features]
    return [r for r in rows if str(r["main_code"]) not in ("0", "99999")]


def thai_name(registry, code: str) -> str:
    """The Thai name as an office writes it: Bangkok's districts without their "เขต"."""
    name = registry.get(code)["name_th"]
    return name.removeprefix("เขต") if code.startswith("10") else name


def line(fid, name, lon, lat, province, district, beds, thai_digits=False) -> str:
    lat_text, lon_text = f"{lat:.6f}", f"{lon:.6f}"
    if thai_digits:
        lat_text, lon_text = lat_text.translate(THAI), lon_text.translate(THAI)
    cells = [fid, "โรงพยาบาล", name.strip(), lat_text, lon_text, province, district, str(beds).translate(THAI)]
    cells.append("๑๕/๑๒/๒๕๖๔")  # 15 Dec 2021, Buddhist era, Thai digits
    return ",".join(f'"{c}"' if "," in c else c for c in cells) + "\n"


# -- points outside an area by a known distance -------------------------------------------------------------------
def _local(lon: float, lat: float) -> tuple[pyproj.Transformer, pyproj.Transformer]:
    crs = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +ellps=WGS84 +units=m"
    return (
        pyproj.Transformer.from_crs(4326, crs, always_xy=True),
        pyproj.Transformer.from_crs(crs, 4326, always_xy=True),
    )


def beyond(area, toward: tuple[float, float], metres: float) -> tuple[float, float]:
    """A point ``metres`` outside ``area`` (a polygon in degrees), on the way from its nearest point toward ``toward``:
    on that segment the nearest point of the area stays the same, so the distance is exactly ``metres``."""
    forward, inverse = _local(*toward)
    projected = shapely.transform(shapely.segmentize(area, 0.001), lambda xy: np.column_stack(forward.transform(*xy.T)))
    target = Point(forward.transform(*toward))
    nearest = shapely.get_point(shapely.shortest_line(projected, target), 0)
    step = (np.array(target.coords[0]) - np.array(nearest.coords[0])) / nearest.distance(target)
    x, y = np.array(nearest.coords[0]) + step * metres
    return inverse.transform(x, y)


def district_shape(boundaries, code: str):
    return boundaries.districts.set_index("code").geometry[code]


def coast_point(boundaries) -> tuple[str, tuple[float, float]]:
    """The subdistrict nearest the open sea point GULF, and a point 60 m off its coast toward GULF."""
    forward, _ = _local(*GULF)
    subdistricts = boundaries.subdistricts
    sea = Point(forward.transform(*GULF))
    projected = shapely.transform(subdistricts.geometry.values, lambda xy: np.column_stack(forward.transform(*xy.T)))
    nearest = int(np.argmin(shapely.distance(projected, sea)))
    return subdistricts["code"].iat[nearest], beyond(subdistricts.geometry.iat[nearest], GULF, 60)


@pytest.fixture(scope="module")
def office_files(import_state_factory, real_boundaries):
    """(the national list with the good injected rows, the rows that must be refused, what each row should be)."""
    state = import_state_factory(None)
    registry, locator = state.registry, state.locator
    rows = hospitals()
    lon = np.array([float(r["lon"]) for r in rows])
    lat = np.array([float(r["lat"]) for r in rows])
    provinces = [f"{int(float(r['prov_code'])):02d}" for r in rows]
    placed = locator.locate_within_tolerance(lon, lat, provinces)
    lines, expected = [], {}
    for i, r in enumerate(rows):
        fid = str(r["main_code"])
        province = placed["province"][i] if fid in CORRECTED else provinces[i]
        district = placed["district"][i]
        beds = int(float(r["bed_total"] or 0))
        name = str(r["name"]).encode("cp874", errors="ignore").decode("cp874")  # what Thai Excel can save
        province_th, district_th = thai_name(registry, province), thai_name(registry, district)
        lines.append(line(fid, name, lon[i], lat[i], province_th, district_th, beds, thai_digits=i % 10 == 0))
        expected[fid] = {"province": province, "district": district}

    def add(fid, lon_lat, district, metres=None):
        lines.append(
            line(
                fid,
                f"โรงพยาบาลทดสอบ {fid}",
                *lon_lat,
                thai_name(registry, district[:2]),
                thai_name(registry, district),
                30,
            )
        )
        expected[fid] = {"province": district[:2], "district": district, "metres": metres}

    for district in (CHOM_THONG_CM, CHOM_THONG_BKK, *CHALOEM_PHRA_KIAT):  # names shared by several provinces
        area = registry.get(district)
        add(f"SHARED-{district}", (float(area["lon"]), float(area["lat"])), district)
    mae_wang = registry.get(MAE_WANG)
    toward_mae_wang = (float(mae_wang["lon"]), float(mae_wang["lat"]))
    add("OUT-1M", beyond(district_shape(real_boundaries, CHOM_THONG_CM), toward_mae_wang, 1), CHOM_THONG_CM, 1)
    thon_buri = registry.get("1015")  # a Bangkok district west of Chom Thong
    toward = (float(thon_buri["lon"]), float(thon_buri["lat"]))
    add("OUT-44M", beyond(district_shape(real_boundaries, CHOM_THONG_BKK), toward, 44), CHOM_THONG_BKK, 44)
    coast, pier = coast_point(real_boundaries)
    add("OFF-60M", pier, coast[:4], 60)
    good = (HEADER + "".join(lines)).encode("cp874")

    mueang = registry.get(MUEANG_CM)
    far = beyond(district_shape(real_boundaries, CHOM_THONG_CM), (float(mueang["lon"]), float(mueang["lat"])), 5_000)
    ramathibodi = next(r for r in rows if str(r["main_code"]) == "41373")  # the source says Samut Prakan (11)
    bad_lines = [
        line("FAR-5KM", "โรงพยาบาลทดสอบไกล", *far, "เชียงใหม่", "จอมทอง", 10),
        line("SEA", "โรงพยาบาลทดสอบในทะเล", *GULF, "ชุมพร", "", 10),
        line("41373", ramathibodi["name"], float(ramathibodi["lon"]), float(ramathibodi["lat"]), "สมุทรปราการ", "", 10),
    ]
    bad = (HEADER + "".join(bad_lines)).encode("cp874")
    return good, bad, expected


def stored_areas(engine) -> dict[str, dict]:
    with engine.connect() as conn:
        found = conn.execute(sa.select(facilities.c.external_id, facilities.c.province, facilities.c.district))
        return {fid: {"province": p, "district": d} for fid, p, d in found}


def warning_metres(report: dict) -> dict[int, int]:
    """Row → the metres a warning says the point was outside its area."""
    out = {}
    for w in report["warnings"]:
        found = re.search(r"the point is ([\d,]+) m outside", w["message_en"])
        if found:
            out[w["row"]] = int(found.group(1).replace(",", ""))
    return out


def check_stored_completely(report: dict, good: bytes, expected: dict, engine) -> None:
    assert report["problems"] == []
    assert report["rows"] == len(expected) and report["new"] == len(expected)
    stored = stored_areas(engine)
    assert {fid: a["province"] for fid, a in stored.items()} == {fid: e["province"] for fid, e in expected.items()}
    assert {fid: a["district"] for fid, a in stored.items()} == {fid: e["district"] for fid, e in expected.items()}
    # the warnings give the metres: the injected 1 m, 44 m and 60 m, and a real hospital 40 m over a border
    row_of = {text.split(",")[0]: n for n, text in enumerate(good.decode("cp874").splitlines()[1:], start=2)}
    metres = warning_metres(report)
    for fid, e in expected.items():
        if e.get("metres"):
            assert abs(metres[row_of[fid]] - e["metres"]) <= 1, (fid, metres.get(row_of[fid]))
    assert 38 <= metres[row_of["14572"]] <= 41  # B.Care Medical Center: Bangkok, 40 m over into Pathum Thani
    assert all(1 <= m <= 250 for m in metres.values())
    sea = next(w for w in report["warnings"] if w["row"] == row_of["OFF-60M"])
    assert "at sea or across the border" in sea["message_en"] and "60 เมตร" in sea["message_th"]
    inland = next(w for w in report["warnings"] if w["row"] == row_of["OUT-44M"])
    assert inland["column"] == "district" and "Chom Thong (1035)" in inland["message_en"]
    assert "it lies in" in inland["message_en"] and "44 เมตร" in inland["message_th"]


# -- through the import function ------------------------------------------------------------------------------------
@pytest.fixture
def state(engine, import_state_factory):
    return import_state_factory(engine)


def test_the_national_hospital_list_stores_completely(state, office_files):
    good, _, expected = office_files
    assert len(expected) > 1_380
    report = run_import(state, "facilities", good, "รายชื่อโรงพยาบาล.csv")
    check_stored_completely(report, good, expected, state.engine)


def test_the_hospital_list_with_its_own_column_names_and_kinds_of_hospital(state):
    """The source's own export (main_code, name, type_desc, bed_total, lat, long): its headers and the Ministry's
    kinds of hospital are read, every hospital is stored as a hospital."""
    rows = hospitals()
    out = io.StringIO()
    out.write("main_code,name,type_desc,bed_total,lat,long\n")
    for r in rows:
        cells = [r["main_code"], r["name"].strip(), r["type_desc"], r["bed_total"] or "", r["lat"], r["lon"]]
        out.write(",".join(f'"{c}"' if "," in str(c) else str(c) for c in cells) + "\n")
    assert {r["type_desc"] for r in rows} >= {"โรงพยาบาลชุมชน", "โรงพยาบาลเอกชน", "โรงพยาบาลศูนย์/โรงพยาบาลทั่วไป"}
    report = run_import(state, "facilities", out.getvalue().encode("cp874"), "health.csv")
    assert report["problems"] == [] and report["new"] == len(rows)
    with state.engine.connect() as conn:
        kinds = conn.execute(sa.select(facilities.c.type, sa.func.count()).group_by(facilities.c.type)).all()
    assert kinds == [("hospital", len(rows))]


def test_a_missing_column_names_the_header_the_file_has(state):
    report = run_import(state, "facilities", b"Hospital,Kind,Lat\nX,hospital,18\n", "h.csv")
    assert [(p["row"], p["column"]) for p in report["problems"]] == [(1, "type"), (1, "name_th"), (1, "lon")]
    assert all("the file's header: “Hospital”, “Kind”, “Lat”" in p["message_en"] for p in report["problems"])
    assert all("หัวตารางของไฟล์: “Hospital”, “Kind”, “Lat”" in p["message_th"] for p in report["problems"])


def test_too_far_outside_the_district_or_at_sea_is_still_a_problem(state, office_files):
    _, bad, _ = office_files
    report = run_import(state, "facilities", bad, "รายชื่อโรงพยาบาล.csv")
    problems = {p["row"]: p for p in report["problems"]}
    assert sorted(problems) == [2, 3, 4] and report["new"] == 0
    far = problems[2]
    assert far["column"] == "district" and far["message_en"].startswith("the point is not in the district named")
    metres = int(re.search(r"([\d,]+) m from it", far["message_en"]).group(1).replace(",", ""))
    assert 4_999 <= metres <= 5_001 and "เกินค่าคลาดเคลื่อนของแผนที่เขต 250 เมตร" in far["message_th"]
    assert "outside Thailand" in problems[3]["message_en"]
    assert problems[4]["column"] == "province" and "Samut Prakan (11)" in problems[4]["message_en"]
    assert "Bangkok" in problems[4]["message_en"]


# -- through the API ------------------------------------------------------------------------------------------------
PEOPLE = {"nat": ("national_admin", "TH"), "vol": ("volunteer", "500101")}


@pytest.fixture(scope="module")
def api(tmp_path_factory, geo_cache_dir):
    from app import create_app
    from dashboard.state import build_state

    data_dir = tmp_path_factory.mktemp("api-real-lists")
    (data_dir / "cache").symlink_to(geo_cache_dir)
    state = build_state(make_settings(data_dir))
    tokens = create_people(state, PEOPLE)
    with state.engine.begin() as conn:
        from data.demo import _open_campaign

        _open_campaign(conn)
    return create_app(state.settings, state).server.test_client(), tokens, state


def post(client, token, kind, content, filename):
    return client.post(
        f"/api/v1/uploads/{kind}",
        headers={"Authorization": f"Bearer {token}"},
        data={"file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def test_the_national_hospital_list_through_the_api(api, office_files):
    client, tokens, state = api
    good, _, expected = office_files
    response = post(client, tokens["nat"], "facilities", good, "รายชื่อโรงพยาบาล.csv")
    assert response.status_code == 200, response.get_json()
    check_stored_completely(response.get_json(), good, expected, state.engine)


# -- a volunteer's survey file naming their own subdistrict ---------------------------------------------------------
SURVEY = (
    "วันที่สำรวจ,ตำบล,หมู่ที่,กลุ่มเป้าหมาย,อายุ,จำนวนเข็มที่ได้รับ,ความประสงค์\n"
    "๑๗/๑/๒๕๖๕,ศรีภูมิ,๓,ผู้สูงอายุ,๗๒,๐,ยังไม่ตัดสินใจ\n"
    "18/01/2565,ต.ศรีภูมิ,4,general,40,1,wants\n"
    "19/01/2565,Si Phum,5,general,41,0,refuses\n"
)


def test_a_volunteers_own_subdistrict_by_its_thai_name_is_stored(state):
    from data.demo import _open_campaign

    with state.engine.begin() as conn:
        _open_campaign(conn)
    report = run_import(state, "surveys", SURVEY.encode("cp874"), "แบบสำรวจ.csv", scope="500101")
    assert report["problems"] == [] and report["new"] == 3
    with state.engine.connect() as conn:
        assert set(conn.execute(sa.select(survey_records.c.subdistrict)).scalars()) == {"500101"}
    # read nationally (the command line, no area), the same name is ambiguous, and says which three
    report = run_import(state, "surveys", SURVEY.encode("cp874"), "แบบสำรวจ.csv", dry_run=True)
    assert {p["row"] for p in report["problems"]} == {2, 3, 4}
    assert "310311" in report["problems"][0]["message_en"] and "550606" in report["problems"][0]["message_en"]


def test_a_volunteers_survey_upload_through_the_api(api):
    client, tokens, state = api
    response = post(client, tokens["vol"], "surveys", SURVEY.encode("cp874"), "แบบสำรวจ.csv")
    body = response.get_json()
    assert response.status_code == 200 and body["problems"] == [] and body["new"] == 3


def test_the_survey_form_reads_the_name_in_the_volunteers_area(state):
    from test_data_survey_entry import add_user

    from data.demo import _open_campaign

    with state.engine.begin() as conn:
        _open_campaign(conn)
        volunteer = add_user(conn, "vol_si_phum", "volunteer", "500101")
    fields = {
        "survey_date": "2022-01-17",
        "subdistrict": "ศรีภูมิ",
        "target_group": "elderly",
        "age": "72",
        "doses_received": "0",
        "intention": "undecided",
    }
    with state.engine.begin() as conn:
        survey_id, problems, _warnings = save_survey(conn, state, fields, volunteer)
    assert problems == [] and survey_id is not None
    with state.engine.connect() as conn:
        assert conn.execute(sa.select(survey_records.c.subdistrict)).scalar_one() == "500101"


# -- the writer's area as context: coverage names, and a facility row that names no area ---------------------------
def test_a_coverage_area_name_is_read_in_the_writers_area(state):
    content = "as_of,area,target_group,dose,vaccinated,population\n2022-01-31,จอมทอง,all,1,100,\n".encode()
    report = run_import(state, "coverage", content, "cov.csv", scope="50")
    assert report["problems"] == [] and report["new"] == 1
    with state.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT area FROM coverage_facts")).scalar_one() == CHOM_THONG_CM
    report = run_import(state, "coverage", content, "cov.csv", dry_run=True)  # nationally: which จอมทอง?
    assert report["problems"][0]["column"] == "area" and "1035" in report["problems"][0]["message_en"]


def test_a_row_naming_no_area_is_placed_in_the_writers_area_within_the_tolerance(state, real_boundaries, real_registry):
    mae_wang = real_registry.get(MAE_WANG)
    lon, lat = beyond(district_shape(real_boundaries, CHOM_THONG_CM), (mae_wang["lon"], mae_wang["lat"]), 30)
    content = f"type,name_th,lat,lon\nhospital,โรงพยาบาลชายเขต,{lat:.7f},{lon:.7f}\n".encode()
    report = run_import(state, "facilities", content, "f.csv", scope=CHOM_THONG_CM)
    assert report["problems"] == [] and report["new"] == 1
    [warning] = report["warnings"]
    assert warning["column"] == "lat" and "outside your own area" in warning["message_en"]
    assert "พื้นที่ที่คุณรับผิดชอบ" in warning["message_th"]
    assert stored_areas(state.engine)[None]["district"] == CHOM_THONG_CM
    # 300 m out, beyond the tolerance: the point is where it lies, outside the writer's area
    lon, lat = beyond(district_shape(real_boundaries, CHOM_THONG_CM), (mae_wang["lon"], mae_wang["lat"]), 300)
    content = f"type,name_th,lat,lon\nhospital,โรงพยาบาลนอกเขต,{lat:.7f},{lon:.7f}\n".encode()
    report = run_import(state, "facilities", content, "f.csv", scope=CHOM_THONG_CM, dry_run=True)
    assert [p["message_en"] for p in report["problems"]] == [
        f"area {report['problems'][0]['value']} is outside your own area ({CHOM_THONG_CM})"
    ]
