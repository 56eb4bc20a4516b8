"""``python app.py fetch-data`` against a local mirror (JITASA_DATA_MIRROR): a mirror on 127.0.0.1 serves
../shared/data as it is, and breaks one file on request (changed bytes, a cut-off download, a 404, a slow file to
kill the run in the middle). Every failure ends with a line naming the file and the address, and nothing
half-written in place; bundles round-trip; and a fresh clone without ../shared gets from nothing to the demo
answering on its port with the README's own commands."""

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from data.fetch.bundle import install_bundle, write_bundle
from data.fetch.fetch import MARKER, FetchError, fetch_data
from data.fetch.manifest import file_matches, load_manifest
from settings import SHARED_DATA

pytestmark = pytest.mark.system

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = load_manifest()
RAW = [e for e in MANIFEST.entries if e.url]
BIG = "boundaries/tambon_simplify/tha_admbnda_adm3_rtsd_20220121.zip"  # 2.3 MB: slow enough to be killed mid-way
LATE = "vaccination/vaccination_tables/1633505880456.2021-10-05.json"  # fetched after most others


class MirrorHandler(SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(SHARED_DATA), **kwargs)

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = unquote(urlsplit(self.path).path).lstrip("/")
        fault = self.server.faults.get(path)
        if fault is None:
            return super().do_GET()
        if fault == "404":
            return self.send_error(404)
        body = (SHARED_DATA / path).read_bytes()
        if fault == "changed":  # same length, one byte different
            body = body[:100] + bytes([body[100] ^ 1]) + body[101:]
        announced = len(body)
        if fault == "short":  # an honest but shorter answer
            body = announced_body = body[: len(body) // 2]
            announced = len(announced_body)
        self.send_response(200)
        self.send_header("Content-Length", str(announced))
        self.end_headers()
        if fault == "cut":  # the connection drops half-way through
            self.wfile.write(body[: len(body) // 2])
            return
        step = 16_384 if fault == "slow" else len(body)
        for start in range(0, len(body), step):
            self.wfile.write(body[start : start + step])
            if fault == "slow":
                time.sleep(0.1)


@pytest.fixture(scope="module")
def mirror():
    server = ThreadingHTTPServer(("127.0.0.1", 0), MirrorHandler)
    server.daemon_threads = True
    server.faults = {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def faults(mirror):
    mirror.faults.clear()
    yield mirror.faults
    mirror.faults.clear()


def mirror_url(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def fetched(mirror, tmp_path_factory) -> Path:
    """One whole fetch through the mirror, for the tests that start from a complete folder."""
    folder = tmp_path_factory.mktemp("fetched") / "source-data"
    lines: list[str] = []
    report = fetch_data(folder, MANIFEST, mirror=mirror_url(mirror), say=lines.append)
    assert report.counts == {"fetched": len(RAW), "copied": 4, "rebuilt": 2}
    assert len(lines) == len(MANIFEST.entries)  # a progress line per file
    return folder


def no_part_files(folder: Path) -> bool:
    return not [p for p in folder.rglob("*.part")]


def stamps(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_the_fetch_through_the_mirror_is_byte_identical_to_the_shared_folder(fetched):
    for entry in MANIFEST.entries:
        assert (fetched / entry.path).read_bytes() == (SHARED_DATA / entry.path).read_bytes(), entry.path
    assert no_part_files(fetched) and (fetched / MARKER).is_file()


def test_a_second_run_fetches_nothing_and_touches_nothing(fetched, mirror):
    before = stamps(fetched)
    report = fetch_data(fetched, MANIFEST, mirror=mirror_url(mirror), say=lambda line: None)
    assert report.counts == {"already there": len(MANIFEST.entries)}
    assert stamps(fetched) == before


def test_a_damaged_file_in_its_own_folder_is_fetched_again_and_nothing_else_touched(fetched, mirror, tmp_path):
    folder = tmp_path / "source-data"
    shutil.copytree(fetched, folder)
    (folder / LATE).write_bytes(b"damaged")
    (folder / "notes.txt").write_text("an administrator's own file", encoding="utf-8")
    before = stamps(folder)
    report = fetch_data(folder, MANIFEST, mirror=mirror_url(mirror), say=lambda line: None)
    assert report.counts == {"already there": len(MANIFEST.entries) - 1, "fetched": 1}
    assert (folder / LATE).read_bytes() == (SHARED_DATA / LATE).read_bytes()
    after = stamps(folder)
    assert {k for k in before if before[k] != after[k]} == {LATE}


@pytest.mark.parametrize(
    "fault,says",
    [
        ("changed", "is not the pinned file"),
        ("short", "(cut off)"),
        ("cut", "the download broke off"),
        ("404", "HTTP 404"),
    ],
)
def test_a_broken_file_is_a_clear_error_and_nothing_verified_is_touched(fetched, mirror, faults, tmp_path, fault, says):
    folder = tmp_path / "source-data"
    shutil.copytree(fetched, folder)
    (folder / LATE).unlink()
    (folder / BIG).unlink()
    before = stamps(folder)
    faults[BIG] = fault
    with pytest.raises(FetchError) as error:
        fetch_data(folder, MANIFEST, mirror=mirror_url(mirror), say=lambda line: None)
    address = f"{mirror_url(mirror)}/boundaries/tambon_simplify/tha_admbnda_adm3_rtsd_20220121.zip"
    assert says in error.value.en and BIG in error.value.en and address in error.value.en
    assert BIG in error.value.th and address in error.value.th  # Thai too
    assert not (folder / BIG).exists() and not (folder / LATE).exists() and no_part_files(folder)
    assert stamps(folder) == before  # every verified file as it was


def test_the_command_line_says_it_in_one_line_with_exit_status_1(fetched, mirror, faults, tmp_path):
    folder = tmp_path / "source-data"
    shutil.copytree(fetched, folder)
    (folder / LATE).unlink()
    faults[LATE] = "404"
    result = run_app("fetch-data", "--to", str(folder), env={"JITASA_DATA_MIRROR": mirror_url(mirror)})
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and LATE in result.stderr and "HTTP 404" in result.stderr
    assert "already there, verified" in result.stdout


def run_app(*args, env=None, cwd=ROOT, timeout=120):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("JITASA_")}
    return subprocess.run(
        [sys.executable, "app.py", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**clean, **env},
    )


def start_fetch(folder: Path, mirror) -> subprocess.Popen:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("JITASA_")}
    env = {**clean, "JITASA_DATA_MIRROR": mirror_url(mirror)}
    command = [sys.executable, "app.py", "fetch-data", "--to", str(folder)]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_part(folder: Path, process: subprocess.Popen) -> None:
    part = folder / (BIG + ".part")
    deadline = time.monotonic() + 60
    while not (part.exists() and part.stat().st_size > 100_000):
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.05)


def test_an_interrupted_run_leaves_nothing_half_written(mirror, faults, tmp_path):
    folder = tmp_path / "source-data"
    faults[BIG] = "slow"
    process = start_fetch(folder, mirror)
    wait_for_part(folder, process)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130 and "interrupted" in err and "ถูกขัดจังหวะ" in err
    assert re.search(r"\[ ?\d+/96\] boundaries/tambon_simplify/\S+ \(2\.3 MB\): fetching http", out)
    assert not (folder / BIG).exists() and no_part_files(folder)


def test_a_killed_run_goes_on_where_it_stopped(mirror, faults, tmp_path):
    folder = tmp_path / "source-data"
    faults[BIG] = "slow"
    process = start_fetch(folder, mirror)
    wait_for_part(folder, process)
    process.kill()  # no chance to clean up: the .part stays beside, never in place
    process.communicate(timeout=30)
    assert not (folder / BIG).exists()
    placed = [e for e in MANIFEST.entries if (folder / e.path).exists()]
    assert placed and all(file_matches(folder / e.path, e) for e in placed)
    faults.clear()
    report = fetch_data(folder, MANIFEST, mirror=mirror_url(mirror), say=lambda line: None)
    assert report.counts["already there"] == len(placed)
    assert no_part_files(folder) and all(file_matches(folder / e.path, e) for e in MANIFEST.entries)


@pytest.mark.parametrize("name", ["jitasa-data.tar.gz", "jitasa-data.zip"])
def test_a_bundle_installs_byte_identical(fetched, tmp_path, name):
    bundle = tmp_path / name
    assert write_bundle(fetched, MANIFEST, bundle, say=lambda line: None) == len(MANIFEST.entries)
    target = tmp_path / "offline" / "source-data"
    report = install_bundle(bundle, target, MANIFEST, say=lambda line: None)
    assert report.counts == {"installed": len(MANIFEST.entries)}
    for entry in MANIFEST.entries:
        assert (target / entry.path).read_bytes() == (SHARED_DATA / entry.path).read_bytes(), entry.path


def test_a_bundle_from_the_shared_folder_through_the_command_line(tmp_path):
    bundle = tmp_path / "jitasa-data.tar.gz"
    made = run_app("fetch-data", "--to", str(SHARED_DATA), "--bundle", str(bundle), env={})
    assert made.returncode == 0 and f"wrote {bundle}: 96 verified files" in made.stdout
    target = tmp_path / "var" / "source-data"
    installed = run_app("fetch-data", "--from", str(bundle), env={"JITASA_SOURCE_DATA_DIR": str(target)})
    assert installed.returncode == 0, installed.stderr
    assert "96 installed; every file verified" in installed.stdout and "inside your organisation" in installed.stdout
    assert all(file_matches(target / e.path, e) for e in MANIFEST.entries)


def test_a_tampered_bundle_is_refused_file_by_file(fetched, tmp_path):
    import tarfile

    bundle = tmp_path / "jitasa-data.tar.gz"
    write_bundle(fetched, MANIFEST, bundle, say=lambda line: None)
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(bundle) as source, tarfile.open(tampered, "w:gz") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.endswith(LATE):
                data = data.replace(b"Bangkok", b"Bangkoc", 1)
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
        evil = tarfile.TarInfo("jitasa-data/../../escaped.txt")
        evil.size = 4
        out.addfile(evil, io.BytesIO(b"evil"))
    target = tmp_path / "offline"
    with pytest.raises(FetchError) as error:
        install_bundle(tampered, target, MANIFEST, say=lambda line: None)
    assert LATE in error.value.en and "is not the pinned file" in error.value.en
    assert not (target / LATE).exists() and no_part_files(target)
    assert not (tmp_path / "escaped.txt").exists() and not (target.parent.parent / "escaped.txt").exists()


def test_a_provided_folder_is_never_written(fetched, mirror, tmp_path):
    folder = tmp_path / "provided"
    shutil.copytree(fetched, folder)
    (folder / MARKER).unlink()
    (folder / LATE).unlink()
    before = stamps(folder)
    result = run_app(
        "fetch-data", env={"JITASA_SOURCE_DATA_DIR": str(folder), "JITASA_DATA_MIRROR": mirror_url(mirror)}
    )
    assert result.returncode == 2 and "not made by fetch-data" in result.stderr and "--to DIR" in result.stderr
    assert stamps(folder) == before


# -- done when: from nothing to the demo ------------------------------------------------------------------------
def fresh_clone(into: Path) -> Path:
    """The repository as a fresh clone has it (tracked and new files, nothing ignored), with no ../shared beside."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    clone = into / "jitasa-map"
    for name in filter(None, (n.decode() for n in listed)):
        source = ROOT / name
        if source.is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    assert not (clone.parent / "shared").exists()
    return clone


def readme_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Start", 1)[1].split("```", 2)[1]
    return [line.split("#")[0].strip() for line in block.strip().splitlines()]


def test_a_fresh_clone_gets_from_nothing_to_the_demo_with_the_readmes_commands(mirror, tmp_path):
    from fixtures_app import free_port, stop_server

    commands = readme_start_commands()
    assert commands == ["pip install -r requirements.txt", "python app.py fetch-data", "python app.py --demo"]
    clone = fresh_clone(tmp_path)  # the packages are installed already: this interpreter's
    port = free_port()
    env = {"JITASA_DATA_MIRROR": mirror_url(mirror), "JITASA_PORT": str(port)}

    before = run_app("--demo", env=env, cwd=clone)  # without the data, the app names the command
    assert before.returncode == 2 and "python app.py fetch-data" in before.stderr

    fetch = run_app(*commands[1].split()[2:], env=env, cwd=clone)
    assert fetch.returncode == 0, fetch.stderr
    folder = clone / "var" / "source-data"
    assert f"{folder}: 90 fetched, 4 copied, 2 rebuilt; every file verified" in fetch.stdout
    assert all(file_matches(folder / e.path, e) for e in MANIFEST.entries)

    clean = {k: v for k, v in os.environ.items() if not k.startswith("JITASA_")}
    log = (tmp_path / "demo.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "app.py", *commands[2].split()[2:]], cwd=clone, env={**clean, **env}, stdout=log, stderr=log
    )
    try:
        url = f"http://127.0.0.1:{port}/api/v1/coverage?level=province&group=all&dose=1&as_of=2022-02-06"
        deadline = time.monotonic() + 240
        while True:
            assert server.poll() is None, (tmp_path / "demo.log").read_text()[-3000:]
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    body = json.loads(response.read())
                    break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "demo.log").read_text()[-3000:]
                time.sleep(1)
        bangkok = next(r for r in body["items"] if r["code"] == "10")  # the demo's real coverage, the DOPA names
        assert body["total"] == 77 and bangkok["name_th"] == "กรุงเทพมหานคร" and bangkok["coverage_pct"] > 100
    finally:
        stop_server(server)
        log.close()
