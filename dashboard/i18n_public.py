"""The public pages' labels in the five languages of the people they serve: Thai, English, Burmese (my), Khmer (km)
and Lao (lo) — migrant workers and their families read the last three. One catalogue for the public pages (the staff
pages keep dashboard/i18n.py, Thai and English); every key has every language (tests/test_i18n_public.py).

Write short, plain sentences with the words health workers use. The Burmese, Khmer and Lao texts have not yet been
reviewed by native speakers (``REVIEWED``): until one has, their pages say so in one quiet line. Place and facility
names are data, never translated here. Dates: Buddhist era and Thai months in Thai; the Gregorian year with the
month's name in the other languages; Western digits everywhere (phone numbers and distances as on signs).
"""

from __future__ import annotations

import datetime as dt

PUBLIC_LANGS = ("th", "en", "my", "km", "lo")
REVIEWED = ("th", "en")  # languages a native speaker has reviewed; the others say they have not been
# each language by its own name, as a person looking for it reads it
LANGUAGE_NAMES = {"th": "ไทย", "en": "English", "my": "မြန်မာ", "km": "ខ្មែរ", "lo": "ລາວ"}
# the data sources by their names and licences, for the pages in Burmese, Khmer and Lao (the Thai and English pages
# list them in full: dashboard.i18n.SOURCES)
SOURCE_NAMES = (
    "RTSD COD-AB · OCHA/HDX (CC BY-IGO 3.0) · prasertcbs · geothai (CC BY 4.0)",
    "MOPH / DDC · djay/covidthailand (CC BY 4.0)",
    "mapedia-th/away-covid (Apache-2.0)",
    "DOPA · stat.bora.dopa.go.th",
)

# key: (th, en, my, km, lo)
PUBLIC: dict[str, tuple[str, str, str, str, str]] = {
    # -- the frame of a public page --
    "public.app": ("จิตอาสา แผนที่", "Jitasa Map", "Jitasa မြေပုံ", "ផែនទី Jitasa", "ແຜນທີ່ Jitasa"),
    "public.skip": (
        "ข้ามไปยังเนื้อหา",
        "Skip to the content",
        "အကြောင်းအရာသို့ ကျော်သွားရန်",
        "រំលងទៅខ្លឹមសារ",
        "ຂ້າມໄປຫາເນື້ອຫາ",
    ),
    "public.language": ("ภาษา", "Language", "ဘာသာစကား", "ភាសា", "ພາສາ"),
    "public.unreviewed": (
        "คำแปลนี้ยังไม่ได้ตรวจโดยเจ้าของภาษา",
        "This translation has not yet been checked by a native speaker.",
        "ဤဘာသာပြန်ကို မြန်မာစကား မိခင်ဘာသာစကားပြောသူ တစ်ဦးက မစစ်ဆေးရသေးပါ။",
        "ការបកប្រែនេះ មិនទាន់ត្រូវបានពិនិត្យដោយអ្នកនិយាយភាសាខ្មែរពីកំណើតនៅឡើយទេ។",
        "ການແປນີ້ ຍັງບໍ່ທັນໄດ້ກວດໂດຍຄົນທີ່ເວົ້າພາສາລາວ.",
    ),
    "public.sources": (
        "แหล่งข้อมูลและสัญญาอนุญาต",
        "Data sources and licences",
        "အချက်အလက် ရင်းမြစ်များနှင့် လိုင်စင်များ",
        "ប្រភពទិន្នន័យ និងអាជ្ញាប័ណ្ណ",
        "ແຫຼ່ງຂໍ້ມູນ ແລະ ໃບອະນຸຍາດ",
    ),
    "public.synthetic_footer": (
        "สถานที่ที่มีป้าย “ข้อมูลสังเคราะห์ (ตัวอย่าง)” สร้างขึ้นเพื่อสาธิตระบบเท่านั้น ไม่ใช่สถานที่จริง",
        "Places labelled “synthetic (demo)” were made up to show how the system works. They are not real.",
        "“နမူနာ (အတု)” ဟု ပြထားသော နေရာများကို စနစ်ကို ပြသရန်သာ ဖန်တီးထားသည်။ တကယ့်နေရာ မဟုတ်ပါ။",
        "ទីកន្លែងដែលមានស្លាក “ទិន្នន័យគំរូ (មិនពិត)” ត្រូវបានបង្កើតឡើងសម្រាប់បង្ហាញប្រព័ន្ធប៉ុណ្ណោះ។ វាមិនមែនជាទីកន្លែងពិតទេ។",
        "ສະຖານທີ່ທີ່ມີປ້າຍ “ຂໍ້ມູນຕົວຢ່າງ (ບໍ່ແມ່ນຂອງແທ້)” ສ້າງຂຶ້ນເພື່ອສາທິດລະບົບເທົ່ານັ້ນ. ບໍ່ແມ່ນສະຖານທີ່ແທ້.",
    ),
    # -- what a place is (data.registries FACILITY_TYPES, SERVICES, FACILITY_STATUSES) --
    "type.vaccination_point": (
        "จุดฉีดวัคซีน",
        "Vaccination point",
        "ကာကွယ်ဆေးထိုးသည့်နေရာ",
        "កន្លែងចាក់វ៉ាក់សាំង",
        "ຈຸດສັກວັກຊີນ",
    ),
    "type.test_site": ("จุดตรวจโควิด", "COVID test site", "ကိုဗစ် စစ်ဆေးသည့်နေရာ", "កន្លែងធ្វើតេស្តកូវីដ", "ຈຸດກວດໂຄວິດ"),
    "type.hospital": ("โรงพยาบาล", "Hospital", "ဆေးရုံ", "មន្ទីរពេទ្យ", "ໂຮງໝໍ"),
    "type.field_hospital": (
        "โรงพยาบาลสนาม",
        "Field hospital",
        "ယာယီဆေးရုံ",
        "មន្ទីរពេទ្យបណ្តោះអាសន្ន",
        "ໂຮງໝໍສະໜາມ",
    ),
    "type.community_isolation": (
        "จุดพักคอย",
        "Community isolation centre",
        "ရပ်ကွက် သီးသန့်ခွဲထားရေး စခန်း",
        "មណ្ឌលដាក់ឱ្យនៅដាច់ដោយឡែកក្នុងសហគមន៍",
        "ສູນພັກຄອຍຊຸມຊົນ",
    ),
    "type.oxygen_refill": (
        "จุดเติมออกซิเจน",
        "Oxygen refill point",
        "အောက်ဆီဂျင် ဖြည့်သည့်နေရာ",
        "កន្លែងបំពេញអុកស៊ីសែន",
        "ຈຸດເຕີມອົກຊີເຈນ",
    ),
    "service.vaccination": ("ฉีดวัคซีน", "Vaccination", "ကာကွယ်ဆေးထိုးခြင်း", "ចាក់វ៉ាក់សាំង", "ສັກວັກຊີນ"),
    "service.walk_in": (
        "รับผู้ไม่ได้นัดหมาย (walk-in)",
        "Walk-in (no appointment)",
        "ချိန်းဆိုရန် မလိုဘဲ လာနိုင်သည်",
        "មកដោយមិនចាំបាច់ណាត់ជួប",
        "ມາໄດ້ເລີຍ ບໍ່ຕ້ອງນັດ",
    ),
    "service.home_visit": (
        "ฉีดที่บ้านสำหรับผู้ป่วยติดเตียง",
        "Home visits for bedridden people",
        "အိပ်ရာထဲမှ မထနိုင်သူများအတွက် အိမ်အရောက် ထိုးပေးခြင်း",
        "ចាក់នៅផ្ទះសម្រាប់អ្នកជំងឺដេកលើគ្រែ",
        "ສັກຢູ່ເຮືອນສຳລັບຄົນເຈັບຕິດຕຽງ",
    ),
    "service.child_doses": (
        "วัคซีนสำหรับเด็ก",
        "Children's doses",
        "ကလေးများအတွက် ကာကွယ်ဆေး",
        "វ៉ាក់សាំងសម្រាប់កុមារ",
        "ວັກຊີນສຳລັບເດັກນ້ອຍ",
    ),
    "status.open": ("เปิดให้บริการ", "Open", "ဖွင့်ထားသည်", "បើក", "ເປີດ"),
    "status.full": ("เต็ม", "Full", "နေရာ ပြည့်နေသည်", "ពេញ", "ເຕັມ"),
    "status.temporarily_closed": ("ปิดชั่วคราว", "Temporarily closed", "ယာယီ ပိတ်ထားသည်", "បិទបណ្តោះអាសន្ន", "ປິດຊົ່ວຄາວ"),
    "status.closed": ("ปิดถาวร", "Closed", "ပိတ်လိုက်ပြီ", "បិទជាអចិន្ត្រៃយ៍", "ປິດແລ້ວ"),
    "find.status_unknown": ("ไม่ทราบสถานะ", "Status not known", "အခြေအနေ မသိရပါ", "មិនដឹងស្ថានភាព", "ບໍ່ຮູ້ສະຖານະ"),
    "find.synthetic": (
        "ข้อมูลสังเคราะห์ (ตัวอย่าง) ไม่ใช่สถานที่จริง",
        "synthetic (demo): not a real place",
        "နမူနာ (အတု) - တကယ့်နေရာ မဟုတ်ပါ",
        "ទិន្នន័យគំរូ (មិនពិត) - មិនមែនជាទីកន្លែងពិតទេ",
        "ຂໍ້ມູນຕົວຢ່າງ (ບໍ່ແມ່ນຂອງແທ້) - ບໍ່ແມ່ນສະຖານທີ່ແທ້",
    ),
    # -- the finder's form --
    "find.title": (
        "ค้นหาจุดบริการใกล้คุณ",
        "Find a service point near you",
        "သင့်အနီးရှိ ကျန်းမာရေး ဝန်ဆောင်မှုနေရာ ရှာရန်",
        "ស្វែងរកកន្លែងសេវាសុខាភិបាលនៅជិតអ្នក",
        "ຊອກຫາບ່ອນບໍລິການສຸຂະພາບໃກ້ທ່ານ",
    ),
    "find.type": ("ต้องการหา", "Looking for", "ရှာလိုသည်", "ស្វែងរក", "ຕ້ອງການຊອກຫາ"),
    "find.vaccination": ("ฉีดวัคซีน", "Vaccination", "ကာကွယ်ဆေးထိုးရန်", "ចាក់វ៉ាក់សាំង", "ສັກວັກຊີນ"),
    "find.locate": (
        "◎ ใช้ตำแหน่งของฉัน",
        "◎ Use my location",
        "◎ ကျွန်ုပ်၏ တည်နေရာကို သုံးပါ",
        "◎ ប្រើទីតាំងរបស់ខ្ញុំ",
        "◎ ໃຊ້ທີ່ຕັ້ງຂອງຂ້ອຍ",
    ),
    "find.place": (
        "หรือพิมพ์ชื่อตำบล อำเภอ หรือจังหวัด",
        "or type a subdistrict, district or province",
        "သို့မဟုတ် ရပ်ကွက်၊ မြို့နယ် သို့မဟုတ် ပြည်နယ် အမည်ကို ရိုက်ပါ",
        "ឬវាយឈ្មោះឃុំ ស្រុក ឬខេត្ត",
        "ຫຼື ພິມຊື່ຕາແສງ, ເມືອງ ຫຼື ແຂວງ",
    ),
    "find.place_hint": (
        "พิมพ์เป็นภาษาไทยหรือภาษาอังกฤษ",
        "In Thai or in English letters",
        "ထိုင်း သို့မဟုတ် အင်္ဂလိပ် စာလုံးဖြင့် ရိုက်ပါ",
        "វាយជាអក្សរថៃ ឬអក្សរអង់គ្លេស",
        "ພິມເປັນອັກສອນໄທ ຫຼື ອັກສອນອັງກິດ",
    ),
    "find.place_example": (
        "เช่น สุเทพ หรือ เชียงใหม่",
        "e.g. Suthep or Chiang Mai",
        "ဥပမာ เชียงใหม่ သို့မဟုတ် Chiang Mai",
        "ឧទាហរណ៍ เชียงใหม่ ឬ Chiang Mai",
        "ເຊັ່ນ เชียงใหม่ ຫຼື Chiang Mai",
    ),
    "find.search": ("ค้นหา", "Search", "ရှာမည်", "ស្វែងរក", "ຊອກຫາ"),
    "find.change": ("เปลี่ยน", "change", "ပြောင်းရန်", "ផ្លាស់ប្តូរ", "ປ່ຽນ"),
    "find.collapsed": (
        "ใกล้ {where} · {what}",
        "near {where} · {what}",
        "{where} အနီး · {what}",
        "ជិត {where} · {what}",
        "ໃກ້ {where} · {what}",
    ),
    "find.filters": ("ตัวกรองเพิ่มเติม", "More filters", "နောက်ထပ် စစ်ထုတ်ရန်", "តម្រងបន្ថែម", "ຕົວກອງເພີ່ມເຕີມ"),
    "find.open_now": (
        "เปิดอยู่ตอนนี้ (รวมที่ไม่ทราบเวลาทำการ)",
        "Open now (or hours not known)",
        "ယခု ဖွင့်ထားသည် (ဖွင့်ချိန် မသိသည့်နေရာများ အပါအဝင်)",
        "កំពុងបើកឥឡូវនេះ (រួមទាំងកន្លែងដែលមិនដឹងម៉ោងបើក)",
        "ເປີດຢູ່ຕອນນີ້ (ລວມທັງບ່ອນທີ່ບໍ່ຮູ້ເວລາເປີດ)",
    ),
    "find.services": ("บริการ", "Services", "ဝန်ဆောင်မှုများ", "សេវា", "ບໍລິການ"),
    "find.date": ("เปิดในวันที่", "Open on", "ဖွင့်သည့်ရက်", "បើកនៅថ្ងៃ", "ເປີດໃນວັນທີ"),
    "find.max_km": ("ระยะทางไม่เกิน", "Distance up to", "အကွာအဝေး အများဆုံး", "ចម្ងាយមិនលើស", "ໄລຍະທາງບໍ່ເກີນ"),
    "find.max_km.any": (
        "ไม่จำกัด",
        "any distance",
        "အကွာအဝေး မကန့်သတ်",
        "មិនកំណត់ចម្ងាយ",
        "ບໍ່ຈຳກັດໄລຍະທາງ",
    ),
    "find.km": ("{km} กม.", "{km} km", "{km} ကီလိုမီတာ", "{km} គ.ម.", "{km} ກມ."),
    "find.m": ("{m} ม.", "{m} m", "{m} မီတာ", "{m} ម៉ែត្រ", "{m} ແມັດ"),
    "find.more": ("แสดงเพิ่มอีก", "Show more", "နောက်ထပ် ပြပါ", "បង្ហាញបន្ថែម", "ສະແດງເພີ່ມ"),
    "find.prompt": (
        "เลือกตำแหน่งของคุณเพื่อดูจุดบริการที่ใกล้ที่สุด: กดใช้ตำแหน่งของฉัน หรือพิมพ์ชื่อสถานที่",
        "Say where you are to see the nearest places: use your location, or type a place.",
        "အနီးဆုံးနေရာများကို ကြည့်ရန် သင့်တည်နေရာကို ပြောပါ- တည်နေရာ ခလုတ်ကို နှိပ်ပါ သို့မဟုတ် နေရာအမည် ရိုက်ပါ။",
        "ប្រាប់ទីតាំងរបស់អ្នក ដើម្បីមើលកន្លែងដែលនៅជិតបំផុត៖ ចុចប្រើទីតាំងរបស់ខ្ញុំ ឬវាយឈ្មោះទីកន្លែង។",
        "ບອກບ່ອນທີ່ທ່ານຢູ່ ເພື່ອເບິ່ງບ່ອນທີ່ໃກ້ທີ່ສຸດ: ກົດໃຊ້ທີ່ຕັ້ງຂອງຂ້ອຍ ຫຼື ພິມຊື່ສະຖານທີ່.",
    ),
    "find.locating": (
        "กำลังหาตำแหน่งของคุณ…",
        "Finding your location…",
        "သင့်တည်နေရာကို ရှာနေသည်…",
        "កំពុងរកទីតាំងរបស់អ្នក…",
        "ກຳລັງຊອກຫາທີ່ຕັ້ງຂອງທ່ານ…",
    ),
    "find.geo.denied": (
        "เบราว์เซอร์ไม่อนุญาตให้ใช้ตำแหน่งของคุณ: พิมพ์ชื่อสถานที่แทน",
        "The phone did not share your location: type a place instead.",
        "ဖုန်းက သင့်တည်နေရာကို မပေးပါ။ နေရာအမည်ကို ရိုက်ပါ။",
        "ទូរស័ព្ទមិនបានចែករំលែកទីតាំងរបស់អ្នកទេ។ សូមវាយឈ្មោះទីកន្លែងជំនួសវិញ។",
        "ໂທລະສັບບໍ່ໄດ້ແບ່ງປັນທີ່ຕັ້ງຂອງທ່ານ. ກະລຸນາພິມຊື່ສະຖານທີ່ແທນ.",
    ),
    "find.geo.insecure": (
        "เบราว์เซอร์ให้ตำแหน่งเฉพาะกับเว็บไซต์ที่เปิดผ่าน https: พิมพ์ชื่อสถานที่แทน",
        "Your location works only on https sites: type a place instead.",
        "တည်နေရာသည် https ဝက်ဘ်ဆိုက်များတွင်သာ အလုပ်လုပ်သည်။ နေရာအမည်ကို ရိုက်ပါ။",
        "ទីតាំងដំណើរការតែលើគេហទំព័រ https ប៉ុណ្ណោះ។ សូមវាយឈ្មោះទីកន្លែងជំនួសវិញ។",
        "ທີ່ຕັ້ງໃຊ້ໄດ້ສະເພາະເວັບໄຊ https ເທົ່ານັ້ນ. ກະລຸນາພິມຊື່ສະຖານທີ່ແທນ.",
    ),
    "find.geo.unavailable": (
        "หาตำแหน่งของคุณไม่ได้ในขณะนี้: พิมพ์ชื่อสถานที่แทน",
        "Your location is not available now: type a place instead.",
        "ယခု သင့်တည်နေရာကို ရှာမတွေ့ပါ။ နေရာအမည်ကို ရိုက်ပါ။",
        "ឥឡូវនេះរកមិនឃើញទីតាំងរបស់អ្នកទេ។ សូមវាយឈ្មោះទីកន្លែងជំនួសវិញ។",
        "ຕອນນີ້ຊອກບໍ່ພົບທີ່ຕັ້ງຂອງທ່ານ. ກະລຸນາພິມຊື່ສະຖານທີ່ແທນ.",
    ),
    "find.geo.timeout": (
        "หาตำแหน่งไม่ทันเวลา ลองอีกครั้งในที่โล่ง หรือพิมพ์ชื่อสถานที่แทน",
        "Finding your location took too long: try again outside, or type a place.",
        "တည်နေရာ ရှာရာတွင် အချိန်ကြာလွန်းသည်။ အပြင်ဘက်တွင် ထပ်ကြိုးစားပါ သို့မဟုတ် နေရာအမည် ရိုက်ပါ။",
        "ការរកទីតាំងយូរពេក។ សូមព្យាយាមម្តងទៀតនៅខាងក្រៅ ឬវាយឈ្មោះទីកន្លែង។",
        "ຊອກຫາທີ່ຕັ້ງດົນເກີນໄປ. ລອງໃໝ່ຢູ່ບ່ອນແຈ້ງ ຫຼື ພິມຊື່ສະຖານທີ່.",
    ),
    "find.place.none": (
        "ไม่พบสถานที่ชื่อ “{text}”",
        "No place called “{text}”.",
        "“{text}” အမည်ရှိ နေရာ မတွေ့ပါ။",
        "រកមិនឃើញទីកន្លែងឈ្មោះ “{text}” ទេ។",
        "ບໍ່ພົບສະຖານທີ່ຊື່ “{text}”.",
    ),
    "find.place.did_you_mean": (
        "หมายถึงที่ใดที่หนึ่งต่อไปนี้หรือไม่ (แตะเพื่อค้นหา)",
        "Did you mean one of these? (tap to search)",
        "ဤနေရာများထဲမှ တစ်ခုကို ဆိုလိုပါသလား။ (ရှာရန် နှိပ်ပါ)",
        "តើអ្នកចង់និយាយពីកន្លែងមួយក្នុងចំណោមកន្លែងទាំងនេះទេ? (ចុចដើម្បីស្វែងរក)",
        "ທ່ານໝາຍເຖິງບ່ອນໃດບ່ອນໜຶ່ງໃນນີ້ບໍ? (ກົດເພື່ອຊອກຫາ)",
    ),
    "find.place.ambiguous": (
        "มีหลายแห่งชื่อ “{text}” แตะเลือกแห่งที่ต้องการ",
        "Several places are called “{text}”: tap the one you mean.",
        "“{text}” အမည်ရှိ နေရာ အများအပြား ရှိသည်။ သင်ဆိုလိုသော နေရာကို နှိပ်ပါ။",
        "មានទីកន្លែងច្រើនដែលមានឈ្មោះ “{text}”។ ចុចលើកន្លែងដែលអ្នកចង់បាន។",
        "ມີຫຼາຍບ່ອນຊື່ “{text}”. ກົດເລືອກບ່ອນທີ່ທ່ານຕ້ອງການ.",
    ),
    "find.place.no_suggestion": (
        "ลองพิมพ์ชื่อจังหวัด อำเภอ หรือตำบล เป็นภาษาไทยหรืออังกฤษ เช่น เชียงใหม่ หรือ Chiang Mai",
        "Try a province, district or subdistrict name in Thai or English, e.g. เชียงใหม่ or Chiang Mai.",
        "ပြည်နယ်၊ မြို့နယ် သို့မဟုတ် ရပ်ကွက် အမည်ကို ထိုင်း သို့မဟုတ် အင်္ဂလိပ်လို ရိုက်ကြည့်ပါ၊ ဥပမာ เชียงใหม่ သို့မဟုတ် Chiang Mai။",
        "សូមសាកល្បងវាយឈ្មោះខេត្ត ស្រុក ឬឃុំ ជាភាសាថៃ ឬអង់គ្លេស ឧទាហរណ៍ เชียงใหม่ ឬ Chiang Mai។",
        "ລອງພິມຊື່ແຂວງ, ເມືອງ ຫຼື ຕາແສງ ເປັນພາສາໄທ ຫຼື ອັງກິດ, ເຊັ່ນ เชียงใหม่ ຫຼື Chiang Mai.",
    ),
    # -- where from, how many --
    "find.here.point": (
        "ค้นหาจาก: {where}",
        "Searching from: {where}",
        "ရှာဖွေသည့်နေရာ- {where}",
        "ស្វែងរកពី៖ {where}",
        "ຊອກຫາຈາກ: {where}",
    ),
    "find.here.area": (
        "ค้นหาจากจุดหนึ่งภายใน{where} (พิมพ์ชื่อตำบลเพื่อให้ใกล้ขึ้น)",
        "Searching from a point inside {where} (type a subdistrict to be more precise)",
        "{where} အတွင်းရှိ နေရာတစ်ခုမှ ရှာဖွေနေသည် (ပိုတိကျစေရန် ရပ်ကွက်အမည် ရိုက်ပါ)",
        "ស្វែងរកពីចំណុចមួយក្នុង {where} (វាយឈ្មោះឃុំ ដើម្បីឱ្យកាន់តែច្បាស់)",
        "ຊອກຫາຈາກຈຸດໜຶ່ງພາຍໃນ {where} (ພິມຊື່ຕາແສງ ເພື່ອໃຫ້ໃກ້ກວ່ານີ້)",
    ),
    "find.here.legend": ("ตำแหน่งที่ค้นหา", "You are here", "သင်ရှိရာနေရာ", "អ្នកនៅទីនេះ", "ທ່ານຢູ່ນີ້"),
    "find.summary.nearest": (
        "แสดง {n} แห่งที่ใกล้ที่สุด จากทั้งหมด {total} แห่งที่เปิดในวันที่ {date} · ไกลสุด {km}",
        "The {n} nearest of {total} open on {date} · the farthest is {km} away",
        "{date} တွင် ဖွင့်ထားသော {total} နေရာထဲမှ အနီးဆုံး {n} နေရာ · အဝေးဆုံးမှာ {km}",
        "{n} កន្លែងដែលនៅជិតបំផុត ក្នុងចំណោម {total} កន្លែងដែលបើកនៅថ្ងៃ {date} · ឆ្ងាយបំផុត {km}",
        "{n} ບ່ອນທີ່ໃກ້ທີ່ສຸດ ຈາກທັງໝົດ {total} ບ່ອນທີ່ເປີດໃນວັນທີ {date} · ໄກສຸດ {km}",
    ),
    "find.summary.within": (
        "แสดง {n} จาก {total} แห่ง ในระยะ {km} ที่เปิดในวันที่ {date}",
        "{n} of {total} within {km}, open on {date}",
        "{km} အတွင်း {date} တွင် ဖွင့်ထားသော {total} နေရာထဲမှ {n} နေရာ",
        "{n} ក្នុងចំណោម {total} កន្លែង ក្នុងចម្ងាយ {km} ដែលបើកនៅថ្ងៃ {date}",
        "{n} ຈາກ {total} ບ່ອນ ໃນໄລຍະ {km} ທີ່ເປີດໃນວັນທີ {date}",
    ),
    "find.none": (
        "ไม่พบ{type}ที่เปิดในวันที่ {date} ตามเงื่อนไขที่เลือก",
        "Nothing found for “{type}” open on {date} with these filters.",
        "{date} တွင် ဖွင့်ထားသော “{type}” ကို ဤစစ်ထုတ်မှုများဖြင့် မတွေ့ပါ။",
        "រកមិនឃើញ “{type}” ដែលបើកនៅថ្ងៃ {date} តាមលក្ខខណ្ឌទាំងនេះទេ។",
        "ບໍ່ພົບ “{type}” ທີ່ເປີດໃນວັນທີ {date} ຕາມເງື່ອນໄຂທີ່ເລືອກ.",
    ),
    "find.none.hint": (
        "ลองเอาตัวกรองออก เพิ่มระยะทาง หรือเปลี่ยนวันที่ใน “ตัวกรองเพิ่มเติม”",
        "Try removing a filter, a longer distance or another date under “More filters”.",
        "“နောက်ထပ် စစ်ထုတ်ရန်” တွင် စစ်ထုတ်မှုကို ဖယ်ပါ၊ အကွာအဝေးကို တိုးပါ သို့မဟုတ် ရက်စွဲ ပြောင်းပါ။",
        "សូមដកតម្រងចេញ បង្កើនចម្ងាយ ឬប្តូរថ្ងៃ នៅក្នុង “តម្រងបន្ថែម”។",
        "ລອງເອົາຕົວກອງອອກ, ເພີ່ມໄລຍະທາງ ຫຼື ປ່ຽນວັນທີ ໃນ “ຕົວກອງເພີ່ມເຕີມ”.",
    ),
    "find.stale.list": (
        "ข้อมูลสถานที่เหล่านี้ยืนยันล่าสุดเมื่อ {month} อาจมีการเปลี่ยนแปลง",
        "These places were last confirmed in {month}: things may have changed.",
        "ဤနေရာများ၏ အချက်အလက်ကို {month} တွင် နောက်ဆုံး အတည်ပြုခဲ့သည်။ ပြောင်းလဲမှု ရှိနိုင်သည်။",
        "ព័ត៌មានអំពីកន្លែងទាំងនេះ ត្រូវបានបញ្ជាក់ចុងក្រោយនៅ {month}។ អាចមានការផ្លាស់ប្តូរ។",
        "ຂໍ້ມູນຂອງບ່ອນເຫຼົ່ານີ້ ຢືນຢັນຄັ້ງສຸດທ້າຍໃນ {month}. ອາດມີການປ່ຽນແປງ.",
    ),
    "find.fetched": (
        "ข้อมูล ณ {time} น. {date}",
        "List as of {time}, {date}",
        "{date} {time} အချိန်က စာရင်း",
        "បញ្ជីគិតត្រឹមម៉ោង {time} ថ្ងៃ {date}",
        "ລາຍຊື່ ເວລາ {time} ວັນທີ {date}",
    ),
    "find.offline": (
        "ขณะนี้ไม่มีอินเทอร์เน็ต: รายการนี้เป็นรายการที่บันทึกไว้ในเครื่อง",
        "You are offline: this is the list saved on your phone.",
        "ယခု အင်တာနက် မရှိပါ။ ဤစာရင်းသည် သင့်ဖုန်းတွင် သိမ်းထားသော စာရင်း ဖြစ်သည်။",
        "ឥឡូវនេះគ្មានអ៊ីនធឺណិតទេ។ បញ្ជីនេះគឺជាបញ្ជីដែលបានរក្សាទុកក្នុងទូរស័ព្ទរបស់អ្នក។",
        "ຕອນນີ້ບໍ່ມີອິນເຕີເນັດ. ລາຍຊື່ນີ້ແມ່ນລາຍຊື່ທີ່ບັນທຶກໄວ້ໃນໂທລະສັບຂອງທ່ານ.",
    ),
    "find.map": ("แผนที่", "Map", "မြေပုံ", "ផែនទី", "ແຜນທີ່"),
    # -- one place --
    "find.open_now.yes": ("เปิดอยู่ตอนนี้", "Open now", "ယခု ဖွင့်ထားသည်", "កំពុងបើក", "ເປີດຢູ່ຕອນນີ້"),
    "find.open_now.no": ("ปิดอยู่ตอนนี้", "Closed now", "ယခု ပိတ်ထားသည်", "កំពុងបិទ", "ປິດຢູ່ຕອນນີ້"),
    "find.hours": ("เวลาทำการ {hours}", "Hours {hours}", "ဖွင့်ချိန် {hours}", "ម៉ោងបើក {hours}", "ເວລາເປີດ {hours}"),
    "find.hours.unknown": (
        "ไม่ทราบเวลาทำการ",
        "Hours not known",
        "ဖွင့်ချိန် မသိရပါ",
        "មិនដឹងម៉ោងបើក",
        "ບໍ່ຮູ້ເວລາເປີດ",
    ),
    "find.beds": (
        "เตียงว่าง {available} จาก {total}",
        "{available} of {total} beds free",
        "ကုတင် {total} လုံးတွင် {available} လုံး လွတ်သည်",
        "គ្រែទំនេរ {available} ក្នុងចំណោម {total}",
        "ຕຽງຫວ່າງ {available} ຈາກ {total}",
    ),
    "find.beds_total": ("{total} เตียง", "{total} beds", "ကုတင် {total} လုံး", "គ្រែ {total}", "{total} ຕຽງ"),
    "find.valid": (
        "เปิด {start} ถึง {end}",
        "Open {start} to {end}",
        "{start} မှ {end} အထိ ဖွင့်သည်",
        "បើកពី {start} ដល់ {end}",
        "ເປີດ {start} ເຖິງ {end}",
    ),
    "find.stale.card": (
        "ยืนยันข้อมูลล่าสุด {date}",
        "Last confirmed {date}",
        "နောက်ဆုံး အတည်ပြုသည့်ရက် {date}",
        "បញ្ជាក់ចុងក្រោយ {date}",
        "ຢືນຢັນຄັ້ງສຸດທ້າຍ {date}",
    ),
    "find.stale.unknown": (
        "ไม่ทราบว่ายืนยันข้อมูลล่าสุดเมื่อใด",
        "Not known when this was last confirmed",
        "နောက်ဆုံး အတည်ပြုသည့်ရက် မသိရပါ",
        "មិនដឹងថាបានបញ្ជាក់ចុងក្រោយនៅពេលណាទេ",
        "ບໍ່ຮູ້ວ່າຢືນຢັນຄັ້ງສຸດທ້າຍເມື່ອໃດ",
    ),
    "find.call": ("☎ โทร {phone}", "☎ Call {phone}", "☎ {phone} ကို ဖုန်းခေါ်ရန်", "☎ ហៅទៅ {phone}", "☎ ໂທ {phone}"),
    "find.no_phone": (
        "ไม่มีเบอร์โทรของสถานที่นี้",
        "No phone number for this place",
        "ဤနေရာ၏ ဖုန်းနံပါတ် မရှိပါ",
        "គ្មានលេខទូរស័ព្ទរបស់កន្លែងនេះទេ",
        "ບໍ່ມີເບີໂທຂອງບ່ອນນີ້",
    ),
    "find.hotline.ddc": (
        "☎ 1422 สายด่วนกรมควบคุมโรค",
        "☎ 1422 Disease Control hotline",
        "☎ 1422 ရောဂါထိန်းချုပ်ရေးဌာန အထူးဖုန်း",
        "☎ 1422 ខ្សែទូរស័ព្ទបន្ទាន់ នាយកដ្ឋានគ្រប់គ្រងជំងឺ",
        "☎ 1422 ສາຍດ່ວນກົມຄວບຄຸມພະຍາດ",
    ),
    "find.hotline.emergency": (
        "☎ 1669 เจ็บป่วยฉุกเฉิน",
        "☎ 1669 Emergency",
        "☎ 1669 အရေးပေါ် လူနာ",
        "☎ 1669 សង្គ្រោះបន្ទាន់",
        "☎ 1669 ເຈັບປ່ວຍສຸກເສີນ",
    ),
    "find.directions": ("➤ เส้นทาง", "➤ Directions", "➤ လမ်းညွှန်", "➤ ផ្លូវទៅ", "➤ ເສັ້ນທາງ"),
    "find.map_app": (
        "เปิดในแอปแผนที่",
        "Open in a map app",
        "မြေပုံ အက်ပ်တွင် ဖွင့်ရန်",
        "បើកក្នុងកម្មវិធីផែនទី",
        "ເປີດໃນແອັບແຜນທີ່",
    ),
    # -- a search that cannot be used as given (data.finder_query's problems) --
    "find.error.missing": (
        "ต้องระบุทั้งละติจูด (lat) และลองจิจูด (lon) เช่น ?lat=18.7883&lon=98.9853",
        "Both lat and lon are needed, e.g. ?lat=18.7883&lon=98.9853",
        "lat နှင့် lon နှစ်ခုလုံး လိုအပ်သည်၊ ဥပမာ ?lat=18.7883&lon=98.9853",
        "ត្រូវការទាំង lat និង lon ឧទាហរណ៍ ?lat=18.7883&lon=98.9853",
        "ຕ້ອງມີທັງ lat ແລະ lon, ເຊັ່ນ ?lat=18.7883&lon=98.9853",
    ),
    "find.error.not_number": (
        "{name} = “{value}” ไม่ใช่ตัวเลข: ใส่พิกัดเป็นองศาทศนิยม เช่น lat=18.7883&lon=98.9853",
        "{name} = “{value}” is not a number: give decimal degrees, e.g. lat=18.7883&lon=98.9853",
        "{name} = “{value}” သည် ဂဏန်း မဟုတ်ပါ။ ဒသမ ဒီဂရီဖြင့် ရေးပါ၊ ဥပမာ lat=18.7883&lon=98.9853",
        "{name} = “{value}” មិនមែនជាលេខទេ។ សូមសរសេរជាដឺក្រេទសភាគ ឧទាហរណ៍ lat=18.7883&lon=98.9853",
        "{name} = “{value}” ບໍ່ແມ່ນຕົວເລກ. ໃສ່ເປັນອົງສາທົດສະນິຍົມ, ເຊັ່ນ lat=18.7883&lon=98.9853",
    ),
    "find.error.range": (
        "{name} = {value} ต้องอยู่ระหว่าง {low} ถึง {high}",
        "{name} = {value} must be between {low} and {high}.",
        "{name} = {value} သည် {low} နှင့် {high} ကြား ဖြစ်ရမည်။",
        "{name} = {value} ត្រូវតែនៅចន្លោះ {low} និង {high}។",
        "{name} = {value} ຕ້ອງຢູ່ລະຫວ່າງ {low} ຫາ {high}.",
    ),
    "find.error.outside": (
        "ตำแหน่ง {lat}, {lon} อยู่นอกประเทศไทย ระบบนี้ค้นหาได้เฉพาะในประเทศไทย: พิมพ์ชื่อสถานที่",
        "{lat}, {lon} is outside Thailand and the finder covers Thailand only: type a place.",
        "{lat}, {lon} သည် ထိုင်းနိုင်ငံ အပြင်ဘက်တွင် ရှိသည်။ ဤစနစ်သည် ထိုင်းနိုင်ငံအတွင်းသာ ရှာပေးသည်။ နေရာအမည် ရိုက်ပါ။",
        "{lat}, {lon} នៅក្រៅប្រទេសថៃ។ ប្រព័ន្ធនេះស្វែងរកតែក្នុងប្រទេសថៃប៉ុណ្ណោះ។ សូមវាយឈ្មោះទីកន្លែង។",
        "{lat}, {lon} ຢູ່ນອກປະເທດໄທ. ລະບົບນີ້ຊອກຫາໄດ້ສະເພາະໃນປະເທດໄທ. ກະລຸນາພິມຊື່ສະຖານທີ່.",
    ),
    "find.error.swapped": (
        "ละติจูดและลองจิจูดสลับกันหรือไม่",
        "Did you swap lat and lon?",
        "lat နှင့် lon ကို ပြောင်းပြန် ရေးမိပါသလား။",
        "តើអ្នកបានដាក់ lat និង lon ច្រាសគ្នាទេ?",
        "ທ່ານສະຫຼັບ lat ກັບ lon ບໍ?",
    ),
    "find.error.type": (
        "ไม่รู้จักประเภท “{value}” จึงแสดง{default}แทน",
        "Unknown type “{value}”: showing {default} instead.",
        "“{value}” အမျိုးအစားကို မသိပါ။ {default} ကို ပြထားသည်။",
        "មិនស្គាល់ប្រភេទ “{value}” ទេ។ បង្ហាញ {default} ជំនួសវិញ។",
        "ບໍ່ຮູ້ຈັກປະເພດ “{value}”. ສະແດງ {default} ແທນ.",
    ),
    "find.error.k": (
        "k = “{value}” ใช้ไม่ได้: แสดงได้ครั้งละ 1–{max} แห่ง จึงแสดง {k} แห่ง",
        "k = “{value}” cannot be used: the finder lists 1 to {max} at a time, so it shows {k}.",
        "k = “{value}” ကို သုံး၍ မရပါ။ တစ်ကြိမ်လျှင် 1–{max} နေရာသာ ပြနိုင်သဖြင့် {k} နေရာ ပြထားသည်။",
        "k = “{value}” មិនអាចប្រើបានទេ។ អាចបង្ហាញបានតែ 1–{max} កន្លែងក្នុងមួយដង ដូច្នេះបង្ហាញ {k}។",
        "k = “{value}” ໃຊ້ບໍ່ໄດ້. ສະແດງໄດ້ຄັ້ງລະ 1–{max} ບ່ອນ, ຈຶ່ງສະແດງ {k} ບ່ອນ.",
    ),
    "find.error.service": (
        "ไม่รู้จักบริการ “{value}” จึงไม่ได้ใช้ตัวกรองนี้",
        "Unknown service “{value}”: that filter was left out.",
        "“{value}” ဝန်ဆောင်မှုကို မသိပါ။ ထို စစ်ထုတ်မှုကို မသုံးပါ။",
        "មិនស្គាល់សេវា “{value}” ទេ។ តម្រងនោះមិនត្រូវបានប្រើទេ។",
        "ບໍ່ຮູ້ຈັກບໍລິການ “{value}”. ບໍ່ໄດ້ໃຊ້ຕົວກອງນີ້.",
    ),
    "find.error.date": (
        "วันที่ “{value}” ใช้ไม่ได้ (ใช้รูปแบบ ปี-เดือน-วัน เช่น 2021-09-15) จึงแสดงของวันนี้",
        "The date “{value}” cannot be read (use YYYY-MM-DD, e.g. 2021-09-15): showing today.",
        "“{value}” ရက်စွဲကို ဖတ်၍ မရပါ (YYYY-MM-DD ဖြင့် ရေးပါ၊ ဥပမာ 2021-09-15)။ ယနေ့အတွက် ပြထားသည်။",
        "មិនអាចអានកាលបរិច្ឆេទ “{value}” បានទេ (សូមប្រើ YYYY-MM-DD ឧទាហរណ៍ 2021-09-15)។ បង្ហាញសម្រាប់ថ្ងៃនេះ។",
        "ອ່ານວັນທີ “{value}” ບໍ່ໄດ້ (ໃຊ້ YYYY-MM-DD, ເຊັ່ນ 2021-09-15). ສະແດງຂອງມື້ນີ້.",
    ),
    "find.error.max_km": (
        "ระยะ “{value}” ใช้ไม่ได้ (ต้องเป็นตัวเลขไม่เกิน 2000 กม.) จึงไม่จำกัดระยะ",
        "The distance “{value}” cannot be used (a number of km up to 2000): no distance limit applied.",
        "“{value}” အကွာအဝေးကို သုံး၍ မရပါ (ကီလိုမီတာ 2000 အထိ ဂဏန်း)။ အကွာအဝေး မကန့်သတ်ပါ။",
        "មិនអាចប្រើចម្ងាយ “{value}” បានទេ (ជាលេខគីឡូម៉ែត្រ មិនលើស 2000)។ មិនកំណត់ចម្ងាយទេ។",
        "ໃຊ້ໄລຍະທາງ “{value}” ບໍ່ໄດ້ (ຕົວເລກ ກມ. ບໍ່ເກີນ 2000). ບໍ່ຈຳກັດໄລຍະທາງ.",
    ),
}

MONTHS: dict[str, tuple[str, ...]] = {
    "th": ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "my": (
        "ဇန်နဝါရီ",
        "ဖေဖော်ဝါရီ",
        "မတ်",
        "ဧပြီ",
        "မေ",
        "ဇွန်",
        "ဇူလိုင်",
        "ဩဂုတ်",
        "စက်တင်ဘာ",
        "အောက်တိုဘာ",
        "နိုဝင်ဘာ",
        "ဒီဇင်ဘာ",
    ),
    "km": ("មករា", "កុម្ភៈ", "មីនា", "មេសា", "ឧសភា", "មិថុនា", "កក្កដា", "សីហា", "កញ្ញា", "តុលា", "វិច្ឆិកា", "ធ្នូ"),
    "lo": ("ມັງກອນ", "ກຸມພາ", "ມີນາ", "ເມສາ", "ພຶດສະພາ", "ມິຖຸນາ", "ກໍລະກົດ", "ສິງຫາ", "ກັນຍາ", "ຕຸລາ", "ພະຈິກ", "ທັນວາ"),
}


def public_lang(lang: str | None) -> str:
    """One of PUBLIC_LANGS (Thai for anything else)."""
    return lang if lang in PUBLIC_LANGS else "th"


def pt(key: str, lang: str, **values: object) -> str:
    """The public label ``key`` in ``lang`` (one of PUBLIC_LANGS), with ``{name}`` placeholders filled."""
    text = PUBLIC[key][PUBLIC_LANGS.index(public_lang(lang))]
    return text.format(**values) if values else text


def public_date(day: dt.date | None, lang: str) -> str:
    """26 พ.ย. 2569 in Thai (Buddhist era); 26 Nov 2026, 26 နိုဝင်ဘာ 2026… in the others; "–" for none."""
    if day is None:
        return "–"
    return f"{day.day} {public_month(day, lang)}"


def public_month(day: dt.date, lang: str) -> str:
    """ม.ค. 2564 in Thai; Jan 2021, ဇန်နဝါရီ 2021… in the others."""
    lang = public_lang(lang)
    year = day.year + 543 if lang == "th" else day.year
    return f"{MONTHS[lang][day.month - 1]} {year}"
