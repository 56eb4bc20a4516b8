"""Help requests from the public: a person asks (no account), the chain of command of the area answers.

- ``read_ask(body, registry, locator)``: the request as sent (need, name, phone, a point or a subdistrict, people, note),
  checked, every problem at once; a point is placed in its subdistrict by point-in-polygon (geo/locate.py, with the
  boundary tolerance), a point outside Thailand or an unknown subdistrict is a problem in Thai and English;
- ``create_request``: stores it (name, phone and note apart, in ``help_request_personal``) with a short ``reference``
  the person can read out over the phone, and its first follow-up event (data/followup.py);
- ``public_status(conn, reference, phone)``: what the person may see — status, waiting time, each step's status and
  time; a wrong phone is the same NotFound as an unknown reference (no oracle);
- ``read_queue`` / ``change_request``: the queue of an area and its moves, for the chain of command of the area and the
  volunteer a request is assigned to (data/help_access.py holds who may do what).

Nothing personal reaches the audit log: entries carry the request's id, district, need and statuses.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from data import followup
from data.audit import record
from data.errors import NotFound, Problem, UserInputError
from data.fields import preview, read_text, whole_number
from data.registries import HELP_NEEDS
from data.schema import help_request_personal, help_requests
from geo.clock import now as clock_now
from geo.locate import in_thailand_bbox
from geo.registry import AreaNotFound
from geo.thai import ascii_digits

KIND = "help_request"
FLOW = followup.flow(KIND)
# the statuses of a request still waiting for help to arrive (the public figures' "waiting")
WAITING = tuple(s for s in FLOW.open if s not in FLOW.reached)
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read out over the phone without doubt
REFERENCE_LENGTH = 6  # 32**6: about a billion references
MAX_PEOPLE, MAX_NAME, MAX_NOTE = 100, 200, 1000
MAX_PHONE_CHARS = 50  # as typed ("+66 81 234 5678"); stored as its 9 or 10 digits
# the public routes and the /help page, per client address and hour (data.accounts.attempt_wait_minutes)
CREATE_ATTEMPT, MAX_CREATES_PER_HOUR = "help_request.create_attempt", 10
LOOKUP_ATTEMPT, MAX_LOOKUPS_PER_HOUR = "help_request.lookup", 60
NOT_FOUND = (
    "ไม่พบคำขอความช่วยเหลือนี้ โปรดตรวจรหัสอ้างอิงและหมายเลขโทรศัพท์",
    "No help request matches this reference and phone number; check both.",
)


@dataclass(frozen=True)
class Ask:
    """A help request as checked: the place resolved to its subdistrict."""

    need: str
    name: str
    phone: str
    subdistrict: str
    lat: float | None = None
    lon: float | None = None
    people: int = 1
    note: str | None = None


# -- reading what was sent --------------------------------------------------------------------------------------------
def normalize_phone(text: Any) -> str | None:
    """A Thai phone number as its digits (``+66 81 234 5678`` → ``0812345678``; Thai digits too), or None when it is
    not one (9 or 10 digits starting with 0)."""
    digits = re.sub(r"[^0-9]", "", ascii_digits(str(text or "")))  # \D would keep other scripts' digits
    if digits.startswith("66") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits if len(digits) in (9, 10) and digits.startswith("0") else None


def normalize_reference(text: Any) -> str:
    """A reference as typed (lower case, spaces, dashes) in its stored form."""
    return re.sub(r"[\s\-]", "", str(text or "")).upper()


def read_ask(body: Mapping[str, Any], registry, locator) -> Ask:
    """The request in ``body`` (the JSON of POST /api/v1/help-requests, or the /help form), or a UserInputError with
    every problem."""
    problems: list[Problem] = []
    given = body.get("need")
    need = HELP_NEEDS.resolve(given) if isinstance(given, str) and len(given) <= 100 else None  # a label at most
    if need is None:
        listed = ", ".join(HELP_NEEDS.codes)
        problems.append(
            Problem("need", preview(given), f"โปรดเลือกความช่วยเหลือที่ต้องการ ({listed})", f"choose a need ({listed})")
        )
    typed = len(problems)  # text of the wrong type or with control characters is said by read_text, once
    name = " ".join((read_text(body.get("name"), "name", problems, max_chars=None) or "").split())
    if len(problems) == typed and (not name or len(name) > MAX_NAME):
        th, en = f"โปรดกรอกชื่อ (ไม่เกิน {MAX_NAME} ตัวอักษร)", f"give a name (at most {MAX_NAME} characters)"
        problems.append(Problem("name", None, th, en))
    typed = len(problems)
    phone = normalize_phone(read_text(body.get("phone"), "phone", problems, max_chars=MAX_PHONE_CHARS))
    if phone is None and len(problems) == typed:
        th = "หมายเลขโทรศัพท์ไม่ถูกต้อง (เช่น 081 234 5678)"
        problems.append(Problem("phone", None, th, "not a Thai phone number (e.g. 081 234 5678)"))
    people = _people(body.get("people"), problems)
    # a browser sends a line break of a text box as \r\n: one character to the person, and to this count
    note = read_text(body.get("note"), "note", problems, max_chars=None, lines=True) or ""
    note = note.replace("\r\n", "\n").replace("\r", "\n") or None
    if note and len(note) > MAX_NOTE:
        problems.append(
            Problem("note", None, f"ข้อความยาวเกิน {MAX_NOTE} ตัวอักษร", f"the note is over {MAX_NOTE} characters")
        )
    place = _place(body, registry, locator, problems)
    if problems:
        raise UserInputError(problems)
    subdistrict, lat, lon = place  # type: ignore[misc]  # a place whenever there is no problem
    return Ask(need, name, phone, subdistrict, lat, lon, people, note)  # type: ignore[arg-type]


def _people(value: Any, problems: list[Problem]) -> int:
    if value in (None, ""):
        return 1
    number = whole_number(value)
    if number is not None and 1 <= number <= MAX_PEOPLE:
        return number
    problems.append(
        Problem("people", preview(value), f"จำนวนคนต้องเป็น 1–{MAX_PEOPLE}", f"people must be 1 to {MAX_PEOPLE}")
    )
    return 1


def _number(value: Any) -> float | None:
    try:
        number = float(ascii_digits(str(value)).strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _place(body: Mapping[str, Any], registry, locator, problems: list[Problem]) -> tuple | None:
    """(subdistrict, lat, lon) of a point (lat, lon) or of a subdistrict (code or name); None with a problem."""
    has_point = body.get("lat") not in (None, "") or body.get("lon") not in (None, "")
    typed = len(problems)
    named = read_text(body.get("subdistrict"), "subdistrict", problems, numbers=True) or ""
    if len(problems) > typed:  # not text: said once
        return None
    if has_point:
        lat, lon = _number(body.get("lat")), _number(body.get("lon"))
        if lat is not None and lon is not None and not -90 <= lat <= 90 and bool(in_thailand_bbox(lat, lon)):
            th, en = (
                "ละติจูดและลองจิจูดสลับกัน (ละติจูดของไทยอยู่ระหว่าง 5 ถึง 21)",
                "lat and lon swapped? (Thailand's lat is 5 to 21)",
            )
            problems.append(Problem("lat", preview(body.get("lat")), th, en))
            return None
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            th, en = "ละติจูด/ลองจิจูดไม่ถูกต้อง", "lat and lon must both be numbers (degrees)"
            problems.append(Problem("lat", preview(body.get("lat")), th, en))
            return None
        found = locator.locate_one_within_tolerance(lon, lat)
        if not found.get("subdistrict"):
            # the swap question only where the other order is in Thailand (a point at sea is not a swap)
            swapped = bool(in_thailand_bbox(lat, lon)) and not bool(in_thailand_bbox(lon, lat))  # (lon, lat) order
            hint_th, hint_en = (" (สลับละติจูดกับลองจิจูดหรือไม่?)", " (lat and lon swapped?)") if swapped else ("", "")
            th = f"ตำแหน่ง {lat:.5f}, {lon:.5f} อยู่นอกประเทศไทย{hint_th} โปรดเลือกตำบลแทน"
            en = f"the point {lat:.5f}, {lon:.5f} is outside Thailand{hint_en}: choose your subdistrict instead"
            problems.append(Problem("lat", f"{lat}, {lon}", th, en))
            return None
        return found["subdistrict"], lat, lon
    if not named:
        th, en = "โปรดบอกตำแหน่ง (กดปุ่มใช้ตำแหน่งของฉัน) หรือเลือกตำบล", "give a point (lat, lon) or a subdistrict"
        problems.append(Problem("subdistrict", None, th, en))
        return None
    within = _within(body, registry, problems)
    if within is False:
        return None
    try:
        code = registry.resolve(named, level="subdistrict", within=within, context=(within,))
    except AreaNotFound as exc:
        problems.append(Problem("subdistrict", named, exc.message_th, str(exc)))
        return None
    return code, None, None


def _within(body: Mapping[str, Any], registry, problems: list[Problem]) -> str | None | bool:
    """The district (or else the province) a subdistrict's name is read in, when the form gave them; None when it
    gave neither; False with a problem when one names nothing."""
    inside = None
    for level in ("province", "district"):
        text = read_text(body.get(level), level, problems, numbers=True) or ""
        if not text:
            continue
        try:
            inside = registry.resolve(text, level=level, within=inside, context=(inside,))
        except AreaNotFound as exc:
            problems.append(Problem(level, text, exc.message_th, str(exc)))
            return False
    return inside


# -- storing --------------------------------------------------------------------------------------------------------
def new_reference(conn: sa.Connection) -> str:
    """A reference no request has yet."""
    while True:
        reference = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        taken = sa.select(help_requests.c.id).where(help_requests.c.reference == reference)
        if conn.execute(taken).first() is None:
            return reference


def create_request(
    conn: sa.Connection, ask: Ask, at: dt.datetime | None = None, synthetic: bool = False
) -> dict[str, Any]:
    """Store a request (waiting) and its first event; {id, reference, status, created_at, district}."""
    moment = followup.utc(at or clock_now())
    reference = new_reference(conn)
    values = {
        "reference": reference,
        "need": ask.need,
        "lat": ask.lat,
        "lon": ask.lon,
        "subdistrict": ask.subdistrict,
        "district": ask.subdistrict[:4],
        "province": ask.subdistrict[:2],
        "people": ask.people,
        "status": FLOW.start,
        "created_at": moment,
        "updated_at": moment,
        "synthetic": synthetic,
    }
    request_id = conn.execute(sa.insert(help_requests).values(**values).returning(help_requests.c.id)).scalar_one()
    personal = {"request_id": request_id, "full_name": ask.name, "phone": ask.phone, "note": ask.note}
    conn.execute(sa.insert(help_request_personal).values(**personal))
    followup.start(conn, KIND, request_id, None, at=moment)
    record(conn, "help_request.create", KIND, request_id, None, {"district": values["district"], "need": ask.need})
    return {
        "id": request_id,
        "reference": reference,
        "status": FLOW.start,
        "created_at": moment,
        "district": values["district"],
    }


# -- the person follows their request -------------------------------------------------------------------------------
def public_status(conn: sa.Connection, reference: str, phone: str) -> dict[str, Any]:
    """{reference, status, waiting_minutes, history: [{status, at}]} of the request with this reference and phone;
    NotFound (the same answer) for an unknown reference or a wrong phone."""
    h, p = help_requests.c, help_request_personal.c
    row = (
        conn.execute(
            sa.select(h.id, h.reference, h.status, h.created_at, p.phone)
            .select_from(help_requests.join(help_request_personal, p.request_id == h.id))
            .where(h.reference == normalize_reference(reference))
        )
        .mappings()
        .first()
    )
    given = normalize_phone(phone)
    if row is None or given is None or not secrets.compare_digest(given, row["phone"]):
        raise NotFound([], NOT_FOUND[1], NOT_FOUND[0])
    events = followup.history(conn, KIND, row["id"])
    ended = followup.wait_ends(conn, KIND, [row["id"]]).get(row["id"]) if row["status"] in FLOW.reached else None
    return {
        "reference": row["reference"],
        "status": row["status"],
        "waiting_minutes": followup.waiting_minutes(row["created_at"], ended),
        "history": [{"status": e["status"], "at": followup.utc(e["at"])} for e in events],
    }
