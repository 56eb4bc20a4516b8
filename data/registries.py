"""Registries of facility types, facility statuses, facility sources, target groups, roles, help needs and help statuses: codes with Thai and English labels.

They are data, not branches: adding a facility type (say, oxygen refill points) is one more entry here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Entry:
    code: str
    label_th: str
    label_en: str
    color: str = "#555555"  # used by layers for symbols; colour-blind-safe (Okabe-Ito)
    symbol: str = "circle"
    min_age: int | None = None
    max_age: int | None = None
    ministry_order: bool = False  # one of the six groups of the ministry's order
    aliases: tuple[str, ...] = ()  # other spellings people write in files (abbreviations, short forms)

    def label(self, lang: str) -> str:
        return self.label_th if lang == "th" else self.label_en


class Registry:
    def __init__(self, entries: list[Entry]):
        self._entries = {e.code: e for e in entries}

    def __contains__(self, code: object) -> bool:
        """Whether ``code`` is one of the codes; anything but text (a list sent as JSON, say) never is."""
        return isinstance(code, str) and code in self._entries

    def __iter__(self):
        return iter(self._entries.values())

    def __getitem__(self, code: str) -> Entry:
        return self._entries[code]

    def get(self, code: str) -> Entry | None:
        return self._entries.get(code) if isinstance(code, str) else None

    @property
    def codes(self) -> list[str]:
        return list(self._entries)

    def resolve(self, text: str) -> str | None:
        """The code for a code, a Thai or English label or an alias (case, spacing and dash variants ignored)."""
        key = _key(text)
        for entry in self._entries.values():
            if key in {_key(x) for x in (entry.code, entry.label_th, entry.label_en, *entry.aliases)}:
                return entry.code
        return None


class Ranks(Registry):
    """A registry whose order is a rank: each entry can do what the ones before it can."""

    def rank(self, code: str) -> int:
        """The entry's place in the order (0 first); -1 for a code that is not one."""
        return self.codes.index(code) if code in self else -1

    def at_least(self, user_or_role: Mapping[str, Any] | str | None, code: str) -> bool:
        """Whether a person (a dict with ``role``) or a role ranks at ``code`` or above; nobody (None) and unknown
        roles never do. An unknown ``code`` is a programming error (ValueError)."""
        if code not in self:
            raise ValueError(f"{code!r} is not one of {self.codes}")
        role = user_or_role.get("role") if isinstance(user_or_role, Mapping) else user_or_role
        return isinstance(role, str) and self.rank(role) >= self.rank(code)


def _key(text: str) -> str:
    return " ".join(str(text).replace("–", "-").replace("—", "-").split()).lower()


FACILITY_TYPES = Registry(
    [
        Entry("vaccination_point", "จุดฉีดวัคซีน", "Vaccination point", "#0072B2", "circle", aliases=("จุดบริการฉีดวัคซีน",)),
        Entry("test_site", "จุดตรวจโควิด", "COVID test site", "#E69F00", "diamond", aliases=("จุดตรวจ", "จุดตรวจโควิด-19")),
        Entry(
            "hospital",
            "โรงพยาบาล",
            "Hospital",
            "#D55E00",
            "square",
            # the Ministry of Public Health's own kinds of hospital (its hospital list's type_desc), short and long
            aliases=(
                "รพ.",
                "โรงพยาบาลชุมชน",
                "โรงพยาบาลทั่วไป",
                "โรงพยาบาลศูนย์",
                "โรงพยาบาลศูนย์/โรงพยาบาลทั่วไป",
                "โรงพยาบาลเอกชน",
                "โรงพยาบาลสังกัดกระทรวงอื่น",
                "รพช.",
                "รพท.",
                "รพศ.",
                "Community hospital",
                "General hospital",
                "Regional hospital",
                "Private hospital",
            ),
        ),
        Entry("field_hospital", "โรงพยาบาลสนาม", "Field hospital", "#CC79A7", "triangle", aliases=("รพ.สนาม",)),
        Entry(
            "community_isolation",
            "จุดพักคอย",
            "Community isolation centre",
            "#009E73",
            "star",
            aliases=("ศูนย์พักคอย", "CI"),
        ),
        Entry(
            "oxygen_refill",
            "จุดเติมออกซิเจน",
            "Oxygen refill point",
            "#56B4E9",
            "hexagon",
            aliases=("เติมออกซิเจน", "oxygen"),
        ),
    ]
)

FACILITY_STATUSES = Registry(
    [
        Entry("open", "เปิดให้บริการ", "Open", "#009E73", aliases=("เปิด", "เปิดบริการ")),
        Entry("full", "เต็ม", "Full", "#E69F00"),
        Entry("temporarily_closed", "ปิดชั่วคราว", "Temporarily closed", "#999999"),
        Entry("closed", "ปิดถาวร", "Closed", "#555555", aliases=("ปิด", "ปิดบริการ")),
    ]
)

TARGET_GROUPS = Registry(
    [
        Entry("all", "ทุกกลุ่ม", "All groups"),
        Entry("general", "ประชาชนทั่วไป", "General public", ministry_order=True, aliases=("ประชาชน",)),
        Entry("elderly", "ผู้สูงอายุ", "Elderly (60+)", min_age=60, ministry_order=True),
        Entry("bedridden", "ผู้ป่วยติดเตียง", "Bedridden", ministry_order=True),
        Entry(
            "migrant",
            "แรงงานต่างด้าวและครอบครัว",
            "Migrant workers and families",
            ministry_order=True,
            aliases=("แรงงานต่างด้าว",),
        ),
        Entry("child_5_11", "เด็กอายุ 5–11 ปี", "Children 5–11", min_age=5, max_age=11, ministry_order=True),
        Entry(
            "student_12_18", "นักเรียน/นักศึกษา อายุ 12–18 ปี", "Students 12–18", min_age=12, max_age=18, ministry_order=True
        ),
        Entry("chronic_disease", "ผู้มีโรคประจำตัว 7 กลุ่มโรค", "Chronic disease (7 groups)"),
        Entry("pregnant", "หญิงตั้งครรภ์", "Pregnant women"),
        Entry("medical_staff", "บุคลากรทางการแพทย์", "Medical staff"),
        Entry("health_volunteer", "อาสาสมัครสาธารณสุข (อสม.)", "Village health volunteers", aliases=("อสม.",)),
        Entry("frontline_staff", "เจ้าหน้าที่ด่านหน้าอื่น ๆ", "Other frontline staff"),
    ]
)
# the groups a survey counts: the six of the ministry's order (volunteers survey people, not coverage's groups such as
# health workers or "all"); the form, the upload, the API and the review all take only these
SURVEY_GROUPS = Registry([entry for entry in TARGET_GROUPS if entry.ministry_order])

# in rank order: volunteer < coordinator < province_admin < national_admin (ROLES.at_least)
ROLES = Ranks(
    [
        Entry("volunteer", "อาสาข้อมูล", "Data volunteer"),
        Entry("coordinator", "ผู้ประสานงานอำเภอ", "District coordinator"),
        Entry("province_admin", "ผู้ดูแลระดับจังหวัด", "Province admin"),
        Entry("national_admin", "ผู้ดูแลระดับประเทศ", "National admin"),
    ]
)

INTENTIONS = Registry(
    [
        Entry("wants", "ต้องการฉีด", "Wants the vaccine", aliases=("ต้องการ",)),
        Entry("undecided", "ยังไม่ตัดสินใจ", "Undecided", aliases=("ยังไม่แน่ใจ",)),
        Entry("refuses", "ไม่ต้องการฉีด", "Refuses", aliases=("ไม่ต้องการ", "ปฏิเสธ")),
    ]
)

SERVICES = Registry(
    [
        Entry("vaccination", "ฉีดวัคซีน", "Vaccination", aliases=("วัคซีน",)),
        Entry("walk_in", "รับผู้ไม่ได้นัดหมาย (walk-in)", "Walk-in"),
        Entry("home_visit", "ฉีดที่บ้านสำหรับผู้ป่วยติดเตียง", "Home visits for bedridden people"),
        Entry("child_doses", "วัคซีนสำหรับเด็ก", "Children's doses"),
    ]
)

# how a facility record was written (facilities.source); a record loaded from a data set names the data set instead
FACILITY_SOURCES = Registry(
    [
        Entry("form", "แบบฟอร์มในเว็บ", "Web form"),
        Entry("api", "ระบบอื่นผ่าน API", "Another system, through the API"),
        Entry("upload", "ไฟล์ที่อัปโหลด", "Uploaded file"),
    ]
)

# what a person asks for on /help (POST /api/v1/help-requests): data/help_requests.py
HELP_NEEDS = Registry(
    [
        Entry("vaccination_at_home", "ฉีดวัคซีนที่บ้าน", "Vaccination at home", aliases=("ฉีดที่บ้าน",)),
        Entry("transport", "รถรับส่งไปจุดฉีดวัคซีน", "Transport to a vaccination point", aliases=("รถรับส่ง",)),
        Entry("medical", "ความช่วยเหลือทางการแพทย์", "Medical help"),
        Entry("oxygen", "ออกซิเจน", "Oxygen"),
        Entry("supplies", "อาหารและของใช้จำเป็น", "Food and supplies", aliases=("อาหาร", "ถุงยังชีพ")),
        Entry("other", "อื่น ๆ", "Other", aliases=("อื่นๆ",)),
    ]
)

# where a help request is (data/followup.py holds which may follow which)
HELP_STATUSES = Registry(
    [
        Entry("waiting", "รอความช่วยเหลือ", "Waiting", "#D55E00"),
        Entry("assigned", "มีผู้รับเรื่องแล้ว", "Assigned", "#E69F00"),
        Entry("being_helped", "กำลังช่วยเหลือ", "Being helped", "#0072B2"),
        Entry("done", "ช่วยเหลือแล้ว", "Done", "#009E73"),
        Entry("cancelled", "ยกเลิก", "Cancelled", "#999999"),
        Entry("unreachable", "ติดต่อไม่ได้", "Could not reach", "#555555"),
    ]
)

# where a home visit is (data/home_visits.py; data/followup.py holds which may follow which)
HOME_VISIT_STATUSES = Registry(
    [
        Entry("to_plan", "รอวางแผน", "To plan", "#E69F00"),
        Entry("planned", "นัดเยี่ยมแล้ว", "Planned", "#0072B2"),
        Entry("not_home", "ไม่พบที่บ้าน (ไปใหม่)", "Not at home (try again)", "#CC79A7"),
        Entry("vaccinated", "ฉีดวัคซีนแล้ว", "Vaccinated", "#009E73"),
        Entry("refused", "ปฏิเสธ", "Refused", "#D55E00"),
        Entry("moved", "ย้ายออกไปแล้ว", "Moved away", "#555555"),
    ]
)

# where the coordinator's review of a survey record is (data/review.py; data/followup.py holds the moves)
REVIEW_OUTCOMES = Registry(
    [
        Entry("pending", "รอตรวจทาน", "Awaiting review", "#E69F00"),
        Entry("confirmed", "ยืนยันแล้ว", "Confirmed", "#009E73"),
        Entry("corrected", "แก้ไขแล้ว", "Corrected", "#0072B2"),
        Entry("rejected", "ไม่รับ", "Rejected", "#D55E00"),
    ]
)

# how a choropleth's classes are cut (layers/classify.py draws them; the coverage query accepts these names)
CLASSIFICATION_METHODS = ("quantiles", "equal_interval", "natural_breaks")
