"""Every label a person reads, in Thai and English, in one catalogue; dates in the Buddhist era when Thai is chosen."""

from __future__ import annotations

import datetime as dt

LANGS = ("th", "en")
DEFAULT_LANG = "th"

CATALOGUE: dict[str, tuple[str, str]] = {
    "app.title": ("จิตอาสา แผนที่", "Jitasa Map"),
    "app.tagline": (
        "แผนที่ติดตามการฉีดวัคซีนโควิด 19 และสถานบริการ รายจังหวัดและอำเภอ",
        "COVID-19 vaccination coverage and health facilities by province and district",
    ),
    "lang.switch": ("English", "ภาษาไทย"),
    "nav.coverage": ("แผนที่ความครอบคลุม", "Coverage map"),
    "nav.api": ("API", "API"),
    "map.title": ("ความครอบคลุมการฉีดวัคซีน", "Vaccination coverage"),
    "map.dose": ("เข็มที่", "Dose"),
    "map.group": ("กลุ่มเป้าหมาย", "Target group"),
    "map.date": ("ข้อมูล ณ วันที่", "Data as of"),
    "map.layers": ("ชั้นข้อมูล", "Layers"),
    "map.layer.districts": ("เส้นแบ่งอำเภอ", "District borders"),
    "map.layer.facilities": ("สถานบริการ", "Facilities"),
    "map.coverage": ("ความครอบคลุม", "Coverage"),
    "map.vaccinated": ("ได้รับวัคซีน", "Vaccinated"),
    "map.population": ("ประชากรเป้าหมาย", "Target population"),
    "map.no_population": ("ไม่มีจำนวนประชากรเป้าหมายในรายงานนี้", "no target population in this report"),
    "map.no_data": ("ไม่มีข้อมูล", "no data"),
    "map.over_100": (
        "เกิน 100%: ผู้รับวัคซีนรวมผู้ที่ไม่ได้มีทะเบียนบ้านในจังหวัด",
        "over 100%: people vaccinated here include residents registered elsewhere",
    ),
    "map.latest_before": ("รายงานล่าสุดก่อนวันที่เลือก", "latest report on or before the chosen date"),
    "map.summary": (
        "{n} จังหวัด · ข้อมูล ณ {date} · เข็มที่ {dose} · {group}",
        "{n} provinces · data as of {date} · dose {dose} · {group}",
    ),
    "map.summary_none": (
        "ไม่มีรายงานเข็มที่ {dose} ของกลุ่ม {group} ในข้อมูลนี้",
        "no report of dose {dose} for {group} in this data",
    ),
    "map.summary_earlier": ("{n} จังหวัดใช้รายงานฉบับก่อนหน้า", "{n} provinces from an earlier report"),
    "map.summary_missing": ("{n} จังหวัดไม่มีข้อมูล", "{n} provinces without data"),
    "map.facilities_summary": ("สถานบริการ {n} แห่ง", "{n} facilities"),
    "facility.synthetic": ("ข้อมูลสังเคราะห์ (ตัวอย่าง)", "synthetic (demo)"),
    "facility.beds": ("เตียง", "beds"),
    "footer.sources": ("แหล่งข้อมูลและสัญญาอนุญาต", "Data sources and licences"),
    "footer.synthetic": (
        "ข้อมูลที่มีป้าย “ข้อมูลสังเคราะห์” สร้างขึ้นเพื่อสาธิตระบบเท่านั้น ไม่ใช่ข้อมูลจริง",
        "Records labelled “synthetic” are generated for the demo only; they are not real.",
    ),
    "error.apology": (
        "ขออภัย เกิดข้อผิดพลาดในระบบ (รหัสอ้างอิง {ref}) โปรดลองอีกครั้ง",
        "Sorry, something went wrong (reference {ref}). Please try again.",
    ),
    "error.not_found": ("ไม่พบหน้าที่ต้องการ", "Page not found"),
}

SOURCES: list[tuple[str, str]] = [
    (
        "เขตการปกครอง: กรมแผนที่ทหาร ชุดข้อมูล COD-AB ผ่าน OCHA/HDX (CC BY-IGO 3.0) ปรับให้เรียบโดย prasertcbs; "
        "ชื่อเต็มตาม กรมการปกครอง จากแพ็กเกจ geothai (CC BY 4.0)",
        "Boundaries: Royal Thai Survey Department, Thailand COD-AB via OCHA/HDX (CC BY-IGO 3.0), simplified by "
        "prasertcbs/thailand_gis; full DOPA names from the geothai package (CC BY 4.0)",
    ),
    (
        "การฉีดวัคซีน: รายงานกระทรวงสาธารณสุข/กรมควบคุมโรค รวบรวมโดย djay/covidthailand (CC BY 4.0)",
        "Vaccination: MOPH/DDC reports, parsed by djay/covidthailand (Dylan Jay and contributors), CC BY 4.0",
    ),
    (
        "โรงพยาบาลและจุดตรวจ: mapedia-th/away-covid (Apache-2.0) จากข้อมูลกระทรวงสาธารณสุข",
        "Hospitals and test sites: mapedia-th/away-covid (Apache-2.0), from MOPH data",
    ),
    (
        "ประชากร: กรมการปกครอง กระทรวงมหาดไทย stat.bora.dopa.go.th",
        "Registered population: Department of Provincial Administration (DOPA), stat.bora.dopa.go.th",
    ),
]

_MONTHS_TH = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def normalize_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, lang: str, **values: object) -> str:
    """The label ``key`` in ``lang`` ("th" or "en"), with ``{name}`` placeholders filled."""
    th, en = CATALOGUE[key]
    text = th if normalize_lang(lang) == "th" else en
    return text.format(**values) if values else text


def format_date(day: dt.date | None, lang: str) -> str:
    """26 พ.ย. 2569 in Thai (Buddhist era), 26 Nov 2026 in English."""
    if day is None:
        return "–"
    if normalize_lang(lang) == "th":
        return f"{day.day} {_MONTHS_TH[day.month - 1]} {day.year + 543}"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def format_number(value: float | int | None, lang: str, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{decimals}f}"
