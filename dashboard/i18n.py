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
    "nav.find": ("ค้นหาจุดบริการ", "Find a service point"),
    "nav.survey": ("บันทึกแบบสำรวจ", "Survey form"),
    "nav.facilities": ("สถานบริการในพื้นที่", "Facilities"),
    "nav.upload": ("นำเข้าไฟล์", "Upload a file"),
    "nav.uploads": ("ประวัติการนำเข้า", "Upload history"),
    "nav.duplicates": ("รายการที่อาจซ้ำ", "Possible duplicates"),
    "nav.sign_in": ("เข้าสู่ระบบ", "Sign in"),
    "nav.sign_out": ("ออกจากระบบ", "Sign out"),
    "auth.needed": ("หน้านี้สำหรับผู้ที่เข้าสู่ระบบแล้ว", "This page is for signed-in users"),
    "auth.not_allowed": (
        "หน้านี้สำหรับ{role}ขึ้นไป บัญชีของคุณเปิดหน้านี้ไม่ได้",
        "This page is for a {role} or above; your account cannot open it",
    ),
    # -- survey form (dashboard/pages/survey_form.py) --
    # -- facility pages (dashboard/pages/facilities.py, facility_form.py) --
    # -- upload pages (dashboard/pages/upload.py, upload_history.py) --
    # -- duplicates review (dashboard/pages/duplicates.py) --
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
    "note.suppressed": ("น้อยกว่า 5 ราย: ไม่แสดงเพื่อคุ้มครองข้อมูลส่วนบุคคล", "fewer than 5: hidden to protect privacy"),
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
    "control.play": ("เล่นตามวันที่", "Play through the dates"),
    "metric.coverage": ("ความครอบคลุมการฉีดวัคซีน (%)", "Vaccination coverage (%)"),
    "metric.change": ("การเปลี่ยนแปลงความครอบคลุม (จุดร้อยละ)", "Change in coverage (percentage points)"),
    "metric.unvaccinated_per_1000": (
        "ผู้ยังไม่ได้รับวัคซีนที่อาสาข้อมูลพบ ต่อประชากร 1,000 คน",
        "Unvaccinated people found by volunteers per 1,000 residents",
    ),
    "metric.facilities_per_100k": ("สถานบริการต่อประชากร 100,000 คน", "Facilities per 100,000 residents"),
    "unit.coverage": ("%", "%"),
    "unit.change": (" จุด", " pp"),
    "unit.unvaccinated_per_1000": ("", ""),
    "unit.facilities_per_100k": ("", ""),
    "denominator.moph": ("ประชากรเป้าหมาย (สธ.)", "Target population (MOPH)"),
    "denominator.dopa": ("ประชากรตามทะเบียนราษฎร (ปค.)", "Registered residents (DOPA)"),
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
    "summary.rate": ("{n} จาก {total} พื้นที่มีค่า · ณ {date}", "{n} of {total} areas with a value · as of {date}"),
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
    "chart.trend": ("แนวโน้มความครอบคลุม", "Coverage over time"),
    "chart.groups": ("ความครอบคลุมตามกลุ่มเป้าหมาย", "Coverage by target group"),
    "table.name": ("พื้นที่", "Area"),
    "table.value_label": ("ค่า", "Value"),
    "table.vaccinated": ("ได้รับวัคซีน", "Vaccinated"),
    "table.population": ("ประชากร", "Population"),
    "table.as_of": ("รายงาน ณ", "Report of"),
    "table.note_text": ("หมายเหตุ", "Note"),
    "export.nothing": ("มุมมองนี้ไม่มีค่าให้ดาวน์โหลด", "nothing to download in this view: no values"),
    "export.title": ("ดาวน์โหลดสิ่งที่เห็น", "Download what you see"),
    "export.csv": ("ตาราง CSV", "Table CSV"),
    "export.geojson": ("GeoJSON", "GeoJSON"),
    "export.html": ("แผนที่ HTML (เปิดได้ไม่ต้องใช้อินเทอร์เน็ต)", "HTML map (opens offline)"),
    "export.png": ("ภาพ PNG: ปุ่มกล้องบนแผนที่", "PNG: the camera button on the map"),
    "crumb.country": ("ประเทศไทย", "Thailand"),
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
    "error.not_found": ("ไม่พบหน้าที่ต้องการ", "Page not found"),
    # -- the public finder (/find) --
    "find.title": ("ค้นหาจุดบริการใกล้คุณ", "Find a service point near you"),
    "find.type": ("ต้องการหา", "Looking for"),
    "find.locate": ("◎ ใช้ตำแหน่งปัจจุบันของฉัน", "◎ Use my current location"),
    "find.place": ("หรือพิมพ์ชื่อตำบล อำเภอ หรือจังหวัด", "or type a subdistrict, district or province"),
    "find.place_example": ("เช่น สุเทพ หรือ เชียงใหม่", "e.g. Suthep or Chiang Mai"),
    "find.place_button": ("ค้นหา", "Search"),
    "find.tap_hint": ("หรือแตะบนแผนที่ตรงที่คุณอยู่", "or tap the map where you are"),
    "find.filters": ("ตัวกรองเพิ่มเติม", "More filters"),
    "find.open_now": ("เปิดอยู่ตอนนี้ (รวมที่ไม่ทราบเวลาทำการ)", "Open now (including those with unknown hours)"),
    "find.services": ("บริการ", "Services"),
    "find.date": ("เปิดในวันที่", "Open on"),
    "find.max_km": ("ระยะทางไม่เกิน", "Distance up to"),
    "find.max_km.any": ("ไม่จำกัด", "any distance"),
    "find.km": ("{km} กม.", "{km} km"),
    "find.m": ("{m} ม.", "{m} m"),
    "find.more": ("แสดงเพิ่มอีก", "Show more"),
    "find.prompt": (
        "เลือกตำแหน่งของคุณเพื่อดูจุดบริการที่ใกล้ที่สุด: กดปุ่มใช้ตำแหน่ง พิมพ์ชื่อสถานที่ หรือแตะบนแผนที่",
        "Set your location to see the nearest service points: use your location, type a place, or tap the map.",
    ),
    "find.locating": (
        "กำลังหาตำแหน่งของคุณ… (เบราว์เซอร์อาจถามขออนุญาตก่อน)",
        "Finding your location… (the browser may ask your permission first)",
    ),
    "find.geo.denied": (
        "เบราว์เซอร์ไม่อนุญาตให้ใช้ตำแหน่งของคุณ: เปิดสิทธิ์เข้าถึงตำแหน่งในการตั้งค่าเบราว์เซอร์ หรือพิมพ์ชื่อสถานที่/แตะบนแผนที่แทน",
        "The browser did not allow access to your location: allow it in the browser's settings, or type a place / tap the map instead.",
    ),
    "find.geo.insecure": (
        "เบราว์เซอร์ให้ตำแหน่งเฉพาะกับเว็บไซต์ที่เปิดผ่าน https: พิมพ์ชื่อสถานที่หรือแตะบนแผนที่แทน",
        "The browser shares your location only with sites opened over https: type a place or tap the map instead.",
    ),
    "find.geo.unavailable": (
        "หาตำแหน่งของคุณไม่ได้ในขณะนี้ ({detail}): พิมพ์ชื่อสถานที่หรือแตะบนแผนที่แทน",
        "Your location is not available right now ({detail}): type a place or tap the map instead.",
    ),
    "find.geo.timeout": (
        "หาตำแหน่งไม่ทันเวลา ลองอีกครั้งในที่โล่ง หรือพิมพ์ชื่อสถานที่/แตะบนแผนที่แทน",
        "Finding your location took too long: try again in the open, or type a place / tap the map instead.",
    ),
    "find.place.empty": (
        "พิมพ์ชื่อตำบล อำเภอ หรือจังหวัดก่อนกดค้นหา เช่น สุเทพ หรือ เชียงใหม่",
        "Type a subdistrict, district or province first, e.g. Suthep or Chiang Mai.",
    ),
    "find.place.none": ("ไม่พบสถานที่ชื่อ “{text}”", "No place called “{text}”."),
    "find.place.did_you_mean": ("หมายถึงที่ใดที่หนึ่งต่อไปนี้หรือไม่ (แตะเพื่อค้นหา)", "Did you mean one of these? (tap to search)"),
    "find.place.ambiguous": (
        "มีหลายแห่งชื่อ “{text}” แตะเลือกแห่งที่ต้องการ",
        "Several places are called “{text}”: tap the one you mean.",
    ),
    "find.place.no_suggestion": (
        "ลองพิมพ์ชื่อจังหวัด อำเภอ หรือตำบล เป็นภาษาไทยหรืออังกฤษ เช่น เชียงใหม่ หรือ Chiang Mai",
        "Try a province, district or subdistrict name in Thai or English, e.g. เชียงใหม่ or Chiang Mai.",
    ),
    "find.here.point": ("ค้นหาจาก: {where}", "Searching from: {where}"),
    "find.here.area": (
        "ค้นหาจากจุดหนึ่งภายใน{where} (พิมพ์ชื่อตำบลหรือแตะแผนที่เพื่อให้ใกล้ขึ้น)",
        "Searching from a point inside {where} (type a subdistrict or tap the map to be more precise)",
    ),
    "find.here.legend": ("ตำแหน่งที่ค้นหา", "Searching from"),
    "find.results.legend": ("{type} (แตะจุดเพื่อดูรายละเอียด)", "{type} (tap a dot for its details)"),
    "find.summary.nearest": (
        "แสดง {n} แห่งที่ใกล้ที่สุด จากทั้งหมด {total} แห่งที่เปิดในวันที่ {date} · ไกลสุด {km}",
        "Showing the {n} nearest of {total} open on {date} · the farthest is {km} away",
    ),
    "find.summary.within": (
        "แสดง {n} จาก {total} แห่ง ในระยะ {km} ที่เปิดในวันที่ {date}",
        "Showing {n} of {total} within {km} open on {date}",
    ),
    "find.none": (
        "ไม่พบ{type}ที่เปิดในวันที่ {date} ตามเงื่อนไขที่เลือก",
        "Nothing found for “{type}” open on {date} with these filters.",
    ),
    "find.none.hint": (
        "ลองเอาตัวกรองออก เพิ่มระยะทาง หรือเปลี่ยนวันที่ใน “ตัวกรองเพิ่มเติม” (โรงพยาบาลสนามและจุดพักคอยเปิดเป็นช่วงเวลาเท่านั้น)",
        "Try removing a filter, a longer distance, or another date under “More filters” (field hospitals and isolation centres open for a period only).",
    ),
    "find.open_now.yes": ("เปิดอยู่ตอนนี้", "Open now"),
    "find.open_now.no": ("ปิดอยู่ตอนนี้", "Closed now"),
    "find.hours": ("เวลาทำการ {hours}", "Hours {hours}"),
    "find.hours.unknown": ("ไม่ทราบเวลาทำการ", "Opening hours not known"),
    "find.beds": ("เตียงว่าง {available} จาก {total}", "{available} of {total} beds free"),
    "find.beds_total": ("{total} เตียง", "{total} beds"),
    "find.valid": ("เปิด {start} ถึง {end}", "Open {start} to {end}"),
    "find.stale": (
        "⚠ ไม่ได้ปรับปรุงข้อมูลมา {days} วัน (ล่าสุด {date}) โทรสอบถามก่อนไป",
        "⚠ Not updated for {days} days (last {date}): call to confirm before you go",
    ),
    "find.stale_unknown": (
        "⚠ ไม่ทราบวันที่ปรับปรุงข้อมูล โทรสอบถามก่อนไป",
        "⚠ Last update unknown: call to confirm before you go",
    ),
    "find.call": ("☎ โทร {phone}", "☎ Call {phone}"),
    "find.no_phone": ("ไม่มีหมายเลขโทรศัพท์ในระบบ", "No phone number on record"),
    "find.directions": ("➤ เส้นทาง", "➤ Directions"),
    "find.map_app": ("เปิดในแอปแผนที่", "Open in a map app"),
    "find.source": ("ที่มา: {source}", "Source: {source}"),
    "find.error.missing": (
        "ต้องระบุทั้งละติจูด (lat) และลองจิจูด (lon) เช่น ?lat=18.7883&lon=98.9853",
        "Both lat and lon are needed, e.g. ?lat=18.7883&lon=98.9853",
    ),
    "find.error.not_number": (
        "{name} = “{value}” ไม่ใช่ตัวเลข: ใส่พิกัดเป็นองศาทศนิยม เช่น lat=18.7883&lon=98.9853",
        "{name} = “{value}” is not a number: give decimal degrees, e.g. lat=18.7883&lon=98.9853",
    ),
    "find.error.range": (
        "{name} = {value} ต้องอยู่ระหว่าง {low} ถึง {high}",
        "{name} = {value} must be between {low} and {high}.",
    ),
    "find.error.outside": (
        "ตำแหน่ง {lat}, {lon} อยู่นอกประเทศไทย ระบบนี้ค้นหาได้เฉพาะในประเทศไทย: พิมพ์ชื่อสถานที่หรือแตะบนแผนที่",
        "{lat}, {lon} is outside Thailand and the finder covers Thailand only: type a place or tap the map.",
    ),
    "find.error.swapped": ("ละติจูดและลองจิจูดสลับกันหรือไม่", "Did you swap lat and lon?"),
    "find.error.type": (
        "ไม่รู้จักประเภท “{value}” จึงแสดง{default}แทน",
        "Unknown type “{value}”: showing {default} instead.",
    ),
    "find.error.k": (
        "k = “{value}” ใช้ไม่ได้: แสดงได้ครั้งละ 1–{max} แห่ง จึงแสดง {k} แห่ง",
        "k = “{value}” cannot be used: the finder lists 1 to {max} at a time, so it shows {k}.",
    ),
    "find.error.service": (
        "ไม่รู้จักบริการ “{value}” จึงไม่ได้ใช้ตัวกรองนี้",
        "Unknown service “{value}”: that filter was left out.",
    ),
    "find.error.date": (
        "วันที่ “{value}” ใช้ไม่ได้ (ใช้รูปแบบ ปี-เดือน-วัน เช่น 2021-09-15) จึงแสดงของวันนี้",
        "The date “{value}” cannot be read (use YYYY-MM-DD, e.g. 2021-09-15): showing today.",
    ),
    "find.error.max_km": (
        "ระยะ “{value}” ใช้ไม่ได้ (ต้องเป็นตัวเลขไม่เกิน 2000 กม.) จึงไม่จำกัดระยะ",
        "The distance “{value}” cannot be used (a number of km up to 2000): no distance limit applied.",
    ),
    # -- the coverage map's facility layer --
    "facility.layer_title": ("สถานบริการที่เปิด ณ {date}", "Facilities open on {date}"),
    "facility.types": ("ประเภทสถานบริการที่แสดง", "Facility types shown"),
    "facility.statuses": ("สถานะ", "Status"),
    "facility.beds_available": ("เตียงว่าง", "Beds free"),
    "facility.hours": ("เวลาทำการ", "Hours"),
    "facility.phone": ("โทร", "Phone"),
    "facility.valid": ("เปิดชั่วคราว {start} – {end}", "Temporary: open {start} – {end}"),
    "facility.cluster": ("สถานบริการ {n} แห่ง", "{n} facilities"),
    "facility.cluster_synthetic": ("เป็นข้อมูลสังเคราะห์ {n} แห่ง", "{n} of them synthetic (demo)"),
    "facility.zoom_in": ("ซูมเข้าเพื่อดูแต่ละแห่ง", "zoom in to see each one"),
    "facility.legend_cluster": (
        "กลุ่มสถานบริการ (ยิ่งใหญ่ยิ่งมาก) ซูมเข้าเพื่อดูแต่ละแห่ง",
        "groups of facilities (bigger = more); zoom in to see each one",
    ),
    "facility.legend_synthetic": ("{n} แห่งในมุมมองนี้เป็นข้อมูลสังเคราะห์", "{n} in view are synthetic (demo)"),
    "facility.legend_none": ("ไม่มีสถานบริการที่ตรงเงื่อนไขในมุมมองนี้", "no facility matches in this view"),
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


def notes(lang: str) -> dict[str, str]:
    """Why an area's value is missing or unusual, by note code (see data/metrics.py)."""
    keys = ("no_report", "no_district_report", "no_population", "over_100", "suppressed", "same_report")
    labels = {
        "label.vaccinated": t("map.vaccinated", lang),
        "label.population": t("map.population", lang),
        "label.count": t("label.count", lang),
        "label.as_of": t("table.as_of", lang),
    }
    return {k: t(f"note.{k}", lang) for k in keys} | {"unit.change": t("unit.change", lang)} | labels


def legend_number(value: float) -> str:
    """Class bounds: one decimal from 10 up, two from 1 up, three significant digits below (tiny rates stay apart)."""
    if abs(value) >= 10:
        return f"{value:,.1f}"
    if abs(value) >= 1 or value == 0:
        return f"{value:,.2f}"
    return f"{value:.3g}"
