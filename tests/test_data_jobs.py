"""The job store of the upload page: files replaced atomically, one owner per job, old jobs removed, progress
throttled, a failure recorded with a reference."""

from __future__ import annotations

import json
import os
import threading
import time

import pytest

from data.jobs import JobStore, start_job


@pytest.fixture
def store(tmp_path):
    return JobStore(tmp_path / "jobs")


def wait_finished(store: JobStore, job_id: str, user_id: int, timeout_s: float = 10) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        record = store.read(job_id, user_id)
        if record and record["finished"]:
            return record
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} did not finish")


def test_a_job_belongs_to_its_user(store):
    job_id = store.create(7, content=b"a,b\n1,2\n", kind="coverage", file="c.csv")
    record = store.read(job_id, 7)
    assert record["user_id"] == 7 and record["kind"] == "coverage" and record["file"] == "c.csv"
    assert (record["phase"], record["done"], record["total"], record["finished"]) == ("queued", 0, 0, False)
    assert store.content(job_id, 7) == b"a,b\n1,2\n"
    assert store.read(job_id, 8) is None and store.content(job_id, 8) is None  # someone else: as if there were none
    assert store.read(job_id, None) is None


def test_ids_are_random_and_cannot_reach_outside_the_folder(store, tmp_path):
    (tmp_path / "secret.json").write_text(json.dumps({"user_id": 7, "finished": True}))
    ids = {store.create(7) for _ in range(20)}
    assert len(ids) == 20 and all(len(i) >= 20 for i in ids)
    for bad in ("../secret", "..%2Fsecret", "", None, "a" * 200, "x/y"):
        assert store.read(bad, 7) is None


def test_updates_replace_the_file_atomically(store):
    job_id = store.create(1)
    path = store.directory / f"{job_id}.json"
    seen_bad, stop = [], threading.Event()

    def reader():
        while not stop.is_set():
            try:
                json.loads(path.read_text(encoding="utf-8"))
            except (json.JSONDecodeError, FileNotFoundError) as exc:
                seen_bad.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    big = {"problems": [{"row": i, "message_th": "ปัญหา" * 20} for i in range(500)]}
    for n in range(20):
        store.update(job_id, done=n, report=big)
    stop.set()
    thread.join()
    assert seen_bad == []
    assert store.read(job_id, 1)["done"] == 19
    assert not list(store.directory.glob("*.tmp"))
    assert oct(path.stat().st_mode & 0o777) == "0o600"  # the job may hold personal data


def test_old_jobs_are_removed_when_a_new_one_starts(store):
    old = store.create(1, content=b"old")
    old_id = old.split(".")[0]  # the ticket: the id, then the key of the kept file
    long_ago = time.time() - store.max_age_s - 60
    for suffix in (".json", ".bin"):
        os.utime(store.directory / f"{old_id}{suffix}", (long_ago, long_ago))
    new = store.create(1, content=b"new")
    assert store.read(old, 1) is None and not (store.directory / f"{old_id}.bin").exists()
    assert store.read(new, 1) is not None
    assert store.cleanup() == 0


def test_a_job_runs_in_a_thread_and_keeps_its_report(store):
    def work(progress):
        for done in (100, 200):
            for phase in ("read", "validate", "store"):
                progress(phase, done, 200)
        return {"new": 200, "problems": []}

    job_id = start_job(store, 3, work, kind="surveys", file="s.csv", action="check")
    record = wait_finished(store, job_id, 3)
    assert record["phase"] == "done" and record["report"] == {"new": 200, "problems": []} and record["error"] is None
    assert (record["done"], record["total"], record["base"]) == (200, 200, 100)  # base: before the last chunk


def test_progress_is_written_at_each_phase_but_not_for_every_row(store, monkeypatch):
    writes = []
    original = JobStore.update

    def counting(self, job_id, **fields):
        writes.append(fields)
        original(self, job_id, **fields)

    monkeypatch.setattr(JobStore, "update", counting)

    def work(progress):
        for done in range(1, 5001):
            progress("validate", done, 5000)
        return {}

    job_id = start_job(store, 1, work)
    wait_finished(store, job_id, 1)
    progress_writes = [w for w in writes if "phase" in w and w["phase"] == "validate"]
    assert 1 <= len(progress_writes) < 100
    assert progress_writes[-1]["done"] == 5000  # the last step of a phase is always written


def test_a_failing_job_says_so_with_a_reference_and_logs_the_traceback(store, caplog):
    def work(progress):
        raise RuntimeError("boom")

    job_id = start_job(store, 1, work)
    record = wait_finished(store, job_id, 1)
    assert record["phase"] == "failed" and record["report"] is None and len(record["error"]) == 8
    assert record["error"] in caplog.text and "boom" in caplog.text


def test_a_job_whose_server_stopped_reads_as_failed_once_silent(tmp_path):
    store = JobStore(tmp_path / "jobs", stalled_s=0.05)
    job_id = store.create(1)  # nobody runs it: as if the process had died
    assert store.read(job_id, 1)["finished"] is False
    time.sleep(0.1)
    record = store.read(job_id, 1)
    assert record["finished"] and record["phase"] == "failed" and record["error"] == "stalled"


# -- the kept file: encrypted with a key only the ticket holds (issue 15) --------------------------------------------
def test_the_kept_file_is_encrypted_with_a_key_that_is_written_nowhere(store):
    content = "เลขประจำตัวประชาชน\n1101700230708\n".encode()
    ticket = store.create(7, content=content)
    job_id, key = ticket.split(".")
    assert store.content(ticket, 7) == content
    on_disk = b"".join(path.read_bytes() for path in store.directory.iterdir())
    assert b"1101700230708" not in on_disk and key.encode() not in on_disk
    assert store.content(job_id, 7) is None  # the id alone does not open it
    assert store.content(f"{job_id}.{'A' * len(key)}", 7) is None  # nor another key
    sealed = store.directory / f"{job_id}.bin"
    changed = bytearray(sealed.read_bytes())
    changed[-1] ^= 1
    sealed.write_bytes(bytes(changed))
    assert store.content(ticket, 7) is None  # a changed file is refused


def test_a_failed_job_removes_its_kept_file(store):
    def work(progress):
        raise RuntimeError("boom")

    ticket = start_job(store, 1, work, content=b"secret")
    wait_finished(store, ticket, 1)
    assert not list(store.directory.glob("*.bin"))


def test_the_files_of_jobs_that_died_are_removed_at_the_next_start(tmp_path):
    store = JobStore(tmp_path / "jobs", stalled_s=0.05)
    dead = store.create(1, content=b"kept")  # nobody runs it: as if the process had died
    done = store.create(1)
    store.update(done, finished=True, phase="done", report={})
    (store.directory / "half-written.tmp").write_bytes(b"x")
    (store.directory / ("o" * 24 + ".bin")).write_bytes(b"without its job")
    time.sleep(0.1)
    assert store.clear_at_start() == 4  # the dead job's two files, the temporary file, the orphan
    assert store.read(dead, 1) is None and store.read(done, 1)["phase"] == "done"
    assert sorted(p.suffix for p in store.directory.iterdir()) == [".json"]


def test_a_person_keeps_one_file_the_one_they_checked_last(store):
    first = store.create(7, content=b"first")
    other = store.create(8, content=b"someone else's")
    second = store.create(7, content=b"second")
    assert store.content(first, 7) is None and store.content(second, 7) == b"second"
    assert store.content(other, 8) == b"someone else's"
    assert len(list(store.directory.glob("*.bin"))) == 2
