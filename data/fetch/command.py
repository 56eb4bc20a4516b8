"""``python app.py fetch-data [--to DIR] [--bundle FILE | --from FILE]``: what the command line runs.

Exit status: 0 done (or nothing to do), 1 a file could not be fetched, rebuilt or installed (the message names the
file and the address), 2 a folder or bundle the command refuses, 130 interrupted. Progress goes to standard output,
one line per file; errors to standard error, in English and Thai.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from data.fetch.bundle import install_bundle, write_bundle
from data.fetch.fetch import FetchError, Report, fetch_data, licence_lines
from data.fetch.manifest import load_manifest


def _interrupt(signum, frame):  # SIGTERM as Ctrl+C: the .part file in progress is removed on the way out
    raise KeyboardInterrupt


def run(settings, to: Path | None, bundle: Path | None, source: Path | None) -> int:
    folder = Path(to).expanduser() if to else settings.source_data_dir
    manifest = load_manifest()
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        if bundle:
            count = write_bundle(folder, manifest, Path(bundle).expanduser(), say=_say)
            print(f"wrote {bundle}: {count} verified files from {folder} / เขียนชุดรวมไฟล์แล้ว {count} ไฟล์", flush=True)
            _licences(manifest)
            return 0
        if folder.resolve().is_relative_to(settings.data_dir.resolve()) and not settings.data_dir.exists():
            from data.private_files import private_dir

            private_dir(settings.data_dir)  # the app's own folder: 0700, as the app makes it
        if source:
            report = install_bundle(Path(source).expanduser(), folder, manifest, say=_say)
        else:
            report = fetch_data(folder, manifest, mirror=settings.data_mirror, say=_say)
    except FetchError as exc:
        print(f"jitasa: {exc}", file=sys.stderr, flush=True)
        return 2 if exc.refused else 1
    except KeyboardInterrupt:
        print(
            "jitasa: interrupted; nothing half-written is in place, files already verified are kept: run the "
            "command again to go on / ถูกขัดจังหวะ ไม่มีไฟล์ครึ่ง ๆ กลาง ๆ ไฟล์ที่ตรวจแล้วยังอยู่ เรียกคำสั่งอีกครั้งเพื่อทำต่อ",
            file=sys.stderr,
            flush=True,
        )
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    _summary(report, settings)
    _licences(manifest)
    return 0


def _say(line: str) -> None:
    print(line, flush=True)


def _summary(report: Report, settings) -> None:
    if report.provided:
        print(
            f"{report.folder}: complete, {report.counts['verified']} files verified; nothing to fetch (a provided "
            f"folder, left as it is) / โฟลเดอร์ครบและตรวจแล้ว ไม่ต้องดาวน์โหลด",
            flush=True,
        )
        return
    done = ", ".join(f"{count} {what}" for what, count in report.counts.items())
    print(f"{report.folder}: {done}; every file verified / ตรวจครบทุกไฟล์แล้ว", flush=True)
    if report.folder.resolve() != settings.source_data_dir.resolve():
        print(
            f"the app reads {settings.source_data_dir}: set JITASA_SOURCE_DATA_DIR={report.folder} to use these files "
            f"/ ตั้ง JITASA_SOURCE_DATA_DIR={report.folder} เพื่อใช้ไฟล์ชุดนี้",
            flush=True,
        )


def _licences(manifest) -> None:
    for line in licence_lines(manifest):
        print(line, flush=True)
