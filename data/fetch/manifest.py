"""The manifest of the source data folder: every file the app reads, where it comes from, and its checksum.

``manifest.json`` (beside this module) lists the sources (repository, pinned commit, licence, attribution) and the
files: path inside the data folder, size, SHA-256, and how to get it: a ``url`` at the pinned commit (raw files), a
``recipe`` with its ``inputs`` (files rebuilt here, ``derive.py``), or a ``repository_file`` kept in this repository
(each folder's SOURCE.md). ``make_manifest.py`` writes it from a verified folder.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST_FILE = HERE / "manifest.json"
PROVENANCE_DIR = "data/fetch/provenance"  # inside the repository
REPO_ROOT = HERE.parents[1]


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    repository: str
    pinned: str
    licence: str
    stated_licence: bool  # False: the source states no licence (a bundle is for use inside the organisation)
    attribution: str
    commit: str = ""


@dataclass(frozen=True)
class Entry:
    path: str  # inside the data folder, "/"-separated
    size: int
    sha256: str
    source: Source
    url: str = ""  # raw file at the pinned commit
    recipe: str = ""  # derived file: the recipe in derive.RECIPES
    inputs: tuple[str, ...] = ()
    repository_file: str = ""  # kept in this repository

    @property
    def licence(self) -> str:
        return self.source.licence

    @property
    def attribution(self) -> str:
        return self.source.attribution

    @property
    def origin(self) -> str:
        """What a person reads as "from where"."""
        if self.url:
            return self.url
        if self.recipe:
            return f"rebuilt from {', '.join(self.inputs)}"
        return f"this repository: {self.repository_file}"


@dataclass(frozen=True)
class Manifest:
    sources: tuple[Source, ...]
    entries: tuple[Entry, ...]
    digest: str  # SHA-256 of manifest.json, written into a fetched folder and a bundle

    def entry(self, path: str) -> Entry:
        return next(e for e in self.entries if e.path == path)


def load_manifest(path: Path = MANIFEST_FILE) -> Manifest:
    raw = path.read_bytes()
    data = json.loads(raw)
    sources = tuple(Source(**s) for s in data["sources"])
    by_id = {s.id: s for s in sources}
    entries = tuple(
        Entry(
            path=f["path"],
            size=f["size"],
            sha256=f["sha256"],
            source=by_id[f["source"]],
            url=f.get("url", ""),
            recipe=f.get("recipe", ""),
            inputs=tuple(f.get("inputs", ())),
            repository_file=f.get("repository_file", ""),
        )
        for f in data["files"]
    )
    return Manifest(sources, entries, hashlib.sha256(raw).hexdigest())


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_matches(path: Path, entry: Entry) -> bool:
    """The file is there with the manifest's size and SHA-256."""
    try:
        return path.is_file() and path.stat().st_size == entry.size and sha256_file(path) == entry.sha256
    except OSError:
        return False


def missing_or_changed(folder: Path, manifest: Manifest) -> list[Entry]:
    """The entries whose file in ``folder`` is absent or differs from the manifest."""
    return [e for e in manifest.entries if not file_matches(folder / e.path, e)]


def readme_table(manifest: Manifest) -> str:
    """The README's table of data sources, made from the manifest (``python -m data.fetch.manifest`` prints it)."""
    lines = ["| source | data | from (pinned) | licence | attribution |", "|---|---|---|---|---|"]
    for s in manifest.sources:
        where = f"{s.repository}, {s.pinned}" if s.repository else s.pinned
        lines.append(f"| `{s.id}` | {s.title} | {where} | {s.licence} | {s.attribution} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(readme_table(load_manifest()))
