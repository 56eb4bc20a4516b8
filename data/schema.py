"""The database schema (SQLAlchemy Core). Alembic migrations in data/migrations create and change it.

Survey records keep personal data (name, national id as a keyed hash, phone) in a separate table,
``survey_personal``, so that every query that does not join it cannot leak it.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Timestamp = sa.DateTime(timezone=True)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(80), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("area", sa.String(6), nullable=False),  # DOPA code, or TH for the whole country
    sa.Column("display_name", sa.String(200)),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", Timestamp, nullable=False),
    # a self-registered volunteer waits for the district coordinator: pending | approved | rejected
    sa.Column("approval", sa.String(16), nullable=False, server_default="approved"),
    sa.Column("phone", sa.String(50)),
    sa.Column("email", sa.String(200)),
    # no ON DELETE action: SQLite adds this column by ALTER TABLE, which keeps none; users are deactivated, not deleted
    sa.Column("approved_by", sa.ForeignKey("users.id")),
    sa.Column("approved_at", Timestamp),
    # a self-registered volunteer whose chosen name was taken: the name they asked for (they are given a free one,
    # which the coordinator tells them at approval; the public form never says whether a name exists)
    sa.Column("requested_username", sa.String(80)),
)

# signed-in browsers: the session cookie holds a random id, stored here only as its SHA-256; signing out, a password
# change or reset, deactivation and reactivation end the rows (ended_at), and the cookie stops working at once
user_sessions = sa.Table(
    "user_sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("last_seen_at", Timestamp, nullable=False),
    sa.Column("expires_at", Timestamp, nullable=False),
    sa.Column("ended_at", Timestamp),
)

# one-time codes an admin hands a person who forgot their password (no mail on an offline network): stored as their
# SHA-256, valid once and for a few hours; a newer code replaces the older ones
password_resets = sa.Table(
    "password_resets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_by", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("expires_at", Timestamp, nullable=False),
    sa.Column("used_at", Timestamp),
)

# the coordinator registry the ministry asked every district to send: several names per district (the coordinator
# and deputies), kept by the province admins
district_coordinators = sa.Table(
    "district_coordinators",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("district", sa.String(4), nullable=False, index=True),
    sa.Column("full_name", sa.String(300), nullable=False),
    sa.Column("position", sa.String(300)),
    sa.Column("phone", sa.String(100)),
    sa.Column("email", sa.String(200)),
    sa.Column("updated_at", Timestamp, nullable=False),
    sa.Column("updated_by", sa.ForeignKey("users.id", ondelete="SET NULL")),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),  # sha256 of the token; the token is shown once
    sa.Column("name", sa.String(200)),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("last_used_at", Timestamp),
    sa.Column("revoked_at", Timestamp),
)

uploads = sa.Table(
    "uploads",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False),  # facilities | coverage | surveys | demo
    sa.Column("filename", sa.String(500), nullable=False),
    sa.Column("checksum", sa.String(64), nullable=False, index=True),
    sa.Column("size_bytes", sa.Integer, nullable=False),
    sa.Column("content", sa.LargeBinary),  # the original file, so that an upload can be traced
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("outcome", sa.String(32), nullable=False),  # accepted | refused | undone
    sa.Column("summary", sa.JSON, nullable=False),  # counts of new/updated/unchanged, problems, warnings
    sa.Column("undone_at", Timestamp),
    sa.Column("original_deleted_at", Timestamp),  # when the retention deleted ``content`` (data/originals.py)
)

campaigns = sa.Table(
    "campaigns",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name_th", sa.String(300), nullable=False),
    sa.Column("name_en", sa.String(300), nullable=False),
    sa.Column("opened_on", sa.Date, nullable=False),
    sa.Column("closed_on", sa.Date),
    sa.Column("closed_order_ref", sa.String(300)),  # reference of the order that closed it
    sa.Column("created_by", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("synthetic", sa.Boolean, nullable=False, server_default=sa.false()),
)

facilities = sa.Table(
    "facilities",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("external_id", sa.String(64), unique=True),  # e.g. the MOPH 5-digit hospital code
    sa.Column("type", sa.String(40), nullable=False, index=True),
    sa.Column("name_th", sa.String(300), nullable=False),
    sa.Column("name_en", sa.String(300)),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("province", sa.String(2), index=True),
    sa.Column("district", sa.String(4), index=True),
    sa.Column("subdistrict", sa.String(6)),
    sa.Column("address", sa.Text),
    sa.Column("phone", sa.String(100)),
    sa.Column("opening_hours", sa.String(300)),
    sa.Column("services", sa.JSON),
    sa.Column("beds_total", sa.Integer),
    sa.Column("beds_available", sa.Integer),
    sa.Column("status", sa.String(32), nullable=False, server_default="open"),
    sa.Column("valid_from", sa.Date),
    sa.Column("valid_to", sa.Date),
    sa.Column("source", sa.String(200)),  # where the record came from (a data set, an upload, a form)
    sa.Column("synthetic", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("updated_at", Timestamp, nullable=False),
    sa.Column("updated_by", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("upload_id", sa.ForeignKey("uploads.id", ondelete="SET NULL")),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.CheckConstraint("lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180", name="lat_lon_range"),
)

sa.Index("ix_facilities_province_type_updated", facilities.c.province, facilities.c.type, facilities.c.updated_at)
sa.Index("ix_facilities_by_area", facilities.c.type, facilities.c.status, facilities.c.district, facilities.c.province)

facility_versions = sa.Table(
    "facility_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("facility_id", sa.ForeignKey("facilities.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),  # the whole record as of this version
    sa.Column("change", sa.String(32), nullable=False),  # create | update | revert | delete
    sa.Column("changed_at", Timestamp, nullable=False),
    sa.Column("changed_by", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("upload_id", sa.ForeignKey("uploads.id", ondelete="SET NULL")),
    sa.UniqueConstraint("facility_id", "version", name="uq_facility_versions_facility_version"),
)

duplicate_pairs = sa.Table(
    "duplicate_pairs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # the two facilities that may be one, the smaller id first (so that a pair is queued once)
    sa.Column("facility_a", sa.ForeignKey("facilities.id", ondelete="CASCADE"), nullable=False),
    sa.Column("facility_b", sa.ForeignKey("facilities.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("distance_m", sa.Float, nullable=False),
    sa.Column("similarity", sa.Float, nullable=False),  # of the normalised Thai names, 0..1
    sa.Column("found_at", Timestamp, nullable=False),
    sa.Column("upload_id", sa.ForeignKey("uploads.id", ondelete="SET NULL")),
    sa.Column("status", sa.String(16), nullable=False, server_default="pending"),  # pending | merged | dismissed
    sa.Column("decided_at", Timestamp),
    sa.Column("decided_by", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("kept", sa.ForeignKey("facilities.id", ondelete="CASCADE")),  # merged: the one kept (the other closed)
    sa.UniqueConstraint("facility_a", "facility_b", name="uq_duplicate_pairs_facilities"),
    sa.CheckConstraint("facility_a < facility_b", name="ordered"),
)

coverage_facts = sa.Table(
    "coverage_facts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("area", sa.String(6), nullable=False),
    sa.Column("target_group", sa.String(40), nullable=False),
    sa.Column("dose", sa.SmallInteger, nullable=False),
    sa.Column("vaccinated", sa.BigInteger, nullable=False),  # people with at least this dose, cumulative
    sa.Column("population", sa.BigInteger),  # target population; NULL when the report has none
    sa.Column("source", sa.String(300)),
    sa.Column("upload_id", sa.ForeignKey("uploads.id", ondelete="SET NULL")),
    # a demo breakdown (data/demo_districts.py), not a report: shown as synthetic wherever it appears
    sa.Column("synthetic", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.UniqueConstraint("as_of", "area", "target_group", "dose", name="uq_coverage_facts_key"),
    sa.CheckConstraint("dose >= 1", name="dose_positive"),
    sa.CheckConstraint("vaccinated >= 0", name="vaccinated_non_negative"),
)
sa.Index("ix_coverage_facts_lookup", coverage_facts.c.target_group, coverage_facts.c.dose, coverage_facts.c.as_of)
sa.Index(
    "ix_coverage_facts_latest",
    coverage_facts.c.target_group,
    coverage_facts.c.dose,
    coverage_facts.c.area,
    coverage_facts.c.as_of,
)

survey_records = sa.Table(
    "survey_records",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("campaign_id", sa.ForeignKey("campaigns.id", ondelete="RESTRICT"), nullable=False, index=True),
    sa.Column("survey_date", sa.Date, nullable=False),
    sa.Column("volunteer_id", sa.ForeignKey("users.id", ondelete="SET NULL"), index=True),
    sa.Column("subdistrict", sa.String(6), nullable=False, index=True),
    # found by district or province through ix_survey_records_home_visit and ix_survey_records_province_created,
    # whose first column each is (migration 0016)
    sa.Column("district", sa.String(4), nullable=False),
    sa.Column("province", sa.String(2), nullable=False),
    sa.Column("village_no", sa.SmallInteger),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("target_group", sa.String(40), nullable=False),
    sa.Column("age", sa.SmallInteger, nullable=False),
    sa.Column("doses_received", sa.SmallInteger, nullable=False),
    sa.Column("intention", sa.String(16), nullable=False),  # wants | undecided | refuses
    sa.Column("needs_home_visit", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("reason", sa.Text),
    # the coordinator's review (data/review.py): pending | confirmed | corrected | rejected; a rejected record leaves
    # every figure (the tallies, the statistics, the lists and exports)
    sa.Column("review_status", sa.String(16), nullable=False, server_default="pending"),
    sa.Column("synthetic", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("upload_id", sa.ForeignKey("uploads.id", ondelete="SET NULL")),
    # a keyed hash of the record's content: the same record uploaded twice is recognised, not duplicated
    sa.Column("record_key", sa.String(64), unique=True),
    # the day a home visit vaccinated the person (data/home_visits.py): no longer counted as found unvaccinated
    sa.Column("vaccinated_on", sa.Date),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),  # 1 + the corrections made in review
)

sa.Index(
    "ix_survey_records_unvaccinated",
    survey_records.c.doses_received,
    survey_records.c.survey_date,
    survey_records.c.district,
    survey_records.c.target_group,
    survey_records.c.vaccinated_on,
    survey_records.c.review_status,
)
sa.Index(
    "ix_survey_records_home_visit",
    survey_records.c.district,
    survey_records.c.needs_home_visit,
    survey_records.c.target_group,
)

sa.Index("ix_survey_records_created", survey_records.c.created_at)
sa.Index("ix_survey_records_province_created", survey_records.c.province, survey_records.c.created_at)
sa.Index("ix_survey_records_synthetic", survey_records.c.synthetic, survey_records.c.province)

# Per district and target group: survey records, and those that found a person with no dose. Kept exact by triggers
# on survey_records (migrations 0006 and 0014), never written by the app: a rejected record is not counted, and a
# person a home visit vaccinated is no longer unvaccinated.
survey_tallies = sa.Table(
    "survey_tallies",
    metadata,
    sa.Column("district", sa.String(4), primary_key=True),
    sa.Column("target_group", sa.String(40), primary_key=True),
    sa.Column("province", sa.String(2), nullable=False, index=True),
    sa.Column("unvaccinated", sa.Integer, nullable=False),
    sa.Column("synthetic_unvaccinated", sa.Integer, nullable=False),
    sa.Column("surveyed", sa.Integer, nullable=False),
)

survey_personal = sa.Table(
    "survey_personal",
    metadata,
    sa.Column("survey_id", sa.ForeignKey("survey_records.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("full_name", sa.String(300)),
    sa.Column("national_id_hash", sa.String(64), index=True),  # keyed HMAC-SHA256, never the id itself
    sa.Column("phone", sa.String(50)),
)

# help requests from the public (/help, POST /api/v1/help-requests): a queue per area. The person's name, phone and
# note are kept apart in ``help_request_personal`` (as survey records keep theirs), so a query that does not join it
# cannot leak them; ``reference`` is what the person reads out over the phone (data/help_requests.py)
help_requests = sa.Table(
    "help_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("reference", sa.String(12), nullable=False, unique=True),
    sa.Column("need", sa.String(40), nullable=False),  # data.registries.HELP_NEEDS
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("subdistrict", sa.String(6), nullable=False),
    sa.Column("district", sa.String(4), nullable=False),
    sa.Column("province", sa.String(2), nullable=False),
    sa.Column("people", sa.SmallInteger, nullable=False, server_default="1"),
    sa.Column("status", sa.String(24), nullable=False, server_default="waiting"),  # data.registries.HELP_STATUSES
    sa.Column("assigned_to", sa.ForeignKey("users.id", ondelete="SET NULL"), index=True),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
    sa.Column("synthetic", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.CheckConstraint("people >= 1", name="people_positive"),
)
# the queue of an area, oldest first, for each level of the chain of command and for the whole country
sa.Index(
    "ix_help_requests_district_queue", help_requests.c.district, help_requests.c.status, help_requests.c.created_at
)
sa.Index(
    "ix_help_requests_subdistrict_queue",
    help_requests.c.subdistrict,
    help_requests.c.status,
    help_requests.c.created_at,
)
sa.Index(
    "ix_help_requests_province_queue", help_requests.c.province, help_requests.c.status, help_requests.c.created_at
)
sa.Index("ix_help_requests_status_queue", help_requests.c.status, help_requests.c.created_at)

help_request_personal = sa.Table(
    "help_request_personal",
    metadata,
    sa.Column("request_id", sa.ForeignKey("help_requests.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("full_name", sa.String(300)),
    sa.Column("phone", sa.String(50), nullable=False),
    sa.Column("note", sa.Text),
)

# every status change of every follow-up (a help request, a home visit, a coordinator's review of a survey record):
# what it became, when, who acted, their note. Written only through data/followup.py
followup_events = sa.Table(
    "followup_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(24), nullable=False),  # help_request | home_visit | survey_review
    sa.Column("item_id", sa.Integer, nullable=False),
    sa.Column("status", sa.String(24), nullable=False),
    sa.Column("at", Timestamp, nullable=False),
    sa.Column("by_user", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("note", sa.Text),
)
sa.Index("ix_followup_events_item", followup_events.c.kind, followup_events.c.item_id, followup_events.c.at)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", Timestamp, nullable=False, index=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("action", sa.String(64), nullable=False),  # e.g. facility.create, upload.accept, export.personal
    sa.Column("entity", sa.String(64)),
    sa.Column("entity_id", sa.String(64)),
    sa.Column("detail", sa.JSON),
    # sign-in throttling counts recent failures of an address (entity_id: its keyed hash) with this
    sa.Index("ix_audit_log_action_entity_at", "action", "entity_id", "at"),
)

# the answer of a write sent with an idempotency key, for a day (migration 0010, data/idempotency.py)
idempotency_keys = sa.Table(
    "idempotency_keys",
    metadata,
    sa.Column("scope", sa.String(40), primary_key=True),  # what was written: "survey.form", "facility.create"
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("created_at", Timestamp, nullable=False, index=True),
    sa.Column("answer", sa.JSON),
)

upload_changes = sa.Table(
    "upload_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("upload_id", sa.ForeignKey("uploads.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("entity", sa.String(32), nullable=False),  # coverage_fact | facility | survey
    sa.Column("entity_id", sa.Integer, nullable=False),
    sa.Column("before", sa.JSON),  # the row before the upload changed it; NULL when the upload created it
)

population = sa.Table(
    "population",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("area", sa.String(6), nullable=False),
    sa.Column("as_of", sa.Date, nullable=False),  # registration date (DOPA: 31 December of the year)
    sa.Column("population", sa.BigInteger, nullable=False),
    sa.Column("source", sa.String(300), nullable=False),
    sa.UniqueConstraint("area", "as_of", "source", name="uq_population_key"),
)

# practice accounts (data/practice.py): which practice space a name signs in to, until when, who made it. The account
# itself (its password hash, its sessions) lives only in that space's own database (migration 0015)
practice_accounts = sa.Table(
    "practice_accounts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(80), nullable=False, unique=True),
    sa.Column("space", sa.String(6), nullable=False, index=True),  # the area code of the space
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("expires_at", Timestamp, nullable=False),
    sa.Column("ended_at", Timestamp),  # the trainer ended it
    sa.Column("created_by", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("created_at", Timestamp, nullable=False),
)

app_meta = sa.Table(
    "app_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)


# where a home visit of a survey record stands (data/home_visits.py); a record that needs one and has no row here is
# "to plan". Each change is also an event of followup_events (kind home_visit).
home_visits = sa.Table(
    "home_visits",
    metadata,
    sa.Column("survey_id", sa.ForeignKey("survey_records.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("status", sa.String(16), nullable=False, server_default="to_plan"),
    sa.Column("assigned_to", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("planned_on", sa.Date),
    sa.Column("tries", sa.SmallInteger, nullable=False, server_default="0"),  # visits that found nobody at home
    sa.Column("updated_at", Timestamp, nullable=False),
    sa.Column("updated_by", sa.ForeignKey("users.id", ondelete="SET NULL")),
)
sa.Index("ix_home_visits_round", home_visits.c.assigned_to, home_visits.c.planned_on)

# a coordinator's correction of a survey record (data/review.py): the fields changed, {field: [old, new]}
survey_corrections = sa.Table(
    "survey_corrections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("survey_id", sa.ForeignKey("survey_records.id", ondelete="CASCADE"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),  # the record's version this correction made
    sa.Column("changes", sa.JSON, nullable=False),
    sa.Column("at", Timestamp, nullable=False),
    sa.Column("by_user", sa.ForeignKey("users.id", ondelete="SET NULL")),
    sa.Column("note", sa.Text),
    sa.UniqueConstraint("survey_id", "version", name="uq_survey_corrections_survey_version"),
)
