"""Component ids of the survey form, the order of its fields, and its "use my location" control."""

from dashboard.ui.geolocation import Geolocation

BANNER, MESSAGE, SAVE, TODAY = "survey-banner", "survey-message", "survey-save", "survey-today"
SAVED, TODAY_COUNT, RECORD = "survey-saved", "survey-today-count", "survey-record-{}"
DATE, DATE_ECHO, SUBDISTRICT, VILLAGE = "survey-date", "survey-date-echo", "survey-subdistrict", "survey-village"
GROUP, AGE, DOSES, INTENTION = "survey-group", "survey-age", "survey-doses", "survey-intention"
HOME_VISIT, REASON = "survey-home-visit", "survey-reason"
FULL_NAME, NATIONAL_ID, NID_CHECK, PHONE = "survey-full-name", "survey-national-id", "survey-nid-check", "survey-phone"
SAVE_KEY = "survey-save-key"  # the idempotency key sent with a save (data.idempotency); a new one after each save
NID_TEXTS = "survey-nid-texts"  # the live check's messages, in the reader's language (jitasa.nationalIdCheck)
PERSONAL, PERSONAL_TITLE = "survey-personal", "survey-personal-title"
GEO_CLEAR, LOCATION, LOCATION_TEXT = "survey-locate-clear", "survey-location", "survey-location-text"
PROBLEM = "survey-problem-{}"  # one slot under each field: survey-problem-age, survey-problem-national_id, ...

# ids survey-locate (the button), survey-geo-box, {"type": "survey-geo", "n": press}
LOCATE = Geolocation(
    "survey",
    texts={
        "button": "survey.locate",
        "locating": "survey.locating",
        "denied": "survey.geo_denied",
        "insecure": "survey.geo_denied",
        "timeout": "survey.geo_unavailable",
        "unavailable": "survey.geo_unavailable",
    },
    quiet=True,  # the home's location is optional: no alarm when there is none
)

# the form's fields in the order of the upload's columns: (column, component id, property)
FIELDS = (
    ("survey_date", DATE, "value"),
    ("subdistrict", SUBDISTRICT, "value"),
    ("village_no", VILLAGE, "value"),
    ("target_group", GROUP, "value"),
    ("age", AGE, "value"),
    ("doses_received", DOSES, "value"),
    ("intention", INTENTION, "value"),
    ("needs_home_visit", HOME_VISIT, "value"),
    ("reason", REASON, "value"),
    ("full_name", FULL_NAME, "value"),
    ("national_id", NATIONAL_ID, "value"),
    ("phone", PHONE, "value"),
)
# each column's label on the form: a problem names the field as the person reads it, not by its code
LABELS = {
    "survey_date": "survey.date",
    "subdistrict": "survey.subdistrict",
    "village_no": "survey.village",
    "target_group": "survey.group",
    "age": "survey.age",
    "doses_received": "survey.doses",
    "intention": "survey.intention",
    "needs_home_visit": "survey.home_visit",
    "reason": "survey.reason",
    "full_name": "survey.full_name",
    "national_id": "survey.national_id",
    "phone": "survey.phone",
}
SLOTS = tuple(name for name, _, _ in FIELDS) + ("location",)
SLOT_OF = {"area": "subdistrict", "lat": "location", "lon": "location"}  # columns shown under another field
KEPT = ("survey_date", "subdistrict", "village_no")  # the same household's next person keeps these
CLEARED = tuple(f for f in FIELDS if f[0] not in KEPT)  # emptied after a save
EMPTY = {"needs_home_visit": [], "target_group": None, "doses_received": None, "intention": None}  # else ""
ROLE = "volunteer"  # the least role that records (the page's and every callback's check)
