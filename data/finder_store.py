"""The finder's index on disk, one copy per machine: numpy arrays that every app process maps into memory.

A copy is a folder of ``.npy`` files (the filter arrays, the positions, each facility's row encoded), the k-d tree
(``tree.pickle``) and ``meta.json`` (the facilities' version it holds, when its rows were last all read), under
``<data dir>/finder/<database>/``, named ``<sequence>-<version>``: a later sequence is a later copy. It is written in a
folder of its own beside the copies, renamed into place when every file is complete, and only then named in
``current`` (itself written beside and renamed): a process never maps a half-written file. An array that a new copy
shares with the one before (an edit that moved no facility leaves the positions and the tree as they were) is a hard
link to the same file, so the processes keep sharing its pages.

A process maps a copy read-only (``np.load(mmap_mode="r")``): its pages are the kernel's page cache, shared by every
process that maps the file, so memory does not grow with the number of workers. Only the tree is read into each
process (a few MB at 100,000 facilities: loading it takes milliseconds, building it a tenth of a second).

Who writes: the builder process (data/finder_builder.py) while it runs, holding ``builder.lock`` for its life; a
copy is made under ``build.lock``, so two writers never make the same copy twice. The files are as private as the
data folder (0700): the tree and the rows are pickles, read only from that folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import pickle
import shutil
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np
import sqlalchemy as sa

FOLDER = "finder"
CURRENT = "current"
FORMAT = 2
KEEP = 3  # copies kept on disk: a process may still be opening the one before the current one
_STARTS, _ENDS, _TREE, _META = "row_starts", "row_ends", "tree.pickle", "meta.json"


ROWS_PER_CHUNK = 4096  # rows per file of encoded rows: an edit rewrites the file of its row, not all of them


class PickledRows(Sequence):
    """Rows (tuples) encoded one after another in byte arrays of ROWS_PER_CHUNK rows each, with each row's start
    and end in its array: decoded one at a time, when an answer shows it. Over mapped files, a row costs memory only
    in the processes that read it, and a copy made after an edit shares every file the edit did not touch."""

    def __init__(self, chunks: list[np.ndarray], starts: np.ndarray, ends: np.ndarray):
        self.chunks, self.starts, self.ends = chunks, starts, ends

    @classmethod
    def of(cls, rows: Iterable[tuple]) -> PickledRows:
        pieces = [pickle.dumps(row, protocol=5) for row in rows]
        return cls._grouped(len(pieces), pieces.__getitem__)

    @classmethod
    def concat(cls, parts: list[PickledRows]) -> PickledRows:
        pieces = [part._piece(position) for part in parts for position in range(len(part))]
        return cls._grouped(len(pieces), pieces.__getitem__)

    @classmethod
    def _grouped(cls, count: int, piece, reused: dict[int, tuple] | None = None) -> PickledRows:
        """``count`` rows, the encoded bytes of each from ``piece(position)``, ROWS_PER_CHUNK to an array;
        ``reused``: chunk → (array, starts, ends) taken as they are (their rows' pieces are not asked for)."""
        reused = reused or {}
        chunks, starts, ends = [], [], []
        for chunk, first in enumerate(range(0, count, ROWS_PER_CHUNK)):
            if chunk in reused:
                array, chunk_starts, chunk_ends = reused[chunk]
            else:
                group = [piece(position) for position in range(first, min(first + ROWS_PER_CHUNK, count))]
                lengths = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
                chunk_ends = np.cumsum(lengths)
                chunk_starts = chunk_ends - lengths
                array = np.frombuffer(b"".join(group), dtype=np.uint8)
            chunks.append(array)
            starts.append(chunk_starts)
            ends.append(chunk_ends)
        empty = np.zeros(0, dtype=np.int64)
        return cls(chunks, np.concatenate([empty, *starts]), np.concatenate([empty, *ends]))

    def _piece(self, position: int) -> memoryview:
        chunk = self.chunks[position // ROWS_PER_CHUNK]
        return memoryview(chunk[self.starts[position] : self.ends[position]])

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        position = int(position)
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError(position)
        return pickle.loads(self._piece(position))

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and list(self) == list(other)

    __hash__ = None

    def patched(self, replaced: dict[int, tuple], keep: np.ndarray, added: list[tuple]) -> PickledRows:
        """The rows with ``replaced`` put at their positions, those ``keep`` leaves out dropped, ``added`` at the end.
        Only the changed rows are encoded; a chunk no change reaches is the same array (the same file, linked)."""
        encoded = {position: pickle.dumps(row, protocol=5) for position, row in replaced.items()}
        appended = [pickle.dumps(row, protocol=5) for row in added]
        kept = np.flatnonzero(keep)
        removed = np.flatnonzero(~keep)
        first_shift = len(self)  # rows from here on move (a removal) or are joined by new ones (an addition)
        if len(removed):
            first_shift = int(removed[0])
        unchanged_chunks = -(-len(self) // ROWS_PER_CHUNK) if not appended and not len(removed) else 0
        unchanged_chunks = unchanged_chunks or first_shift // ROWS_PER_CHUNK
        dirty = {position // ROWS_PER_CHUNK for position in encoded}
        reused = {}
        for chunk in range(unchanged_chunks):
            if chunk not in dirty:
                rows = slice(chunk * ROWS_PER_CHUNK, (chunk + 1) * ROWS_PER_CHUNK)
                reused[chunk] = (self.chunks[chunk], self.starts[rows], self.ends[rows])

        def piece(position: int):
            if position >= len(kept):
                return appended[position - len(kept)]
            old = int(kept[position])
            return encoded[old] if old in encoded else self._piece(old)

        return PickledRows._grouped(len(kept) + len(appended), piece, reused)


class StoredCopy:
    """One copy as read back: its arrays (mapped), the tree, the rows and what ``meta.json`` says."""

    def __init__(self, name: str, arrays: dict[str, np.ndarray], tree, meta: dict):
        self.name, self.arrays, self.tree, self.meta = name, arrays, tree, meta

    @property
    def rows(self) -> PickledRows:
        chunks = [self.arrays[f"rows-{chunk:05d}"] for chunk in range(self.meta["row_chunks"])]
        return PickledRows(chunks, self.arrays[_STARTS], self.arrays[_ENDS])


class FinderStore:
    """The copies of one database's finder index in one data folder."""

    def __init__(self, root: Path):
        self.root = root

    @classmethod
    def for_database(cls, data_dir: Path, url: sa.URL) -> FinderStore | None:
        """The store of the database ``url`` under ``data_dir`` (named after the database, so two databases never
        share a copy); None for a database in memory (one process: nothing to share)."""
        if url.get_backend_name() == "sqlite" and (not url.database or url.database == ":memory:"):
            return None
        name = url.set(password=None).render_as_string(hide_password=False)
        return cls(Path(data_dir) / FOLDER / hashlib.sha256(name.encode()).hexdigest()[:16])

    def _ready(self) -> Path:
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        return self.root

    # -- which copy is current ------------------------------------------------------------------------------------
    def current_name(self) -> str | None:
        try:
            return (self.root / CURRENT).read_text().strip() or None
        except FileNotFoundError:
            return None

    def has_current(self) -> bool:
        """Whether a current copy this version of the app can read is there."""
        name = self.current_name()
        try:
            return name is not None and json.loads((self.root / name / _META).read_text()).get("format") == FORMAT
        except (OSError, ValueError):
            return False

    @staticmethod
    def sequence(name: str | None) -> int:
        return int(name.split("-", 1)[0]) if name else -1

    def newer(self, than: str | None) -> str | None:
        """The current copy's name when it is later than ``than``."""
        name = self.current_name()
        return name if name and self.sequence(name) > self.sequence(than) else None

    # -- locks ----------------------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def build_lock(self) -> Iterator[None]:
        """Held while a copy is made (a second writer waits, then finds the copy made)."""
        with _locked(self._ready() / "build.lock", blocking=True):
            yield

    @contextlib.contextmanager
    def builder_lock(self) -> Iterator[bool]:
        """Held by the builder process for its life; yields False when another process holds it."""
        fd = os.open(self._ready() / "builder.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
            else:
                yield True
        finally:
            os.close(fd)  # the lock goes with its file's last descriptor

    def builder_alive(self) -> bool:
        """Whether a builder process holds its lock (the lock is the kernel's: it goes with the process)."""
        path = self.root / "builder.lock"
        if not path.exists():
            return False
        fd = os.open(path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            return False
        except BlockingIOError:
            return True
        finally:
            os.close(fd)

    # -- writing and reading a copy ---------------------------------------------------------------------------------
    def write(
        self, token: str, arrays: dict[str, np.ndarray], rows: PickledRows, tree, meta: dict, same_tree: bool
    ) -> str:
        """A new copy (the name returned, now current). An array equal to the current copy's, and the tree when
        ``same_tree``, are hard links to the current copy's files."""
        root = self._ready()
        previous = self.current_name()
        before = root / previous if previous else None
        name = f"{self.sequence(previous) + 1:012d}-{token}"
        building = root / f".building-{uuid.uuid4().hex}"
        building.mkdir(mode=0o700)
        try:
            files = {**arrays, _STARTS: rows.starts, _ENDS: rows.ends}
            files |= {f"rows-{chunk:05d}": values for chunk, values in enumerate(rows.chunks)}
            for key, values in files.items():
                _save(building / f"{key}.npy", values, before / f"{key}.npy" if before else None)
            if same_tree and before is not None and (before / _TREE).exists():
                os.link(before / _TREE, building / _TREE)
            else:
                (building / _TREE).write_bytes(pickle.dumps(tree, protocol=5))
            meta = {**meta, "format": FORMAT, "arrays": sorted(arrays), "row_chunks": len(rows.chunks)}
            (building / _META).write_text(json.dumps(meta))
            os.rename(building, root / name)
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        pointer = root / f".{CURRENT}-{uuid.uuid4().hex}"
        pointer.write_text(name)
        os.replace(pointer, root / CURRENT)
        self._clean(keep={name, *(previous and [previous] or [])})
        return name

    def read(self, name: str) -> StoredCopy:
        """The copy ``name``, its arrays mapped read-only. FileNotFoundError when it has been removed meanwhile."""
        folder = self.root / name
        meta = json.loads((folder / _META).read_text())
        if meta.get("format") != FORMAT:
            raise FileNotFoundError(f"{folder}: another format")
        names = [*meta["arrays"], _STARTS, _ENDS, *(f"rows-{chunk:05d}" for chunk in range(meta["row_chunks"]))]
        arrays = {key: _load(folder / f"{key}.npy") for key in names}
        tree = pickle.loads((folder / _TREE).read_bytes())
        return StoredCopy(name, arrays, tree, meta)

    def _clean(self, keep: set[str]) -> None:
        """Older copies removed (a process that maps one keeps it until it lets go: the kernel frees it then), and
        folders a writer that died left half-made."""
        names = sorted(
            (p.name for p in self.root.iterdir() if p.is_dir() and p.name[:1].isascii() and p.name[:1].isdigit()),
            reverse=True,
        )
        for name in names[KEEP:]:
            if name not in keep:
                shutil.rmtree(self.root / name, ignore_errors=True)
        for stray in self.root.glob(".building-*"):
            with contextlib.suppress(OSError):
                if stray.stat().st_mtime < os.path.getmtime(self.root / CURRENT) - 3600:
                    shutil.rmtree(stray, ignore_errors=True)


@contextlib.contextmanager
def _locked(path: Path, blocking: bool) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _save(path: Path, values: np.ndarray, before: Path | None) -> None:
    """``values`` as ``path``; a hard link to ``before`` when that file holds the same array (it is the file
    ``values`` maps, or its content is equal)."""
    if before is not None and before.exists():
        mapped = getattr(values.base, "filename", None)
        if mapped is not None and Path(mapped).resolve() == before.resolve():
            os.link(before, path)
            return
        try:
            old = _load(before)
            if old.dtype == values.dtype and old.shape == values.shape and np.array_equal(old, values):
                os.link(before, path)
                return
        except (OSError, ValueError):
            pass
    with path.open("wb") as out:
        np.save(out, np.ascontiguousarray(values), allow_pickle=False)


def _load(path: Path) -> np.ndarray:
    try:
        return np.load(path, mmap_mode="r", allow_pickle=False).view(np.ndarray)  # plain arrays over the mapping
    except ValueError:  # an empty array cannot be mapped
        return np.load(path, allow_pickle=False)
