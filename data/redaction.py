"""National ids out of what is kept: the keyed hash of a national id, and files rewritten without any.

The app stores a national id only as ``national_id_hash`` (an HMAC-SHA256 with the id hash key,
``JITASA_ID_HASH_KEY``). The original file of an accepted upload is kept (to trace what was sent), but rewritten
first by ``redact_file``: every cell of the national id column that holds a digit, and any text anywhere in the file
that is a valid 13-digit national id (plain, with dashes or spaces, in Thai digits), is replaced by that hash. The
rest of the file stays as it was (encoding, quoting, line breaks; a workbook's other parts, styles and drop-downs),
so that the person still recognises their file, and an administrator can match a row with the stored record.

A text that already is such a hash (64 hexadecimal characters) is left alone: rewriting a file twice changes
nothing.
"""

from __future__ import annotations

import csv
import hmac
import html
import io
import logging
import re
import zipfile
from collections.abc import Callable, Iterator

import numpy as np

from data import parsing, workbook
from geo.thai import ascii_digits

log = logging.getLogger(__name__)

_DIGIT = "0-9\u0e50-\u0e59"  # Arabic and Thai digits
# a 64-character hash is matched first, so that a run of digits inside one is never taken for a national id
_CANDIDATE = re.compile(
    rf"(?<![0-9a-f])[0-9a-f]{{64}}(?![0-9a-f])|(?<![{_DIGIT}])[{_DIGIT}](?:[ \-]?[{_DIGIT}]){{12}}(?![{_DIGIT}])"
)
_CANDIDATES = re.compile(f"({_CANDIDATE.pattern})")  # the same, as one group: re.split keeps what it matched
_HASH = re.compile(r"^[0-9a-f]{64}$")
_LONG_DIGITS = re.compile(rf"[{_DIGIT}](?:[ \-]?[{_DIGIT}]){{12}}")  # a quick look before the whole search
_HAS_DIGIT = re.compile(rf"[{_DIGIT}]")
_RUNS = re.compile(rf"([0-9a-f{_DIGIT[3:]}][0-9a-f{_DIGIT[3:]} \-]{{12,}})")  # where candidates can be, as a group
ID_HEADERS = frozenset(
    name
    for names in (parsing.HEADERS["surveys"], parsing.ALIASES["surveys"])  # the other names the upload reads too
    for name, code in names.items()
    if code == "national_id"
) | {"national_id"}
HIDDEN = "(hidden)"


def national_id_hash(key: bytes, text: str) -> str:
    """The keyed hash of a national id as written (Thai digits read as Arabic, dashes and spaces dropped: one person,
    one hash however the id was typed): the value of ``survey_personal.national_id_hash``."""
    return hmac.digest(key, "".join(ascii_digits(text).split()).replace("-", "").encode(), "sha256").hex()


def redact_text(text: str, key: bytes) -> str:
    """``text`` with each valid national id in it replaced by its keyed hash."""
    return _replaced(text, lambda found: national_id_hash(key, found))


def redact_values(values: np.ndarray, key: bytes) -> np.ndarray:
    """A column of texts (None where empty) with each valid national id in them replaced by its keyed hash."""
    texts = [v for v in values if isinstance(v, str)]
    if not _LONG_DIGITS.search("\n".join(texts)):  # one search of the column (a candidate never holds a line break)
        return values
    return np.array([redact_text(v, key) if isinstance(v, str) else v for v in values], dtype=object)


def hide_national_ids(text: str) -> str:
    """``text`` with each valid national id in it replaced by "(hidden)" (a report kept beside a job)."""
    return _replaced(text, lambda _found: HIDDEN)


def _replaced(text: str, replace: Callable[[str], str]) -> str:
    """``text`` with each candidate that is a valid national id replaced by ``replace(candidate)``.

    A piece of about ``_PIECE`` characters at a time, cut after a line break (no candidate holds one, nor is a
    character next to one: the pieces read as the whole would), so that a large file's candidates are never all in
    memory at once."""
    if len(text) <= _PIECE:
        return _replaced_piece(text, replace)
    pieces, start = [], 0
    while start < len(text):
        end = text.find("\n", start + _PIECE)
        end = len(text) if end < 0 else end + 1
        pieces.append(_replaced_piece(text[start:end], replace))
        start = end
    return "".join(pieces)


_PIECE = 1 << 20


def _replaced_piece(text: str, replace: Callable[[str], str]) -> str:
    """``_replaced`` of a piece: the candidates found in one pass (``re.split``), checked all at once
    (``parsing.valid_national_ids``), ``replace`` called once per distinct id.

    The candidates are looked for only in the runs of at least 13 of the characters a candidate is made of (digits,
    a to f, spaces, dashes), put together with a line break between them: a plain character class, which the regular
    expression engine skips to quickly, where the candidate's own pattern, with its look-behinds, is tried at every
    position. A run is as long as it goes, so that what is around it is none of those characters, as a line break is
    not: its candidates are those the whole text would give."""
    runs = _RUNS.findall(text)
    if not runs:
        return text
    parts = _CANDIDATES.split("\n".join(runs))
    if len(parts) == 1:
        return text
    found = parts[1::2]
    distinct = [t for t in dict.fromkeys(found) if len(t) != 64]  # 64 characters: a hash, left as it is
    valid = parsing.valid_national_ids(distinct)
    new = {t: replace(t) for t, ok in zip(distinct, valid.tolist(), strict=True) if ok}
    parts[1::2] = [new.get(t, t) for t in found]
    others = _RUNS.split(text)
    others[1::2] = "".join(parts).split("\n")  # the runs, each with its ids replaced
    return "".join(others)


def _cell_hash(text: str, key: bytes) -> str | None:
    """What a cell of the national id column becomes: its hash when it holds a digit (a valid id or a mistyped one,
    both personal data), None to leave it (empty, "-", "ไม่มี", or a hash already)."""
    stripped = text.strip()
    if not _HAS_DIGIT.search(stripped) or _HASH.match(stripped):
        return None
    return national_id_hash(key, stripped)


def is_id_header(text: str) -> bool:
    return " ".join(str(text).replace("\ufeff", "").split()).lower() in {h.lower() for h in ID_HEADERS}


def redact_file(content: bytes, key: bytes) -> bytes | None:
    """The file (CSV in UTF-8 or Windows-874, or an .xlsx workbook) without national ids; None when it cannot be
    rewritten with certainty (then nothing of it should be kept)."""
    try:
        if workbook.is_zip(content):
            return _redact_workbook(content, key)
        return _redact_csv(content, key)
    except Exception as exc:  # a file the import read but this cannot: keep nothing rather than keep ids
        log.warning("an upload's original could not be redacted (%s): it is not kept", type(exc).__name__)
        return None


# -- CSV ----------------------------------------------------------------------------------------------------------
# one record (line breaks inside quotes kept in it; a lone quote read as the csv module reads it), and one field
_RECORD = re.compile(r'(?:"[^"]*"|[^"\r\n]|")*(?:\r\n|\n|\r|\Z)')
_FIELD = re.compile(r'("(?:[^"]|"")*"[^,\r\n]*|[^,\r\n]*)(,|\r\n|\n|\r|\Z)')


def _redact_csv(content: bytes, key: bytes) -> bytes:
    """The file rewritten a piece of whole records at a time (about ``_PIECE`` characters): what is held at once is
    the text and the rewritten bytes, not several copies of the whole text."""
    encoding = _encoding(content)
    text = content.decode(encoding)
    column = _id_column(text)
    out = []
    for n, piece in enumerate(_pieces_of_records(text)):
        piece = redact_text(piece, key)  # a candidate never holds a line break: the pieces read as the whole would
        if column is not None:
            piece = "".join(_records_with_id_column(piece, column, key, header=n == 0))
        out.append(piece.encode(encoding))
    return b"".join(out)


def _pieces_of_records(text: str) -> Iterator[str]:
    """The text in pieces of whole records, each about ``_PIECE`` characters or one record."""
    pending: list[str] = []
    size = 0
    for record in _records(text):
        pending.append(record)
        size += len(record)
        if size >= _PIECE:
            yield "".join(pending)
            pending, size = [], 0
    if pending:
        yield "".join(pending)


def _encoding(content: bytes) -> str:
    if content.startswith(parsing.UTF8_BOM):
        return "utf-8-sig"
    try:
        content.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp874"


def _id_column(text: str) -> int | None:
    header = next(csv.reader(io.StringIO(text[: 1 << 16], newline="")), [])
    return next((i for i, name in enumerate(header) if is_id_header(name)), None)


def _records_with_id_column(text: str, column: int, key: bytes, header: bool = True) -> Iterator[str]:
    """The records of the text, each with the national id column's cell hashed (``header``: the text begins with
    the header, left as it is)."""
    first = header
    for record in _records(text):
        if not record:
            continue
        if first:
            first = False
            yield record
            continue
        yield _record_with_hash(record, column, key)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|\Z)")


def _records(text: str) -> Iterator[str]:
    """The records ``_RECORD`` finds, in order. When every quote has its partner (an even number of them) a record
    is a run of lines holding an even number of quotes, which is much faster to find (lines, then quotes counted by
    ``str.count``); otherwise ``_RECORD`` itself, which reads a quote left open as the csv module does."""
    if text.count('"') % 2:
        at = 0
        for match in _RECORD.finditer(text):
            if match.start() != at:  # cannot happen (every character belongs to a record): never drop text
                raise ValueError("records do not cover the file")
            at = match.end()
            yield match.group()
        return
    pending: list[str] = []
    quotes = 0
    for match in _LINE.finditer(text):
        line = match.group()
        if not pending and '"' not in line:
            yield line
            continue
        pending.append(line)
        quotes += line.count('"')
        if quotes % 2 == 0:
            yield "".join(pending)
            pending, quotes = [], 0
    if pending:  # cannot happen (the quotes pair up): never drop text
        raise ValueError("records do not cover the file")


def _record_with_hash(record: str, column: int, key: bytes) -> str:
    if '"' not in record:
        body = record.rstrip("\r\n")
        fields = body.split(",")
        if column < len(fields) and (digest := _cell_hash(fields[column], key)):
            fields[column] = digest
            return ",".join(fields) + record[len(body) :]
        return record
    pieces = []
    for i, field in enumerate(_FIELD.finditer(record)):
        cell, end = field.groups()
        if i == column and (digest := _cell_hash(_unquoted(cell), key)):
            cell = digest
        pieces.append(cell + end)
        if not end:
            break
    return "".join(pieces)


def _unquoted(cell: str) -> str:
    if cell.startswith('"'):
        inner, _, rest = cell[1:].rpartition('"')
        return inner.replace('""', '"') + rest
    return cell


# -- workbooks ----------------------------------------------------------------------------------------------------
_CELL = re.compile(r"<c\b[^>]*?(?:/>|>.*?</c>)", re.DOTALL)
_ATTRS = re.compile(r"<c\b([^>]*?)/?>")
_REF = re.compile(r'\br="([A-Z]+)([0-9]+)"')
_TYPE = re.compile(r'\bt="([^"]*)"')
_STYLE = re.compile(r'\bs="([^"]*)"')
_VALUE = re.compile(r"<v>(.*?)</v>", re.DOTALL)
_TEXT = re.compile(r"<t\b[^>]*>(.*?)</t>", re.DOTALL)
_SI = re.compile(r"<si>.*?</si>|<si/>", re.DOTALL)
_CHUNK = 1 << 20


class _Sheet:
    """One worksheet's cells as they stream by: the header row, then the national id column below it."""

    def __init__(self, strings: list[str], key: bytes) -> None:
        self.strings, self.key = strings, key
        self.header_row: int | None = None
        self.id_column: str | None = None
        self.in_id_column: set[int] = set()  # shared strings an id cell used
        self.elsewhere: set[int] = set()  # shared strings other cells use

    def cell(self, match: re.Match) -> str:
        xml = match.group()
        attrs = _ATTRS.match(xml).group(1)
        ref, kind = _REF.search(attrs), (_TYPE.search(attrs) or [None, "n"])[1]
        text, shared = self._text(xml, kind)
        if ref is not None and text.strip():
            column, row = ref.group(1), int(ref.group(2))
            if self.header_row is None:
                self.header_row = row
            if row == self.header_row and is_id_header(text):
                self.id_column = column
            elif column == self.id_column and row > self.header_row and (digest := _cell_hash(text, self.key)):
                if shared is not None:
                    self.in_id_column.add(shared)
                return _inline(attrs, digest)
        if shared is not None:
            self.elsewhere.add(shared)
        redacted = redact_text(xml, self.key)
        if redacted != xml and kind in ("n", "str", "e"):  # a number or a formula's value: a text cell now
            return _inline(attrs, redact_text(text, self.key))
        return redacted

    def _text(self, xml: str, kind: str) -> tuple[str, int | None]:
        if kind == "inlineStr":
            return html.unescape("".join(_TEXT.findall(xml))), None
        value = _VALUE.search(xml)
        if value is None:
            return "", None
        if kind == "s":
            index = int(value.group(1))
            return (self.strings[index] if 0 <= index < len(self.strings) else ""), index
        return html.unescape(value.group(1)), None


def _inline(attrs: str, text: str) -> str:
    ref, style = _REF.search(attrs), _STYLE.search(attrs)
    parts = [f'r="{ref.group(1)}{ref.group(2)}"' if ref else "", f's="{style.group(1)}"' if style else ""]
    head = " ".join(p for p in parts if p)
    return f'<c {head} t="inlineStr"><is><t>{html.escape(text, quote=False)}</t></is></c>'


def _redact_workbook(content: bytes, key: bytes) -> bytes:
    workbook.check_package(content)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as book, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as kept:
        names = [part.filename for part in book.infolist()]
        strings_part = next((n for n in names if n.lower() == "xl/sharedstrings.xml"), None)
        strings_xml = book.read(strings_part).decode("utf-8") if strings_part else ""
        items = _SI.findall(strings_xml)
        strings = [html.unescape("".join(_TEXT.findall(si))) for si in items]
        in_id_column: set[int] = set()
        elsewhere: set[int] = set()
        for part in book.infolist():
            if part.filename == strings_part:
                continue
            if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                sheet = _Sheet(strings, key)
                with book.open(part) as source, kept.open(_copy_info(part), "w") as target:
                    for piece in _rows_of(source):
                        target.write(_CELL.sub(sheet.cell, piece).encode("utf-8"))
                in_id_column |= sheet.in_id_column
                elsewhere |= sheet.elsewhere
            elif part.filename.endswith((".xml", ".rels", ".vml")):
                kept.writestr(_copy_info(part), redact_text(book.read(part).decode("utf-8"), key).encode("utf-8"))
            else:
                kept.writestr(_copy_info(part), book.read(part))
        if strings_part:  # last: which strings only id cells used is known once every sheet is read
            only_ids = in_id_column - elsewhere
            numbered = iter(range(len(items)))

            def item(match: re.Match) -> str:
                index = next(numbered)
                if index in only_ids:
                    return f"<si><t>{national_id_hash(key, strings[index].strip())}</t></si>"
                return redact_text(match.group(), key)

            info = book.getinfo(strings_part)
            kept.writestr(_copy_info(info), _SI.sub(item, strings_xml).encode("utf-8"))
    return out.getvalue()


def _copy_info(part: zipfile.ZipInfo) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(part.filename, date_time=part.date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = part.external_attr
    return info


def _rows_of(source) -> Iterator[str]:
    """A sheet's XML in pieces that end after a ``</row>`` (a cell is never cut), about a megabyte each."""
    decoder = io.TextIOWrapper(source, encoding="utf-8")
    rest = ""
    while piece := decoder.read(_CHUNK):
        rest += piece
        cut = rest.rfind("</row>")
        if cut < 0:
            continue
        yield rest[: cut + 6]
        rest = rest[cut + 6 :]
    if rest:
        yield rest


def report_without_ids(report: dict) -> dict:
    """An import's report with every valid national id in its problems and warnings (a value, or a message that
    quotes one) shown as "(hidden)": what is written beside a job (data/jobs.py)."""

    def hidden(item: dict) -> dict:
        return {k: hide_national_ids(v) if isinstance(v, str) else v for k, v in item.items()}

    out = report | {
        name: [hidden(item) for item in report.get(name) or []] for name in ("problems", "warnings") if name in report
    }
    if "headers" in report:  # the file's own header row, which is what the file says too
        out["headers"] = {code: hide_national_ids(text) for code, text in (report["headers"] or {}).items()}
    return out
