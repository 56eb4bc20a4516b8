"""The source data manifest describes the real bytes: every checksum equals the file in ../shared/data, every URL pins
a commit, the derived tables rebuild byte for byte, every file the app reads is listed, and the README's licences
table is the manifest's list of sources. Also the settings' resolution order and the refusals that need no server."""

import os
import re
from pathlib import Path

import pytest

from data.fetch.derive import RECIPES
from data.fetch.fetch import FetchError, claim_folder, fetch_data
from data.fetch.manifest import REPO_ROOT, file_matches, load_manifest, readme_table, sha256_file
from settings import FETCHED_DATA, SHARED_DATA, load_settings

MANIFEST = load_manifest()
ROOT = Path(__file__).resolve().parents[1]
RAW_URL = re.compile(r"^https://raw\.githubusercontent\.com/([^/]+/[^/]+)/([0-9a-f]{40})/\S+$")


def test_every_manifest_entry_is_the_file_in_the_shared_folder():
    for entry in MANIFEST.entries:
        path = SHARED_DATA / entry.path
        assert path.stat().st_size == entry.size, entry.path
        assert sha256_file(path) == entry.sha256, entry.path


def test_every_file_of_the_shared_folder_is_in_the_manifest():
    on_disk = {p.relative_to(SHARED_DATA).as_posix() for p in SHARED_DATA.rglob("*") if p.is_file()}
    assert on_disk == {e.path for e in MANIFEST.entries}


def test_every_url_pins_a_commit_of_its_sources_repository():
    raw = [e for e in MANIFEST.entries if e.url]
    assert len(raw) == len(MANIFEST.entries) - 6  # 4 SOURCE.md kept here, 2 derived tables rebuilt
    for entry in raw:
        match = RAW_URL.match(entry.url)
        assert match, entry.url
        repo, commit = match.groups()
        assert entry.source.repository == f"https://github.com/{repo}" and entry.source.commit == commit
        assert " " not in entry.url and "(" not in entry.url  # quoted: the file names have spaces and brackets
    for source in MANIFEST.sources:
        assert not source.repository or re.fullmatch(r"[0-9a-f]{40}", source.commit), source.id


def test_every_entry_says_licence_and_attribution_and_how_to_get_it():
    for entry in MANIFEST.entries:
        assert entry.licence and entry.attribution, entry.path
        assert [bool(entry.url), bool(entry.recipe), bool(entry.repository_file)].count(True) == 1, entry.path


def test_the_derived_tables_rebuild_byte_for_byte_from_the_raw_ones():
    derived = [e for e in MANIFEST.entries if e.recipe]
    assert {e.path for e in derived} == {r.output for r in RECIPES.values()}
    for entry in derived:
        assert set(entry.inputs) <= {e.path for e in MANIFEST.entries if e.url}
        content = RECIPES[entry.recipe].build(SHARED_DATA)
        assert content == (SHARED_DATA / entry.path).read_bytes(), entry.path


def test_the_provenance_kept_here_is_the_source_md_of_each_folder():
    for entry in (e for e in MANIFEST.entries if e.repository_file):
        assert file_matches(REPO_ROOT / entry.repository_file, entry), entry.repository_file


def test_every_file_the_app_reads_is_in_the_manifest():
    from data.population import DISTRICT_FILE, POPULATION_DIR, PROVINCE_FILE
    from data.sources import HOSPITALS_FILE, LABS_FILE, PROVINCE_MAPPING_FILE
    from data.stats import REGIONS_FILE
    from geo.boundaries import ADM3_ZIP

    listed = {e.path for e in MANIFEST.entries}
    read = [Path("boundaries") / ADM3_ZIP, HOSPITALS_FILE, LABS_FILE, PROVINCE_MAPPING_FILE, REGIONS_FILE]
    read += [POPULATION_DIR / PROVINCE_FILE, POPULATION_DIR / DISTRICT_FILE]
    read += [p.relative_to(SHARED_DATA) for p in (SHARED_DATA / "vaccination" / "vaccination_tables").glob("*.json")]
    assert len(read) > 30
    assert {p.as_posix() for p in read} <= listed


def _readme_sources() -> dict[str, str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Data sources and licences", 1)[1].split("\n## ", 1)[0]
    table = section[section.index("| source |") :].split("\n\n")[0]  # the data sources; the software table follows
    rows = [line.split("|")[1:-1] for line in table.splitlines()[2:]]
    return {re.sub(r"[`\s]", "", row[0]): row for row in rows}


def test_the_readme_licences_table_is_the_manifests_sources():
    assert readme_table(MANIFEST) in (ROOT / "README.md").read_text(encoding="utf-8")  # python -m data.fetch.manifest
    rows = _readme_sources()
    assert set(rows) == {s.id for s in MANIFEST.sources}
    for source in MANIFEST.sources:
        text = " ".join(rows[source.id])
        assert source.licence in text, source.id
        if source.repository:
            assert source.repository in text and source.commit[:7] in text, source.id


def test_the_readme_says_a_bundle_stays_inside_the_organisation():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert any(not s.stated_licence for s in MANIFEST.sources)
    assert "inside the deploying organisation" in readme


# -- where the app reads the source data -------------------------------------------------------------------------
def test_the_shared_folder_is_read_where_it_exists(tmp_path):
    settings = load_settings(environ={"JITASA_DATA_DIR": str(tmp_path)})
    assert settings.source_data_dir == SHARED_DATA and settings.boundaries_dir == SHARED_DATA / "boundaries"


def test_without_the_shared_folder_the_app_reads_what_fetch_data_fills(tmp_path, monkeypatch):
    monkeypatch.setattr("settings.SHARED_DATA", tmp_path / "no-shared")
    settings = load_settings(environ={"JITASA_DATA_DIR": str(tmp_path)})
    assert settings.source_data_dir == tmp_path / FETCHED_DATA
    assert settings.boundaries_dir == tmp_path / FETCHED_DATA / "boundaries"


def test_a_set_folder_wins_and_the_boundaries_follow_it(tmp_path):
    settings = load_settings(environ={"JITASA_SOURCE_DATA_DIR": str(tmp_path / "src")})
    assert settings.source_data_dir == tmp_path / "src" and settings.boundaries_dir == tmp_path / "src" / "boundaries"
    own = load_settings(environ={"JITASA_SOURCE_DATA_DIR": str(tmp_path), "JITASA_BOUNDARIES_DIR": "/b"})
    assert own.boundaries_dir == Path("/b")


def test_a_mirror_that_is_not_an_address_names_the_variable():
    with pytest.raises(Exception, match="JITASA_DATA_MIRROR"):
        load_settings(environ={"JITASA_DATA_MIRROR": "ftp://x"})


# -- what the command refuses, with nothing written ---------------------------------------------------------------
def test_a_complete_provided_folder_is_only_read():
    report = fetch_data(SHARED_DATA, MANIFEST, mirror="http://127.0.0.1:1", say=lambda line: None)
    assert report.provided and report.counts == {"verified": len(MANIFEST.entries)}
    assert not (SHARED_DATA / ".jitasa-fetch.json").exists()


def test_an_incomplete_folder_it_did_not_make_is_refused_untouched(tmp_path):
    (tmp_path / "notes.txt").write_text("someone else's", encoding="utf-8")
    with pytest.raises(FetchError) as error:
        claim_folder(tmp_path, MANIFEST)
    assert error.value.refused and "not made by fetch-data" in str(error.value) and "--to" in str(error.value)
    assert os.listdir(tmp_path) == ["notes.txt"]


def test_an_unreachable_address_names_the_file_and_the_address(tmp_path):
    with pytest.raises(FetchError) as error:
        fetch_data(tmp_path / "out", MANIFEST, mirror="http://127.0.0.1:1", say=lambda line: None)
    first = MANIFEST.entries[0].path
    assert first in error.value.en and "http://127.0.0.1:1/" in error.value.en and "ดาวน์โหลด" in error.value.th
    assert [p.name for p in (tmp_path / "out").rglob("*") if p.is_file()] == [".jitasa-fetch.json"]


def test_a_rebuilt_table_that_differs_is_a_clear_error_and_never_placed(tmp_path, monkeypatch):
    import shutil

    from data.fetch.derive import Recipe
    from data.fetch.fetch import _rebuild

    entry = MANIFEST.entry("population/derived/province_population_dopa_2563_2565_2566_2567.csv")
    shutil.copytree(SHARED_DATA / "population", tmp_path / "population")
    (tmp_path / entry.path).unlink()
    real = RECIPES[entry.recipe]
    renamed = Recipe(real.output, real.inputs, lambda folder: real.build(folder).replace(b"Bangkok", b"Krung Thep"))
    monkeypatch.setitem(RECIPES, entry.recipe, renamed)  # as another geothai release with another name would
    with pytest.raises(FetchError) as error:
        _rebuild(tmp_path, entry)
    assert (
        entry.path in error.value.en
        and "geothai 3.2.1" in error.value.en
        and "is not the pinned file" in error.value.en
    )
    assert not (tmp_path / entry.path).exists() and not list(tmp_path.rglob("*.part"))
