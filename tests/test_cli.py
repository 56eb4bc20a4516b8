"""The command line of DESIGN.md, run as a person would run it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.system

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, geo_cache_dir):
    folder = tmp_path_factory.mktemp("cli")
    (folder / "cache").symlink_to(geo_cache_dir)
    return folder


def app(data_dir, *args, stdin=""):
    env = {**os.environ, "JITASA_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "app.py", *args], cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=180, env=env
    )


def test_create_user_reads_the_password_from_stdin_then_create_token(data_dir):
    made = app(
        data_dir,
        "create-user",
        "somchai",
        "--role",
        "coordinator",
        "--area",
        "อ.เมืองเชียงใหม่",
        stdin="a-long-password\n",
    )
    assert made.returncode == 0, made.stderr
    assert "created user somchai" in made.stdout and "area 5001" in made.stdout
    assert "a-long-password" not in made.stdout + made.stderr
    token = app(data_dir, "create-token", "somchai")
    assert token.returncode == 0 and token.stdout.strip().startswith("jt_")


def test_create_user_refuses_bad_input_with_thai_and_english(data_dir):
    short = app(data_dir, "create-user", "nok", "--role", "volunteer", "--area", "50", stdin="short\n")
    assert short.returncode == 2 and "at least 8" in short.stderr and "อย่างน้อย" in short.stderr
    wrong_level = app(
        data_dir, "create-user", "dang", "--role", "coordinator", "--area", "50", stdin="a-long-password\n"
    )
    assert wrong_level.returncode == 2 and "district" in wrong_level.stderr
    unknown = app(
        data_dir, "create-user", "dang", "--role", "volunteer", "--area", "Chiang Mia", stdin="a-long-password\n"
    )
    assert unknown.returncode == 2 and "Chiang Mai" in unknown.stderr
    nobody = app(data_dir, "create-token", "nobody")
    assert nobody.returncode == 2 and "no user named nobody" in nobody.stderr


def test_import_prints_the_report_and_dry_run_stores_nothing(data_dir, tmp_path):
    path = tmp_path / "coverage.csv"
    path.write_bytes("ข้อมูล ณ วันที่,พื้นที่,กลุ่มเป้าหมาย,เข็มที่,จำนวนผู้ได้รับวัคซีน\n31/1/2565,50,all,1,100\n".encode("cp874"))
    dry = app(data_dir, "import", "coverage", str(path), "--dry-run")
    assert dry.returncode == 0 and "dry run" in dry.stdout and "new 1" in dry.stdout
    real = app(data_dir, "import", "coverage", str(path))
    assert "new 1" in real.stdout
    again = app(data_dir, "import", "coverage", str(path))
    assert "new 0" in again.stdout and "unchanged 1" in again.stdout
    progress = ("read ", "validate ", "store ")
    assert not any(line.startswith(progress) for r in (dry, real, again) for line in r.stderr.splitlines())


def test_a_long_import_shows_its_progress_on_stderr_and_only_the_report_on_stdout(data_dir, tmp_path, real_registry):
    from data.registries import TARGET_GROUPS

    keys = [
        (as_of, district, group.code, dose)
        for as_of in ("31/1/2565", "28/2/2565")
        for district in real_registry.frame("district").index
        for group in TARGET_GROUPS
        for dose in (1, 2, 3, 4)
    ]  # 2 x 928 x 12 x 4 = 89,088 rows, which take more than a second
    path = tmp_path / "coverage-large.csv"
    lines = [",".join(map(str, key)) + f",{n}" for n, key in enumerate(keys)]
    path.write_text("as_of,area,target_group,dose,vaccinated\n" + "\n".join(lines) + "\n", encoding="utf-8")
    result = app(data_dir, "import", "coverage", str(path), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"ทดลอง (ไม่บันทึก) / dry run: coverage-large.csv: {len(keys)} rows · new {len(keys)} · updated 0 · "
        "unchanged 0 · problems 0 · warnings 0"
    ]
    progress = [line for line in result.stderr.splitlines() if line.startswith(("read ", "validate ", "store "))]
    assert progress and progress[-1] == f"store {len(keys):,}/{len(keys):,}"


def test_import_of_a_bad_file_exits_1_with_row_and_column(data_dir, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("as_of,area,target_group,dose,vaccinated\n2022-01-31,Atlantis,all,1,10\n", encoding="utf-8")
    result = app(data_dir, "import", "coverage", str(path))
    assert result.returncode == 1 and "row 2 area" in result.stdout and "nothing stored" in result.stdout


def test_import_under_a_user_that_does_not_exist_stores_nothing(data_dir, tmp_path):
    path = tmp_path / "coverage.csv"
    path.write_text("as_of,area,target_group,dose,vaccinated\n2022-01-31,57,all,1,10\n", encoding="utf-8")
    result = app(data_dir, "import", "coverage", str(path), "--user", "nobody_here")
    assert result.returncode == 2 and "no user named 'nobody_here'" in result.stderr and "ไม่มีผู้ใช้ชื่อ" in result.stderr
    again = app(data_dir, "import", "coverage", str(path), "--dry-run")
    assert "new 1" in again.stdout  # the row was not stored


def test_import_of_a_missing_file_is_one_line(data_dir, tmp_path):
    result = app(data_dir, "import", "facilities", str(tmp_path / "missing.csv"))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1 and "missing.csv" in result.stderr
