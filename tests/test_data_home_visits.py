"""Home visits from survey records, on SQLite and PostgreSQL (data/home_visits.py): the district's queue, the
coordinator's assignment and plan, the volunteer's round in nearest-neighbour order, the statuses of the follow-up
model, and the survey measures a vaccinating visit changes at once."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from test_data_survey_entry import SI_PHUM, SUTHEP, add_user, form, save_warned
from test_geo_route import brute_force_round

from data import home_visits as hv
from data.errors import Conflict, NotPermitted, UserInputError
from data.schema import audit_log, campaigns, followup_events, survey_records, survey_tallies

HAT_YAI = "901101"


@pytest.fixture
def state(engine, import_state_factory):
    return import_state_factory(engine)


@pytest.fixture
def people(engine) -> dict:
    return make_people(engine)


def make_people(engine) -> dict:
    """An open campaign; volunteers of Si Phum, of Mueang Chiang Mai and of Hat Yai; coordinators of Mueang Chiang
    Mai and of Phra Nakhon (Bangkok)."""
    with engine.begin() as conn:
        conn.execute(
            sa.insert(campaigns).values(name_th="รอบทดสอบ", name_en="Test round", opened_on=dt.date(2022, 1, 17))
        )
        return {
            "vol": add_user(conn, "vol_a", "volunteer", SI_PHUM),
            "vol_b": add_user(conn, "vol_b", "volunteer", "5001"),
            "vol_far": add_user(conn, "vol_far", "volunteer", HAT_YAI),
            "coord": add_user(conn, "coord_cm", "coordinator", "5001"),
            "coord_other": add_user(conn, "coord_bkk", "coordinator", "1001"),
        }


def add(state, user, **changes) -> int:
    survey_id, problems, _ = save_warned(state, form(**changes), user)
    assert survey_id, problems
    return survey_id


def change(state, user, survey_id, **body):
    with state.engine.begin() as conn:
        return hv.change_visit(conn, user, survey_id, body)


def visits(state, user, area=None, **query):
    with state.engine.begin() as conn:
        return hv.read_visits(conn, user, hv.VisitQuery(hv.area_for(user, area), **query))


def unvaccinated(engine, district: str) -> int:
    with engine.connect() as conn:
        t = survey_tallies.c
        return conn.execute(sa.select(sa.func.sum(t.unvaccinated)).where(t.district == district)).scalar() or 0


def test_the_queue_holds_the_records_that_need_a_visit_with_name_and_phone(state, people):
    ticked = add(state, people["vol"], age="70")
    bedridden = add(state, people["vol"], target_group="bedridden", age="80", needs_home_visit=False)
    add(state, people["vol"], age="71", needs_home_visit=False)  # walks to the vaccination point: not in the queue
    rows, total = visits(state, people["coord"])
    assert total == 2 and [r["id"] for r in rows] == [ticked, bedridden]
    assert {r["status"] for r in rows} == {"to_plan"} and rows[0]["phone"] == "0812345678"
    assert rows[0]["full_name"] == "สมชาย ใจดี" and rows[0]["waiting_minutes"] >= 0
    with state.engine.connect() as conn:  # the read with personal data is audited, without the data
        detail = conn.execute(sa.select(audit_log.c.detail).where(audit_log.c.action == "export.personal")).scalar()
    assert detail["records"] == 2 and "0812345678" not in str(detail)


def test_another_district_and_an_unassigned_volunteer_see_nothing(state, people):
    add(state, people["vol"])
    with pytest.raises(NotPermitted):
        visits(state, people["coord_other"], "5001")
    assert visits(state, people["vol"]) == ([], 0)  # entered it, but not assigned to visit it


def test_the_coordinator_assigns_and_plans_and_the_volunteer_sees_it(state, people):
    survey_id = add(state, people["vol"])
    day = dt.date(2022, 2, 1)
    item = change(state, people["coord"], survey_id, assigned_to="vol_b", planned_on="1/2/2565")
    assert (item["status"], item["assigned_username"], item["planned_on"]) == ("planned", "vol_b", day)
    rows, _ = visits(state, people["vol_b"])
    assert [r["id"] for r in rows] == [survey_id] and rows[0]["phone"] == "0812345678"
    assert visits(state, people["vol"]) == ([], 0)
    with state.engine.connect() as conn:
        events = conn.execute(
            sa.select(followup_events.c.kind, followup_events.c.status).where(followup_events.c.item_id == survey_id)
        ).all()
        actions = conn.execute(sa.select(audit_log.c.action).where(audit_log.c.entity_id == str(survey_id))).scalars()
        assert events == [("home_visit", "planned")] and "home_visit.update" in list(actions)


def test_only_a_person_of_the_records_area_may_be_assigned(state, people):
    survey_id = add(state, people["vol"])
    with pytest.raises(UserInputError, match="assign only an active person of this record's area"):
        change(state, people["coord"], survey_id, assigned_to="vol_far")


def test_a_volunteer_reports_the_visit_but_never_assigns(state, people):
    survey_id = add(state, people["vol"])
    change(state, people["coord"], survey_id, assigned_to="vol_b", planned_on="2022-02-01")
    with pytest.raises(NotPermitted):
        change(state, people["vol_b"], survey_id, assigned_to="vol_a")
    with pytest.raises(NotPermitted):  # not theirs
        change(state, people["vol"], survey_id, status="refused")
    item = change(state, people["vol_b"], survey_id, status="not_home", note="ไม่มีใครอยู่")
    assert (item["status"], item["tries"], item["planned_on"]) == ("not_home", 1, None)  # open for another try
    rows, _ = visits(state, people["coord"], statuses=hv.OPEN)
    assert [r["id"] for r in rows] == [survey_id]


def test_a_vaccinating_visit_changes_the_exact_unvaccinated_figure_at_once(state, people):
    survey_id = add(state, people["vol"])
    add(state, people["vol"], age="75")
    assert unvaccinated(state.engine, "5001") == 2
    change(state, people["coord"], survey_id, assigned_to="vol_b", planned_on="2022-02-01")
    change(state, people["vol_b"], survey_id, status="vaccinated")
    assert unvaccinated(state.engine, "5001") == 1
    with state.engine.connect() as conn:
        assert conn.execute(sa.select(survey_records.c.vaccinated_on).where(survey_records.c.id == survey_id)).scalar()
    with pytest.raises(NotPermitted):  # closed: the volunteer cannot reopen it
        change(state, people["vol_b"], survey_id, status="planned", planned_on="2022-02-03")
    with pytest.raises(Conflict):  # nor can the coordinator: the follow-up flow ends there
        change(state, people["coord"], survey_id, status="not_home")
    assert unvaccinated(state.engine, "5001") == 1


def test_the_round_is_the_days_visits_in_nearest_neighbour_order(state, people):
    points = [(18.80, 98.99), (18.78, 98.97), None, (18.79, 98.985), (18.805, 98.96)]
    ids = []
    for i, point in enumerate(points):
        lat, lon = point or ("", "")
        ids.append(add(state, people["vol"], age=str(70 + i), lat=str(lat), lon=str(lon)))
    other_day = add(state, people["vol"], age="79", lat="18.79", lon="98.98")
    for survey_id in ids:
        change(state, people["coord"], survey_id, assigned_to="vol_b", planned_on="2022-02-01")
    change(state, people["coord"], other_day, assigned_to="vol_b", planned_on="2022-02-02")
    start = (18.7883, 98.9853)
    with state.engine.begin() as conn:
        stops = hv.read_round(conn, people["vol_b"], people["vol_b"]["id"], dt.date(2022, 2, 1), start)
    expected = brute_force_round((start[1], start[0]), [p and (p[1], p[0]) for p in points])
    assert [s["id"] for s in stops] == [ids[i] for i in expected]
    assert [s["stop"] for s in stops] == [1, 2, 3, 4, 5] and stops[-1]["distance_km"] is None
    assert all(s["phone"] == "0812345678" for s in stops)
    with pytest.raises(NotPermitted), state.engine.begin() as conn:  # another volunteer's round
        hv.read_round(conn, people["vol"], people["vol_b"]["id"], dt.date(2022, 2, 1), start)


def test_a_change_outside_the_flow_or_without_anything_is_refused(state, people):
    survey_id = add(state, people["vol"])
    with pytest.raises(UserInputError, match="a planned visit needs planned_on"):
        change(state, people["coord"], survey_id, status="planned", assigned_to="vol_b")
    with pytest.raises(UserInputError, match="use to_plan"):
        change(state, people["coord"], survey_id, status="done")
    with pytest.raises(UserInputError, match="nothing to change"):
        change(state, people["coord"], survey_id)
    with pytest.raises(UserInputError, match="no such user"):
        change(state, people["coord"], survey_id, assigned_to="nobody")
    with pytest.raises(NotPermitted):
        change(state, people["coord_other"], survey_id, status="refused")


def test_assignable_people_are_the_active_ones_of_the_area(state, people):
    with state.engine.connect() as conn:
        names = [p["username"] for p in hv.assignable(conn, "5001")]
    assert names[:2] == ["vol_a", "vol_b"] and "coord_cm" in names and "vol_far" not in names
    assert SUTHEP.startswith("5001")
