"""Who is asking: a session kept on the server (browser) or ``Authorization: Bearer TOKEN`` (API).

The sign-in page is plain server-rendered HTML (it works without JavaScript and before Dash loads). The session
cookie is HttpOnly, SameSite=Lax, Secure with JITASA_SECURE_COOKIES (dashboard/security.py), and holds a random session id (data/sessions.py
keeps only its hash) and the password-hash fingerprint: signing out (POST only), a password change or reset,
deactivation and reactivation end the session on the server, so a copied cookie stops working. Every page callback
and API route asks ``request_user`` on the server; hiding a button is never the check.

Behind a proxy the client's address, scheme and host come from its X-Forwarded-* headers for exactly
JITASA_TRUSTED_PROXIES hops (werkzeug's ProxyFix), never otherwise: throttling (data.accounts) counts per address.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import secrets
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify, redirect, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard import practice
from dashboard.state import current, real
from data import accounts, sessions
from data.audit import record
from data.registries import ROLES
from data.users import account_id, user_for_token, verify_password

auth = Blueprint("auth", __name__)


def configure_sessions(server) -> None:
    """Cookies, the client's address behind proxies, the sign-in routes and the cross-site check, from the settings
    of the app state (``server.extensions["jitasa"]``)."""
    settings = server.extensions["jitasa"].settings
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="jitasa_session",
        PERMANENT_SESSION_LIFETIME=settings.session_hours * 3600,
        # a callback still running when a person signs out must not send the old cookie back and sign them in again
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    hops = settings.trusted_proxies
    if hops:
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    from dashboard.account import account  # the password pages use this module's helpers

    server.register_blueprint(auth)
    server.register_blueprint(account)
    server.before_request(_same_origin_writes)
    server.after_request(practice.private_in_practice)  # a practice space's answers are never kept by a proxy


_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def site_origin() -> str:
    """This site's origin (``https://host``): JITASA_PUBLIC_URL, or the request's own scheme and host (after
    JITASA_TRUSTED_PROXIES); for the cross-site check and anything printed with the site's address."""
    public = current_app.extensions["jitasa"].settings.public_url
    return public or f"{request.scheme}://{request.host}"


def from_this_site(source: str) -> bool:
    """Whether an Origin or Referer is a page of this site. With JITASA_PUBLIC_URL set, scheme and host must match
    it; without, the host must be the request's own (a TLS-terminating proxy may make the schemes differ)."""
    parts, site = urlsplit(source or ""), urlsplit(site_origin())
    if not parts.netloc or parts.netloc.lower() != site.netloc.lower():
        return False
    return parts.scheme == site.scheme or not current_app.extensions["jitasa"].settings.public_url


def _same_origin_writes():
    """CSRF: a write carried by the session cookie must come from a page of this site (Origin, else Referer),
    whatever other headers the request has (an Authorization header does not switch the check off while the cookie
    is there). Dash callbacks and the pages' forms send Origin; Bearer-token clients carry no cookie; the sign-in and
    reset forms, used before a session exists, carry their own token."""
    if request.method not in _WRITES or "sid" not in session:
        return None
    if from_this_site(request.headers.get("Origin") or request.headers.get("Referer") or ""):
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
    """The signed-in user of this request (Bearer token first, then the session), or None. A session belongs to one
    space: a practice session is never a user of the real space, nor a real one of a practice space."""
    state = current()
    header = request.headers.get("Authorization", "")
    if conn is None:
        with state.engine.connect() as own:
            return request_user(own)
    if header.startswith("Bearer "):
        return user_for_token(conn, header.removeprefix("Bearer ").strip())
    sid = session.get("sid")
    if not isinstance(sid, str) or (session.get("practice") or "") != state.practice:
        return None
    user = sessions.session_user(conn, sid, state.settings.session_idle_minutes)
    if user is None or not hmac.compare_digest(session.get("fp", ""), _fingerprint(user["password_hash"])):
        return None
    return user


def start_signed_in(conn: sa.Connection, user: dict, space: str = "") -> None:
    """A fresh session for ``user`` in this browser (never the id the browser came with: no session fixation);
    ``space``: the practice space ``conn`` is in ("" for the real one)."""
    hours = real().settings.session_hours
    session.clear()
    session.permanent = True
    session["sid"], session["fp"] = sessions.start_session(conn, user["id"], hours), _fingerprint(user["password_hash"])
    if space:
        session["practice"], session["practice_user"] = space, user["username"]


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


def form_token() -> str:
    """The token a server-rendered form carries (kept in the session cookie; compared with ``form_token_ok``)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def form_token_ok() -> bool:
    return hmac.compare_digest(request.form.get("csrf", ""), session.get("csrf", "-"))


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
<p class="small">ลืมรหัสผ่าน? ขอรหัสครั้งเดียวจากผู้ดูแลจังหวัด แล้ว<a href="/reset">ตั้งรหัสผ่านใหม่</a> · Forgot your
password? Ask your province admin for a one-time code, then <a href="/reset">set a new one</a>.</p>
<p class="small"><a href="/">← แผนที่ / Map</a></p>
</main></body></html>"""


def _login_page(message: str = "", username: str = "", status: int = 200):
    box = f'<div class="alert alert-danger" role="alert">{message}</div>' if message else ""
    body = _PAGE.format(
        message=box,
        csrf=form_token(),
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
    if not form_token_ok():
        return _login_page("หน้านี้หมดอายุ โปรดลองอีกครั้ง · This page expired; please try again.", username, 400)
    state = real()  # a name is looked up in the real users, then in the practice registry
    engine, client = state.engine, client_key()
    with engine.begin() as conn:
        account = account_id(conn, username)  # audited by id; the typed text (perhaps a password) is never kept
        wait_min = accounts.login_wait_minutes(conn, account, client)
        if wait_min:
            record(conn, "user.login_throttled", "login", client, account, None)
            return _login_page(
                f"ลองเข้าสู่ระบบผิดหลายครั้ง โปรดรอ {wait_min} นาทีแล้วลองใหม่ · "
                f"Too many failed sign-ins; wait {wait_min} minutes and try again.",
                username,
                429,
            )
        user = verify_password(conn, username, request.form.get("password", ""))
        if (
            user is None
            and account is None
            and practice.sign_in(state, username, request.form.get("password", ""), client)
        ):
            return redirect(_safe_next(request.form.get("next")), code=303)  # a practice account, in its own space
        if user is None:
            record(conn, accounts.LOGIN_FAILED, "login", client, account, None)
            return _login_page("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง · The username or password is wrong.", username, 401)
        record(conn, accounts.LOGIN_DONE, "login", client, user["id"], None)
        start_signed_in(conn, user)
    return redirect(_safe_next(request.form.get("next")), code=303)


def client_key() -> str:
    """The client's address as a keyed hash (the audit log holds no raw addresses); behind proxies, the visitor's
    own address only with JITASA_TRUSTED_PROXIES set."""
    secret = current_app.extensions["jitasa"].secret_key
    return hmac.new(secret.encode(), (request.remote_addr or "-").encode(), hashlib.sha256).hexdigest()[:16]


def registration_wait_minutes(conn: sa.Connection) -> int:
    """Minutes this address must wait before registering again, or 0 after recording this attempt
    (data.accounts.registration_wait_minutes)."""
    return accounts.registration_wait_minutes(conn, client_key())


_SIGN_OUT_PAGE = """<!doctype html><html lang="th"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ออกจากระบบ · Sign out — จิตอาสา แผนที่</title>
<link rel="stylesheet" href="/assets/vendor/bootstrap/bootstrap.min.css"></head>
<body class="bg-light"><main class="container py-5" style="max-width:26rem">
<h1 class="h4 mb-3">ออกจากระบบ <span class="text-muted">· Sign out</span></h1>
<form method="post" action="/logout" class="card card-body shadow-sm">
<button class="btn btn-primary w-100" type="submit" id="sign-out-button">ออกจากระบบ / Sign out</button>
</form>
<p class="small mt-3"><a href="/">← แผนที่ / Map</a></p>
</main></body></html>"""


@auth.get("/logout")
def logout_form():
    """A link or an image cannot sign anyone out: this page only offers the button."""
    return _SIGN_OUT_PAGE, 200, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}


@auth.post("/logout")
def logout():
    """Sign out: the session ends on the server (the cross-site check ran first, as for every signed-in write)."""
    sid = session.get("sid")
    if isinstance(sid, str):
        with current().engine.begin() as conn:  # a practice session ends in its own space
            sessions.end_session(conn, sid)
    session.clear()
    return redirect("/", code=303)
