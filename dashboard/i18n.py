"""Every label a person reads, in Thai and English, in one catalogue; dates in the Buddhist era when Thai is chosen."""

from __future__ import annotations

import datetime as dt
import re

LANGS = ("th", "en")
DEFAULT_LANG = "th"

CATALOGUE: dict[str, tuple[str, str]] = {
    "app.title": ("จิตอาสา แผนที่", "Jitasa Map"),
    "app.tagline": (
        "แผนที่ติดตามการฉีดวัคซีนโควิด 19 และสถานบริการ รายจังหวัดและอำเภอ",
        "COVID-19 vaccination coverage and health facilities by province and district",
    ),
    "lang.switch": ("English", "ภาษาไทย"),
    "lang.name.th": ("ภาษาไทย", "ภาษาไทย"),
    "lang.name.en": ("English", "English"),
    "nav.skip": ("ข้ามไปยังเนื้อหา", "Skip to the content"),
    "nav.coverage": ("แผนที่ความครอบคลุม", "Coverage map"),
    "nav.api": ("API", "API"),
    "nav.find": ("ค้นหาจุดบริการ", "Find a service point"),
    "nav.help": ("ขอความช่วยเหลือ", "Ask for help"),
    "nav.help_requests": ("คำขอความช่วยเหลือ", "Help requests"),
    "nav.survey": ("บันทึกแบบสำรวจ", "Survey form"),
    "nav.facilities": ("สถานบริการในพื้นที่", "Facilities"),
    "nav.upload": ("นำเข้าไฟล์", "Upload a file"),
    "nav.uploads": ("ประวัติการนำเข้า", "Upload history"),
    "nav.duplicates": ("รายการที่อาจซ้ำ", "Possible duplicates"),
    "nav.home_visits": ("เยี่ยมบ้าน", "Home visits"),
    "nav.review": ("ตรวจทานแบบสำรวจ", "Review records"),
    "nav.stats": ("สถิติรายจังหวัด", "Province statistics"),
    "nav.people": ("บุคลากร", "People"),
    "nav.campaigns": ("รอบการรายงาน", "Campaigns"),
    "nav.audit": ("บันทึกการใช้งาน", "Audit log"),
    "nav.tokens": ("โทเค็น API", "API tokens"),
    "campaign.closed": (
        "รอบการรายงาน “{name}” ปิดแล้วเมื่อ {date} ตามหนังสือสั่งการ {order} — ข้อมูลยังเปิดดูได้ แต่ไม่รับแบบสำรวจใหม่",
        "The campaign “{name}” closed on {date} by order {order}: the data stays readable, new survey records are "
        "not accepted",
    ),
    "campaign.none_open": (
        "ยังไม่มีรอบการรายงานที่เปิดอยู่ จึงไม่รับแบบสำรวจใหม่",
        "No reporting campaign is open, so new survey records are not accepted",
    ),
    "nav.menu": ("เมนู", "Menu"),
    "control.open": ("ตัวเลือกแผนที่", "Map options"),
    "nav.sign_in": ("เข้าสู่ระบบ", "Sign in"),
    "nav.sign_out": ("ออกจากระบบ", "Sign out"),
    "nav.password": ("เปลี่ยนรหัสผ่าน", "Change password"),
    "auth.needed": ("หน้านี้สำหรับผู้ที่เข้าสู่ระบบแล้ว", "This page is for signed-in users"),
    "auth.not_allowed": (
        "หน้านี้สำหรับ{role}ขึ้นไป บัญชีของคุณเปิดหน้านี้ไม่ได้",
        "This page is for a {role} or above; your account cannot open it",
    ),
    # -- survey form (dashboard/pages/survey_form/) --
    "survey.title": ("บันทึกแบบสำรวจ", "Survey record"),
    "survey.intro": (
        "บันทึกผู้ที่ยังไม่ได้รับวัคซีนครบในพื้นที่ของคุณ ครั้งละหนึ่งคน",
        "Record one resident who is not fully vaccinated, in your area, at a time",
    ),
    "survey.area": ("พื้นที่ของคุณ: {area}", "Your area: {area}"),
    "survey.campaign": ("รอบการสำรวจ: {name} (เปิดเมื่อ {date})", "Campaign: {name} (opened {date})"),
    "survey.closed": ("รอบการสำรวจปิดแล้ว", "The campaign is closed"),
    "survey.closed_detail": (
        "ไม่มีรอบการสำรวจที่เปิดอยู่ จึงบันทึกแบบสำรวจใหม่ไม่ได้ แบบสำรวจที่บันทึกไว้แล้วยังดูได้ตามปกติ",
        "No reporting campaign is open, so no new record can be saved; the records already saved stay readable",
    ),
    "survey.household": ("ครัวเรือน", "Household"),
    "survey.person": ("ผู้ถูกสำรวจ", "The person surveyed"),
    "survey.required": ("จำเป็น", "required"),
    "survey.date": ("วันที่สำรวจ", "Survey date"),
    "survey.date_hint": ("วัน/เดือน/ปี พ.ศ.", "day/month/year"),
    "survey.date_bad": (
        "“{text}” ไม่ใช่วันที่ (ใช้ 31/12/2564 หรือ 2021-12-31)",
        "{text!r} is not a date (use 31/12/2564 or 2021-12-31)",
    ),
    "survey.subdistrict": ("ตำบล", "Subdistrict"),
    "survey.subdistrict_pick": ("เลือกหรือพิมพ์ชื่อตำบล", "Choose or type a subdistrict"),
    "survey.subdistrict_none": (
        "ไม่มีตำบลในพื้นที่ของบัญชีนี้ โปรดติดต่อผู้ประสานงานอำเภอ",
        "Your account's area has no subdistrict; ask your district coordinator",
    ),
    "survey.village": ("หมู่ที่", "Village no."),
    "survey.location": ("ตำแหน่งบ้าน (ไม่บังคับ)", "Location of the home (optional)"),
    "survey.locate": ("ใช้ตำแหน่งของฉัน", "Use my location"),
    "survey.locating": ("กำลังหาตำแหน่ง…", "Finding your location…"),
    "survey.located": (
        "ตำแหน่ง {lat}, {lon} (คลาดเคลื่อนประมาณ {accuracy} ม.)",
        "Location {lat}, {lon} (within about {accuracy} m)",
    ),
    "survey.location_clear": ("ไม่ใช้ตำแหน่งนี้", "Remove the location"),
    "survey.geo_denied": (
        "ไม่ได้รับอนุญาตให้ใช้ตำแหน่ง ไม่เป็นไร บันทึกได้โดยไม่มีตำแหน่ง",
        "Location not allowed; that is fine, you can save without it",
    ),
    "survey.geo_unavailable": (
        "หาตำแหน่งไม่ได้ ({detail}) บันทึกได้โดยไม่มีตำแหน่ง",
        "Could not find the location ({detail}); you can save without it",
    ),
    "survey.group": ("กลุ่มเป้าหมาย", "Target group"),
    "survey.age": ("อายุ (ปี)", "Age (years)"),
    "survey.doses": ("จำนวนเข็มที่ได้รับแล้ว", "Doses received"),
    "survey.intention": ("ความประสงค์", "Intention"),
    "survey.home_visit": ("ต้องการให้ไปฉีดที่บ้าน", "Needs a home visit"),
    "survey.reason": ("เหตุผล (ไม่บังคับ)", "Reason (optional)"),
    "survey.personal": (
        "ข้อมูลส่วนบุคคล (เห็นเฉพาะสายงานที่รับผิดชอบ)",
        "Personal data (seen only by your chain of command)",
    ),
    "survey.personal_note": (
        "ไม่บังคับ เก็บแยกจากแบบสำรวจ เลขประจำตัวประชาชนเก็บเป็นรหัสที่ย้อนกลับไม่ได้ ไม่แสดงบนแผนที่ สถิติ หรือรายการของคุณ",
        "Optional. Kept apart from the survey; the national id is stored only as an irreversible code and "
        "never shows on maps, statistics or your own list",
    ),
    "survey.full_name": ("ชื่อ-นามสกุล", "Full name"),
    "survey.national_id": ("เลขประจำตัวประชาชน 13 หลัก", "National id (13 digits)"),
    "survey.nid_count": ("พิมพ์แล้ว {n}/13 หลัก", "{n} of 13 digits"),
    "survey.nid_ok": ("✓ เลขถูกต้องตามการตรวจเลขหลักสุดท้าย", "✓ passes the check-digit test"),
    "survey.nid_bad": (
        "✗ เลขประจำตัวประชาชนไม่ถูกต้อง (ตรวจเลข 13 หลัก) โปรดตรวจทุกหลักกับบัตรอีกครั้ง",
        "✗ the national id fails the 13-digit checksum; check every digit against the card",
    ),
    "survey.nid_long": ("✗ เกิน 13 หลัก", "✗ more than 13 digits"),
    "survey.nid_chars": ("✗ ใช้ได้เฉพาะตัวเลข", "✗ digits only"),
    "survey.phone": ("โทรศัพท์", "Phone"),
    "survey.save": ("บันทึก", "Save"),
    "survey.saved": (
        "บันทึกแล้ว เลขที่ {id} กรอกรายการถัดไปได้เลย",
        "Saved as record {id}; the form is ready for the next one",
    ),
    "survey.not_saved": ("ยังไม่ได้บันทึก โปรดแก้ {n} รายการที่ระบุไว้", "Not saved: fix the {n} {n|problem|problems} marked"),
    "survey.signed_out": (
        "คุณออกจากระบบแล้ว จึงยังไม่ได้บันทึก โปรดเข้าสู่ระบบในแท็บใหม่ แล้วกดบันทึกอีกครั้ง",
        "You are signed out, so nothing was saved; sign in in a new tab, then press Save again",
    ),
    "survey.today": ("วันนี้คุณบันทึกแล้ว {n} รายการ", "Saved by you today: {n}"),
    "survey.today_none": ("วันนี้ยังไม่มีรายการที่คุณบันทึก", "You have saved no record today yet"),
    "survey.years": ("{n} ปี", "age {n}"),
    "survey.doses_n": ("{n} เข็ม", "doses: {n}"),
    "survey.village_n": ("หมู่ {n}", "village {n}"),
    "survey.home_visit_short": ("ฉีดที่บ้าน", "home visit"),
    "survey.templates": (
        "มีหลายรายการ? กรอกแบบฟอร์มแล้วนำเข้าทั้งไฟล์",
        "Many records? Fill a template and upload the whole file",
    ),
    "survey.template_xlsx": ("แบบฟอร์ม Excel (.xlsx)", "Excel template (.xlsx)"),
    "survey.template_csv": ("แบบฟอร์ม CSV", "CSV template"),
    "survey.upload": ("ไปหน้านำเข้าไฟล์", "Go to the upload page"),
    # -- facility pages (dashboard/pages/facilities.py, facility_form/) --
    "facilities.title": ("สถานบริการในพื้นที่ของคุณ", "Facilities in your area"),
    "facilities.area": ("พื้นที่: {area}", "Area: {area}"),
    "facilities.country": ("ทั้งประเทศ", "the whole country"),
    "facilities.add": ("เพิ่มสถานบริการ", "Add a facility"),
    "facilities.search": ("ค้นหาชื่อ", "Search by name"),
    "facilities.search_example": ("เช่น โรงพยาบาลนครพิงค์", "e.g. Nakornping Hospital"),
    "facilities.type": ("ประเภท", "Type"),
    "facilities.type.all": ("ทุกประเภท", "All types"),
    "facilities.stale_only": ("เฉพาะที่ไม่ได้ปรับปรุงเกิน {days} วัน", "Only those not updated for more than {days} days"),
    "facilities.summary": (
        "{n} แห่ง · ไม่ได้ปรับปรุงเกิน {days} วัน {stale} แห่ง",
        "{n} {n|facility|facilities} · {stale} not updated for more than {days} {days|day|days}",
    ),
    "facilities.none": ("ไม่พบสถานบริการที่ตรงกับเงื่อนไข", "No facility matches"),
    "facilities.page": ("แสดงลำดับที่ {first}–{last} จาก {total} แห่ง", "Showing {first}–{last} of {total}"),
    "facilities.previous": ("← ก่อนหน้า", "← Previous"),
    "facilities.next": ("ถัดไป →", "Next →"),
    "facilities.province": ("จังหวัด", "Province"),
    "facilities.province.all": ("ทุกจังหวัด", "All provinces"),
    "facilities.district": ("อำเภอ", "District"),
    "facilities.district.all": ("ทุกอำเภอ", "All districts"),
    "facilities.status": ("สถานะ", "Status"),
    "facilities.status.all": ("ทุกสถานะ", "All statuses"),
    "facilities.export": ("ดาวน์โหลดรายการที่แสดง", "Download what is listed"),
    "facilities.export_csv": ("CSV", "CSV"),
    "facilities.export_xlsx": ("Excel (.xlsx)", "Excel (.xlsx)"),
    "facilities.col.id": ("รหัสในระบบ", "id"),
    "facilities.col.facility_id": ("รหัสสถานที่", "facility_id"),
    "facilities.col.type": ("ประเภท", "type"),
    "facilities.col.name_th": ("ชื่อ", "name_th"),
    "facilities.col.name_en": ("ชื่อภาษาอังกฤษ", "name_en"),
    "facilities.col.status": ("สถานะ", "status"),
    "facilities.col.province": ("จังหวัด", "province"),
    "facilities.col.district": ("อำเภอ", "district"),
    "facilities.col.subdistrict": ("ตำบล", "subdistrict"),
    "facilities.col.updated_at": ("วันที่ปรับปรุง", "updated_at"),
    "facilities.col.updated_by": ("ปรับปรุงโดย", "updated_by"),
    "facilities.col.days_since_update": ("จำนวนวันตั้งแต่ปรับปรุง", "days_since_update"),
    "facilities.col.stale": ("ไม่ได้ปรับปรุงนาน", "stale"),
    "facilities.col.synthetic": ("ข้อมูลสังเคราะห์", "synthetic"),
    "facilities.yes": ("ใช่", "yes"),
    "facilities.updated": ("ปรับปรุงเมื่อ {days} วันก่อน โดย {who}", "Updated {days} days ago by {who}"),
    "facilities.updated_today": ("ปรับปรุงวันนี้ โดย {who}", "Updated today by {who}"),
    "facilities.updated_never": ("ไม่ทราบวันที่ปรับปรุง", "No update date"),
    "facilities.stale_badge": ("ไม่ได้ปรับปรุงนาน", "Not updated lately"),
    "facilities.system": ("ระบบ (นำเข้าข้อมูล)", "the system (an import)"),
    "facility_form.title_new": ("เพิ่มสถานบริการ", "Add a facility"),
    "facility_form.title_edit": ("แก้ไขสถานบริการ", "Edit a facility"),
    "facility_form.back": ("← สถานบริการในพื้นที่", "← Facilities in your area"),
    "facility_form.version": (
        "ฉบับที่ {version} · ปรับปรุง {when} โดย {who}",
        "Version {version} · updated {when} by {who}",
    ),
    "facility_form.not_found": ("ไม่พบสถานบริการรหัส {id}", "No facility with id {id}"),
    "facility_form.outside": (
        "สถานบริการนี้อยู่นอกพื้นที่ที่คุณรับผิดชอบ ({area})",
        "This facility lies outside your own area ({area})",
    ),
    "facility_form.location": ("ตำแหน่ง", "Location"),
    "facility_form.details": ("ข้อมูลสถานบริการ", "Details"),
    "facility_form.tap_hint": (
        "แตะแผนที่ที่ตำแหน่งของสถานบริการ หรือพิมพ์ละติจูดและลองจิจูด (วางพิกัดจากแอปแผนที่ เช่น 18.7883, 98.9853 ในช่องละติจูดได้เลย)",
        "Tap the map where the facility is, or type the latitude and longitude "
        "(you can paste coordinates from a map app, e.g. 18.7883, 98.9853, into the latitude box)",
    ),
    "facility_form.field.facility_id": (
        "รหัสสถานที่ (เช่น รหัสหน่วยบริการ 5 หลัก)",
        "Facility code (e.g. the 5-digit MOPH code)",
    ),
    "facility_form.field.external_id": ("รหัสสถานที่", "Facility code"),
    "facility_form.field.type": ("ประเภท", "Type"),
    "facility_form.field.name_th": ("ชื่อ (ภาษาไทย)", "Name (Thai)"),
    "facility_form.field.name_en": ("ชื่อภาษาอังกฤษ", "Name in English"),
    "facility_form.field.lat": ("ละติจูด", "Latitude"),
    "facility_form.field.lon": ("ลองจิจูด", "Longitude"),
    "facility_form.field.address": ("ที่อยู่", "Address"),
    "facility_form.field.phone": ("โทรศัพท์", "Phone"),
    "facility_form.field.opening_hours": ("เวลาทำการ", "Opening hours"),
    "facility_form.field.beds_total": ("จำนวนเตียง", "Beds"),
    "facility_form.field.beds_available": ("เตียงว่าง", "Beds available"),
    "facility_form.field.status": ("สถานะ", "Status"),
    "facility_form.field.valid_from": ("เปิดตั้งแต่วันที่", "Open from"),
    "facility_form.field.valid_to": ("เปิดถึงวันที่ (จุดชั่วคราว)", "Open until (temporary sites)"),
    "facility_form.field.services": ("บริการ", "Services"),
    "facility_form.field.province": ("จังหวัด", "Province"),
    "facility_form.field.district": ("อำเภอ", "District"),
    "facility_form.field.subdistrict": ("ตำบล", "Subdistrict"),
    "facility_form.required": ("(ต้องกรอก)", "(required)"),
    "facility_form.hours_example": ("เช่น 08:30-16:30", "e.g. 08:30-16:30"),
    "facility_form.date_example": ("เช่น 31/12/2565", "e.g. 31/12/2022"),
    "facility_form.areas": ("พื้นที่จากพิกัด", "Areas from the point"),
    "facility_form.areas.none": ("ยังไม่ได้เลือกตำแหน่ง", "No point chosen yet"),
    "facility_form.areas.bad": ("พิกัดต้องเป็นตัวเลข เช่น 18.7883", "The coordinates must be numbers, e.g. 18.7883"),
    "facility_form.areas.outside_th": ("จุดนี้อยู่นอกเขตประเทศไทย", "This point is outside Thailand"),
    "facility_form.areas.outside_area": (
        "อยู่นอกพื้นที่ที่คุณรับผิดชอบ ({area}) จึงบันทึกไม่ได้",
        "Outside your own area ({area}): it cannot be saved",
    ),
    "facility_form.areas.inside": ("อยู่ในพื้นที่ของคุณ", "Inside your area"),
    "facility_form.save": ("บันทึก", "Save"),
    "facility_form.saved": ("บันทึกแล้ว (ฉบับที่ {version})", "Saved (version {version})"),
    "facility_form.saved_new": ("เพิ่มสถานบริการแล้ว (ฉบับที่ 1)", "Facility added (version 1)"),
    "facility_form.unchanged": (
        "ไม่มีอะไรเปลี่ยน: ยืนยันแล้วว่าข้อมูลยังถูกต้อง (ปรับปรุงวันนี้ ไม่มีฉบับใหม่)",
        "Nothing changed: confirmed as still correct (updated today, no new version)",
    ),
    "facility_form.revert_unchanged": ("ฉบับนี้เหมือนฉบับปัจจุบันอยู่แล้ว", "This version is the same as the current one"),
    "facility_form.problems": (
        "บันทึกไม่ได้: โปรดแก้ {n} จุดที่ทำเครื่องหมายไว้",
        "Not saved: fix the {n} {n|problem|problems} marked below",
    ),
    "facility_form.stale": ("บันทึกไม่ได้ เพราะมีผู้แก้ไขก่อนคุณ", "Not saved: someone changed it before you"),
    "facility_form.reload": ("โหลดฉบับล่าสุด", "Load the latest version"),
    "facility_form.warnings": ("ข้อควรตรวจ (บันทึกแล้ว)", "Worth checking (saved)"),
    "facility_form.history": ("ประวัติการแก้ไข", "History"),
    "facility_form.history.line": (
        "ฉบับที่ {version} · {change} · {when} · {who}",
        "Version {version} · {change} · {when} · {who}",
    ),
    "facility_form.change.create": ("สร้าง", "created"),
    "facility_form.change.update": ("แก้ไข", "edited"),
    "facility_form.change.revert": ("ย้อนกลับ", "reverted"),
    "facility_form.change.delete": ("ลบ", "deleted"),
    "facility_form.change.merge": ("รวมรายการที่ซ้ำ", "duplicates merged"),
    "facility_form.merged_into": (
        "รวมเข้ากับ “{name}” ({label}) แล้ว รายการนี้จึงปิด",
        "Merged into “{name}” ({label}); this one was closed",
    ),
    "facility_form.merged_from": (
        "รวม “{name}” ({label}) เข้ามาที่รายการนี้ ช่องที่ว่างได้ค่าจากรายการนั้น",
        "“{name}” ({label}) was merged into this one; its empty fields took that one's values",
    ),
    "facility_form.change.upload": ("จากไฟล์นำเข้า #{id}", "from upload #{id}"),
    "facility_form.revert": ("ย้อนกลับเป็นฉบับนี้", "Revert to this version"),
    "facility_form.reverted": (
        "ย้อนกลับเป็นฉบับที่ {to} แล้ว (ฉบับใหม่ที่ {version})",
        "Reverted to version {to} (new version {version})",
    ),
    "facility_form.current": ("ฉบับปัจจุบัน", "Current version"),
    "facility_form.point": ("ตำแหน่งที่เลือก", "Chosen point"),
    "facility_form.signed_out": ("โปรดเข้าสู่ระบบอีกครั้ง", "Please sign in again"),
    # -- upload pages (dashboard/pages/upload/, upload_history/) --
    "upload.title": ("นำเข้าไฟล์", "Upload a file"),
    "upload.intro": (
        "ขั้นที่ 1 ตรวจสอบไฟล์ (ยังไม่บันทึก) ขั้นที่ 2 บันทึก ไฟล์ที่มีปัญหาจะไม่ถูกบันทึกเลย รับเฉพาะข้อมูลในพื้นที่ของคุณ ({area})",
        "Step 1: check the file (nothing is stored). Step 2: save it. A file with any problem stores nothing. "
        "Only rows inside your own area ({area}) are accepted.",
    ),
    "upload.kind": ("ข้อมูลที่จะนำเข้า", "What to upload"),
    "upload.kind.facilities": ("สถานบริการ", "Facilities"),
    "upload.kind.coverage": ("รายงานความครอบคลุมการฉีดวัคซีน", "Coverage report"),
    "upload.kind.surveys": ("แบบสำรวจของอาสาข้อมูล", "Survey records"),
    "upload.kind.demo": ("ข้อมูลสาธิต", "Demo data"),
    "upload.templates": ("แบบฟอร์ม", "Templates"),
    "upload.template_xlsx": ("Excel (.xlsx)", "Excel (.xlsx)"),
    "upload.template_csv": ("CSV", "CSV"),
    "upload.guide": ("คู่มือการนำเข้าไฟล์", "Upload guide"),
    "upload.drop": ("ลากไฟล์มาวางที่นี่ หรือแตะเพื่อเลือกไฟล์", "Drop a file here, or tap to choose one"),
    "upload.accepts": (
        "CSV (UTF-8 หรือ Windows-874) หรือ Excel .xlsx หัวตารางภาษาไทยหรืออังกฤษ ขนาดไม่เกิน {mb} MB",
        "CSV (UTF-8 or Windows-874) or Excel .xlsx, Thai or English headers, up to {mb} MB",
    ),
    "upload.none_chosen": ("ยังไม่ได้เลือกไฟล์", "No file chosen yet"),
    "upload.chosen": ("ไฟล์: {name} ({size})", "File: {name} ({size})"),
    "upload.too_big": (
        "ไฟล์ “{name}” มีขนาด {size} เกินขนาดสูงสุด {mb} MB โปรดแบ่งเป็นหลายไฟล์ที่เล็กกว่า {mb} MB แล้วนำเข้าทีละไฟล์",
        "The file “{name}” is {size}, over the {mb} MB limit: split it into files under {mb} MB and upload them "
        "one at a time.",
    ),
    "upload.wrong_type": (
        "“{name}” ไม่ใช่ไฟล์ .csv หรือ .xlsx โปรดบันทึกเป็น CSV หรือ Excel (.xlsx)",
        "“{name}” is not a .csv or .xlsx file; save it as CSV or Excel (.xlsx)",
    ),
    "upload.unreadable": ("อ่านไฟล์ที่ส่งมาไม่ได้ โปรดเลือกไฟล์อีกครั้ง", "The file could not be read; choose it again"),
    "upload.check": ("ตรวจสอบ", "Check"),
    "upload.save": ("บันทึก", "Save"),
    "upload.keep_valid": ("เก็บเฉพาะแถวที่ถูกต้อง", "Keep only the valid rows"),
    "upload.keep_note": (
        "(จะข้าม {skipped} แถวที่มีปัญหา และบันทึก {kept} แถว)",
        "({skipped} rows with problems would be skipped, {kept} rows saved)",
    ),
    "upload.check_first": ("กด “ตรวจสอบ” ก่อน แล้วจึงบันทึก", "Press “Check” first, then save"),
    "upload.save_blocked": (
        "บันทึกไม่ได้เพราะยังมีปัญหา: แก้ไขไฟล์แล้วตรวจสอบอีกครั้ง หรือเลือก “เก็บเฉพาะแถวที่ถูกต้อง”",
        "Cannot save while there are problems: fix the file and check it again, or tick “Keep only the valid rows”",
    ),
    "upload.expired": (
        "ไม่พบไฟล์ที่ตรวจสอบไว้แล้ว (เก็บไว้ 3 ชั่วโมง) โปรดเลือกไฟล์และตรวจสอบอีกครั้ง",
        "The checked file is no longer kept (3 hours); choose the file and check it again",
    ),
    "upload.signed_out": ("โปรดเข้าสู่ระบบอีกครั้ง", "Please sign in again"),
    "upload.not_allowed": ("บัญชีของคุณนำเข้าข้อมูลประเภท {kind} ไม่ได้", "Your account cannot upload {kind}"),
    "upload.phase.read": ("กำลังอ่านไฟล์", "Reading the file"),
    "upload.phase.validate": ("กำลังตรวจสอบแถว", "Checking the rows"),
    "upload.phase.compare": ("กำลังเทียบกับข้อมูลที่มีอยู่", "Comparing with the stored data"),
    "upload.phase.store": ("กำลังบันทึก", "Storing"),
    "upload.phase.finish": ("กำลังสรุปผล", "Finishing"),
    "upload.progress_rows": ("(อ่านแล้ว {done} จาก {total} แถว)", "({done} of {total} {total|row|rows} read)"),
    "upload.count.new": ("แถวใหม่", "new"),
    "upload.count.updated": ("ปรับปรุง", "updated"),
    "upload.count.unchanged": ("ไม่เปลี่ยนแปลง", "unchanged"),
    "upload.count.problems": ("ปัญหา", "problems"),
    "upload.count.warnings": ("คำเตือน", "warnings"),
    "upload.checked_ok": (
        "ตรวจสอบ {rows} แถวแล้ว ไม่พบปัญหา กด “บันทึก” เพื่อบันทึกข้อมูล",
        "{rows} {rows|row|rows} checked: no problems. Press “Save” to store them.",
    ),
    "upload.checked_bad": (
        "ตรวจสอบ {rows} แถวแล้ว พบปัญหา {n} รายการ ยังไม่ได้บันทึกข้อมูลใด",
        "{rows} {rows|row|rows} checked: {n} {n|problem|problems}. Nothing has been stored.",
    ),
    "upload.dry_run_note": ("ตัวเลขด้านล่างคือสิ่งที่จะเกิดขึ้นเมื่อกดบันทึก", "The counts below are what saving would do"),
    "upload.saved": ("บันทึกแล้ว: การนำเข้าหมายเลข {id} ({rows} แถว)", "Saved: upload {id} ({rows} {rows|row|rows})"),
    "upload.saved_unchanged": (
        "ทุกแถวเหมือนข้อมูลที่มีอยู่แล้ว จึงไม่มีอะไรเปลี่ยนแปลง",
        "Every row was already there as it is: nothing changed",
    ),
    "upload.refused": ("ไม่ได้บันทึก: พบปัญหา {n} รายการ", "Not saved: {n} {n|problem|problems}"),
    "upload.history_link": ("ดูประวัติการนำเข้า (ยกเลิกได้ที่นั่น)", "See the upload history (undo is there)"),
    "upload.failed": (
        "ขออภัย การนำเข้าล้มเหลว ไม่ได้บันทึกข้อมูลใด รหัสอ้างอิง {ref}",
        "Sorry, the import failed and stored nothing; reference {ref}",
    ),
    "upload.stalled": (
        "การนำเข้าหยุดกลางคัน (เซิร์ฟเวอร์เริ่มทำงานใหม่) ไม่ได้บันทึกข้อมูลใด โปรดลองอีกครั้ง",
        "The import stopped part way (the server restarted) and stored nothing; please try again",
    ),
    "upload.download_problems": ("ดาวน์โหลดรายการปัญหา (CSV)", "Download the problems (CSV)"),
    "upload.col.type": ("ประเภท", "Type"),
    "upload.col.row": ("แถว", "Row"),
    "upload.col.column": ("คอลัมน์", "Column"),
    "upload.col.value": ("ค่า", "Value"),
    "upload.col.message_th": ("ข้อความ (ไทย)", "Message (Thai)"),
    "upload.col.message_en": ("ข้อความ (อังกฤษ)", "Message (English)"),
    "upload.type.problem": ("ปัญหา", "problem"),
    "upload.type.warning": ("คำเตือน", "warning"),
    "uploads.title": ("ประวัติการนำเข้า", "Upload history"),
    "uploads.intro.own": ("การนำเข้าของคุณ ล่าสุดก่อน", "Your uploads, newest first"),
    "uploads.intro.province": (
        "การนำเข้าของคุณและของผู้ใช้ในจังหวัด {area} ล่าสุดก่อน",
        "Your uploads and those of the users of province {area}, newest first",
    ),
    "uploads.intro.all": ("การนำเข้าทั้งหมด ล่าสุดก่อน", "All uploads, newest first"),
    "uploads.empty": ("ยังไม่มีการนำเข้า", "No uploads yet"),
    "uploads.new_upload": ("นำเข้าไฟล์ใหม่", "Upload a file"),
    "uploads.col.id": ("หมายเลข", "No."),
    "uploads.col.when": ("เมื่อ", "When"),
    "uploads.col.who": ("ผู้นำเข้า", "Who"),
    "uploads.col.kind": ("ข้อมูล", "Kind"),
    "uploads.col.file": ("ไฟล์", "File"),
    "uploads.col.checksum": ("เช็กซัม", "Checksum"),
    "uploads.col.outcome": ("ผล", "Outcome"),
    "uploads.col.counts": ("ใหม่ / ปรับปรุง / ไม่เปลี่ยน", "new / updated / unchanged"),
    "uploads.outcome.accepted": ("บันทึกแล้ว", "accepted"),
    "uploads.outcome.undone": ("ยกเลิกแล้ว", "undone"),
    "uploads.outcome.refused": ("ถูกปฏิเสธ", "refused"),
    "uploads.undone_by": ("ยกเลิกเมื่อ {when} โดย {who}", "undone {when} by {who}"),
    "uploads.system": ("ระบบ", "system"),
    "uploads.base_data": ("ข้อมูลพื้นฐาน", "base data"),
    "uploads.base_data_note": (
        "โหลดจากแหล่งข้อมูลเมื่อติดตั้งระบบ ยกเลิกไม่ได้: แก้ไขหรือปิดรายการทีละรายการแทน",
        "Loaded from a source data set when the app was set up; not undone: change or close its records instead",
    ),
    "uploads.warnings": ("ข้อควรตรวจ {n} รายการ", "{n} {n|warning|warnings}"),
    "uploads.warning_row": ("แถว {row}", "row {row}"),
    "uploads.refused_counts": (
        "{rows} แถว ปัญหา {n} รายการ ไม่ได้บันทึก",
        "{rows} {rows|row|rows}, {n} {n|problem|problems}: nothing stored",
    ),
    "uploads.download": ("ดาวน์โหลดไฟล์ต้นฉบับ", "Download the original file"),
    "uploads.original_deleted": ("ลบไฟล์ต้นฉบับแล้วเมื่อครบ {days} วัน", "original deleted after {days} days"),
    "uploads.undo": ("ยกเลิกการนำเข้า", "Undo"),
    "uploads.show_audit": ("บันทึกการตรวจสอบ", "Audit log"),
    "uploads.confirm": (
        "ยกเลิกการนำเข้าหมายเลข {id} ({file}) ใช่หรือไม่ แถวที่การนำเข้านี้เพิ่มจะถูกลบ และแถวที่แก้ไขจะกลับเป็นค่าเดิม",
        "Undo upload {id} ({file})? The rows it added will be deleted and the rows it changed restored.",
    ),
    "uploads.confirm_yes": ("ยืนยัน ยกเลิกการนำเข้า", "Yes, undo it"),
    "uploads.confirm_no": ("ไม่ยกเลิก", "No, keep it"),
    "uploads.undone": (
        "ยกเลิกการนำเข้าหมายเลข {id} แล้ว: ลบ {deleted} แถว คืนค่าเดิม {restored} แถว",
        "Upload {id} undone: {deleted} rows deleted, {restored} restored",
    ),
    "uploads.undo_refused": ("ยกเลิกไม่ได้: {reason}", "Cannot undo: {reason}"),
    "uploads.not_yours": ("คุณไม่มีสิทธิ์ยกเลิกการนำเข้านี้", "You may not undo this upload"),
    "uploads.audit_for": ("บันทึกการตรวจสอบของการนำเข้าหมายเลข {id}", "Audit log of upload {id}"),
    "uploads.audit_hint": (
        "กด “บันทึกการตรวจสอบ” ในแถวใดแถวหนึ่งเพื่อดูว่าใครนำเข้าหรือยกเลิกเมื่อใด",
        "Press “Audit log” on a row to see who imported or undid it, and when",
    ),
    "uploads.audit.action": ("การกระทำ", "Action"),
    "uploads.audit.who": ("โดย", "By"),
    "uploads.audit.when": ("เมื่อ", "When"),
    "uploads.audit.detail": ("รายละเอียด", "Detail"),
    "uploads.action.import": ("นำเข้า{kind}", "import of {kind}"),
    "uploads.action.undo": ("ยกเลิกการนำเข้า", "undo"),
    "uploads.action.refused": ("ปฏิเสธไฟล์", "file refused"),
    "uploads.action.original_download": ("ดาวน์โหลดไฟล์ต้นฉบับ", "original downloaded"),
    "uploads.action.original_deleted": ("ลบไฟล์ต้นฉบับเมื่อครบกำหนดเก็บ", "original deleted (retention)"),
    # -- home visits (dashboard/pages/home_visits) --
    "visits.title": ("เยี่ยมบ้าน", "Home visits"),
    "visits.intro": (
        "ผู้ที่ต้องการให้ไปฉีดวัคซีนที่บ้าน (ผู้ป่วยติดเตียง และผู้ที่ขอไว้ในแบบสำรวจ) ผู้ประสานงานมอบหมายอาสาและนัดวัน "
        "อาสาเห็นรอบเยี่ยมบ้านของวันตามลำดับเส้นทาง พร้อมเบอร์โทรศัพท์ พิมพ์ได้และดาวน์โหลดได้",
        "People who need someone to come and vaccinate them at home (bedridden people, and those who asked in the "
        "survey). The coordinator assigns a volunteer and plans a day; the volunteer sees the day's round in route "
        "order, with phone numbers, to print or download",
    ),
    "visits.round_title": ("รอบเยี่ยมบ้านวันที่ {day} ({who})", "Round of {day} ({who})"),
    "visits.round_order": (
        "ลำดับ: จากจุดเริ่มต้นไปยังบ้านที่ใกล้ที่สุด (ระยะเส้นตรง) แล้วไปบ้านที่ใกล้ที่สุดถัดไป ผู้ที่ไม่มีพิกัดอยู่ท้ายรายการ",
        "Order: from the start point to the nearest home (straight line), then to the nearest one left; records "
        "without a position come last",
    ),
    "visits.round_empty": ("ไม่มีการเยี่ยมบ้านที่นัดไว้ในวันนี้", "No visits planned for this day"),
    "visits.date": ("วันที่", "Day"),
    "visits.person": ("อาสาผู้รับผิดชอบ", "Volunteer"),
    "visits.start_lat": ("ละติจูดจุดเริ่มต้น", "Start latitude"),
    "visits.start_lon": ("ลองจิจูดจุดเริ่มต้น", "Start longitude"),
    "visits.my_location": ("ใช้ตำแหน่งของฉัน", "My location"),
    "visits.locating": ("กำลังหาตำแหน่ง…", "Finding your position…"),
    "visits.locate_failed": (
        "หาตำแหน่งไม่ได้ โปรดอนุญาตตำแหน่งหรือพิมพ์ละติจูด/ลองจิจูด",
        "Your position could not be found: allow location, or type the latitude and longitude",
    ),
    "visits.show": ("แสดง", "Show"),
    "visits.print": ("พิมพ์ (A4)", "Print (A4)"),
    "visits.csv": ("ดาวน์โหลด CSV", "Download CSV"),
    "visits.xlsx": ("ดาวน์โหลด Excel", "Download Excel"),
    "visits.distance": ("ห่างจากจุดก่อน {km} กม.", "{km} km from the last stop"),
    "visits.no_position": ("ไม่มีพิกัด", "no position"),
    "visits.open_map": ("เปิดแผนที่", "Open in maps"),
    "visits.tries": ("ไปแล้วไม่พบ {n} ครั้ง", "not at home {n}×"),
    "visits.print_result": ("ผล:", "Result:"),
    "visits.print_done": ("ฉีดแล้ว", "vaccinated"),
    "visits.print_refused": ("ปฏิเสธ", "refused"),
    "visits.print_not_home": ("ไม่พบ", "not at home"),
    "visits.print_moved": ("ย้ายออก", "moved"),
    "visits.mine_title": ("งานเยี่ยมบ้านที่มอบหมายให้ฉัน (ยังไม่ปิด)", "Visits assigned to me (still open)"),
    "visits.queue_title": ("คิวเยี่ยมบ้านของพื้นที่ ({n} ราย)", "The area's home-visit queue ({n})"),
    "visits.queue_empty": ("ไม่มีรายการในคิว", "The queue is empty"),
    "visits.area": ("พื้นที่ (รหัสหรือชื่อ)", "Area (code or name)"),
    "visits.open": ("ยังไม่ปิด", "Open"),
    "visits.status": ("สถานะ", "Status"),
    "visits.keep": ("— ไม่เปลี่ยน —", "— no change —"),
    "visits.assign": ("มอบหมายให้", "Assign to"),
    "visits.planned_on": ("วันที่นัด", "Planned on"),
    "visits.note": ("บันทึก", "Note"),
    "visits.save": ("บันทึก", "Save"),
    "visits.saved": ("บันทึกการเยี่ยมบ้านของแบบสำรวจเลขที่ {id} แล้ว", "Saved the visit of record {id}"),
    "visits.no_record": ("ไม่พบรายการ", "No such record"),
    "visits.waiting": ("รอมาแล้ว {time}", "waiting {time}"),
    "visits.waiting_days": ("{days} วัน {hours} ชม.", "{days} d {hours} h"),
    "visits.waiting_hours": ("{hours} ชม. {minutes} นาที", "{hours} h {minutes} min"),
    "visits.assigned": ("มอบหมายให้ {who}", "assigned to {who}"),
    "visits.unassigned": ("ยังไม่ได้มอบหมาย", "not assigned yet"),
    "visits.planned": ("นัด {day}", "planned {day}"),
    # -- the coordinator's review (dashboard/pages/review) --
    "review.title": ("ตรวจทานแบบสำรวจ", "Review of survey records"),
    "review.intro_staff": (
        "แบบสำรวจของพื้นที่พร้อมคำเตือน (เลขประจำตัวประชาชนซ้ำ อายุอยู่ที่ขอบกลุ่ม วันที่ก่อนเปิดรอบ) "
        "ยืนยัน แก้ไข (เก็บค่าเดิมไว้) หรือไม่รับ แบบสำรวจที่ไม่รับจะไม่ถูกนับในตัวเลขใด ๆ",
        "The area's survey records with their warnings (repeated national id, age at a group's edge, dated before "
        "the campaign opened): confirm, correct (the old values are kept) or reject. A rejected record leaves every "
        "figure",
    ),
    "review.intro_mine": (
        "แบบสำรวจที่คุณบันทึก และผลการตรวจทานของผู้ประสานงาน (ยืนยัน แก้ไข หรือไม่รับ) พร้อมประวัติ",
        "The records you entered, and the coordinator's review of each (confirmed, corrected or rejected) with its "
        "history",
    ),
    "review.outcome": ("ผลการตรวจทาน", "Outcome"),
    "review.all": ("ทั้งหมด", "All"),
    "review.warned_only": ("เฉพาะที่มีคำเตือน", "With warnings only"),
    "review.total": ("{n} รายการ", "{n} {n|record|records}"),
    "review.fix_below": (
        "ยังไม่ได้บันทึก: โปรดแก้ {n} จุดที่ระบุไว้ใต้ช่อง",
        "Not saved: fix the {n} {n|problem|problems} marked below",
    ),
    "review.shown": ("แสดงรายการที่ {first}–{last}", "showing {first}–{last}"),
    "review.next": ("ถัดไป →", "Next →"),
    "review.version": ("ฉบับที่ {n}", "version {n}"),
    "review.by": ("บันทึกโดย {who}", "entered by {who}"),
    "review.confirm": ("ยืนยัน", "Confirm"),
    "review.correct": ("แก้ไข / ประวัติ", "Correct / history"),
    "review.reject": ("ไม่รับ", "Reject"),
    "review.empty": ("ไม่มีแบบสำรวจในรายการนี้", "No records here"),
    "review.saved": ("บันทึกผลการตรวจทานแล้ว", "The review is saved"),
    "review.back": ("กลับไปที่รายการ", "Back to the list"),
    "review.record_title": ("แบบสำรวจเลขที่ {id}", "Survey record {id}"),
    "review.history": ("ประวัติการตรวจทาน", "Review history"),
    "review.no_history": ("ยังไม่ได้ตรวจทาน", "Not reviewed yet"),
    "review.correct_title": ("แก้ไขแบบสำรวจ", "Correct the record"),
    "review.note": ("เหตุผล / บันทึก", "Why / note"),
    "review.save_correction": ("บันทึกการแก้ไข", "Save the correction"),
    "review.yes": ("ใช่", "yes"),
    "review.no": ("ไม่ใช่", "no"),
    "review.field.survey_date": ("วันที่สำรวจ", "Survey date"),
    "review.field.subdistrict": ("ตำบล (รหัส)", "Subdistrict (code)"),
    "review.field.village_no": ("หมู่ที่", "Village no."),
    "review.field.lat": ("ละติจูด", "Latitude"),
    "review.field.lon": ("ลองจิจูด", "Longitude"),
    "review.field.target_group": ("กลุ่มเป้าหมาย", "Target group"),
    "review.field.age": ("อายุ", "Age"),
    "review.field.doses_received": ("จำนวนเข็มที่ได้รับ", "Doses received"),
    "review.field.intention": ("ความประสงค์", "Intention"),
    "review.field.needs_home_visit": ("ต้องการฉีดที่บ้าน", "Needs a home visit"),
    "review.field.reason": ("เหตุผล", "Reason"),
    "review.status_short": ("ตรวจทาน: {outcome}", "review: {outcome}"),
    # -- duplicates review (dashboard/pages/duplicates.py) --
    "dup.title": ("รายการที่อาจซ้ำ", "Possible duplicates"),
    "dup.intro": (
        "คู่สถานบริการประเภทเดียวกัน ชื่อคล้ายกัน อยู่ห่างกันไม่เกิน 50 ม. ที่มีรายการอยู่ใน {area} รอให้ตรวจ",
        "Pairs of facilities of the same type with similar names less than 50 m apart, with one in {area}, "
        "waiting for a decision",
    ),
    "dup.how": (
        "ถ้าเป็นที่เดียวกัน กด “รวม (เก็บรายการนี้)” ที่รายการที่ถูกต้องกว่า อีกรายการจะถูกปิดโดยประวัติยังอยู่ครบ "
        "ถ้าเป็นคนละแห่ง กด “ไม่ซ้ำ” แล้วระบบจะไม่เตือนคู่นี้อีก",
        "If they are one place, press “Merge, keep this one” on the better record: the other is closed and its "
        "history kept. If they are two places, press “Not a duplicate” and the pair is not flagged again.",
    ),
    "dup.empty": ("ไม่มีรายการที่อาจซ้ำรอตรวจในพื้นที่ของคุณ", "No possible duplicates are waiting in your area."),
    "dup.pair_head": (
        "ห่างกัน {m} ม. · ชื่อคล้ายกัน {pct}% · พบเมื่อ {date}",
        "{m} m apart · names {pct}% alike · found on {date}",
    ),
    "dup.merge": ("รวม (เก็บรายการนี้)", "Merge, keep this one"),
    "dup.dismiss": ("ไม่ซ้ำ", "Not a duplicate"),
    "dup.merge_needs_both": (
        "รวมได้เมื่อทั้งสองรายการอยู่ในพื้นที่ของคุณ (โปรดติดต่อผู้ดูแลระดับจังหวัด)",
        "Merging needs both in your area (ask the province admin)",
    ),
    "dup.type": ("ประเภท", "Type"),
    "dup.id": ("รหัส", "ID"),
    "dup.address": ("ที่อยู่", "Address"),
    "dup.phone": ("โทรศัพท์", "Phone"),
    "dup.area": ("พื้นที่", "Area"),
    "dup.coordinates": ("พิกัด", "Coordinates"),
    "dup.status": ("สถานะ", "Status"),
    "dup.source": ("ที่มา", "Source"),
    "dup.merged": (
        "รวมแล้ว: เก็บรายการที่เลือกไว้ และปิดอีกรายการ (ประวัติยังอยู่ครบ)",
        "Merged: the chosen record is kept and the other closed (its history is kept)",
    ),
    "dup.dismissed": (
        "บันทึกแล้วว่าไม่ซ้ำ ระบบจะไม่เตือนคู่นี้อีก",
        "Marked as not a duplicate: this pair will not be flagged again",
    ),
    "dup.refused": ("ทำรายการไม่ได้: {reason}", "This could not be done: {reason}"),
    "dup.more": ("แสดง {n} คู่แรกจาก {total} คู่", "Showing the first {n} of {total} {total|pair|pairs}"),
    # -- statistics (dashboard/pages/stats/) --
    "stats.title": ("สถิติรายจังหวัด: ความคืบหน้าการรายงาน", "Province statistics: reporting progress"),
    "stats.intro": (
        "ตัวเลขของทุกจังหวัดจากระบบโดยตรง เป็นปัจจุบันทันทีที่มีการบันทึก ใช้แทนรายงานประจำสัปดาห์ทาง Google Form",
        "Every province's figures straight from the system, current as soon as records are saved: this replaces the "
        "weekly Google Form reports",
    ),
    "stats.as_of": (
        "ข้อมูล ณ {date} · “7 วันล่าสุด” คือวันนี้และ 6 วันก่อนหน้า",
        "Data as of {date} · “last 7 days” is today and the 6 days before",
    ),
    "stats.region": ("ภาค", "Region"),
    "stats.region.all": ("ทั้งประเทศ", "Whole country"),
    "stats.measure": ("แผนที่และอันดับแสดง", "The map and ranking show"),
    "stats.measure.surveys_7d": ("แบบสำรวจใน 7 วันล่าสุด", "Survey records, last 7 days"),
    "stats.measure.facilities_updated_7d_pct": (
        "สถานบริการที่ปรับปรุงข้อมูลใน 7 วัน (%)",
        "Facilities updated in the last 7 days (%)",
    ),
    "stats.measure.coordinator_pct": ("อำเภอที่มีผู้ประสานงาน (%)", "Districts with a named coordinator (%)"),
    "stats.measure.days_since_activity": ("จำนวนวันนับจากความเคลื่อนไหวล่าสุด", "Days since the last activity"),
    "stats.darker": ("สีเข้ม = ดีกว่า · สีเทา = ไม่มีข้อมูล", "darker = better · grey = no data"),
    "stats.days": (" วัน", " days"),
    "stats.detail": (
        "แบบสำรวจ 7 วัน {surveys_7d} · สถานบริการปรับปรุง {updated} · อำเภอมีผู้ประสานงาน {coordinators}",
        "survey records, 7 days {surveys_7d} · facilities updated {updated} · districts with a coordinator "
        "{coordinators}",
    ),
    "stats.ranking": ("จังหวัดที่ควรติดตามก่อนอยู่บนสุด", "the provinces to follow up first are at the top"),
    "stats.card.active": ("จังหวัดที่มีความเคลื่อนไหวใน 7 วัน", "Provinces active in the last 7 days"),
    "stats.card.surveys_7d": ("แบบสำรวจใน 7 วันล่าสุด", "Survey records, last 7 days"),
    "stats.card.unvaccinated": ("ผู้ยังไม่ได้รับวัคซีนที่พบ", "Unvaccinated people found"),
    "stats.card.volunteers": ("อาสาสมัครที่บันทึกใน 7 วัน", "Volunteers active in the last 7 days"),
    "stats.card.facilities": ("สถานบริการที่ปรับปรุงใน 7 วัน", "Facilities updated in the last 7 days"),
    "stats.card.coordinators": ("อำเภอที่มีผู้ประสานงาน", "Districts with a named coordinator"),
    "stats.card.of": ("จาก {total}", "of {total}"),
    "stats.card.of_surveys": ("จากทั้งหมด {total} รายการ", "of {total} in all"),
    "stats.card.of_volunteers": ("จากที่ลงทะเบียน {total} คน", "of {total} registered"),
    "stats.card.of_facilities": ("จาก {total} แห่ง", "of {total} {total|facility|facilities}"),
    "stats.synthetic": (
        "⚠ แบบสำรวจ {n} จาก {total} รายการ ({pct}) เป็นข้อมูลสังเคราะห์สำหรับสาธิต ไม่ใช่ข้อมูลจริง",
        "⚠ {n} of {total} survey {total|record|records} ({pct}) are synthetic demo records, not real",
    ),
    "stats.synthetic_cell": ("⚠ สาธิต {n}", "⚠ synthetic {n}"),
    "stats.table": ("ตารางทุกจังหวัด", "All provinces"),
    "stats.table_hint": ("{n} จังหวัด · คลิกหัวตารางเพื่อเรียงลำดับ", "{n} provinces · click a heading to sort"),
    "stats.csv": ("ดาวน์โหลดตารางนี้ (CSV)", "Download this table (CSV)"),
    "stats.json": ("API (JSON)", "API (JSON)"),
    "stats.bad_region": ("ไม่รู้จักภาค “{value}” จึงแสดงทั้งประเทศ", "Unknown region “{value}”: showing the whole country"),
    "stats.bad_measure": ("ไม่รู้จักตัวชี้วัด “{value}” จึงแสดงค่าเริ่มต้น", "Unknown measure “{value}”: showing the default"),
    "stats.col.name": ("จังหวัด", "Province"),
    "stats.col.region": ("ภาค", "Region"),
    "stats.col.volunteers": ("อาสาสมัคร", "Volunteers"),
    "stats.col.volunteers_active_7d": ("อาสาสมัครที่บันทึกใน 7 วัน", "Volunteers active, 7 days"),
    "stats.col.surveys": ("แบบสำรวจทั้งหมด", "Survey records"),
    "stats.col.surveys_7d": ("แบบสำรวจ 7 วัน", "Survey records, 7 days"),
    "stats.col.synthetic": ("ข้อมูลสาธิต", "Synthetic"),
    "stats.col.unvaccinated_found": ("ผู้ยังไม่ได้รับวัคซีนที่พบ", "Unvaccinated found"),
    "stats.col.facilities": ("สถานบริการทั้งหมด", "Facilities"),
    "stats.col.facilities_updated_7d_pct": ("ปรับปรุงใน 7 วัน (%)", "Updated, 7 days (%)"),
    "stats.col.help_waiting": ("คำขอความช่วยเหลือที่รออยู่", "Help requests waiting"),
    "stats.col.help_wait_median_min": ("เวลารอ (มัธยฐาน, นาที)", "Median wait (minutes)"),
    "stats.col.help_wait_longest_min": ("รอนานที่สุด (นาที)", "Longest wait (minutes)"),
    "stats.col.coordinators": ("อำเภอที่มีผู้ประสานงาน", "Districts with a coordinator"),
    "stats.col.last_activity": ("ความเคลื่อนไหวล่าสุด", "Last activity"),
    # -- people and accounts (dashboard/pages/register.py, people/, tokens/, campaigns.py) --
    "register.throttled": (
        "มีการสมัครจากเครื่องนี้หลายครั้งแล้ว โปรดรอ {n} นาทีแล้วลองใหม่",
        "Too many registrations from this device; wait {n} {n|minute|minutes} and try again",
    ),
    "register.title": ("ลงทะเบียนอาสาข้อมูล", "Register as a data volunteer"),
    "register.intro": (
        "อาสาข้อมูลสำรวจผู้ที่ยังไม่ได้รับวัคซีนในพื้นที่ของตน บัญชีใช้งานได้เมื่อผู้ประสานงานอำเภอ (ปลัดอำเภอ) อนุมัติแล้ว",
        "Data volunteers survey the residents of their area who are not vaccinated; your account works once the "
        "district coordinator approves it",
    ),
    "register.username": ("ชื่อผู้ใช้", "Username"),
    "register.username_hint": ("อักษรอังกฤษหรือตัวเลข 3–80 ตัว", "3–80 letters or digits"),
    "register.password": ("รหัสผ่าน", "Password"),
    "register.password_again": ("รหัสผ่านอีกครั้ง", "Password again"),
    "register.display_name": ("ชื่อ-นามสกุล", "Full name"),
    "register.phone": ("หมายเลขโทรศัพท์", "Phone number"),
    "register.phone_hint": ("ให้ผู้ประสานงานติดต่อได้", "so that the coordinator can call you"),
    "register.area": ("พื้นที่ที่จะทำงาน", "The area you will work in"),
    "register.area_hint": (
        "เลือกจังหวัด อำเภอ แล้วเลือกตำบล (ถ้าทำงานทั้งอำเภอ ไม่ต้องเลือกตำบล)",
        "Choose the province, the district, then the subdistrict (leave it empty for the whole district)",
    ),
    "register.province": ("จังหวัด", "Province"),
    "register.district": ("อำเภอ / เขต", "District"),
    "register.subdistrict": ("ตำบล / แขวง", "Subdistrict"),
    "register.consent": ("ความยินยอม", "Consent"),
    "register.consent_title": ("ข้อมูลส่วนบุคคลของคุณ", "Your personal data"),
    "register.consent_text": (
        "ชื่อและหมายเลขโทรศัพท์ของคุณใช้เพื่อให้ผู้ประสานงานอำเภอตรวจสอบและติดต่อคุณเท่านั้น เห็นได้เฉพาะผู้ประสานงานอำเภอ "
        "ผู้ดูแลจังหวัด และผู้ดูแลระดับประเทศ ไม่แสดงต่อสาธารณะ และทุกการเปลี่ยนแปลงบันทึกไว้ในบันทึกการใช้งาน",
        "Your name and phone number are used only for the district coordinator to check your registration and contact "
        "you; only the district coordinator, the province admins and the national admins see them, never the public, "
        "and every change is written to the audit log",
    ),
    "register.consent_agree": ("ข้าพเจ้ายินยอมตามที่ระบุข้างต้น", "I agree to the above"),
    "register.consent_needed": ("โปรดยืนยันความยินยอมเรื่องข้อมูลส่วนบุคคล", "please agree to the personal data note"),
    "register.submit": ("ลงทะเบียน", "Register"),
    "register.have_account": ("มีบัญชีแล้ว?", "Already have an account?"),
    "register.not_saved": ("ยังไม่ได้ลงทะเบียน: พบปัญหา {n} รายการ", "Not registered: {n} {n|problem|problems} to fix"),
    "register.done": (
        "ลงทะเบียนแล้ว รอผู้ประสานงานอำเภอ{district}อนุมัติ",
        "Registered, waiting for approval by your district coordinator ({district})",
    ),
    "register.done_detail": (
        "เมื่อได้รับการอนุมัติ คุณจะเข้าสู่ระบบด้วยชื่อผู้ใช้และรหัสผ่านนี้ได้",
        "Once approved, you can sign in with this username and password",
    ),
    # -- a person's own password (dashboard/account.py; the reset code on the people page) --
    "account.password.title": ("เปลี่ยนรหัสผ่าน", "Change your password"),
    "account.password.intro": (
        "รหัสผ่านใหม่ยาวอย่างน้อย {n} ตัวอักษร ใช้วลีที่จำได้ (ภาษาไทยก็ได้) ไม่ใช่รหัสผ่านที่ใช้กันทั่วไป "
        "เมื่อเปลี่ยนแล้ว ทุกเครื่องที่เข้าสู่ระบบไว้จะออกจากระบบ",
        "At least {n} characters: a phrase you remember (Thai is fine), not a common password. Changing it signs you "
        "out everywhere else",
    ),
    "account.password.done": (
        "เปลี่ยนรหัสผ่านแล้ว เครื่องอื่นที่เข้าสู่ระบบไว้ออกจากระบบแล้ว",
        "Your password is changed; every other sign-in has ended",
    ),
    "account.password.submit": ("เปลี่ยนรหัสผ่าน", "Change password"),
    "account.current": ("รหัสผ่านปัจจุบัน", "Current password"),
    "account.new": ("รหัสผ่านใหม่", "New password"),
    "account.again": ("รหัสผ่านใหม่อีกครั้ง", "New password again"),
    "account.expired": ("หน้านี้หมดอายุ โปรดลองอีกครั้ง", "This page expired; please try again"),
    "account.reset.title": ("ตั้งรหัสผ่านใหม่ด้วยรหัสครั้งเดียว", "Set a new password with a one-time code"),
    "account.reset.intro": (
        "ลืมรหัสผ่าน: ขอรหัสครั้งเดียวจากผู้ดูแลจังหวัดของคุณ (ใช้ได้ครั้งเดียว ภายใน 24 ชั่วโมง) แล้วตั้งรหัสผ่านใหม่ยาวอย่างน้อย {n} ตัวอักษรที่นี่",
        "Forgot your password? Ask your province admin for a one-time code (it works once, within 24 hours), then "
        "set a new password of at least {n} characters here",
    ),
    "account.reset.code": ("รหัสครั้งเดียว", "One-time code"),
    "account.reset.submit": ("ตั้งรหัสผ่านใหม่", "Set the new password"),
    "account.reset.done": ("ตั้งรหัสผ่านใหม่แล้ว เข้าสู่ระบบด้วยรหัสผ่านใหม่ได้เลย", "Your new password is set; sign in with it"),
    "account.reset.wrong": (
        "ชื่อผู้ใช้หรือรหัสครั้งเดียวไม่ถูกต้อง หรือรหัสถูกใช้ไปแล้วหรือหมดอายุ โปรดขอรหัสใหม่จากผู้ดูแล",
        "The username or the code is wrong, or the code was used or has expired; ask your admin for a new one",
    ),
    "account.reset.throttled": (
        "ลองผิดหลายครั้ง โปรดรอ {n} นาทีแล้วลองใหม่",
        "Too many wrong tries; wait {n} {n|minute|minutes} and try again",
    ),
    "account.reset.issue": ("รหัสตั้งรหัสผ่านใหม่", "Reset code"),
    "account.reset.issued": (
        "รหัสครั้งเดียวของ {name}: {code} — แจ้งเจ้าของบัญชีด้วยตนเองหรือทางโทรศัพท์ ใช้ได้ครั้งเดียวที่หน้า /reset จนถึง {until} "
        "(แสดงครั้งเดียว ระบบไม่เก็บรหัสนี้)",
        "One-time code for {name}: {code} — give it to them in person or by phone; it works once at /reset until "
        "{until} (shown once: it is not kept)",
    ),
    "tokens.title": ("โทเค็น API ของฉัน", "My API tokens"),
    # the audit page (dashboard/pages/audit)
    "audit.title": ("บันทึกการใช้งาน", "Audit log"),
    "audit.intro": (
        "ใครทำอะไร เมื่อใด: ผู้ดูแลระดับจังหวัดเห็นรายการในจังหวัดของตน ผู้ดูแลระดับประเทศเห็นทั้งหมด การเปิดอ่านหน้านี้และการส่งออกก็ถูกบันทึกด้วย",
        "Who did what, when: a province admin sees the entries of their province, a national admin all of them. "
        "Reading this page and exporting it are recorded too.",
    ),
    "audit.person": ("ผู้ใช้ (ชื่อผู้ใช้)", "Person (username)"),
    "audit.action": ("การกระทำ", "Action"),
    "audit.area": ("พื้นที่", "Area"),
    "audit.from": ("ตั้งแต่วันที่", "From"),
    "audit.to": ("ถึงวันที่", "To"),
    "audit.csv": ("ดาวน์โหลด CSV", "Download CSV"),
    "audit.group": ("{group} (ทั้งหมด)", "{group} (all)"),
    "audit.summary": (
        "แสดง {shown} จาก {total} รายการ ล่าสุดก่อน",
        "Showing {shown} of {total} {total|entry|entries}, newest first",
    ),
    "audit.none": ("ไม่มีรายการตามเงื่อนไขนี้", "No entries match"),
    "audit.col.at": ("เวลา", "When"),
    "audit.col.person": ("ผู้ใช้", "Person"),
    "audit.col.action": ("การกระทำ", "Action"),
    "audit.col.record": ("รายการ", "Record"),
    "audit.col.area": ("พื้นที่", "Area"),
    "audit.col.detail": ("รายละเอียด", "Detail"),
    "tokens.intro": (
        "โทเค็นใช้กับสคริปต์หรือโปรแกรม GIS แทนการเข้าสู่ระบบ (ส่งเป็น Authorization: Bearer โทเค็น) มีสิทธิ์เท่ากับบัญชีของคุณ "
        "ระบบเก็บเฉพาะค่าแฮช จึงแสดงโทเค็นได้ครั้งเดียว",
        "A token lets a script or a GIS tool act as you (send it as Authorization: Bearer TOKEN); only its hash is "
        "stored, so it is shown once",
    ),
    "tokens.name": ("ชื่อโทเค็น (ใช้ทำอะไร)", "Token name (what it is for)"),
    "tokens.name_hint": ("เช่น QGIS ที่สำนักงาน", "e.g. QGIS at the office"),
    "tokens.create": ("สร้างโทเค็น", "Create a token"),
    "tokens.new_title": ("โทเค็นใหม่ “{name}”", "New token “{name}”"),
    "tokens.copy": ("คัดลอก", "Copy"),
    "tokens.copy_hint": (
        "คัดลอกเก็บไว้ตอนนี้ โทเค็นนี้จะไม่แสดงอีก หากทำหาย ให้ยกเลิกแล้วสร้างใหม่",
        "Copy it now: it will not be shown again; if you lose it, revoke it and create another",
    ),
    "tokens.none": ("ยังไม่มีโทเค็น", "No tokens yet"),
    "tokens.col.name": ("ชื่อ", "Name"),
    "tokens.col.created": ("สร้างเมื่อ", "Created"),
    "tokens.col.last_used": ("ใช้ล่าสุด", "Last used"),
    "tokens.col.status": ("สถานะ", "Status"),
    "tokens.never": ("ยังไม่เคยใช้", "never"),
    "tokens.active": ("ใช้งานได้", "active"),
    "tokens.revoked": ("ยกเลิกแล้ว {when}", "revoked {when}"),
    "tokens.revoke": ("ยกเลิก", "Revoke"),
    "tokens.revoked_done": ("ยกเลิกโทเค็น “{name}” แล้ว ใช้ไม่ได้อีก", "The token “{name}” is revoked and no longer works"),
    "campaigns.title": ("รอบการรายงาน", "Reporting campaigns"),
    "campaigns.intro": (
        "เมื่อปิดรอบการรายงาน แบบสำรวจ การนำเข้าไฟล์ และ API จะไม่รับแบบสำรวจใหม่ ทุกหน้าแสดงประกาศ ข้อมูลเดิมยังเปิดดูได้",
        "While no campaign is open, the survey form, uploads and the API refuse new survey records and every page shows "
        "a banner; all data stays readable",
    ),
    "campaigns.read_only": (
        "เฉพาะผู้ดูแลระดับประเทศเปิดและปิดรอบการรายงานได้",
        "Only a national admin opens and closes campaigns",
    ),
    "campaigns.empty": ("ยังไม่มีรอบการรายงาน", "No campaign yet"),
    "campaigns.col.name": ("ชื่อรอบ", "Campaign"),
    "campaigns.col.opened_on": ("เปิดเมื่อ", "Opened"),
    "campaigns.col.closed_on": ("ปิดเมื่อ", "Closed"),
    "campaigns.col.order_ref": ("หนังสือสั่งการที่ให้ปิด", "Closing order"),
    "campaigns.col.status": ("สถานะ", "Status"),
    "campaigns.status_open": ("เปิดอยู่", "open"),
    "campaigns.status_closed": ("ปิดแล้ว", "closed"),
    "campaigns.open_title": ("เปิดรอบการรายงานใหม่", "Open a new campaign"),
    "campaigns.name_th": ("ชื่อรอบ (ภาษาไทย)", "Name (Thai)"),
    "campaigns.name_en": ("ชื่อรอบ (ภาษาอังกฤษ)", "Name (English)"),
    "campaigns.opened_on": ("วันที่เปิด", "Opened on"),
    "campaigns.date_hint": ("วัน/เดือน/ปี พ.ศ.", "day/month/year"),
    "campaigns.open": ("เปิดรอบการรายงาน", "Open the campaign"),
    "campaigns.opened": (
        "เปิดรอบ “{name}” แล้ว รับแบบสำรวจใหม่ได้",
        "The campaign “{name}” is open: new survey records are accepted",
    ),
    "campaigns.close_title": ("ปิดรอบ “{name}”", "Close “{name}”"),
    "campaigns.close_effect": (
        "เมื่อปิดแล้ว ระบบจะไม่รับแบบสำรวจใหม่จากทุกช่องทางจนกว่าจะเปิดรอบใหม่ ต้องระบุเลขที่หนังสือสั่งการที่ให้ปิด",
        "Once closed, no new survey record is accepted anywhere until a new campaign opens; give the reference of the "
        "order that closes it",
    ),
    "campaigns.closed_on": ("วันที่ปิด", "Closed on"),
    "campaigns.order_ref": ("เลขที่หนังสือสั่งการ", "Order reference"),
    "campaigns.order_ref_hint": ("เช่น มท 0230/ว 1234 ลงวันที่ 30 ก.ย. 2565", "e.g. มท 0230/ว 1234 of 30 Sep 2022"),
    "campaigns.close": ("ปิดรอบการรายงาน", "Close the campaign"),
    "campaigns.closed_done": (
        "ปิดรอบ “{name}” แล้ว ไม่รับแบบสำรวจใหม่ ข้อมูลเดิมยังเปิดดูได้",
        "The campaign “{name}” is closed: new survey records are refused, the data stays readable",
    ),
    "campaigns.none_open": ("ไม่มีรอบที่เปิดอยู่", "No campaign is open"),
    "campaigns.not_allowed": ("เฉพาะผู้ดูแลระดับประเทศเท่านั้น", "National admins only"),
    "people.title": ("บุคลากร", "People"),
    "people.intro.coordinator": (
        "อาสาข้อมูลที่รออนุมัติและอาสาข้อมูลของอำเภอคุณ รายชื่อผู้ประสานงานของอำเภอ (แก้ไขโดยผู้ดูแลจังหวัด)",
        "The volunteers waiting for approval and the volunteers of your district; your district's coordinator registry "
        "(kept by the province admins)",
    ),
    "people.intro.province_admin": (
        "ผู้ใช้ของจังหวัด อาสาข้อมูลที่รออนุมัติ และทะเบียนผู้ประสานงานอำเภอที่กระทรวงขอให้ทุกอำเภอส่ง",
        "The users of your province, the volunteers waiting for approval, and the district coordinator registry the "
        "ministry asked every district to send",
    ),
    "people.intro.national_admin": (
        "เลือกจังหวัดเพื่อดูผู้ใช้ อาสาข้อมูลที่รออนุมัติ และทะเบียนผู้ประสานงานอำเภอ",
        "Choose a province to see its users, the volunteers waiting for approval and its coordinator registry",
    ),
    "people.province": ("จังหวัด", "Province"),
    "people.province_pick": ("เลือกจังหวัด", "Choose a province"),
    "people.province_prompt": ("เลือกจังหวัดด้านบน", "Choose a province above"),
    "people.pending.title": ("รออนุมัติ ({n})", "Waiting for approval ({n})"),
    "people.pending.asked_for": (
        "ขอชื่อ {name} ซึ่งมีผู้ใช้แล้ว โปรดแจ้งชื่อผู้ใช้นี้แก่เจ้าตัวเมื่ออนุมัติ",
        "asked for {name}, which was taken: tell them this username when approving",
    ),
    "people.pending.none": ("ไม่มีอาสาข้อมูลที่รออนุมัติ", "Nobody is waiting for approval"),
    "people.approve": ("อนุมัติ", "Approve"),
    "people.reject": ("ไม่อนุมัติ", "Reject"),
    "people.deactivate": ("ระงับบัญชี", "Deactivate"),
    "people.reactivate": ("เปิดใช้อีกครั้ง", "Reactivate"),
    "people.done.approve": ("อนุมัติ {name} แล้ว เข้าสู่ระบบได้", "{name} is approved and can sign in"),
    "people.done.reject": ("ไม่อนุมัติ {name}", "{name} is rejected"),
    "people.done.deactivate": ("ระงับบัญชี {name} แล้ว", "{name} is deactivated"),
    "people.done.reactivate": ("เปิดใช้บัญชี {name} อีกครั้งแล้ว", "{name} is active again"),
    "people.done.added": ("เพิ่ม {name} ในทะเบียนแล้ว", "{name} is added to the registry"),
    "people.done.updated": ("แก้ไขข้อมูลของ {name} แล้ว", "{name} is updated"),
    "people.done.removed": ("ลบรายชื่อออกจากทะเบียนแล้ว", "The name is removed from the registry"),
    "people.volunteers.title": ("อาสาข้อมูลของอำเภอ ({n})", "Volunteers of the district ({n})"),
    "people.users.title": ("ผู้ใช้ในพื้นที่ ({n})", "Users of the area ({n})"),
    "people.users.none": ("ยังไม่มีผู้ใช้", "No users yet"),
    "people.col.name": ("ชื่อ", "Name"),
    "people.col.username": ("ชื่อผู้ใช้", "Username"),
    "people.col.role": ("บทบาท", "Role"),
    "people.col.area": ("พื้นที่", "Area"),
    "people.col.phone": ("โทรศัพท์", "Phone"),
    "people.col.registered": ("ลงทะเบียนเมื่อ", "Registered"),
    "people.col.status": ("สถานะ", "Status"),
    "people.col.surveys": ("แบบสำรวจ", "Surveys"),
    "people.col.last_survey": ("สำรวจล่าสุด", "Last survey"),
    "people.col.district": ("อำเภอ", "District"),
    "people.col.coordinators": ("ผู้ประสานงาน", "Coordinators"),
    "people.status.active": ("ใช้งาน", "active"),
    "people.status.inactive": ("ระงับ", "deactivated"),
    "people.status.rejected": ("ไม่อนุมัติ", "rejected"),
    "people.registry.title": ("ทะเบียนผู้ประสานงานอำเภอ", "District coordinator registry"),
    "people.registry.count": (
        "มีรายชื่อแล้ว {named} จาก {total} อำเภอ",
        "{named} of {total} {total|district|districts} have a named coordinator",
    ),
    "people.registry.gap": ("ยังไม่มีรายชื่อ", "nobody named yet"),
    "people.registry.export": ("ดาวน์โหลด CSV", "Download CSV"),
    "people.edit": ("แก้ไข", "Edit"),
    "people.remove": ("ลบ", "Remove"),
    "people.remove_confirm": ("ลบ {name} ออกจากทะเบียน?", "Remove {name} from the registry?"),
    "people.entry.title": ("เพิ่มผู้ประสานงาน", "Add a coordinator"),
    "people.entry.editing": ("แก้ไข: {name}", "Editing: {name}"),
    "people.entry.district": ("อำเภอ", "District"),
    "people.entry.district_pick": ("เลือกอำเภอ", "Choose a district"),
    "people.entry.full_name": ("ชื่อ-นามสกุล", "Full name"),
    "people.entry.position": ("ตำแหน่ง", "Position"),
    "people.entry.phone": ("โทรศัพท์", "Phone"),
    "people.entry.email": ("อีเมล", "Email"),
    "people.entry.save": ("บันทึก", "Save"),
    "people.entry.cancel": ("ล้างฟอร์ม", "Clear"),
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
    "map.summary_earlier": ("{n} จังหวัดใช้รายงานฉบับก่อนหน้า", "{n} {n|province|provinces} from an earlier report"),
    "map.summary_missing": ("{n} จังหวัดไม่มีข้อมูล", "{n} {n|province|provinces} without data"),
    "map.facilities_summary": ("สถานบริการ {n} แห่ง", "{n} {n|facility|facilities}"),
    "note.no_report": ("ไม่มีรายงานในหรือก่อนวันที่เลือก", "no report on or before the chosen date"),
    "note.no_district_report": (
        "ไม่มีรายงานระดับอำเภอ (ทั้งจังหวัด {province_pct})",
        "no district report (province as a whole: {province_pct})",
    ),
    "note.no_population": ("ไม่มีจำนวนประชากรสำหรับตัวหารนี้", "no population for this denominator"),
    "note.over_100": (
        "เกิน 100%: ผู้ได้รับวัคซีนในพื้นที่รวมผู้ที่ไม่ได้มีทะเบียนบ้านในพื้นที่",
        "over 100%: people vaccinated here include residents registered elsewhere",
    ),
    "note.suppressed": ("น้อยกว่า {n} ราย: ไม่แสดงเพื่อคุ้มครองข้อมูลส่วนบุคคล", "fewer than {n}: hidden to protect privacy"),
    "summary.small_numbers": (
        "จำนวนจากแบบสำรวจปัดเป็นทวีคูณของ {base} ที่ใกล้ที่สุด น้อยกว่า {n} แสดงเป็น <{n} เพื่อคุ้มครองข้อมูลส่วนบุคคล",
        "counts from survey records are rounded to the nearest {base}; fewer than {n} show as <{n} to protect privacy",
    ),
    "note.same_report": (
        "ทั้งสองวันที่ใช้รายงานฉบับเดียวกัน ({compare_as_of})",
        "both dates use the same report ({compare_as_of})",
    ),
    "control.metric": ("ตัวชี้วัด", "Measure"),
    "control.denominator": ("ตัวหาร", "Denominator"),
    "control.level": ("ระดับ", "Level"),
    "control.classify": ("การแบ่งช่วงสี", "Classes"),
    "control.ftype": ("ประเภทสถานบริการ", "Facility type"),
    "control.compare": ("เทียบกับวันที่", "Compared with"),
    "dropdown.search": ("ค้นหา", "Search"),
    "dropdown.clear_search": ("ล้างคำค้น", "Clear search"),
    "dropdown.clear_selection": ("ล้างที่เลือก", "Clear selection"),
    "dropdown.no_options_found": ("ไม่พบตัวเลือก", "No options found"),
    "dropdown.select_all": ("เลือกทั้งหมด", "Select all"),
    "dropdown.deselect_all": ("ไม่เลือกทั้งหมด", "Deselect all"),
    "compare.no_data": ("ไม่มีข้อมูล", "no data"),
    "compare.some": ("มีข้อมูล {count}/{total} พื้นที่", "data for {count} of {total} {total|area|areas}"),
    "compare.range": ("ตั้งแต่ {start} ถึง {end}", "from {start} to {end}"),
    "compare.range_label": ("ช่วงวันที่ที่เปรียบเทียบ", "Dates compared"),
    "control.play": ("เล่นตามวันที่", "Play through the dates"),
    "metric.coverage": ("ความครอบคลุมการฉีดวัคซีน (%)", "Vaccination coverage (%)"),
    "metric.change": ("การเปลี่ยนแปลงความครอบคลุม (จุดร้อยละ)", "Change in coverage (percentage points)"),
    "metric.unvaccinated_per_1000": (
        "ผู้ยังไม่ได้รับวัคซีนที่อาสาข้อมูลพบ ต่อประชากร 1,000 คน",
        "Unvaccinated people found by volunteers per 1,000 residents",
    ),
    "metric.facilities_per_100k": ("สถานบริการต่อประชากร 100,000 คน", "Facilities per 100,000 residents"),
    "metric.vaccinated": ("จำนวนผู้ได้รับวัคซีน (คน)", "People vaccinated (people)"),
    "unit.vaccinated": ("", ""),
    "headline.rank": ("อันดับ {rank} จาก {of} จังหวัด", "rank {rank} of {of} provinces"),
    "headline.people": ("{value} คนได้รับวัคซีน", "{value} people vaccinated"),
    "headline.detail": (
        "{metric} · เข็มที่ {dose} · {group} · ณ {date}",
        "{metric} · dose {dose} · {group} · as of {date}",
    ),
    "headline.high_first": ("อันดับ 1 = สูงสุด", "rank 1 = the highest"),
    "measure_line.showing": ("แสดง: {metric}", "Showing: {metric}"),
    "measure_line.coverage.district": (
        "ยังไม่มีรายงานความครอบคลุมระดับอำเภอที่นำเข้าสำหรับจังหวัดนี้",
        "no district coverage report has been uploaded for this province",
    ),
    "measure_line.coverage.province": (
        "รายงานไม่มีประชากรเป้าหมายของกลุ่มนี้ จึงคำนวณร้อยละไม่ได้",
        "the reports give no target population for this group, so no percentage",
    ),
    "measure_line.vaccinated": (
        "ไม่มีรายงานจำนวนผู้ได้รับวัคซีนของกลุ่มนี้ในพื้นที่นี้",
        "no report counts the people vaccinated in this group here",
    ),
    "measure_line.unvaccinated_per_1000": (
        "ไม่มีผลสำรวจที่แสดงได้ของกลุ่มนี้",
        "no survey figure to show for this group",
    ),
    "summary.synthetic_breakdown": (
        "ข้อมูลสังเคราะห์: ตัวเลขรายอำเภอนี้แบ่งจากรายงานจริงของจังหวัดตามประชากรทะเบียนราษฎรเพื่อการสาธิต "
        "ไม่ใช่รายงานระดับอำเภอ (รวมกันเท่ากับตัวเลขของจังหวัด)",
        "synthetic: these district figures are the province's real report split by registered population for the "
        "demo, not district reports (they add up to the province's figure)",
    ),
    "legend.synthetic_breakdown": (
        "ข้อมูลสังเคราะห์เพื่อการสาธิต ไม่ใช่รายงานรายอำเภอ",
        "synthetic demo figures, not district reports",
    ),
    "slider.no_dates": (
        "ไม่มีวันที่รายงานของกลุ่มและเข็มนี้ (ใช้ข้อมูลล่าสุด)",
        "no report dates for this group and dose (latest data)",
    ),
    "unit.coverage": ("%", "%"),
    "unit.change": (" จุด", " pp"),
    "unit.unvaccinated_per_1000": ("", ""),
    "unit.facilities_per_100k": ("", ""),
    "denominator.moph": ("ประชากรเป้าหมาย (สธ.)", "Target population (MOPH)"),
    "denominator.dopa": ("ประชากรตามทะเบียนราษฎร (ปค.)", "Registered residents (DOPA)"),
    "denominator.dopa_year": ("ประชากรตามทะเบียนราษฎร (DOPA {year})", "Registered population (DOPA {year})"),
    "map.population_dopa": ("ประชากรตามทะเบียนราษฎร (DOPA {year})", "registered population (DOPA {year})"),
    "level.province": ("จังหวัด", "provinces"),
    "level.district": ("อำเภอ", "districts"),
    "classify.quantiles": ("ควอนไทล์", "Quantiles"),
    "classify.equal_interval": ("ช่วงเท่ากัน", "Equal intervals"),
    "classify.natural_breaks": ("ช่วงธรรมชาติ", "Natural breaks"),
    "summary.coverage": (
        "{n} {unit} · ข้อมูล ณ {date} · เข็มที่ {dose} · {group}",
        "{n} {unit} · data as of {date} · dose {dose} · {group}",
    ),
    "summary.no_district": (
        "ยังไม่มีรายงานความครอบคลุมระดับอำเภอ (รายงาน สธ. เป็นรายจังหวัด) เลือกตัวชี้วัดจากการสำรวจหรือสถานบริการเพื่อเทียบอำเภอ",
        "No district-level coverage report yet (MOPH reports are per province); choose a survey or facility measure to compare districts.",
    ),
    "summary.province_figure": ("ทั้งจังหวัด: {pct}", "Province as a whole: {pct}."),
    "summary.missing": ("{n} {unit}ไม่มีข้อมูล", "{n} {unit} without data"),
    "summary.rate": (
        "{n} จาก {total} พื้นที่มีค่า · ณ {date}",
        "{n} of {total} {total|area|areas} with a value · as of {date}",
    ),
    "summary.synthetic": (
        "ข้อมูลสังเคราะห์ {pct} ของระเบียนที่ใช้ (ตัวอย่างสาธิต ไม่ใช่ข้อมูลจริง)",
        "synthetic: {pct} of the records behind this measure are demo records, not real",
    ),
    "label.count": ("จำนวน", "count"),
    "summary.latest": ("ข้อมูลล่าสุด", "the latest data"),
    "summary.source": (
        "ที่มา: รายงาน สธ./คร. (djay/covidthailand) และทะเบียนราษฎร ปค.",
        "source: MOPH/DDC reports (djay/covidthailand), DOPA registration",
    ),
    "chart.ranking": ("อันดับ (ค่าต่ำสุดอยู่บน)", "Ranking (lowest first)"),
    "chart.ranking_ends": ("ต่ำสุด {n} และสูงสุด {n} จาก {of} พื้นที่", "The {n} lowest and {n} highest of {of} areas"),
    "chart.ranking_empty": ("ไม่มีพื้นที่ใดมีค่าในมุมมองนี้", "No area has a value in this view"),
    "chart.trend": ("แนวโน้มความครอบคลุม", "Coverage over time"),
    "chart.groups": ("ความครอบคลุมตามกลุ่มเป้าหมาย", "Coverage by target group"),
    "table.name": ("พื้นที่", "Area"),
    "summary.extremes": ("สูงสุด: {high} · ต่ำสุด: {low}", "Highest: {high} · lowest: {low}"),
    "summary.without_data": ("ไม่มีข้อมูล {n} พื้นที่", "areas without data: {n}"),
    "table.value_label": ("ค่า", "Value"),
    "table.vaccinated": ("ได้รับวัคซีน (คน)", "Vaccinated (people)"),
    "table.population": ("ประชากร (คน)", "Population (people)"),
    "table.value.coverage": ("ความครอบคลุม (%)", "Coverage (%)"),
    "table.value.vaccinated": ("ผู้ได้รับวัคซีน (คน)", "People vaccinated (people)"),
    "table.value.change": ("เปลี่ยนแปลง (จุด)", "Change (points)"),
    "table.value.unvaccinated_per_1000": ("ยังไม่ฉีด (ต่อ 1,000 คน)", "Unvaccinated (per 1,000)"),
    "table.value.facilities_per_100k": ("สถานบริการ (ต่อ 100,000 คน)", "Facilities (per 100,000)"),
    "table.as_of": ("รายงาน ณ", "Report of"),
    "table.note_text": ("หมายเหตุ", "Note"),
    "export.nothing": ("มุมมองนี้ไม่มีค่าให้ดาวน์โหลดเป็นตาราง", "no values in this view to download as a table"),
    "export.title": ("ดาวน์โหลดสิ่งที่เห็น", "Download what you see"),
    "export.csv": ("ตาราง CSV", "Table CSV"),
    "export.geojson": ("GeoJSON", "GeoJSON"),
    "export.html": ("แผนที่ HTML (เปิดได้ไม่ต้องใช้อินเทอร์เน็ต)", "HTML map (opens offline)"),
    "export.png": ("ภาพ PNG (สำหรับ LINE และสไลด์)", "PNG picture (for LINE and slides)"),
    # -- share and print (issue 16): the picture, the report, the link ----------------------------------------------
    "export.pdf": ("รายงาน PDF (A4)", "PDF report (A4)"),
    "export.copy_link": ("คัดลอกลิงก์ของมุมมองนี้", "Copy the link to this view"),
    "export.print": ("พิมพ์: ใช้คำสั่งพิมพ์ของเบราว์เซอร์ (Ctrl+P)", "Print: the browser's Print (Ctrl+P)"),
    "view.source.coverage": (
        "ที่มา: รายงาน สธ./คร. (djay/covidthailand) และทะเบียนราษฎร ปค.",
        "Source: MOPH/DDC reports (djay/covidthailand), DOPA registration",
    ),
    "view.source.vaccinated": (
        "ที่มา: รายงาน สธ./คร. (djay/covidthailand)",
        "Source: MOPH/DDC reports (djay/covidthailand)",
    ),
    "view.source.change": (
        "ที่มา: รายงาน สธ./คร. (djay/covidthailand)",
        "Source: MOPH/DDC reports (djay/covidthailand)",
    ),
    "view.source.unvaccinated_per_1000": (
        "ที่มา: แบบสำรวจของอาสาข้อมูล (ตัวเลขน้อยปัดเป็นทวีคูณของ 5) และทะเบียนราษฎร ปค.",
        "Source: data volunteers' surveys (small counts rounded to 5), DOPA registration",
    ),
    "view.source.facilities_per_100k": (
        "ที่มา: ทะเบียนสถานบริการ (สธ., MAPEDIA และที่ผู้ประสานงานบันทึก) และทะเบียนราษฎร ปค.",
        "Source: the facility registry (MOPH, MAPEDIA, coordinators' entries), DOPA registration",
    ),
    "view.file.change": ("เปลี่ยนแปลง", "change"),
    "view.file.vaccinated": ("จำนวนผู้ได้รับวัคซีน", "vaccinated"),
    "view.file.unvaccinated_per_1000": ("ยังไม่ฉีดต่อพันคน", "unvaccinated-per-1000"),
    "view.file.facilities_per_100k": ("สถานบริการต่อแสนคน", "facilities-per-100k"),
    "view.file.dopa": ("ทะเบียนราษฎร", "DOPA"),
    "view.preview": (
        "แผนที่จาก Jitasa Map: {title} · {subtitle}",
        "A map from Jitasa Map: {title} · {subtitle}",
    ),
    "report.headline_province": ("ทั้งจังหวัด", "as a whole"),
    "report.headline_country": ("ทั้งประเทศ", "Thailand as a whole"),
    "report.no_district": (
        "ยังไม่มีรายงานระดับอำเภอ (รายงาน สธ. เป็นรายจังหวัด) อำเภอจึงไม่มีค่า ค่าของทั้งจังหวัดแสดงไว้ด้านบน",
        "no district-level report yet (MOPH reports are per province): the districts have no value; the province's figure is shown above",
    ),
    "report.lowest": ("ต่ำสุด", "Lowest"),
    "report.highest": ("สูงสุด", "Highest"),
    "report.table": ("ทุกพื้นที่ เรียงจากค่าต่ำสุด", "Every area, lowest first"),
    "report.rank": ("อันดับ", "Rank"),
    "report.sources": ("แหล่งข้อมูลและวันที่ของข้อมูล", "Sources and data dates"),
    "report.dates": (
        "รายงานที่ใช้: {first} ถึง {last} ({n} พื้นที่มีค่า จาก {total})",
        "Reports used: {first} to {last} ({n} of {total} {total|area|areas} with a value)",
    ),
    "report.made": ("จัดทำโดย Jitasa Map เมื่อ {date} · {url}", "Made with Jitasa Map on {date} · {url}"),
    "report.page": ("หน้า", "page"),
    "render.unavailable": (
        "ขณะนี้สร้างภาพและรายงาน PDF ไม่ได้: เซิร์ฟเวอร์ไม่มีโปรแกรม Chromium (ผู้ดูแลระบบ: ติดตั้งแพ็กเกจ chromium และ fonts-thai-tlwg) ดาวน์โหลดตาราง CSV หรือแผนที่ HTML แทนได้",
        "pictures and PDF reports cannot be made right now: Chromium is not installed on the server (administrators: install the packages chromium and fonts-thai-tlwg); the CSV table and the HTML map still work",
    ),
    "render.failed": (
        "สร้างภาพหรือรายงานไม่สำเร็จในเวลาที่กำหนด โปรดลองอีกครั้งในอีกสักครู่",
        "the picture or report could not be made in time; try again in a moment",
    ),
    "crumb.country": ("ประเทศไทย", "Thailand"),
    "area.country": ("ประเทศไทย", "Thailand"),
    "map.layer.counts": ("จำนวน (วงกลม)", "Counts (circles)"),
    "footer.boundaries_short": (
        "เขตการปกครอง: กรมแผนที่ทหาร COD-AB ผ่าน OCHA/HDX (CC BY-IGO 3.0)",
        "boundaries: RTSD COD-AB via OCHA/HDX (CC BY-IGO 3.0)",
    ),
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
    "error.unavailable": (
        "ฐานข้อมูลไม่พร้อมใช้งานชั่วคราว ข้อมูลของคุณยังอยู่ครบ โปรดลองอีกครั้งในอีกสักครู่",
        "The database is unavailable for a moment; nothing you saved is lost. Please try again shortly.",
    ),
    "error.not_found": ("ไม่พบหน้าที่ต้องการ", "Page not found"),
    # the public finder's labels (five languages): dashboard/i18n_public.py
    # -- the coverage map's facility layer --
    "facility.layer_title": ("สถานบริการที่เปิด ณ {date}", "Facilities open on {date}"),
    "facility.types": ("ประเภทสถานบริการที่แสดง", "Facility types shown"),
    "facility.statuses": ("สถานะ", "Status"),
    "facility.beds_available": ("เตียงว่าง", "Beds free"),
    "facility.hours": ("เวลาทำการ", "Hours"),
    "facility.phone": ("โทร", "Phone"),
    "facility.valid": ("เปิดชั่วคราว {start} – {end}", "Temporary: open {start} – {end}"),
    "facility.cluster": ("สถานบริการ {n} แห่ง", "{n} {n|facility|facilities}"),
    "facility.cluster_synthetic": ("เป็นข้อมูลสังเคราะห์ {n} แห่ง", "{n} of them synthetic (demo)"),
    "facility.zoom_in": ("ซูมเข้าเพื่อดูแต่ละแห่ง", "zoom in to see each one"),
    "facility.legend_cluster": (
        "กลุ่มสถานบริการ (ยิ่งใหญ่ยิ่งมาก) ซูมเข้าเพื่อดูแต่ละแห่ง",
        "groups of facilities (bigger = more); zoom in to see each one",
    ),
    "facility.legend_synthetic": ("{n} แห่งในมุมมองนี้เป็นข้อมูลสังเคราะห์", "{n} in view are synthetic (demo)"),
    "facility.legend_none": ("ไม่มีสถานบริการที่ตรงเงื่อนไขในมุมมองนี้", "no facility matches in this view"),
    # -- practice spaces and guided first steps (dashboard/practice.py, dashboard/tour.py, /practice) --
    "practice.banner": (
        "โหมดฝึกใช้งาน · ไม่มีข้อมูลใดในพื้นที่นี้เป็นข้อมูลจริง",
        "Practice space: nothing here is real",
    ),
    "practice.space": ("พื้นที่ฝึก {space}", "practice space {space}"),
    "nav.practice": ("บัญชีฝึกใช้งาน", "Practice accounts"),
    "nav.tour": ("แนะนำการใช้งาน", "First steps"),
    "practice.title": ("บัญชีฝึกใช้งานสำหรับการอบรม", "Practice accounts for a training session"),
    "practice.intro": (
        "สร้างบัญชีฝึกให้ผู้เข้าอบรม บัญชีเหล่านี้ใช้ได้เฉพาะในพื้นที่ฝึกของพื้นที่ที่เลือก (สำเนาสถานบริการของพื้นที่และแบบสำรวจตัวอย่าง) "
        "สิ่งที่ทำในพื้นที่ฝึกไม่ถึงข้อมูลจริง ตัวเลขสาธารณะ สถิติ หรือบันทึกการใช้งานจริง",
        "Make accounts for the people you train. They work only in the practice space of the area you choose (a copy "
        "of its facilities and a few synthetic survey records); nothing done there reaches real data, public figures, "
        "statistics or the real audit log.",
    ),
    "practice.role": ("บทบาท", "Role"),
    "practice.area": ("รหัสพื้นที่ (จังหวัด อำเภอ หรือตำบล)", "Area code (province, district or subdistrict)"),
    "practice.count": ("จำนวนบัญชี", "How many accounts"),
    "practice.days": ("ใช้ได้กี่วัน", "Valid for (days)"),
    "practice.create": ("สร้างบัญชีและพิมพ์บัตร (PDF)", "Create accounts and print cards (PDF)"),
    "practice.made": (
        "สร้าง {n} บัญชีในพื้นที่ฝึก {space} แล้ว รหัสผ่านแสดงครั้งเดียว: พิมพ์บัตรหรือจดไว้ตอนนี้",
        "{n} {n|account|accounts} made in practice space {space}. Passwords are shown once: print the cards or note them now.",
    ),
    "practice.no_pdf": (
        "พิมพ์บัตรไม่ได้ในตอนนี้ (ไม่มีเบราว์เซอร์สำหรับสร้าง PDF) ใช้ตารางด้านล่างแทน",
        "The cards cannot be drawn now (no browser to make the PDF); use the table below.",
    ),
    "practice.username": ("ชื่อผู้ใช้", "Username"),
    "practice.space_column": ("พื้นที่ฝึก", "Practice space"),
    "practice.password": ("รหัสผ่าน", "Password"),
    "practice.expires": ("หมดอายุ", "Expires"),
    "practice.status": ("สถานะ", "Status"),
    "practice.status.active": ("ใช้งานได้", "active"),
    "practice.status.expired": ("หมดอายุ", "expired"),
    "practice.status.ended": ("ปิดแล้ว", "ended"),
    "practice.inside": (
        "บัญชีฝึกสร้างหรือปิดบัญชีฝึกไม่ได้ วิทยากรจัดการบัญชีฝึกจากบัญชีจริงของตนเอง",
        "A practice account cannot make or end practice accounts; trainers manage them from their own real account.",
    ),
    "practice.manage": ("ปิดบัญชีหรือล้างพื้นที่ฝึก", "End accounts or reset a practice space"),
    "practice.end": ("ปิดบัญชีฝึกทั้งหมดของพื้นที่นี้", "End every practice account of this area"),
    "practice.reset": ("ล้างพื้นที่ฝึกกลับเป็นเหมือนเริ่มต้น", "Reset the practice space to how it started"),
    "practice.ended": ("ปิดบัญชีแล้ว {n} บัญชี", "{n} {n|account|accounts} ended"),
    "practice.was_reset": (
        "ล้างพื้นที่ฝึก {space} แล้ว บัญชีฝึกยังใช้ได้",
        "Practice space {space} reset; its accounts still work",
    ),
    "practice.accounts": ("บัญชีฝึกในพื้นที่ของคุณ", "Practice accounts in your area"),
    "practice.none": ("ยังไม่มีบัญชีฝึก", "No practice accounts yet"),
    "practice.card.title": ("บัญชีฝึกใช้งาน จิตอาสา แผนที่", "Jitasa Map practice account"),
    "practice.card.site": ("เว็บไซต์", "Site"),
    "practice.card.note": (
        "ใช้ได้ถึง {date} · ข้อมูลในพื้นที่ฝึกไม่ใช่ข้อมูลจริง",
        "Valid until {date} · nothing in the practice space is real",
    ),
    "practice.steps.volunteer": (
        "1. เข้าสู่ระบบด้วยชื่อและรหัสบนบัตร|2. เปิด “บันทึกแบบสำรวจ” จากโทรศัพท์|3. กรอกและกดบันทึก แล้วดูเลขที่ที่ได้",
        "1. Sign in with the name and password on this card|2. Open “Survey form” on your phone|"
        "3. Fill it in, save, and see the record's number",
    ),
    "practice.steps.coordinator": (
        "1. เข้าสู่ระบบด้วยชื่อและรหัสบนบัตร|2. เปิด “สถานบริการในพื้นที่” แล้วแก้ไขและยืนยันหนึ่งแห่ง|3. ดู “ประวัติการนำเข้า”",
        "1. Sign in with the name and password on this card|2. Open “Facilities”, edit and confirm one|"
        "3. Check an upload in “Upload history”",
    ),
    "practice.steps.province_admin": (
        "1. เข้าสู่ระบบด้วยชื่อและรหัสบนบัตร|2. เปิด “สถิติรายจังหวัด”|3. อ่านการ์ดสรุป แผนที่ และตาราง",
        "1. Sign in with the name and password on this card|2. Open “Province statistics”|"
        "3. Read the summary cards, the map and the table",
    ),
    "practice.steps.national_admin": (
        "1. เข้าสู่ระบบด้วยชื่อและรหัสบนบัตร|2. เปิด “สถิติรายจังหวัด”|3. อ่านการ์ดสรุป แผนที่ และตาราง",
        "1. Sign in with the name and password on this card|2. Open “Province statistics”|"
        "3. Read the summary cards, the map and the table",
    ),
    "tour.next": ("ถัดไป", "Next"),
    "tour.back": ("ย้อนกลับ", "Back"),
    "tour.close": ("ปิด", "Close"),
    "tour.done": ("เสร็จ", "Done"),
    "tour.go": ("ไปที่หน้านั้น", "Go to that page"),
    "tour.volunteer.1": (
        "นี่คือพื้นที่ฝึก: ลองบันทึกได้ตามสบาย ไม่มีอะไรในนี้เป็นข้อมูลจริง",
        "This is the practice space: try anything, nothing here is real.",
    ),
    "tour.volunteer.2": (
        "วันที่และตำบลที่สำรวจ: ตำบลในพื้นที่ของคุณถูกเลือกไว้ให้แล้ว",
        "The survey date and subdistrict: your own area's is chosen for you.",
    ),
    "tour.volunteer.3": (
        "เลือกกลุ่มเป้าหมาย แล้วกรอกอายุ จำนวนเข็มที่ได้รับ และความประสงค์",
        "Choose the target group, then the age, the doses received and the intention.",
    ),
    "tour.volunteer.4": (
        "กดบันทึก: ระบบตรวจทุกช่องและบอกปัญหาใต้ช่องนั้น เมื่อบันทึกแล้วจะเห็นเลขที่ของแบบสำรวจ",
        "Save: every field is checked and a problem shows under its field; once saved you see the record's number.",
    ),
    "tour.coordinator.1": (
        "นี่คือพื้นที่ฝึก: แก้ไขได้ตามสบาย ไม่มีอะไรในนี้เป็นข้อมูลจริง",
        "This is the practice space: edit freely, nothing here is real.",
    ),
    "tour.coordinator.2": (
        "สถานบริการในอำเภอของคุณ: กดชื่อเพื่อเปิดแบบฟอร์มของแห่งนั้น",
        "The facilities of your district: press a name to open its form.",
    ),
    "tour.coordinator.3": (
        "ตรวจข้อมูล แก้สิ่งที่เปลี่ยน (เช่น เบอร์โทร สถานะ) แล้วกดบันทึกเพื่อยืนยันว่าเป็นปัจจุบัน",
        "Check it, change what changed (the phone, the status), then save to confirm it is current.",
    ),
    "tour.coordinator.4": (
        "ประวัติการนำเข้า: ดูผลของแต่ละไฟล์ (ใหม่ ปรับปรุง ไม่เปลี่ยน ปัญหา) และยกเลิกไฟล์ที่ผิดได้",
        "Upload history: each file's outcome (new, updated, unchanged, problems); a wrong one can be undone.",
    ),
    "tour.province_admin.1": (
        "สถิติรายจังหวัด: การ์ดด้านบนสรุปภาพรวม",
        "Province statistics: the cards at the top sum it up.",
    ),
    "tour.province_admin.2": (
        "เลือกตัวชี้วัดที่ต้องการเปรียบเทียบ แผนที่และอันดับจะเปลี่ยนตาม",
        "Choose the measure to compare; the map and the ranking follow.",
    ),
    "tour.province_admin.3": (
        "ตารางทุกจังหวัด ดาวน์โหลดเป็น CSV ได้ ตัวเลขที่น้อยจะถูกปิดบังตามกฎความเป็นส่วนตัว",
        "Every province in a table, downloadable as CSV; small numbers are hidden by the privacy rule.",
    ),
    # -- the help requests' queue (/help-requests) --
    "help_queue.title": ("คำขอความช่วยเหลือ", "Help requests"),
    "help_queue.intro": (
        "คำขอจากประชาชนในพื้นที่ของคุณ เรียงจากที่รอนานที่สุด มอบหมายให้ผู้ใช้ในพื้นที่ แล้วบันทึกความคืบหน้าพร้อมหมายเหตุ",
        "Requests from the public in your area, the longest waiting first. Assign each to a user of the area, then record"
        " what happened, with a note.",
    ),
    "help_queue.volunteer_intro": (
        "คำขอที่ผู้ประสานงานมอบหมายให้คุณ บันทึกเมื่อกำลังช่วยเหลือ ช่วยเหลือแล้ว หรือติดต่อไม่ได้",
        "The requests your coordinator assigned to you: say when you are helping, when it is done, or that you could"
        " not reach the person.",
    ),
    "help_queue.status": ("สถานะ", "Status"),
    "help_queue.need": ("ความช่วยเหลือที่ต้องการ", "Need"),
    "help_queue.area": ("พื้นที่ (รหัสหรือชื่อ)", "Area (code or name)"),
    "help_queue.open": ("ยังไม่ปิด (ทั้งหมด)", "Open (all)"),
    "help_queue.all": ("ทุกสถานะ", "Every status"),
    "help_queue.all_needs": ("ทุกเรื่อง", "Every need"),
    "help_queue.filter": ("แสดง", "Show"),
    "help_queue.count": (
        "{shown:,} จาก {total:,} คำขอ · พื้นที่ {area}",
        "{shown:,} of {total:,} {total|request|requests} · area {area}",
    ),
    "help_queue.empty": ("ไม่มีคำขอตามเงื่อนไขนี้", "No request matches."),
    "help_queue.waiting": ("รอ {time}", "Waiting {time}"),
    "help_queue.received": ("รับเมื่อ {time}", "Received {time}"),
    "help_queue.people": ("{n} คน", "{n} {n|person|people}"),
    "help_queue.assigned": ("ผู้รับเรื่อง: {name}", "Assigned to: {name}"),
    "help_queue.move": ("เปลี่ยนเป็น", "Move to"),
    "help_queue.assign_to": ("มอบหมายให้", "Assign to"),
    "help_queue.note": ("หมายเหตุ", "Note"),
    "help_queue.save": ("บันทึก", "Save"),
    "help_queue.closed": ("ปิดแล้ว", "Closed"),
    "help_queue.moved": ("บันทึกคำขอหมายเลข {id} แล้ว", "Request {id} saved."),
    "help_queue.expired": ("หน้านี้หมดอายุ โปรดลองอีกครั้ง", "This page expired; please try again."),
    "help_queue.map": ("แผนที่คำขอ", "Map of the requests"),
    "map.zoom_in": ("ขยายแผนที่", "Zoom in"),
    "map.zoom_out": ("ย่อแผนที่", "Zoom out"),
    "help_queue.synthetic": ("ข้อมูลสังเคราะห์ (ตัวอย่าง)", "Synthetic (demo)"),
    "help_queue.call": ("โทร {phone}", "Call {phone}"),
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


# an English word that follows a count: "{n|problem|problems}" is "problem" when n is 1 (or "1"), else "problems"
# (Thai nouns have no plural)
_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def t(key: str, lang: str, **values: object) -> str:
    """The label ``key`` in ``lang`` ("th" or "en"), with ``{name}`` placeholders filled and ``{n|one|many}`` the word
    for the count ``n``."""
    th, en = CATALOGUE[key]
    text = th if normalize_lang(lang) == "th" else en
    if not values:
        return text
    return _PLURAL.sub(lambda m: m[2] if str(values.get(m[1])) == "1" else m[3], text).format(**values)


def local_year(year: int | None, lang: str) -> int | None:
    """A Gregorian year as the page writes it: Buddhist era in Thai (2021 → 2564)."""
    return None if year is None else year + 543 if normalize_lang(lang) == "th" else year


def denominator_text(denominator: str, lang: str, dopa_year: int | None = None) -> str:
    """The denominator in words; the DOPA registration's year when it is known (ประชากรตามทะเบียนราษฎร (DOPA 2564))."""
    if denominator == "dopa" and dopa_year:
        return t("denominator.dopa_year", lang, year=local_year(dopa_year, lang))
    return t(f"denominator.{denominator}", lang)


def format_date(day: dt.date | None, lang: str) -> str:
    """26 พ.ย. 2569 in Thai (Buddhist era), 26 Nov 2026 in English."""
    if day is None:
        return "–"
    if normalize_lang(lang) == "th":
        return f"{day.day} {_MONTHS_TH[day.month - 1]} {day.year + 543}"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def notes(lang: str, threshold: int = 5, dopa_year: int | None = None) -> dict[str, str]:
    """Why an area's value is missing or unusual, by note code (see data/metrics.py); ``threshold``: below it a count
    from survey records is hidden (data/disclosure.py), its note says so and it reads "<threshold". ``dopa_year``:
    the denominator is the DOPA registration of that year (``data.metrics.population_year``), not a target population."""
    keys = ("no_report", "no_district_report", "no_population", "over_100", "same_report")
    labels = {
        "label.vaccinated": t("map.vaccinated", lang),
        "label.population": t("map.population_dopa", lang, year=local_year(dopa_year, lang))
        if dopa_year
        else t("map.population", lang),
        "label.count": t("label.count", lang),
        "label.as_of": t("table.as_of", lang),
    }
    hidden = {"suppressed": t("note.suppressed", lang, n=threshold), "count.suppressed": f"<{threshold}"}
    return {k: t(f"note.{k}", lang) for k in keys} | hidden | {"unit.change": t("unit.change", lang)} | labels


def legend_number(value: float) -> str:
    """Class bounds: one decimal from 10 up, two from 1 up, three significant digits below (tiny rates stay apart)."""
    if abs(value) >= 10:
        return f"{value:,.1f}"
    if abs(value) >= 1 or value == 0:
        return f"{value:,.2f}"
    return f"{value:.3g}"
