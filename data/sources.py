"""Readers of the public source data sets in the shared data folder (see each folder's SOURCE.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

HOSPITALS_FILE = Path("facilities") / "geojson_health.js"
LABS_FILE = Path("facilities") / "labcovid.js"
PROVINCE_MAPPING_FILE = Path("vaccination") / "province_mapping.csv"
VACCINATION_DIR = Path("vaccination")
HOSPITALS_SOURCE = "MOPH hospitals via mapedia-th/away-covid (Apache-2.0)"
LABS_SOURCE = "COVID-19 laboratories 2020 via mapedia-th/away-covid (Apache-2.0)"
_TEST_ROW_CODES = {"0", "99999"}
_PHONE = re.compile(r"(?:โทร\.?|Tel\.?)?\s*(0\d{1,2}[-\s]?\d{3}[-\s]?\d{3,4}(?:\s*(?:ต่อ|ext\.?)\s*\d+)?)")


def read_js_geojson(path: Path) -> dict:
    """Parse ``var NAME = {...};`` as GeoJSON."""
    text = Path(path).read_text(encoding="utf-8").strip()
    text = text[text.index("=") + 1 :].strip().rstrip(";")
    return json.loads(text)


def read_moph_hospitals(source_dir: Path) -> pd.DataFrame:
    """Real hospitals with the MOPH 5-digit code as external id; the two test rows dropped."""
    features = read_js_geojson(Path(source_dir) / HOSPITALS_FILE)["features"]
    rows = []
    for number, feature in enumerate(features, 1):
        p = feature["properties"]
        code = str(p.get("main_code", "")).strip()
        if code in _TEST_ROW_CODES:
            continue
        rows.append(
            {
                "external_id": code.zfill(5),
                "type": "hospital",
                "name_th": " ".join(str(p["name"]).split()),
                "lat": float(p["lat"]),
                "lon": float(p["lon"]),
                "beds_total": int(p["bed_total"]) if p.get("bed_total") not in (None, "") else None,
                "hospital_kind": p.get("type_desc"),
                "source_province": str(p.get("prov_code", "")).zfill(2),
                "source_row": number,  # the feature's place in the source file, for the load's warnings
                "source": HOSPITALS_SOURCE,
            }
        )
    return pd.DataFrame(rows)


def read_lab_sites(source_dir: Path) -> pd.DataFrame:
    """Real COVID-19 test laboratories (2020) as test sites; phone taken out of the address where present."""
    features = read_js_geojson(Path(source_dir) / LABS_FILE)["features"]
    rows = []
    for feature in features:
        p = feature["properties"]
        address = " ".join(str(p.get("add") or "").split())
        phone = _PHONE.search(address)
        rows.append(
            {
                "external_id": f"LAB-{int(p['gid']):03d}",
                "type": "test_site",
                "name_th": " ".join(str(p["name"]).split()),
                "lat": float(p["lat"]),
                "lon": float(p["long"]),
                "address": address or None,
                "phone": phone.group(1) if phone else None,
                "ownership": p.get("type_gov"),
                "source": LABS_SOURCE,
            }
        )
    return pd.DataFrame(rows)


def read_province_names(source_dir: Path) -> dict[str, tuple[str, str]]:
    """{2-digit DOPA code: (Thai name, English name)} from the vaccination folder's province mapping (``ISO[7]``
    TH-xx); rows without a code (prisons, unknown) are left out."""
    mapping = pd.read_csv(Path(source_dir) / PROVINCE_MAPPING_FILE, dtype=str, keep_default_na=False)
    return {
        iso.strip()[3:]: (th.strip(), en.strip())
        for iso, th, en in zip(mapping["ISO[7]"], mapping["Name(in Thai)"], mapping["Name"])
        if re.fullmatch(r"TH-\d{2}", iso.strip())
    }
