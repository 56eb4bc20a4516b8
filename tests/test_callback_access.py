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
