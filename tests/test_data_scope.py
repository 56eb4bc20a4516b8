"""The area rule (data/scope.py) and the role order (data.registries.ROLES), as tables to check by hand.

Codes: 50 Chiang Mai; 5001 Mueang Chiang Mai; 500101 Si Phum; 5002 Chom Thong; 10 Bangkok; 1001 Phra Nakhon.
"""

import pytest
import sqlalchemy as sa

from data import scope
from data.registries import ROLES
from data.scope import AccessDenied

# user area, target, within?
AREAS = [
    ("TH", "50", True),
    ("TH", "500101", True),
    ("TH", "TH", True),
    ("TH", None, True),  # the whole country holds even a record with no area
    ("50", "50", True),
    ("50", "5001", True),
    ("50", "500101", True),
    ("50", "10", False),
    ("50", "1001", False),
    ("50", "TH", False),  # a province does not hold the country
    ("50", None, False),  # nor a record with no area
    ("50", "", False),
    ("50", "50xx", False),  # a malformed code is nowhere
    ("5001", "500101", True),
    ("5001", "5002", False),
    ("5001", "50", False),  # a district does not hold its province
    ("500101", "500101", True),
    ("500101", "500102", False),
    ("", "50", False),  # an empty area holds nothing (never everything)
    (None, "50", False),
    ("5", "50", False),  # neither does a malformed one
    ("500", "5001", False),
    ("th", "50", False),
]


@pytest.mark.parametrize("area,code,expected", AREAS)
def test_within(area, code, expected):
    assert scope.within(code, area) is expected


# user role, user area, target, least role, permitted?
PEOPLE = [
    ("volunteer", "500101", "500101", "volunteer", True),
    ("volunteer", "500101", "500101", "coordinator", False),
    ("coordinator", "5001", "500101", "coordinator", True),
    ("coordinator", "5001", "500201", "coordinator", False),
    ("coordinator", "5001", "500101", "province_admin", False),
    ("province_admin", "50", "500201", "coordinator", True),
    ("province_admin", "50", "100101", "coordinator", False),
    ("national_admin", "TH", "100101", "province_admin", True),
    ("national_admin", "TH", "100101", "national_admin", True),
    ("retired", "TH", "100101", "volunteer", False),  # an unknown role ranks nowhere
]


@pytest.mark.parametrize("role,area,code,least,expected", PEOPLE)
def test_permitted(role, area, code, least, expected):
    assert scope.permitted({"role": role, "area": area}, code, least) is expected


def test_nobody_signed_in_is_permitted_nothing():
    assert not scope.permitted(None, "50")
    assert scope.scope_of(None) is None


def test_require_within_names_both_areas():
    with pytest.raises(AccessDenied, match="area 10 is outside your own area \\(50\\)") as caught:
        scope.require_within({"role": "coordinator", "area": "50"}, "10")
    assert "(50)" in caught.value.message_th
    scope.require_within({"role": "coordinator", "area": "50"}, "5001")


def test_readable_area_is_the_own_area_unless_a_smaller_one_is_asked():
    user = {"role": "coordinator", "area": "5001"}
    assert scope.readable_area(user, None) == "5001"
    assert scope.readable_area(user, "500101") == "500101"
    with pytest.raises(AccessDenied):
        scope.readable_area(user, "50")


def test_row_within_uses_the_finest_code():
    assert scope.row_within({"province": "50", "district": "5001", "subdistrict": "500101"}, "5001")
    assert not scope.row_within({"province": "50", "district": "5002", "subdistrict": None}, "5001")
    assert scope.row_within({"province": "50", "district": None, "subdistrict": None}, "50")
    assert not scope.row_within({"province": None, "district": None, "subdistrict": None}, "50")


ROWS = [("p1", "50", "5001", "500101"), ("p2", "50", "5002", "500201"), ("p3", "10", "1001", "100101")]


@pytest.fixture()
def table():
    engine = sa.create_engine("sqlite://")
    meta = sa.MetaData()
    places = sa.Table(
        "places", meta, sa.Column("name", sa.Text), *(sa.Column(c, sa.Text) for c in ("province", "district", "sub"))
    )
    meta.create_all(engine)
    with engine.begin() as conn:
        conn.execute(places.insert(), [dict(zip(("name", "province", "district", "sub"), r)) for r in ROWS])
    return engine, places


@pytest.mark.parametrize(
    "area,names",
    [("TH", ["p1", "p2", "p3"]), ("50", ["p1", "p2"]), ("5001", ["p1"]), ("100101", ["p3"]), ("", []), ("5", [])],
)
def test_sql_conditions_agree_with_within(table, area, names):
    engine, places = table
    c = places.c
    by_level = {"province": c.province, "district": c.district, "subdistrict": c.sub}
    with engine.connect() as conn:
        levels = conn.execute(sa.select(c.name).where(scope.where_within(area, by_level)).order_by(c.name)).scalars()
        prefix = conn.execute(sa.select(c.name).where(scope.where_prefix(area, c.sub)).order_by(c.name)).scalars()
        assert list(levels) == names == list(prefix)
    assert names == [r[0] for r in ROWS if scope.within(r[3], area)]


@pytest.mark.parametrize(
    "role,least,expected",
    [
        ("volunteer", "volunteer", True),
        ("volunteer", "coordinator", False),
        ("coordinator", "coordinator", True),
        ("coordinator", "province_admin", False),
        ("province_admin", "coordinator", True),
        ("national_admin", "province_admin", True),
        ("national_admin", "national_admin", True),
        (None, "volunteer", False),
        ("", "volunteer", False),
    ],
)
def test_role_order(role, least, expected):
    assert ROLES.at_least(role, least) is expected
    assert ROLES.at_least(None if role is None else {"role": role}, least) is expected


def test_an_unknown_least_role_is_a_programming_error():
    with pytest.raises(ValueError, match="'boss' is not one of"):
        ROLES.at_least("national_admin", "boss")
