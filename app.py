"""Jitasa Map: create_app(settings) -> Dash, ``server`` for gunicorn, and the command line.

python app.py                    serve on 127.0.0.1:8050 with the embedded SQLite database
python app.py --demo             same, loading the demo data first
python app.py create-user NAME --role ROLE --area CODE   (password from standard input)
python app.py create-token NAME
python app.py import facilities|coverage|surveys FILE [--dry-run]
python app.py purge-originals    delete kept upload originals older than JITASA_UPLOAD_RETENTION_DAYS (for cron)
python app.py fetch-data [--to DIR] [--bundle FILE | --from FILE]
                                 fetch and verify the public source data (data/fetch/manifest.json), or write/install
                                 one archive of it for a network without internet
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
import time
from pathlib import Path

ASSETS = Path(__file__).resolve().parent / "dashboard" / "assets"


def create_app(settings=None, state=None):
    """The Dash app for ``settings`` (from the environment when not given); its Flask server is ``app.server``."""
    import dash
    from flask_compress import Compress

    from dashboard.api import api, register_api_error_handlers
    from dashboard.auth import configure_sessions
    from dashboard.components import shell
    from dashboard.i18n import t
    from dashboard.jsonable import JSONProvider
    from dashboard.link_preview import register_link_preview
    from dashboard.public import register_public
    from dashboard.request_log import install_log_filters
    from dashboard.request_size import allow_base64_uploads, keep_uploads_in_memory
    from dashboard.router import register_router
    from dashboard.security import register_security
    from dashboard.state import build_state
    from data.originals import DailyPurge
    from settings import load_settings

    install_log_filters()  # no query string in a request line, no value in a database error (both servers)
    settings = settings or load_settings()
    state = state or build_state(settings)
    app = dash.Dash(
        __name__,
        title=t("app.title", "th") + " · " + t("app.title", "en"),
        assets_folder=str(ASSETS),
        # matched against each folder name under assets/:
        # vendor/leaflet (exports, the finder), vendor/plotly (dashboard/security.py), public (the finder's own files)
        assets_path_ignore=["^leaflet$", "^plotly$", "^public$"],
        serve_locally=True,
        suppress_callback_exceptions=True,
        update_title=None,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
        on_error=_callback_error,
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="th">')
    server = app.server
    server.secret_key = state.secret_key
    server.config["MAX_CONTENT_LENGTH"] = settings.max_upload_mb * 1024 * 1024
    allow_base64_uploads(server, settings.max_upload_mb)
    keep_uploads_in_memory(server)  # an uploaded file is never written to a temporary file (it may hold national ids)
    server.before_request(DailyPurge(state.engine, settings.upload_retention_days).due)  # old upload originals
    server.extensions["jitasa"] = state
    server.json = JSONProvider(server)  # dates as ISO text, numpy numbers, NaN as null; Thai readable (not escaped)
    server.register_blueprint(api)
    configure_sessions(server)
    register_api_error_handlers(server)
    Compress(server)
    server.after_request(_cache_assets)
    app.layout = shell
    register_router(app)
    register_link_preview(app)  # the coverage page's shell names its view (title, Open Graph)
    register_public(server)  # the manifest, the service worker, 404 for paths no page takes
    register_security(app, settings)  # last: the policy hashes the inline scripts of the page shell
    return app


_DASH_SHELL = {"/", "/<path:path>", "/_dash-layout", "/_dash-dependencies"}


def _cache_assets(response):
    """What a reverse proxy may keep: our assets carry their file time in the URL (``?m=``), so a year; the page
    shell, the Dash layout and its dependencies are the same for everyone (who is signed in and what a page shows
    come from the callbacks), so a minute. Everything else is left as its route made it."""
    from flask import request

    if response.status_code != 200 or request.method != "GET" or "Cache-Control" in response.headers:
        return response
    if request.path.startswith("/assets/") and request.args.get("m"):
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    elif request.endpoint in _DASH_SHELL and not request.path.startswith("/api/"):
        response.headers["Cache-Control"] = "public, max-age=60"
    return response


def _callback_error(exc: Exception) -> None:
    """A callback failed: log it with a reference; the person sees a short apology, never a stack trace."""
    import uuid

    from dash import set_props

    from dashboard.components import ERROR_BANNER
    from dashboard.i18n import t
    from data.db import is_unavailable

    if is_unavailable(exc):
        logging.getLogger("jitasa.callbacks").warning("callback: database unavailable (%s)", type(exc).__name__)
        text = t("error.unavailable", "th") + " · " + t("error.unavailable", "en")
    else:
        ref = uuid.uuid4().hex[:8]
        logging.getLogger("jitasa.callbacks").error("callback failed, reference %s", ref, exc_info=exc)
        text = t("error.apology", "th", ref=ref) + " · " + t("error.apology", "en", ref=ref)
    set_props(ERROR_BANNER, {"children": text, "hidden": False})


def __getattr__(name: str):
    """``app:server`` for gunicorn, built on first access (nothing happens at import time)."""
    if name == "server":
        from settings import load_settings

        settings = load_settings()
        if not logging.getLogger().handlers:  # under gunicorn: the app's own lines beside gunicorn's
            logging.basicConfig(
                level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s [pid %(process)d]: %(message)s"
            )
        return create_app(settings).server
    raise AttributeError(name)


# -- command line -------------------------------------------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    serving = argparse.ArgumentParser(add_help=False)
    serving.add_argument(
        "--demo", action="store_true", default=argparse.SUPPRESS, help="load the demo data before serving"
    )
    serving.add_argument(
        "--host", default=argparse.SUPPRESS, help="address to listen on (default JITASA_HOST or 127.0.0.1)"
    )
    serving.add_argument(
        "--port", type=int, default=argparse.SUPPRESS, help="port to listen on (default JITASA_PORT or 8050)"
    )
    serving.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="Dash debug mode (development only)"
    )
    parser = argparse.ArgumentParser(prog="app.py", description="Jitasa Map / จิตอาสา แผนที่", parents=[serving])
    sub = parser.add_subparsers(dest="command")
    user = sub.add_parser("create-user", help="create a user; the password is read from standard input")
    user.add_argument("username")
    user.add_argument("--role", required=True, choices=["volunteer", "coordinator", "province_admin", "national_admin"])
    user.add_argument("--area", required=True, help="a DOPA area code (50, 5001, 500101) or TH for the whole country")
    user.add_argument("--name", help="display name")
    token = sub.add_parser("create-token", help="print a new API token for a user")
    token.add_argument("username")
    token.add_argument("--name", help="what the token is for")
    imp = sub.add_parser("import", help="import a file of facilities, coverage or surveys")
    imp.add_argument("kind", choices=["facilities", "coverage", "surveys"])
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="check and report, store nothing")
    imp.add_argument("--user", help="the username the import is recorded under")
    sub.add_parser(
        "purge-originals", help="delete kept upload originals older than JITASA_UPLOAD_RETENTION_DAYS (for cron)"
    )
    fetch = sub.add_parser(
        "fetch-data",
        help="fetch the pinned public source data and verify it against the manifest (or write/install a bundle)",
    )
    fetch.add_argument(
        "--to", type=Path, help="the folder to fill (default: the source data folder the app reads, see the README)"
    )
    way = fetch.add_mutually_exclusive_group()
    way.add_argument("--bundle", type=Path, metavar="FILE", help="write one .tar.gz or .zip of the verified folder")
    way.add_argument("--from", dest="source", type=Path, metavar="FILE", help="install such an archive, verified")
    sub.add_parser("serve", help="serve the app (the default)", parents=[serving])
    return parser


def main(argv: list[str] | None = None) -> int:
    from data.db import DatabaseError
    from geo.boundaries import BoundaryFilesError
    from settings import SettingError, load_settings

    args = _parser().parse_args(argv)
    for name, default in (("demo", False), ("host", None), ("port", None), ("debug", False)):
        if not hasattr(args, name):
            setattr(args, name, default)
    try:
        settings = load_settings(host=args.host, port=args.port)
        level = settings.log_level if args.command in (None, "serve") else "WARNING"
        logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        if args.command == "create-user":
            return _create_user(settings, args)
        if args.command == "create-token":
            return _create_token(settings, args)
        if args.command == "import":
            return _import(settings, args)
        if args.command == "purge-originals":
            return _purge_originals(settings)
        if args.command == "fetch-data":
            from data.fetch.command import run

            return run(settings, args.to, args.bundle, args.source)
        return _serve(settings, args)
    except (SettingError, BoundaryFilesError, DatabaseError) as exc:
        print(f"jitasa: {exc}", file=sys.stderr)
        return 2


def _state(settings):
    from dashboard.state import build_state

    return build_state(settings)


def _serve(settings, args) -> int:
    started = time.perf_counter()
    state = _state(settings)
    if args.demo:
        _load_demo(state)
    app = create_app(settings, state)
    logging.getLogger("jitasa").info(
        "ready in %.1f s: http://%s:%s", time.perf_counter() - started, settings.host, settings.port
    )
    print(f"Jitasa Map: http://{settings.host}:{settings.port}", flush=True)
    from data import finder_builder  # the finder's index made off the request path, as under gunicorn

    builder = finder_builder.start(settings.data_dir, settings.effective_database_url)
    try:
        app.run(host=settings.host, port=settings.port, debug=args.debug)
    finally:
        finder_builder.stop(builder)
    return 0


def _load_demo(state) -> None:
    from data.demo import load_demo

    subdistricts = state.registry.frame("subdistrict").reset_index()
    counts = load_demo(state.engine, state.settings.source_data_dir, state.locator.locate, subdistricts)
    if counts:
        print("demo data loaded: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()), flush=True)


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password / รหัสผ่าน: ")
        if getpass.getpass("Again / อีกครั้ง: ") != first:
            raise SystemExit("jitasa: the passwords differ / รหัสผ่านไม่ตรงกัน")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _create_user(settings, args) -> int:
    from data.errors import UserInputError
    from data.users import create_user
    from geo.registry import AreaNotFound

    state = _state(settings)
    try:
        area = "TH" if args.area.upper() == "TH" else state.registry.resolve(args.area)
    except AreaNotFound as exc:
        print(f"jitasa: --area: {exc} / {exc.message_th}", file=sys.stderr)
        return 2
    needed = {"coordinator": "district", "province_admin": "province", "national_admin": None}
    if args.role in needed and (state.registry.level_of(area) if area != "TH" else None) != needed[args.role]:
        want = needed[args.role] or "TH (the whole country)"
        print(f"jitasa: --area: a {args.role} needs a {want} area, not {area} / พื้นที่ไม่ตรงกับบทบาท", file=sys.stderr)
        return 2
    password = _read_password()
    try:
        with state.engine.begin() as conn:
            user_id = create_user(conn, args.username, password, args.role, area, args.name)
    except UserInputError as exc:
        for p in exc.problems:
            print(f"jitasa: {p.column}: {p.message_en} / {p.message_th}", file=sys.stderr)
        return 2
    print(f"created user {args.username} (id {user_id}, {args.role}, area {area})")
    return 0


def _create_token(settings, args) -> int:
    from data.errors import UserInputError
    from data.users import create_token

    state = _state(settings)
    try:
        with state.engine.begin() as conn:
            print(create_token(conn, args.username, args.name))
    except UserInputError as exc:
        print(f"jitasa: {exc.message_en} / {exc.message_th}", file=sys.stderr)
        return 2
    return 0


def _import(settings, args) -> int:
    from data.errors import NotFound
    from data.imports import import_file, report_lines

    if not args.file.is_file():
        print(f"jitasa: file not found: {args.file} / ไม่พบไฟล์ {args.file}", file=sys.stderr)
        return 2
    state = _state(settings)
    started = time.monotonic()

    def progress(phase: str, done: int, total: int) -> None:  # on stderr, once the import takes over a second
        if time.monotonic() - started > 1:
            print(f"{phase} {done:,}/{total:,}", file=sys.stderr, flush=True)

    try:
        report = import_file(state, args.kind, args.file, dry_run=args.dry_run, username=args.user, progress=progress)
    except NotFound as exc:  # --user names nobody
        print(f"jitasa: {exc.message_en} / {exc.message_th}", file=sys.stderr)
        return 2
    for line in report_lines(report):
        print(line)
    return 0 if not report["problems"] else 1


def _purge_originals(settings) -> int:
    from dashboard.state import open_database
    from data.originals import purge_originals

    engine, _secret, _key = open_database(settings)
    try:
        deleted = purge_originals(engine, settings.upload_retention_days)
    finally:
        engine.dispose()
    print(f"deleted {deleted} upload originals kept more than {settings.upload_retention_days} days")
    return 0


if __name__ == "__main__":
    sys.exit(main())
