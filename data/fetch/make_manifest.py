"""For maintainers: write ``manifest.json`` from a verified source folder and the pinned sources below.

    python -m data.fetch.make_manifest ../shared/data

Each source names its repository, the commit its files are pinned to, and where each folder of the data folder
comes from in that repository (see the SOURCE.md of each folder). To move a source to a newer commit: change the
commit here, put the new files in a folder, run this, and check the derived files still rebuild (the tests say so).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from urllib.parse import quote

from data.fetch.derive import RECIPES
from data.fetch.manifest import MANIFEST_FILE, PROVENANCE_DIR, sha256_file

RAW = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"

SOURCES = [
    {
        "id": "boundaries",
        "title": "Boundaries of provinces, districts and subdistricts (OCHA COD-AB, simplified)",
        "repository": "https://github.com/prasertcbs/thailand_gis",
        "repo": "prasertcbs/thailand_gis",
        "commit": "1682c1dab30a59239004982927b98279081fab18",
        "pinned": "commit 1682c1d, 2024-04-29",
        "licence": "CC BY-IGO 3.0 (the underlying COD-AB); the converter's repository states no licence",
        "stated_licence": False,
        "attribution": "Administrative boundaries of Thailand: Royal Thai Survey Department, Thailand COD-AB "
        "(tha_adm_rtsd_itos_20220121), via OCHA / Humanitarian Data Exchange (https://data.humdata.org/dataset/cod-ab-tha), "
        "licensed CC BY-IGO 3.0. Simplified and converted by prasertcbs (https://github.com/prasertcbs/thailand_gis).",
        "folders": {"boundaries/": ""},
    },
    {
        "id": "vaccination",
        "title": "Vaccination by province, target group and dose (MOPH / DDC reports, parsed)",
        "repository": "https://github.com/djay/covidthailand",
        "repo": "djay/covidthailand",
        "commit": "4f9c825403ca2307bde1699ff536ef4301dde3da",
        "pinned": "commit 4f9c825",
        "licence": "CC BY 4.0",
        "stated_licence": True,
        "attribution": "djay/covidthailand (Dylan Jay and contributors); numbers from the Thai Ministry of Public "
        "Health / Department of Disease Control vaccination reports.",
        "folders": {
            "vaccination/vaccination_tables/": "tests/vaccination_tables/",
            "vaccination/vaccination_daily/": "tests/vaccination_daily/",
            "vaccination/vac_slides_groups/": "tests/vac_slides_groups/",
            "vaccination/": "",
        },
    },
    {
        "id": "facilities",
        "title": "Hospitals (MOPH codes) and COVID-19 test laboratories",
        "repository": "https://github.com/siam-rajathanee/away-covid",
        "repo": "siam-rajathanee/away-covid",
        "commit": "337ce7c7fed92e40fd0a83911e538d995512c553",
        "pinned": "commit 337ce7c, 2021-01-04",
        "licence": "Apache-2.0",
        "stated_licence": True,
        "attribution": "Away Covid-19 by MAPEDIA Co., Ltd. and Naresuan University (mapedia-th/away-covid, "
        "fork siam-rajathanee/away-covid), Apache License 2.0.",
        "folders": {"facilities/geojson_health.js": "js/", "facilities/labcovid.js": "js/", "facilities/": ""},
    },
    {
        "id": "population-cedt",
        "title": "Registered population by subdistrict, 31 Dec 2022, 2023, 2024 (DOPA, scraped)",
        "repository": "https://github.com/patthadon-p/CEDT-2110403-DSDE-Project",
        "repo": "patthadon-p/CEDT-2110403-DSDE-Project",
        "commit": "bfdfd804584078f08399d12b7ce06dbb99a5500d",
        "pinned": "commit bfdfd80 on branch dev, files of 2025-11-21",
        "licence": "none stated (official DOPA statistics)",
        "stated_licence": False,
        "attribution": "Registered population: Department of Provincial Administration (DOPA), Ministry of Interior, "
        "Thailand — stat.bora.dopa.go.th; tables scraped by patthadon-p/CEDT-2110403-DSDE-Project.",
        "folders": {
            "population/cedt_dopa_2565_2567/population_scrapping.config.json": "configs/population_scrapping.json",
            "population/cedt_dopa_2565_2567/": "data/scrapped/",
        },
    },
    {
        "id": "population-wevis",
        "title": "Registered population by subdistrict, 31 Dec 2020 (DOPA)",
        "repository": "https://github.com/wevisdemo/thailand-election-2023",
        "repo": "wevisdemo/thailand-election-2023",
        "commit": "4d04a701f4c5487b04bd48d24fdbdc34bcb4990a",
        "pinned": "commit 4d04a70",
        "licence": "none stated (official DOPA statistics)",
        "stated_licence": False,
        "attribution": "Registered population: Department of Provincial Administration (DOPA), Ministry of Interior, "
        "Thailand — stat.bora.dopa.go.th; table from wevisdemo/thailand-election-2023.",
        "folders": {"population/wevis_dopa_2563/": "apps/electionsim/scripts/"},
    },
    {
        "id": "population-derived",
        "title": "Population by province (2020, 2022–2024) and by district (2020), with DOPA codes",
        "repository": "",
        "pinned": "rebuilt by fetch-data from the two population sources and geothai 3.2.1",
        "licence": "DOPA official statistics; area codes and names from geothai 3.2.1 (data CC BY 4.0)",
        "stated_licence": False,
        "attribution": "Registered population: Department of Provincial Administration (DOPA), Ministry of Interior, "
        "Thailand — stat.bora.dopa.go.th; codes and names: geothai (CC BY 4.0).",
        "folders": {},
    },
    {
        "id": "provenance",
        "title": "SOURCE.md of each folder: origin, pinned commits, licences, reading notes",
        "repository": "",
        "pinned": "kept in this repository (data/fetch/provenance/)",
        "licence": "part of Jitasa Map",
        "stated_licence": True,
        "attribution": "Jitasa Map",
        "folders": {},
    },
]


def _raw_source(path: str) -> tuple[dict, str] | None:
    """(source, path in its repository) for a file fetched from a public repository; the longest rule wins.

    A rule ``folder/ -> repo/folder/`` maps a whole folder; ``file -> repo/folder/`` or ``file -> repo/file`` one file.
    """
    best = None
    for source in SOURCES:
        for prefix, target in source["folders"].items():
            if prefix.endswith("/") and path.startswith(prefix):
                in_repo = target + path[len(prefix) :]
            elif path == prefix:
                in_repo = target + path.rsplit("/", 1)[1] if target.endswith("/") else target
            else:
                continue
            if best is None or len(prefix) > best[0]:
                best = (len(prefix), source, in_repo)
    return (best[1], best[2]) if best else None


def build(folder: Path) -> dict:
    files = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        entry = {"path": rel, "size": path.stat().st_size, "sha256": sha256_file(path)}
        recipe = next((name for name, r in RECIPES.items() if r.output == rel), None)
        if rel.endswith("/SOURCE.md"):
            entry |= {"source": "provenance", "repository_file": f"{PROVENANCE_DIR}/{rel.split('/')[0]}.md"}
        elif recipe:
            entry |= {"source": "population-derived", "recipe": recipe, "inputs": list(RECIPES[recipe].inputs)}
        else:
            found = _raw_source(rel)
            if found is None:
                raise SystemExit(f"no source for {rel}: add its folder to SOURCES")
            source, in_repo = found
            url = RAW.format(repo=source["repo"], commit=source["commit"], path=quote(in_repo))
            entry |= {"source": source["id"], "url": url}
        files.append(entry)
    sources = [{k: v for k, v in s.items() if k not in ("folders", "repo")} for s in SOURCES]
    return {"format": 1, "sources": sources, "files": files}


if __name__ == "__main__":
    manifest = build(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
    MANIFEST_FILE.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{MANIFEST_FILE}: {len(manifest['files'])} files")
