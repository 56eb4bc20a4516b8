"""National ids are stored nowhere in plain text (issue 15): after survey uploads through the API and through the
upload page's jobs, no national id — digits, with dashes, in Thai digits — is in any file of the data directory
(the database and its write-ahead log, key files, job files), in the log, or in a dump of the PostgreSQL schema. The
kept original has hashes where ids were, its download is audited, a refused upload keeps no file, the migration
redacts originals kept before, the files are the app's user's alone, and old originals are deleted."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from fixtures_app import create_people

from data.redaction import national_id_hash
from data.schema import audit_log, survey_personal, uploads, users

IDS = ["1101700230708", "3500100123457", "1234567890121"]  # valid checksums
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def dashed(d: str) -> str:
    return f"{d[0]}-{d[1:5]}-{d[5:10]}-{d[10:12]}-{d[12]}"


def needles() -> list[bytes]:
    """Every way an id of IDS could lie in a file: digits, dashed, spaced, Thai digits (UTF-8 and Windows-874)."""
    found = []
    for d in IDS:
        for text in (d, dashed(d), dashed(d).replace("-", " "), d.translate(THAI), dashed(d).translate(THAI)):
            found += [text.encode("utf-8"), text.encode("cp874")]
    return sorted(set(found))


def survey_file(encoding: str = "utf-8") -> bytes:
    """Three people, their ids written three ways; the first id again in the reason of the third row."""
    head = "วันที่สำรวจ,ตำบล,หมู่ที่,กลุ่มเป้าหมาย,อายุ,จำนวนเข็มที่ได้รับ,ความประสงค์,เหตุผล,ชื่อ-นามสกุล,เลขประจำตัวประชาชน\n"
    rows = [
        f"20/01/2565,500101,2,elderly,71,0,undecided,,นางหนึ่ง ทดสอบ,{IDS[0]}\n",
        f"20/01/2565,500101,2,elderly,72,0,undecided,,นายสอง ทดสอบ,{dashed(IDS[1])}\n",
        f"20/01/2565,500101,2,elderly,73,0,undecided,แทน {IDS[0]},นางสาม ทดสอบ,{IDS[2].translate(THAI)}\n",
    ]
    return (head + "".join(rows)).encode(encoding)


def leaks_in_folder(folder: Path) -> list[str]:
    """The files under ``folder`` holding any of the needles (the geometry cache left out: boundaries only)."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not (root == str(folder) and d == "cache")]
        for name in files:
            path = Path(root) / name
            if path.is_symlink():
                continue
            data = path.read_bytes()
            found += [f"{path.relative_to(folder)}: {n!r}" for n in needles() if n in data]
    return found


def pg_dump_leaks(state) -> list[str]:
    schema = state.engine.url.query["options"].split("=", 1)[1]
    dump = subprocess.run(
        ["pg_dump", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-n", schema],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout
    assert b"CREATE TABLE" in dump and b"uploads" in dump
    return [repr(n) for n in needles() if n in dump or n.hex().encode() in dump]  # bytea is dumped as hex


@pytest.fixture
def surveys_app(deployed_state):
    """(kind, state, test client, a volunteer's token, the volunteer) on a deployed database with an open campaign."""
    from app import create_app
    from data.demo import _open_campaign

    kind, state = deployed_state
    tokens = create_people(state, {"vol": ("volunteer", "500101"), "nat": ("national_admin", "TH")})
    with state.engine.begin() as conn:
        _open_campaign(conn)
        volunteer = dict(conn.execute(sa.select(users).where(users.c.username == "vol")).mappings().one())
    app = create_app(state.settings, state)
    return kind, state, app, tokens, volunteer


def send(client, token, content, filename="s.csv", query=""):
    return client.post(
        f"/api/v1/uploads/surveys{query}",
        headers={"Authorization": f"Bearer {token}"},
        data={"file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def stored_hashes(state) -> set[str]:
    with state.engine.connect() as conn:
        return set(conn.execute(sa.select(survey_personal.c.national_id_hash)).scalars())


def test_an_api_upload_leaves_no_national_id_anywhere(surveys_app, caplog):
    kind, state, app, tokens, _vol = surveys_app
    caplog.set_level(logging.INFO)
    client = app.server.test_client()
    answer = send(client, tokens["vol"], survey_file())
    assert answer.status_code == 200 and answer.json["new"] == 3, answer.json
    key = state.id_hash_key.encode()
    assert stored_hashes(state) == {national_id_hash(key, x) for x in (IDS[0], dashed(IDS[1]), IDS[2].translate(THAI))}

    assert leaks_in_folder(state.settings.data_dir) == []
    assert [repr(n) for n in needles() if n.decode("utf-8", "replace") in caplog.text] == []
    if kind == "postgresql":
        assert pg_dump_leaks(state) == []

    # the kept original, downloaded by a national admin: hashes where the ids were, the rest as sent; audited
    upload_id = answer.json["upload_id"]
    got = client.get(f"/api/v1/uploads/{upload_id}/file", headers={"Authorization": f"Bearer {tokens['nat']}"})
    assert got.status_code == 200
    expected = survey_file().decode()
    for written in (IDS[0], dashed(IDS[1]), IDS[2].translate(THAI)):
        expected = expected.replace(written, national_id_hash(key, written))
    assert got.data.decode() == expected
    with state.engine.connect() as conn:
        actions = conn.execute(
            sa.select(audit_log.c.action, audit_log.c.detail).where(
                audit_log.c.entity == "upload", audit_log.c.entity_id == str(upload_id)
            )
        ).all()
    assert [a for a, _ in actions] == ["upload.surveys", "upload.original_download"]


def test_an_upload_page_check_then_save_leaves_no_national_id_and_no_job_file(surveys_app, caplog):
    from dashboard.pages.upload import job

    kind, state, app, _tokens, volunteer = surveys_app
    caplog.set_level(logging.INFO)
    store = None
    with app.server.test_request_context():
        store = job.job_store()
        check = job.start(volunteer, "surveys", survey_file("cp874"), "s.csv", dry_run=True, keep_valid=False)
        checked = wait(store, check, volunteer["id"])
        assert checked["report"]["rows"] == 3 and not checked["report"]["problems"]
        assert leaks_in_folder(state.settings.data_dir) == []  # the kept file is encrypted
        assert store.content(check, volunteer["id"]) == survey_file("cp874")
        save = job.start(
            volunteer,
            "surveys",
            store.content(check, volunteer["id"]),
            "s.csv",
            dry_run=False,
            keep_valid=False,
        )
        saved = wait(store, save, volunteer["id"])
    assert saved["report"]["new"] == 3 and saved["report"]["upload_id"]
    assert store.content(check, volunteer["id"]) == survey_file("cp874")  # kept, encrypted, for a second save
    assert leaks_in_folder(state.settings.data_dir) == []
    assert [repr(n) for n in needles() if n.decode("utf-8", "replace") in caplog.text] == []
    if kind == "postgresql":
        assert pg_dump_leaks(state) == []
    with state.engine.connect() as conn:
        kept = conn.execute(sa.select(uploads.c.content).where(uploads.c.id == saved["report"]["upload_id"])).scalar()
    assert national_id_hash(state.id_hash_key.encode(), IDS[0]).encode() in kept and kept.decode("cp874")


def wait(store, ticket, user_id, timeout_s: float = 120) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        record = store.read(ticket, user_id)
        if record and record["finished"]:
            assert record["phase"] == "done", record
            return record
        time.sleep(0.05)
    raise AssertionError("the job did not finish")


def test_a_refused_upload_keeps_no_file_only_its_audit_line(surveys_app):
    _kind, state, app, tokens, _vol = surveys_app
    bad = survey_file() + f"20/01/2565,500101,2,elderly,74,0,undecided,,นางผิด ทดสอบ,{IDS[0][:-1]}0\n".encode()
    answer = send(app.server.test_client(), tokens["vol"], bad)
    assert answer.status_code == 422
    with state.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(uploads)).scalar() == 0
        refused = conn.execute(sa.select(audit_log.c.detail).where(audit_log.c.action == "upload.refused")).all()
    assert len(refused) == 1 and refused[0].detail["rows"] == 4
    assert leaks_in_folder(state.settings.data_dir) == []


def test_a_kept_workbook_has_hashes_where_the_ids_were(own_demo):
    import openpyxl

    state, client = own_demo.state, own_demo.client
    tokens = create_people(state, {"vol": ("volunteer", "500101")})
    book = openpyxl.Workbook()
    for line in survey_file().decode().splitlines():
        book.active.append([int(c) if c in IDS else c for c in line.split(",")])  # the first id as a number
    out = io.BytesIO()
    book.save(out)
    answer = send(client, tokens["vol"], out.getvalue(), filename="s.xlsx")
    assert answer.status_code == 200 and answer.json["new"] == 3, answer.json
    got = client.get(
        f"/api/v1/uploads/{answer.json['upload_id']}/file", headers={"Authorization": f"Bearer {tokens['vol']}"}
    )
    kept = openpyxl.load_workbook(io.BytesIO(got.data))
    ids = [row[9] for row in kept.active.iter_rows(min_row=2, values_only=True)]
    key = state.id_hash_key.encode()
    assert ids == [national_id_hash(key, x) for x in (IDS[0], dashed(IDS[1]), IDS[2].translate(THAI))]
    assert leaks_in_folder(state.settings.data_dir) == []


# -- the migration: originals kept before are redacted ----------------------------------------------------------------
def test_the_migration_redacts_originals_kept_the_old_way(database_url, tmp_path):
    from alembic import command

    from data.db import alembic_config, make_engine, migrate

    engine = make_engine(database_url)
    config = alembic_config(engine)
    command.upgrade(config, "0010")  # the schema before
    old = survey_file()
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO uploads (kind, filename, checksum, size_bytes, content, created_at, outcome, summary) "
                "VALUES ('surveys', 's.csv', 'x', :size, :content, :at, 'accepted', '{}')"
            ),
            {"size": len(old), "content": old, "at": dt.datetime(2026, 11, 1, tzinfo=dt.UTC)},
        )
    migrate(engine, id_hash_key="the-key")
    with engine.connect() as conn:
        kept = conn.execute(sa.select(uploads.c.content)).scalar()
    assert (
        kept
        == old.decode()
        .replace(IDS[0], national_id_hash(b"the-key", IDS[0]))
        .replace(dashed(IDS[1]), national_id_hash(b"the-key", dashed(IDS[1])))
        .replace(IDS[2].translate(THAI), national_id_hash(b"the-key", IDS[2].translate(THAI)))
        .encode()
    )
    if engine.dialect.name == "sqlite":
        assert leaks_in_folder(tmp_path) == []  # VACUUM, secure_delete: no old page keeps them
    else:
        assert pg_dump_leaks(SimpleNamespace(engine=engine)) == []
    engine.dispose()


def test_the_migration_needs_the_key_only_when_there_is_something_to_redact(tmp_path):
    from alembic import command

    from data.db import alembic_config, make_engine, migrate

    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    migrate(engine)  # an empty database: nothing to redact, no key needed
    engine.dispose()
    engine = make_engine(f"sqlite:///{tmp_path / 'b.db'}")
    command.upgrade(alembic_config(engine), "0010")
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO uploads (kind, filename, checksum, size_bytes, content, created_at, outcome, summary) "
                "VALUES ('surveys', 's.csv', 'x', 1, :content, '2026-11-01 00:00:00', 'accepted', '{}')"
            ),
            {"content": survey_file()},
        )
    with pytest.raises(RuntimeError, match="id hash key"):
        migrate(engine)
    engine.dispose()


# -- files of the app's user alone; the keys ---------------------------------------------------------------------------
def test_the_data_directory_the_database_and_the_keys_are_private(tmp_path):
    from dashboard.state import open_database
    from settings import load_settings

    data_dir = tmp_path / "var"
    settings = load_settings(environ={}, data_dir=data_dir)
    engine, secret, key = open_database(settings)
    with engine.begin() as conn:
        conn.execute(sa.text("SELECT 1"))
    names = {p.name: oct(p.stat().st_mode & 0o777) for p in data_dir.iterdir()}
    assert oct(data_dir.stat().st_mode & 0o777) == "0o700"
    assert names["jitasa.db"] == names["secret_key"] == names["id_hash_key"] == "0o600"
    assert names.get("jitasa.db-wal", "0o600") == "0o600"
    assert key != secret  # a new deployment: a key of its own
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    engine.dispose()


def test_an_existing_deployment_keeps_hashing_with_the_session_secret(tmp_path):
    """Survey records stored before JITASA_ID_HASH_KEY existed were hashed with the session secret: the first start
    keeps that key as the id hash key, so a repeated national id still matches."""
    from dashboard.state import open_database
    from settings import load_settings

    settings = load_settings(environ={}, data_dir=tmp_path, secret_key="the-old-secret")
    engine, _secret, _key = open_database(settings)
    (tmp_path / "id_hash_key").unlink()  # as if nothing knew of the key yet: a database from before the key file
    with engine.begin() as conn:
        campaign = conn.execute(
            sa.text("INSERT INTO campaigns (name_th, name_en, opened_on) VALUES ('a', 'a', '2022-01-01') RETURNING id")
        ).scalar()
        conn.execute(
            sa.text(
                "INSERT INTO survey_records (campaign_id, survey_date, subdistrict, district, province, target_group, "
                "age, doses_received, intention, needs_home_visit, created_at, record_key) VALUES (:c, '2022-01-20', "
                "'500101', '5001', '50', 'elderly', 70, 0, 'undecided', 0, '2022-01-20 00:00:00', 'k')"
            ),
            {"c": campaign},
        )
    engine.dispose()
    engine, _secret, key = open_database(settings)
    assert key == "the-old-secret" and (tmp_path / "id_hash_key").read_text() == "the-old-secret"
    engine.dispose()
    changed = settings.replace(secret_key="a-new-session-secret")
    engine, secret, key = open_database(changed)  # the session secret may change; the id hash key stays
    assert secret == "a-new-session-secret" and key == "the-old-secret"
    engine.dispose()
    given = settings.replace(id_hash_key="set-by-the-operator")
    engine, _secret, key = open_database(given)
    assert key == "set-by-the-operator"
    engine.dispose()


# -- retention ---------------------------------------------------------------------------------------------------------
def test_old_originals_are_deleted_and_their_records_and_audit_lines_stay(surveys_app):
    from dashboard.pages.upload_history.view import history_table
    from data.originals import purge_originals
    from data.upload_history import upload_audit, visible_uploads

    _kind, state, app, tokens, _vol = surveys_app
    answer = send(app.server.test_client(), tokens["vol"], survey_file())
    upload_id = answer.json["upload_id"]
    with state.engine.connect() as conn:
        sent_at = conn.execute(sa.select(uploads.c.created_at).where(uploads.c.id == upload_id)).scalar()
    sent_at = sent_at if sent_at.tzinfo else sent_at.replace(tzinfo=dt.UTC)
    assert purge_originals(state.engine, 90, now=sent_at + dt.timedelta(days=89, hours=23)) == 0
    assert purge_originals(state.engine, 90, now=sent_at + dt.timedelta(days=90, hours=1)) == 1
    assert purge_originals(state.engine, 90, now=sent_at + dt.timedelta(days=91)) == 0  # once
    with state.engine.connect() as conn:
        row = conn.execute(sa.select(uploads).where(uploads.c.id == upload_id)).mappings().one()
        audit = [e["action"] for e in upload_audit(conn, upload_id)]
        admin = {"id": 0, "role": "national_admin", "area": "TH"}
        history = visible_uploads(conn, admin)
    assert row["content"] is None and row["original_deleted_at"] is not None and row["summary"]["new"] == 3
    assert audit == ["upload.surveys", "upload.original_deleted"]
    assert "original deleted after 90 days" in str(history_table(history, "en"))
    gone = app.server.test_client().get(
        f"/api/v1/uploads/{upload_id}/file", headers={"Authorization": f"Bearer {tokens['vol']}"}
    )
    assert gone.status_code == 404


@pytest.mark.system
def test_the_live_server_keeps_no_national_id_in_its_files_or_its_log(staff_server):
    import requests
    from fixtures_app import STAFF, api_token

    url, data_dir = staff_server["url"], staff_server["data_dir"]
    volunteer = {"Authorization": "Bearer " + api_token(data_dir, STAFF["volunteer"][0])}
    sent = requests.post(
        url + "/api/v1/uploads/surveys", headers=volunteer, files={"file": ("s.csv", survey_file())}, timeout=60
    )
    assert sent.status_code == 200, sent.text
    kept = requests.get(f"{url}/api/v1/uploads/{sent.json()['upload_id']}/file", headers=volunteer, timeout=60)
    assert kept.status_code == 200 and IDS[0].encode() not in kept.content
    assert leaks_in_folder(data_dir) == []  # the server's log is there too
    log = staff_server["log"].read_bytes()
    assert b"POST /api/v1/uploads/surveys" in log and [n for n in needles() if n in log] == []


@pytest.mark.system
def test_purge_originals_on_the_command_line(tmp_path, geo_cache_dir):
    root = Path(__file__).resolve().parents[1]
    (tmp_path / "cache").symlink_to(geo_cache_dir)
    env = {**os.environ, "JITASA_DATA_DIR": str(tmp_path), "JITASA_UPLOAD_RETENTION_DAYS": "30"}
    run = subprocess.run(
        [sys.executable, "app.py", "purge-originals"], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    assert "deleted 0 upload originals kept more than 30 days" in run.stdout
