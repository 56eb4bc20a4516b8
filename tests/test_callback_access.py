"""Page callbacks check the person on the server too: a write posted straight to Dash's endpoint without signing in
(or by a volunteer where a coordinator is needed) changes nothing, whatever the page's buttons showed."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from data.schema import facilities, survey_records, uploads

pytestmark = pytest.mark.usefixtures("quick_hashes")  # users here sign in with tokens or test roles


def call(app, client, output_id: str, values: dict, headers=None):
    """Call the callback that writes ``output_id`` the way the browser does; unnamed inputs and states are None."""
    key = next(k for k in app.callback_map if f"..{output_id}." in f"..{k}" and "n_clicks" in str(app.callback_map[k]))
    spec = app.callback_map[key]
    outputs = [{"id": o.split(".")[0], "property": o.split(".", 1)[1]} for o in key.strip(".").split("...")]

    def fill(items):
        return [{"id": i["id"], "property": i["property"], "value": values.get(i["id"])} for i in items]

    payload = {
        "output": key,
        "outputs": outputs,
        "inputs": fill(spec["inputs"]),
        "state": fill(spec.get("state", [])),
        "changedPropIds": [f"{i['id']}.{i['property']}" for i in spec["inputs"] if i["id"] in values],
    }
    return client.post("/_dash-update-component", json=payload, headers=headers or {})


def counts(engine) -> tuple:
    with engine.connect() as conn:
        return tuple(
            conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
            for t in (facilities, survey_records, uploads)
        )


@pytest.fixture
def volunteer_token(demo_state):
    from data.users import create_token, create_user

    with demo_state.engine.begin() as conn:
        if not conn.execute(sa.text("select 1 from users where username = 'cb_volunteer'")).first():
            create_user(conn, "cb_volunteer", "volunteer-password", "volunteer", "500101")
        return create_token(conn, "cb_volunteer")


SURVEY = {
    "survey-save": 1,
    "survey-date": "20/01/2565",
    "survey-subdistrict": "500101",
    "survey-group": "elderly",
    "survey-age": "70",
    "survey-doses": "0",
    "survey-intention": "wants",
}


def test_the_survey_form_saves_nothing_without_sign_in(demo_app, demo_state):
    from dashboard.pages.survey_form.ids import MESSAGE

    before = counts(demo_state.engine)
    answer = call(demo_app, demo_app.server.test_client(), MESSAGE, SURVEY)
    assert answer.status_code == 200
    from dashboard.i18n import t

    text = json.dumps(answer.get_json(), ensure_ascii=False)
    assert t("survey.signed_out", "th") in text and "alert-danger" in text
    assert counts(demo_state.engine) == before


def test_the_facility_form_saves_nothing_for_a_volunteer(demo_app, demo_state, volunteer_token):
    from dashboard.pages.facility_form import ids

    before = counts(demo_state.engine)
    save_id = ids.SAVE if isinstance(ids.SAVE, str) else ids.SAVE["id"]
    values = {save_id: 1}
    answer = call(
        demo_app,
        demo_app.server.test_client(),
        ids.MESSAGE,
        values,
        {"Authorization": f"Bearer {volunteer_token}"},
    )
    assert answer.status_code in (200, 204)
    assert counts(demo_state.engine) == before


# -- the server pages' forms (/review, /home-visits): the same checks as their API routes -------------------------------
def _review_state(engine, survey_id: int) -> tuple:
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(survey_records.c.review_status, survey_records.c.version).where(survey_records.c.id == survey_id)
        )
        return tuple(row.one())


def _a_record(engine) -> int:
    """A record of Si Phum that needs a home visit, in the demo's open campaign."""
    import datetime as dt

    from data.schema import campaigns

    with engine.begin() as conn:
        campaign = conn.execute(sa.select(sa.func.max(campaigns.c.id))).scalar()
        values = {
            "campaign_id": campaign, "survey_date": dt.date(2022, 1, 20), "subdistrict": "500101", "district": "5001",
            "province": "50", "target_group": "bedridden", "age": 80, "doses_received": 0, "intention": "wants",
            "needs_home_visit": True, "created_at": dt.datetime.now(dt.UTC),
        }  # fmt: skip
        return conn.execute(sa.insert(survey_records).values(**values).returning(survey_records.c.id)).scalar_one()


def test_the_review_and_visit_forms_change_nothing_without_sign_in(own_demo):
    state, client = own_demo.state, own_demo.client
    survey_id = _a_record(state.engine)
    before = _review_state(state.engine, survey_id)
    for path, form in (("/review", {"action": "reject"}), ("/home-visits", {"status": "refused"})):
        answer = client.post(path, data={"survey_id": survey_id, **form}, headers={"Origin": "http://localhost"})
        assert answer.status_code == 302 and answer.headers["Location"].startswith("/login")
    assert _review_state(state.engine, survey_id) == before


def test_a_volunteer_with_a_valid_form_token_cannot_review_or_visit(own_demo):
    import re

    from data.users import create_token, create_user

    state, client = own_demo.state, own_demo.client
    with state.engine.begin() as conn:
        create_user(conn, "cb_form_volunteer", "volunteer-password", "volunteer", "500101")
        volunteer_token = create_token(conn, "cb_form_volunteer")
    survey_id = _a_record(state.engine)
    before = _review_state(state.engine, survey_id)
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {volunteer_token}"
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/account/password").get_data(as_text=True))[1]
    for path, form, refusal in (
        ("/review?lang=en", {"action": "reject"}, "only coordinators and above review records"),
        ("/home-visits?lang=en", {"status": "refused"}, "not yours to change"),
    ):
        answer = client.post(
            path, data={"csrf": token, "survey_id": survey_id, **form}, headers={"Origin": "http://localhost"}
        )
        assert answer.status_code == 422 and refusal in answer.get_data(as_text=True)
    assert _review_state(state.engine, survey_id) == before
