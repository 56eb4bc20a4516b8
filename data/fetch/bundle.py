"""One archive of the verified source folder, for a network without internet: ``--bundle FILE`` writes it,
``--from FILE`` installs it with the same verification as a download.

The archive (``.tar.gz``/``.tgz`` or ``.zip``) holds ``jitasa-data/manifest.json`` and every file of the manifest
under ``jitasa-data/``. Installing reads only those names (never extracts anything else, so no path in an archive
can reach outside the folder), writes each beside its place, verifies it against this version's manifest and
renames it into place.
"""

from __future__ import annotations

import os
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from data.fetch.fetch import FetchError, Report, claim_folder, copy_verified, human_size
from data.fetch.manifest import MANIFEST_FILE, Manifest, file_matches, missing_or_changed

TOP = "jitasa-data"


def _kind(path: Path) -> str:
    name = path.name.lower()
    if name.endswith((".tar.gz", ".tgz")):
        return "tar"
    if name.endswith(".zip"):
        return "zip"
    raise FetchError(
        f"{path}: a bundle is a .tar.gz, .tgz or .zip file",
        f"{path}: ชุดรวมไฟล์ต้องเป็น .tar.gz, .tgz หรือ .zip",
        refused=True,
    )


def write_bundle(folder: Path, manifest: Manifest, bundle: Path, say: Callable[[str], None] = print) -> int:
    """Write ``bundle`` from ``folder`` after verifying every file; return the number of files."""
    kind = _kind(bundle)
    missing = missing_or_changed(folder, manifest)
    if missing:
        raise FetchError(
            f"{folder} is not complete: {len(missing)} files missing or changed (first: {missing[0].path}); "
            "run python app.py fetch-data first",
            f"{folder} ยังไม่ครบ: ขาดหรือไม่ตรง {len(missing)} ไฟล์ (เช่น {missing[0].path}) "
            "ให้เรียก python app.py fetch-data ก่อน",
        )
    part = bundle.with_name(bundle.name + ".part")
    try:
        with _writer(kind, part) as add:
            add(f"{TOP}/manifest.json", MANIFEST_FILE)
            for number, entry in enumerate(manifest.entries, 1):
                say(f"[{number}/{len(manifest.entries)}] {entry.path} ({human_size(entry.size)}) · เพิ่มลงชุดรวมไฟล์")
                add(f"{TOP}/{entry.path}", folder / entry.path)
        os.replace(part, bundle)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return len(manifest.entries)


@contextmanager
def _writer(kind: str, path: Path) -> Iterator[Callable[[str, Path], None]]:
    if kind == "zip":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            yield lambda name, source: archive.write(source, name)
        return
    with tarfile.open(path, "w:gz", compresslevel=6) as archive:

        def add(name: str, source: Path) -> None:
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = source.stat().st_size, 0o644, 0
            with open(source, "rb") as handle:
                archive.addfile(info, handle)

        yield add


@contextmanager
def _reader(kind: str, path: Path) -> Iterator[Callable[[str], BinaryIO | None]]:
    """``open_member(name)``: the member's stream, or None when the archive lacks it."""
    try:
        if kind == "zip":
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                yield lambda name: archive.open(name) if name in names else None
            return
        with tarfile.open(path, "r:gz") as archive:
            members = {m.name: m for m in archive.getmembers() if m.isfile()}
            yield lambda name: archive.extractfile(members[name]) if name in members else None
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError) as exc:
        raise FetchError(f"{path} is not a readable bundle: {exc}", f"{path} ไม่ใช่ชุดรวมไฟล์ที่อ่านได้: {exc}") from None


def install_bundle(bundle: Path, folder: Path, manifest: Manifest, say: Callable[[str], None] = print) -> Report:
    """Install the files of ``bundle`` into ``folder``, each verified against the manifest before it is in place."""
    if not bundle.is_file():
        raise FetchError(f"bundle not found: {bundle}", f"ไม่พบชุดรวมไฟล์ {bundle}", refused=True)
    kind = _kind(bundle)
    report = Report(folder)
    if not claim_folder(folder, manifest):
        report.provided = True
        report.counts["verified"] = len(manifest.entries)
        return report
    with _reader(kind, bundle) as open_member:
        theirs = open_member(f"{TOP}/manifest.json")
        if theirs is None:
            raise FetchError(
                f"{bundle} has no {TOP}/manifest.json: not a bundle of fetch-data",
                f"{bundle} ไม่มี {TOP}/manifest.json: ไม่ใช่ชุดรวมไฟล์ของ fetch-data",
            )
        if theirs.read() != MANIFEST_FILE.read_bytes():
            say("note: the bundle was made by another version; each file is verified against this version's manifest")
        for number, entry in enumerate(manifest.entries, 1):
            target = folder / entry.path
            head = f"[{number}/{len(manifest.entries)}] {entry.path} ({human_size(entry.size)})"
            if file_matches(target, entry):
                say(f"{head}: already there, verified · มีอยู่แล้ว ตรวจแล้ว")
                report.add("already there")
                continue
            stream = open_member(f"{TOP}/{entry.path}")
            if stream is None:
                raise FetchError(
                    f"{entry.path} is missing from {bundle}; files already verified are kept",
                    f"ชุดรวมไฟล์ {bundle} ไม่มี {entry.path} ไฟล์ที่ตรวจแล้วยังอยู่ครบ",
                )
            say(f"{head}: from the bundle · จากชุดรวมไฟล์")
            copy_verified(stream, target, entry, str(bundle))
            report.add("installed")
    return report
