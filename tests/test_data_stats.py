"""The statistics of every province (the weekly reports' replacement), on the demo data and on hand-made records."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from data.stats import COLUMNS, province_stats, read_regions


def test_every_province_has_a_row_with_every_figure(demo_state):
    regions = read_regions(demo_state.settings.source_data_dir, demo_state.registry)
    assert len(regions) == 77 and regions["50"] == "Northern" and regions["10"] == "Bangkok Metropolitan Region"
    with demo_state.engine.connect() as conn:
        frame = province_stats(conn, demo_state.registry, regions, dt.date(2026, 11, 26))
    assert len(frame) == 77 and list(frame.columns) == list(COLUMNS)
    chiang_mai = frame.set_index("code").loc["50"]
    assert chiang_mai["name_th"] == "เชียงใหม่" and chiang_mai["districts"] == 25
    assert chiang_mai["facilities"] == sum(
        chiang_mai[c] for c in COLUMNS if c.startswith("facilities_") and "pct" not in c
    )
    assert frame["districts"].sum() == 928
    assert frame["surveys"].sum() == frame["synthetic_surveys"].sum() > 0  # the demo's survey records are synthetic


def test_recent_activity_counts_the_last_seven_days(engine, real_registry):
    from data.demo import _open_campaign
    from data.schema import survey_records, users

    now = dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC)
    with engine.begin() as conn:
        campaign = _open_campaign(conn)
        volunteer = conn.execute(
            sa.insert(users)
            .values(username="v", password_hash="x", role="volunteer", area="500101", active=True, created_at=now)
            .returning(users.c.id)
        ).scalar_one()
        for days_ago, doses in ((0, 0), (6, 1), (7, 0), (30, 0)):
            conn.execute(
                sa.insert(survey_records).values(
                    campaign_id=campaign,
                    survey_date=now.date(),
                    volunteer_id=volunteer,
                    subdistrict="500101",
                    district="5001",
                    province="50",
                    target_group="elderly",
                    age=70,
                    doses_received=doses,
                    intention="wants",
                    created_at=now - dt.timedelta(days=days_ago),
                )
            )
    with engine.connect() as conn:
        row = province_stats(conn, real_registry, {}, now.date()).set_index("code").loc["50"]
    assert (row["volunteers"], row["volunteers_active_7d"]) == (1, 1)
    assert (row["surveys"], row["surveys_7d"], row["unvaccinated_found"]) == (4, 2, 3)
    assert row["last_activity"].date() == now.date()
