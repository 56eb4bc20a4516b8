"""Settings: declared once as data, read from ``JITASA_*`` environment variables.

Precedence, stated once: command-line flag > environment variable > default.
Every setting has a default and a line of help; the README lists them all (a test checks it).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
SHARED_DATA = ROOT.parent / "shared" / "data"
FETCHED_DATA = "source-data"  # inside JITASA_DATA_DIR: where `python app.py fetch-data` puts the source data


class SettingError(ValueError):
    """A setting has a value the app cannot use; the message names the variable."""


def _path(value: str) -> Path:
    return Path(value).expanduser()


def _port(value: str) -> int:
    port = int(value)
    if not 0 < port < 65536:
        raise ValueError("must be between 1 and 65535")
    return port


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError("must be a whole number of at least 1")
    return number


def _non_negative_int(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("must be a whole number of at least 0")
    return number


def _metres(value: str) -> float:
    number = float(value.strip().removesuffix("m").strip())
    if not 0 <= number <= 5_000:  # more than 5 km would accept points in the wrong village or out at sea
        raise ValueError("must be a number of metres between 0 and 5000")
    return number


def _redis_url(value: str) -> str:
    if value and not value.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError("must be empty or start with redis://, rediss:// or unix://")
    return value


def _database_url(value: str) -> str:
    if value and not (value.startswith("sqlite:///") or value.startswith("postgresql+psycopg://")):
        raise ValueError(f"must start with sqlite:/// or postgresql+psycopg:// (got {value.split(':', 1)[0]!r})")
    return value


def _on_off(value: str) -> bool:
    text = value.strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("", "0", "false", "no", "off"):
        return False
    raise ValueError("must be on or off (1/0, true/false, yes/no)")


def _public_url(value: str) -> str:
    from urllib.parse import urlsplit

    text = value.strip().rstrip("/")
    if not text:
        return ""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query or parts.fragment:
        raise ValueError("must be empty or the site's address alone, e.g. https://jitasa.example.go.th")
    return text


def _bounded_int(low: int, high: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        number = int(value)
        if not low <= number <= high:
            raise ValueError(f"must be a whole number from {low} to {high}")
        return number

    return parse


def _mirror_url(value: str) -> str:
    text = value.strip()
    if text and not text.startswith(("http://", "https://", "file://")):
        raise ValueError("must be empty or a base URL (http://, https:// or file://)")
    return text


def _tile_url(value: str) -> str:
    if value and not value.startswith(("http://", "https://", "/")):
        raise ValueError("must be empty, a path on this server, or an http(s) URL with {z}/{x}/{y}")
    return value


@dataclass(frozen=True)
class SettingSpec:
    name: str  # attribute name on Settings
    env: str  # environment variable
    default: Callable[[], str]
    parse: Callable[[str], Any]
    help: str


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "data_dir",
        "JITASA_DATA_DIR",
        lambda: str(ROOT / "var"),
        _path,
        "Where the app keeps its own files: the SQLite database, the geometry cache, the keys, the upload page's "
        "jobs. Made readable by the app's user only (0700; the database and the keys 0600).",
    ),
    SettingSpec(
        "database_url",
        "JITASA_DATABASE_URL",
        lambda: "",
        _database_url,
        "Database: `sqlite:///path/to/file.db` (default: `jitasa.db` in the data directory) or "
        "`postgresql+psycopg://user@host:5432/dbname` for several app processes.",
    ),
    SettingSpec(
        "source_data_dir",
        "JITASA_SOURCE_DATA_DIR",
        lambda: str(SHARED_DATA),
        _path,
        "Folder of the source data sets (boundaries, vaccination reports, facilities, population). When unset: "
        "`../shared/data` where that folder exists (machines that provide it), else `source-data` in the data "
        "directory, where `python app.py fetch-data` puts them.",
    ),
    SettingSpec(
        "boundaries_dir",
        "JITASA_BOUNDARIES_DIR",
        lambda: str(SHARED_DATA / "boundaries"),
        _path,
        "Folder of the OCHA COD-AB boundary files (tambon_simplify/ with the ADM3 shapefile zip). When unset: "
        "`boundaries` in the source data folder.",
    ),
    SettingSpec(
        "data_mirror",
        "JITASA_DATA_MIRROR",
        lambda: "",
        _mirror_url,
        "Base URL of a mirror of the source data folder (a ministry's own server): `python app.py fetch-data` "
        "fetches each file from the mirror at its path inside the folder instead of its public address, and "
        "verifies it against the same checksums. Empty (default): the public addresses of the manifest.",
    ),
    SettingSpec(
        "secret_key",
        "JITASA_SECRET_KEY",
        lambda: "",
        str,
        "Secret for sessions (and the keyed hash of client addresses in the audit log). Set it in production; when "
        "empty a random key is generated and kept in the data directory (`secret_key`, readable by the app's user "
        "only). Changing it signs everyone out.",
    ),
    SettingSpec(
        "id_hash_key",
        "JITASA_ID_HASH_KEY",
        lambda: "",
        str,
        "Key of the keyed hash (HMAC-SHA256) that is all the app stores of a national id. Never change it once "
        "survey records are stored: the same national id would no longer match its earlier records, nor kept "
        "upload originals their records. When empty, the key is kept in the data directory (`id_hash_key`, readable "
        "by the app's user only): made at the first start, from the session secret if survey records were stored "
        "before this setting existed (so their hashes stay valid), else at random. Back it up with the database.",
    ),
    SettingSpec(
        "upload_retention_days",
        "JITASA_UPLOAD_RETENTION_DAYS",
        lambda: "90",
        _bounded_int(1, 3650),
        "Days the original file of an accepted upload is kept (national ids in it already replaced by their hash); "
        "then it is deleted, at start, once a day, and by `python app.py purge-originals`. The upload's record, its "
        "rows and its audit entries stay.",
    ),
    SettingSpec(
        "host",
        "JITASA_HOST",
        lambda: "127.0.0.1",
        str,
        "Address the built-in server listens on (`--host` overrides it).",
    ),
    SettingSpec(
        "port",
        "JITASA_PORT",
        lambda: "8050",
        _port,
        "Port the built-in server listens on (`--port` overrides it).",
    ),
    SettingSpec(
        "suppression_threshold",
        "JITASA_SUPPRESSION_THRESHOLD",
        lambda: "5",
        _positive_int,
        'Counts of people from survey records below this number show as "<N" at every level; the others are '
        "rounded to the nearest 5 (to the next multiple of 5 at or above a larger threshold), so that no sum "
        "or difference of public figures reveals a smaller count. Staff signed in see the exact counts of "
        'their own area (docs/en/analyst.md, "Small numbers").',
    ),
    SettingSpec(
        "tile_url",
        "JITASA_TILE_URL",
        lambda: "",
        _tile_url,
        "Optional basemap tiles (`https://…/{z}/{x}/{y}.png`). Empty (default): no basemap, nothing loads "
        "from the internet; our own boundaries are the base.",
    ),
    SettingSpec(
        "stale_days",
        "JITASA_STALE_DAYS",
        lambda: "14",
        _positive_int,
        "A facility not updated for this many days is stale: the finder says once, above its list, when those "
        "places were last confirmed.",
    ),
    SettingSpec(
        "max_upload_mb",
        "JITASA_MAX_UPLOAD_MB",
        lambda: "20",
        _positive_int,
        "Largest upload accepted, in megabytes.",
    ),
    SettingSpec(
        "boundary_tolerance_m",
        "JITASA_BOUNDARY_TOLERANCE_M",
        lambda: "250",
        _metres,
        "Metres a point may lie outside the area it names, or off Thailand's land boundary and coast, and still be "
        "stored there with a warning giving the distance (the boundary files are simplified); farther is a problem. "
        "250 covers where the simplified outlines of the same release disagree: see docs/en/uploads.md.",
    ),
    SettingSpec(
        "redis_url",
        "JITASA_REDIS_URL",
        lambda: "",
        _redis_url,
        "Optional Redis (`redis://127.0.0.1:6379/0`) shared by several app processes: public answers computed by "
        "one process are served by the others. Empty (default): each process keeps its own cache.",
    ),
    SettingSpec(
        "public_max_age",
        "JITASA_PUBLIC_MAX_AGE",
        lambda: "30",
        _non_negative_int,
        "Seconds a browser or reverse proxy may reuse a public answer (maps, coverage, statistics) without asking "
        "again; after that it revalidates with the answer's ETag, which changes whenever the data changes.",
    ),
    SettingSpec(
        "secure_cookies",
        "JITASA_SECURE_COOKIES",
        lambda: "off",
        _on_off,
        "Serve over HTTPS only: `on` marks the session cookie Secure (the browser sends it only over HTTPS) and "
        "sends Strict-Transport-Security. Off by default (the built-in server speaks plain HTTP); on in production, "
        "behind nginx with TLS.",
    ),
    SettingSpec(
        "public_url",
        "JITASA_PUBLIC_URL",
        lambda: "",
        _public_url,
        "The site's own address as people type it (`https://jitasa.example.go.th`): the cross-site check of every "
        "signed-in write compares a request's Origin with it, and links printed with the site's address use it. "
        "Empty (default): the address the request came to (its Host, after `JITASA_TRUSTED_PROXIES`).",
    ),
    SettingSpec(
        "trusted_proxies",
        "JITASA_TRUSTED_PROXIES",
        lambda: "0",
        _bounded_int(0, 5),
        "How many reverse proxies (nginx) stand in front of the app: their X-Forwarded-For, -Proto and -Host are "
        "believed for that many hops, so that sign-in throttling and the audit log see each visitor's own address. "
        "0 (default): the headers are ignored (the built-in server, or a proxy you do not run). 1 behind the "
        "documented nginx; never more than there are, or a visitor could choose their own address.",
    ),
    SettingSpec(
        "session_hours",
        "JITASA_SESSION_HOURS",
        lambda: "12",
        _bounded_int(1, 24 * 30),
        "Hours a sign-in lasts at most, however active; then the person signs in again (ASVS level 2: 12).",
    ),
    SettingSpec(
        "session_idle_minutes",
        "JITASA_SESSION_IDLE_MINUTES",
        lambda: "30",
        _bounded_int(5, 24 * 60),
        "Minutes without any request after which a sign-in ends (a shared office computer left signed in); 30 is "
        "what OWASP ASVS level 2 asks.",
    ),
    SettingSpec(
        "log_level",
        "JITASA_LOG_LEVEL",
        lambda: "INFO",
        lambda v: v.upper(),
        "Logging level of the server: DEBUG, INFO, WARNING or ERROR.",
    ),
)


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    source_data_dir: Path
    boundaries_dir: Path
    data_mirror: str
    secret_key: str
    id_hash_key: str
    upload_retention_days: int
    host: str
    port: int
    suppression_threshold: int
    tile_url: str
    stale_days: int
    max_upload_mb: int
    boundary_tolerance_m: float
    redis_url: str
    public_max_age: int
    secure_cookies: bool
    public_url: str
    trusted_proxies: int
    session_hours: int
    session_idle_minutes: int
    log_level: str
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'jitasa.db'}"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def _source_folders(values: dict[str, Any], given: Callable[[str], bool]) -> None:
    """Where the source data is read from, in this order: JITASA_SOURCE_DATA_DIR; else ../shared/data where it
    exists; else ``source-data`` in JITASA_DATA_DIR (what ``fetch-data`` fills). The boundaries: JITASA_BOUNDARIES_DIR,
    else ``boundaries`` in the source folder."""
    if not given("source_data_dir") and not SHARED_DATA.is_dir():
        values["source_data_dir"] = values["data_dir"] / FETCHED_DATA
    if not given("boundaries_dir"):
        values["boundaries_dir"] = values["source_data_dir"] / "boundaries"


def load_settings(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Build Settings from the environment; raise SettingError naming the variable on a bad value."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    given = {spec.name for spec in SPECS if spec.env in environ or overrides.get(spec.name) is not None}
    for spec in SPECS:
        if spec.name in overrides and overrides[spec.name] is not None:
            values[spec.name] = overrides.pop(spec.name)
            continue
        raw = environ.get(spec.env, spec.default())
        try:
            values[spec.name] = spec.parse(raw)
        except ValueError as exc:
            raise SettingError(f"{spec.env}={raw!r}: {exc}") from None
    _source_folders(values, given.__contains__)
    for key in list(overrides):
        if overrides[key] is None:
            overrides.pop(key)
    return Settings(**values, **overrides)
