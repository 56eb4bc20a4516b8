"""Who is asking: a signed session cookie (browser) or ``Authorization: Bearer TOKEN`` (API).

The sign-in page is plain server-rendered HTML (it works without JavaScript and before Dash loads); the session
cookie is HttpOnly and SameSite=Lax, and holds only the user id and the password-hash fingerprint, so changing a
password or deactivating a user ends their sessions. Every page callback and API route asks ``request_user`` on
the server; hiding a button is never the check.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import secrets
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify, redirect, request, session

from data import accounts
from data.audit import record
from data.registries import ROLES
from data.schema import users
from data.users import user_for_token, verify_password

auth = Blueprint("auth", __name__)
SESSION_HOURS = 12


def configure_sessions(server) -> None:
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="jitasa_session",
        PERMANENT_SESSION_LIFETIME=SESSION_HOURS * 3600,
        # a callback still running when a person signs out must not send the old cookie back and sign them in again
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    server.register_blueprint(auth)
    server.before_request(_same_origin_writes)


_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _same_origin_writes():
    """CSRF: a write carried by the session cookie must come from a page of this site (Origin or Referer).

    Dash callbacks and the pages' fetches send Origin; Bearer-token clients carry no cookie and are not affected; the
    sign-in form has its own token. Behind a proxy the host compared is the Host (or X-Forwarded-Host) header.
    """
    if request.method not in _WRITES or "uid" not in session or request.headers.get("Authorization"):
        return None
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    hosts = {request.host, request.headers.get("X-Forwarded-Host", "").split(",")[0].strip()}
    if urlsplit(source).netloc in hosts - {""}:
        return None
    body = {
        "error": "this request did not come from a page of this site (CSRF check); reload the page",
        "error_th": "คำขอนี้ไม่ได้มาจากหน้าเว็บของระบบ (ตรวจ CSRF) โปรดโหลดหน้าใหม่",
        "problems": [],
    }
    return jsonify(body), 403


def _fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def request_user(conn: sa.Connection | None = None) -> dict | None:
    """The signed-in user of this request (Bearer token first, then the session), or None."""
    engine = current_app.extensions["jitasa"].engine
    header = request.headers.get("Authorization", "")
    if conn is None:
        with engine.connect() as own:
            return request_user(own)
    if header.startswith("Bearer "):
        return user_for_token(conn, header.removeprefix("Bearer ").strip())
    uid = session.get("uid")
    if uid is None:
        return None
    row = conn.execute(sa.select(users).where(users.c.id == uid, users.c.active)).mappings().first()
    if row is None or not hmac.compare_digest(session.get("fp", ""), _fingerprint(row["password_hash"])):
        return None
    return dict(row)


def role_at_least(user: dict | None, role: str) -> bool:
    """volunteer < coordinator < province_admin < national_admin: data.registries.ROLES.at_least."""
    return ROLES.at_least(user, role)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never another host) is followed after signing in; a target with a control character
    (CR/LF would split the Location header) or a backslash (some browsers read it as "/") is ignored."""
    if not target or any(ord(c) < 32 or ord(c) == 127 or c == "\\" for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


_PAGE = """<!doctype html><html lang="th"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>เข้าสู่ระบบ · Sign in — จิตอาสา แผนที่</title>
<link rel="stylesheet" href="/assets/vendor/bootstrap/bootstrap.min.css"></head>
<body class="bg-light"><main class="container py-5" style="max-width:26rem">
<h1 class="h4 mb-1">เข้าสู่ระบบ</h1><p class="text-muted mb-4">Sign in · จิตอาสา แผนที่ / Jitasa Map</p>
{message}
<form method="post" action="/login" class="card card-body shadow-sm">
<input type="hidden" name="csrf" value="{csrf}"><input type="hidden" name="next" value="{next}">
<label class="form-label" for="username">ชื่อผู้ใช้ <span class="text-muted">/ Username</span></label>
<input class="form-control mb-3" id="username" name="username" autocomplete="username" required value="{username}">
<label class="form-label" for="password">รหัสผ่าน <span class="text-muted">/ Password</span></label>
<input class="form-control mb-3" id="password" name="password" type="password" autocomplete="current-password" required>
<button class="btn btn-primary w-100" type="submit">เข้าสู่ระบบ / Sign in</button>
</form>
<p class="small text-muted mt-3">อาสาข้อมูลที่ยังไม่มีบัญชี <a href="/register">สมัครที่นี่</a>
แล้วรอปลัดอำเภอผู้ประสานงานอนุมัติ · A data volunteer without an account? <a href="/register">Register</a> and wait
for your district coordinator's approval. Staff accounts are created by an admin.</p>
<p class="small"><a href="/">← แผนที่ / Map</a></p>
</main></body></html>"""


def _login_page(message: str = "", username: str = "", status: int = 200):
    box = f'<div class="alert alert-danger" role="alert">{message}</div>' if message else ""
    body = _PAGE.format(
        message=box,
        csrf=_csrf_token(),
        next=html.escape(_safe_next(request.values.get("next")), quote=True),
        username=html.escape(username, quote=True),
    )
    return body, status, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}


@auth.get("/login")
def login_form():
    return _login_page()


@auth.post("/login")
def login():
    username = request.form.get("username", "").strip()
    if not hmac.compare_digest(request.form.get("csrf", ""), session.get("csrf", "-")):
        return _login_page("หน้านี้หมดอายุ โปรดลองอีกครั้ง · This page expired; please try again.", username, 400)
    engine = current_app.extensions["jitasa"].engine
    client = _client_key()
    with engine.begin() as conn:
        wait_min = accounts.login_wait_minutes(conn, username, client)
        if wait_min:
            record(conn, "user.login_throttled", "login", client, None, {"username": username[:80]})
            return _login_page(
                f"ลองเข้าสู่ระบบผิดหลายครั้ง โปรดรอ {wait_min} นาทีแล้วลองใหม่ · "
                f"Too many failed sign-ins; wait {wait_min} minutes and try again.",
                username,
                429,
            )
        user = verify_password(conn, username, request.form.get("password", ""))
        if user is None:
            record(conn, "user.login_failed", "login", client, None, {"username": username[:80]})
            return _login_page("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง · The username or password is wrong.", username, 401)
        record(conn, "user.login", "user", user["id"], user["id"], None)
    session.clear()
    session.permanent = True
    session["uid"], session["fp"] = user["id"], _fingerprint(user["password_hash"])
    return redirect(_safe_next(request.form.get("next")), code=303)


def _client_key() -> str:
    """The client's address as a keyed hash (the audit log holds no raw addresses)."""
    secret = current_app.extensions["jitasa"].secret_key
    return hmac.new(secret.encode(), (request.remote_addr or "-").encode(), hashlib.sha256).hexdigest()[:16]


def registration_wait_minutes(conn: sa.Connection) -> int:
    """Minutes this address must wait before registering again, or 0 after recording this attempt
    (data.accounts.registration_wait_minutes)."""
    return accounts.registration_wait_minutes(conn, _client_key())


@auth.route("/logout", methods=["GET", "POST"])
def logout():
    session.clear()
    return redirect("/", code=303)
