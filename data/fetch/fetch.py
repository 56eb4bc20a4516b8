"""``python app.py fetch-data``: the source data folder fetched, rebuilt and verified against the manifest.

Every file is written beside its place (``NAME.part``), verified (size and SHA-256), then renamed into place: a
file in place is always a verified one. Files already there and verified are not fetched again, and nothing
verified is touched when a later file fails. The command writes only into a folder it made itself (the marker
file ``.jitasa-fetch.json`` says so) or an empty one; a folder someone else provides (``../shared/data``) is only
read: complete, it is reported so; incomplete, the command refuses and says what to do.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from urllib.error import HTTPError, URLError
from urllib.parse import quote
from urllib.request import Request, urlopen

from data.fetch.derive import RECIPES, DeriveError
from data.fetch.manifest import REPO_ROOT, Entry, Manifest, file_matches, missing_or_changed

MARKER = ".jitasa-fetch.json"
TIMEOUT_S = 60
BLOCK = 1 << 16


class FetchError(Exception):
    """What went wrong, in English and Thai, naming the file and the address."""

    def __init__(self, en: str, th: str, refused: bool = False):
        super().__init__(en)
        self.en, self.th = en, th
        self.refused = refused  # a folder or bundle the command will not use (exit 2), not a failed file (exit 1)

    def __str__(self) -> str:
        return f"{self.en} / {self.th}"


@dataclass
class Report:
    folder: Path
    counts: dict[str, int] = field(default_factory=dict)
    provided: bool = False  # a complete folder this command did not make: only verified

    def add(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1


def human_size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.1f} kB"


def address(entry: Entry, mirror: str) -> str:
    """Where a raw file is fetched from: the mirror at its path inside the data folder, else its pinned URL."""
    return f"{mirror.rstrip('/')}/{quote(entry.path)}" if mirror else entry.url


def claim_folder(folder: Path, manifest: Manifest) -> bool:
    """Make ``folder`` ours to write (True), or find it complete and provided by someone else (False: only read).

    Raise FetchError when it holds files this command did not put there and is not complete."""
    if folder.exists() and not (folder / MARKER).is_file():
        if not folder.is_dir():
            raise FetchError(f"{folder} is a file, not a folder", f"{folder} เป็นไฟล์ ไม่ใช่โฟลเดอร์", refused=True)
        if any(folder.iterdir()):
            missing = missing_or_changed(folder, manifest)
            if not missing:
                return False
            raise FetchError(
                f"{folder} was not made by fetch-data and lacks {len(missing)} verified files (first: "
                f"{missing[0].path}); it is left untouched (a provided folder is read-only). Fetch into another "
                "folder: python app.py fetch-data --to DIR, and point JITASA_SOURCE_DATA_DIR at it",
                f"โฟลเดอร์ {folder} ไม่ได้สร้างโดย fetch-data และยังขาดไฟล์ {len(missing)} ไฟล์ (เช่น {missing[0].path}) "
                "จึงไม่แตะต้องโฟลเดอร์นี้ ให้ดึงลงโฟลเดอร์อื่นด้วย --to DIR แล้วตั้ง JITASA_SOURCE_DATA_DIR",
                refused=True,
            )
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / MARKER).is_file():
        marker = {"made_by": "python app.py fetch-data", "manifest_sha256": manifest.digest}
        (folder / MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
    return True


@contextmanager
def _beside(target: Path) -> Iterator[BinaryIO]:
    """A ``.part`` file beside ``target``: renamed into place by ``place``, removed on any failure or interrupt."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    try:
        with open(part, "wb") as out:
            yield out
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def _place(target: Path) -> None:
    part = target.with_name(target.name + ".part")
    with open(part, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(part, target)


def _mismatch(entry: Entry, origin: str, size: int, sha: str) -> FetchError:
    cut = " (cut off)" if size < entry.size else ""
    return FetchError(
        f"{entry.path} from {origin} is not the pinned file: {size:,} bytes{cut}, SHA-256 {sha[:12]}…, where the "
        f"manifest says {entry.size:,} bytes, SHA-256 {entry.sha256[:12]}…; nothing was put in place, files already "
        "verified are kept",
        f"{entry.path} จาก {origin} ไม่ตรงกับไฟล์ที่ตรึงไว้: ได้ {size:,} ไบต์ (SHA-256 {sha[:12]}…) แต่ manifest ระบุ "
        f"{entry.size:,} ไบต์ (SHA-256 {entry.sha256[:12]}…) ไม่ได้วางไฟล์นี้ ไฟล์ที่ตรวจแล้วยังอยู่ครบ",
    )


def copy_verified(stream: BinaryIO, target: Path, entry: Entry, origin: str) -> None:
    """Copy ``stream`` beside ``target``, verify size and SHA-256, rename into place; FetchError if it differs."""
    digest, size = hashlib.sha256(), 0
    with _beside(target) as out:
        while block := stream.read(BLOCK):
            size += len(block)
            digest.update(block)
            if size > entry.size:  # a changed (larger) file: stop reading
                raise _mismatch(entry, origin, size, digest.hexdigest())
            out.write(block)
        if size != entry.size or digest.hexdigest() != entry.sha256:
            raise _mismatch(entry, origin, size, digest.hexdigest())
    _place(target)


def _unreachable(entry: Entry, url: str, why: str) -> FetchError:
    return FetchError(
        f"{entry.path}: could not fetch {url}: {why}; nothing was put in place, files already verified are kept "
        "(run the command again when the address answers, or set JITASA_DATA_MIRROR)",
        f"{entry.path}: ดาวน์โหลด {url} ไม่ได้: {why} ไม่ได้วางไฟล์นี้ ไฟล์ที่ตรวจแล้วยังอยู่ครบ "
        "(เรียกคำสั่งอีกครั้งเมื่อที่อยู่นั้นตอบ หรือตั้ง JITASA_DATA_MIRROR)",
    )


class _Answer:
    """The body of an HTTP answer; one that ends before its Content-Length is a download that broke off."""

    def __init__(self, response):
        self.response, self.got = response, 0

    def read(self, size: int) -> bytes:
        block = self.response.read(size)
        self.got += len(block)
        if not block and self.response.length:  # http.client: what the server announced and has not sent
            raise http.client.IncompleteRead(b"", self.response.length)
        return block


def download(entry: Entry, url: str, target: Path) -> None:
    request = Request(url, headers={"User-Agent": "jitasa-map fetch-data"})
    answer = None
    try:
        with urlopen(request, timeout=TIMEOUT_S) as response:
            answer = _Answer(response) if hasattr(response, "length") else response
            copy_verified(answer, target, entry, url)
    except HTTPError as exc:
        raise _unreachable(entry, url, f"HTTP {exc.code} {exc.reason}") from None
    except http.client.IncompleteRead as exc:
        got = getattr(answer, "got", len(exc.partial))
        raise _unreachable(
            entry, url, f"the download broke off after {got:,} of {got + (exc.expected or 0):,} bytes"
        ) from None
    except (URLError, OSError, http.client.HTTPException) as exc:
        raise _unreachable(entry, url, str(getattr(exc, "reason", exc)) or type(exc).__name__) from None


def _rebuild(folder: Path, entry: Entry) -> None:
    try:
        content = RECIPES[entry.recipe].build(folder)
    except (DeriveError, OSError, KeyError, ValueError) as exc:
        raise FetchError(
            f"{entry.path}: could not rebuild it from {', '.join(entry.inputs)}: {exc}",
            f"{entry.path}: สร้างใหม่จาก {', '.join(entry.inputs)} ไม่ได้: {exc}",
        ) from None
    from importlib.metadata import version

    origin = f"the recipe {entry.recipe} with geothai {version('geothai')} (requirements.txt pins the one it needs)"
    copy_verified(io.BytesIO(content), folder / entry.path, entry, origin)


def _from_repository(folder: Path, entry: Entry) -> None:
    source = REPO_ROOT / entry.repository_file
    with open(source, "rb") as stream:
        copy_verified(stream, folder / entry.path, entry, str(source))


def ordered(manifest: Manifest) -> list[Entry]:
    """Raw files first, then the files kept here, then the derived ones (their inputs are in place by then)."""
    return sorted(manifest.entries, key=lambda e: (bool(e.recipe), bool(e.repository_file)))


def fetch_data(folder: Path, manifest: Manifest, mirror: str = "", say: Callable[[str], None] = print) -> Report:
    report = Report(folder)
    if not claim_folder(folder, manifest):
        report.provided = True
        report.counts["verified"] = len(manifest.entries)
        return report
    entries = ordered(manifest)
    for number, entry in enumerate(entries, 1):
        target = folder / entry.path
        target.with_name(target.name + ".part").unlink(missing_ok=True)  # what a killed run left
        head = f"[{number:>{len(str(len(entries)))}}/{len(entries)}] {entry.path} ({human_size(entry.size)})"
        if file_matches(target, entry):
            say(f"{head}: already there, verified · มีอยู่แล้ว ตรวจแล้ว")
            report.add("already there")
            continue
        if entry.url:
            url = address(entry, mirror)
            say(f"{head}: fetching {url} · กำลังดาวน์โหลด")
            download(entry, url, target)
            report.add("fetched")
        elif entry.recipe:
            say(f"{head}: rebuilt from {', '.join(entry.inputs)} · สร้างใหม่จากข้อมูลดิบ")
            _rebuild(folder, entry)
            report.add("rebuilt")
        else:
            say(f"{head}: from this repository ({entry.repository_file}) · คัดลอกจากโปรแกรมนี้")
            _from_repository(folder, entry)
            report.add("copied")
    return report


def licence_lines(manifest: Manifest) -> list[str]:
    lines = ["Sources and licences / แหล่งข้อมูลและสัญญาอนุญาต:"]
    for source in manifest.sources:
        where = f"{source.repository} ({source.pinned})" if source.repository else source.pinned
        lines.append(f"  {source.id}: {source.licence} — {where}")
        lines.append(f"    attribution: {source.attribution}")
    if not all(s.stated_licence for s in manifest.sources):
        lines.append(
            "Some sources state no licence: keep these files, and any bundle of them, inside your organisation. / "
            "บางแหล่งไม่ได้ระบุสัญญาอนุญาต: ใช้ไฟล์เหล่านี้และชุดรวมไฟล์ภายในหน่วยงานเท่านั้น"
        )
    return lines
