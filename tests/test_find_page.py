"""The public finder as a server page (dashboard/pages/find): plain HTML through Flask's test client, no browser."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from dashboard.i18n_public import PUBLIC, PUBLIC_LANGS
from dashboard.pages.find.cards import card
from dashboard.pages.find.search import read_search

CHIANG_MAI = "lat=18.7883&lon=98.9853"
SCRIPTS = {"my": "\u1000-\u109f", "km": "\u1780-\u17ff", "lo": "\u0e80-\u0eff"}


def page(client, query: str) -> str:
    answer = client.get("/find?" + query)
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    return answer.get_data(as_text=True)


def api(client, query: str) -> dict:
    return client.get("/api/v1/nearest?" + query).get_json()


def cards(html: str) -> list[str]:
    return re.findall(r'<li class="card" id="find-item-\d+".*?</li>', html, flags=re.S)


def test_the_nearest_hospital_is_in_the_html_without_javascript(client):
    nearest = api(client, f"{CHIANG_MAI}&type=hospital&k=1")["items"][0]
    html = page(client, f"{CHIANG_MAI}&type=hospital")
    assert nearest["name_th"] in cards(html)[0]
    assert len(cards(html)) == 5
    assert '<form method="get" action="/find"' in html and "<script>" not in html  # scripts only as files
    assert "plotly" not in html and "_dash" not in html
    assert f"destination={nearest['lat']:.6f},{nearest['lon']:.6f}" in cards(html)[0]


def test_vaccination_is_the_default_and_finds_every_place_that_vaccinates(client):
    html = page(client, CHIANG_MAI)
    assert re.search(r'value="vaccination" checked', html)
    found = api(client, f"{CHIANG_MAI}&type=any&service=vaccination&k=5")["items"]
    assert {r["type"] for r in found} >= {"hospital"}  # the MOPH hospitals vaccinate (a demo assumption)
    assert found[4]["distance_km"] < 10  # not 51 km as when only vaccination points counted
    assert found[0]["name_th"] in cards(html)[0]


def test_a_place_typed_searches_from_it_and_a_misspelt_one_offers_links(client):
    html = page(client, "place=สุเทพ&type=hospital")
    assert "ต.สุเทพ อ.เมืองเชียงใหม่ จ.เชียงใหม่" in html and len(cards(html)) == 5
    assert "ใกล้ ต.สุเทพ" in html  # the folded form's one line
    wrong = page(client, "place=Chiang+Mia")
    assert "ไม่พบสถานที่ชื่อ “Chiang Mia”" in wrong
    assert re.search(r'class="suggestion btn" href="/find\?[^"]*place=50[&"]', wrong)


@pytest.mark.parametrize(
    "typed", ["สุเทพ เชียงใหม่", "Suthep, Chiang Mai", "ต.สุเทพ อ.เมืองเชียงใหม่ จ.เชียงใหม่", "Suthep Mueang Chiang Mai"]
)
def test_a_place_typed_with_the_areas_it_is_in_is_found(client, typed):
    """A person types the place and where it is, as they would say it (and as the page itself writes it)."""
    html = page(client, "place=" + quote(typed) + "&type=hospital")
    assert "ต.สุเทพ อ.เมืองเชียงใหม่ จ.เชียงใหม่" in html and len(cards(html)) == 5


@pytest.mark.parametrize("kind", ["any", "any&service=vaccination", "no-such-type"])
def test_a_link_with_a_type_the_form_does_not_offer_still_lists_places(client, kind):
    """The API's type=any (every kind) in a shared /find link: the list, with no kind ticked, not a 500."""
    html = page(client, f"{CHIANG_MAI}&type={kind}")
    assert len(cards(html)) == 5


@pytest.mark.parametrize("typed", ["Pattaya", "พัทยา", "เมืองพัทยา", "jomtien"])
def test_a_city_no_area_is_named_after_is_found_by_its_subdistrict(client, typed):
    """Pattaya is a city, not a DOPA area: it is searched from the subdistrict it lies in (Nong Prue)."""
    html = page(client, "place=" + quote(typed) + "&type=hospital")
    assert "ไม่พบสถานที่ชื่อ" not in html and "ต.หนองปรือ อ.บางละมุง จ.ชลบุรี" in html and len(cards(html)) == 5


def test_a_name_found_several_times_in_the_area_typed_lists_those_there(client):
    html = page(client, "place=" + quote("ในเมือง ขอนแก่น"))
    assert all(f"place={code}" in html for code in ("400101", "401002", "402901"))


def test_a_card_without_a_phone_gives_the_hotline_and_staleness_is_said_once(client):
    html = page(client, f"{CHIANG_MAI}&type=hospital&lang=en")
    first = cards(html)[0]
    assert 'href="tel:1669"' in first and 'href="tel:1422"' in first and "No phone number" in first
    assert html.count("last confirmed in Jan 2021") == 1  # the list's line, once
    assert "Last confirmed" not in "".join(cards(html))  # no card repeats it
    assert ">Open<" not in first and "Status not known" in first  # no green "Open" from a 2021 record
    site = {"type": "test_site", "name_th": "จุดตรวจ", "lat": 18.8, "lon": 98.9, "distance_km": 2.0, "phone": None}
    calls = card(1, site, "en", now_applies=True, stale_month=None, show_type=False)["calls"]
    assert [c["href"] for c in calls] == ["tel:1422"]  # the Department of Disease Control, no emergency number


def test_a_card_with_a_phone_calls_it():
    item = {
        "type": "vaccination_point", "name_th": "จุด", "name_en": "", "lat": 18.8, "lon": 98.9, "distance_km": 0.5,
        "phone": "053 123 456 ต่อ 12", "status": "open", "stale": False, "open_now": True, "opening_hours": "08:30-16:30",
    }  # fmt: skip
    made = card(1, item, "en", now_applies=True, stale_month=None, show_type=False)
    assert made["calls"] == [{"text": "☎ Call 053 123 456", "href": "tel:053123456", "main": True}]
    assert ("Open", "badge status-open") in made["facts"] and made["distance"] == "500 m"


@pytest.mark.parametrize("lang", ["my", "km", "lo"])
def test_burmese_khmer_and_lao_pages_are_in_their_script_and_say_they_are_unreviewed(client, lang):
    html = page(client, f"{CHIANG_MAI}&type=hospital&lang={lang}")
    assert f'<html lang="{lang}">' in html
    assert len(re.findall(f"[{SCRIPTS[lang]}]", html)) > 200
    assert 'id="unreviewed"' in html and len(cards(html)) == 5
    english = {values[1] for key, values in PUBLIC.items() if values[1] != values[PUBLIC_LANGS.index(lang)]}
    visible = re.sub(r"<[^>]+>", " ", html)
    shown = [text for text in english if len(text) > 3 and "{" not in text and text in visible]
    assert shown == []


def test_the_language_is_remembered_in_a_cookie(client):
    client.get("/find?lang=km")
    assert '<html lang="km">' in page(client, CHIANG_MAI)
    assert '<html lang="th">' in page(client, CHIANG_MAI + "&lang=th")


def test_unusable_arguments_are_explained(client):
    assert "สลับกันหรือไม่" in page(client, "lat=98.9853&lon=18.7883")
    capped = page(client, f"{CHIANG_MAI}&type=hospital&k=500")
    assert "1–50" in capped and len(cards(capped)) == 50


@pytest.mark.parametrize("k", ["%C2%B2", "%20", "%09"])
def test_a_k_python_calls_a_digit_or_only_spaces_gives_the_page_not_an_error(client, k):
    """/find?...&k=² answered 500 (int("²")), k=%20 and k=%09 too (an IndexError)."""
    html = page(client, f"{CHIANG_MAI}&type=hospital&k={k}&lang=en")
    assert len(cards(html)) == 5
    said = "cannot be used: the finder lists 1 to 50 at a time, so it shows 5" in html
    assert said == (k == "%C2%B2")  # said only of a k that is not a number; spaces are no k at all


def test_the_search_reads_the_form(demo_state):
    from werkzeug.datastructures import MultiDict

    from dashboard.pages.find.search import form_args

    args = form_args(MultiDict([("type", "hospital"), ("service", "walk_in"), ("service", "child_doses"), ("k", " ")]))
    assert args == {"type": "hospital", "service": "walk_in,child_doses"}
    labelled = read_search({"place": "50", "type": "โรงพยาบาล"}, demo_state.registry, demo_state.locator)
    assert labelled.what == "hospital" and labelled.url().startswith("/find?type=hospital")
    unknown = read_search({"place": "50", "type": "spaceport"}, demo_state.registry, demo_state.locator)
    assert unknown.what == "vaccination_point" and unknown.parsed.problems[0][0] == "find.error.type"
    search = read_search({"place": "50"}, demo_state.registry, demo_state.locator)
    assert search.place == "50" and search.parsed.query.type is None
    assert search.parsed.query.services == ("vaccination",)


def test_manifest_service_worker_and_unknown_paths(client):
    manifest = client.get("/manifest.webmanifest")
    assert manifest.status_code == 200 and manifest.get_json()["start_url"] == "/find"
    worker = client.get("/sw.js")
    assert worker.status_code == 200 and worker.mimetype == "application/javascript"
    assert client.get("/no-such-page").status_code == 404
    assert client.get("/facility/12").status_code in (200, 302)  # a page that takes the paths under it
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page(client, CHIANG_MAI)


def test_nothing_found_blames_a_filter_only_when_one_is_set(client):
    plain = page(client, f"{CHIANG_MAI}&type=field_hospital&lang=en")
    assert "No “Field hospital” is open on" in plain and "removing a filter" not in plain
    assert "Try another kind of place" in plain
    filtered = page(client, f"{CHIANG_MAI}&type=field_hospital&max_km=1&lang=en")
    assert "with these filters" in filtered and "removing a filter" in filtered


def test_the_folded_line_names_the_whole_subdistrict_in_english(client):
    html = page(client, f"{CHIANG_MAI}&type=hospital&lang=en")
    line = re.search(r'<span class="collapsed-text">(.*?)</span>', html, flags=re.S)
    assert line is not None and line.group(1).startswith("near Phra Sing") and "· Hospital" in line.group(1), line


@pytest.mark.parametrize(("lang", "title"), [("th", "ไม่พบหน้าที่ต้องการ"), ("my", "စာမျက်နှာ မတွေ့ပါ"), ("lo", "ບໍ່ພົບໜ້າທີ່ຕ້ອງການ")])
def test_a_mistyped_address_is_a_404_page_in_the_readers_language(client, lang, title):
    answer = client.get(f"/nope?lang={lang}")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 404 and f'<html lang="{lang}">' in html and title in html
    assert f'href="/find?lang={lang}"' in html and f'href="/help?lang={lang}"' in html


def test_a_hospital_without_a_phone_offers_the_vaccination_hotline_first_to_someone_looking_for_a_vaccine():
    hospital = {"type": "hospital", "name_th": "โรงพยาบาล", "lat": 18.8, "lon": 98.9, "distance_km": 1.0, "phone": None}
    looking = card(1, hospital, "en", now_applies=True, stale_month=None, show_type=False, vaccination=True)["calls"]
    assert [(c["href"], c["main"]) for c in looking] == [("tel:1422", True), ("tel:1669", False)]
    other = card(1, hospital, "en", now_applies=True, stale_month=None, show_type=False)["calls"]
    assert [c["href"] for c in other] == ["tel:1669", "tel:1422"]  # a hospital searched as such: emergencies first


def test_the_default_vaccination_search_puts_the_hotline_first_on_the_page(client):
    html = page(client, f"{CHIANG_MAI}&lang=en")
    first_calls = [re.findall(r'href="(tel:\d+)"', c) for c in cards(html) if "hotline" in c]
    assert first_calls and all(calls[0] == "tel:1422" for calls in first_calls)
