"""The `uplift` command: once as a newcomer runs it (real processes: migrate, seed), then
each command called in-process through the same typer app (seeding again changes nothing…).

A process costs seconds of start-up and imports; an in-process call costs what the command
does. Each in-process test gets its own SQLite file, copied from one migrated and seeded
database made once for the module.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from tests.conftest import REPO_ROOT
from uplift.cli import app
from uplift.config import get_settings
from uplift.kit import migrations

UPLIFT = [sys.executable, "-m", "uplift"]

# Each test makes its own SQLite file; running them again beside PostgreSQL proves nothing new.
pytestmark = pytest.mark.skipif(
    os.environ.get("UPLIFT_TEST_DATABASE_URL", "").startswith("postgres"),
    reason="the command-line tests use their own SQLite files; the SQLite run covers them",
)


def run(*args: str, database: Path) -> str:
    """The command in its own process, as typed at a shell; its standard output."""
    env = {**os.environ, "UPLIFT_DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run(
        [*UPLIFT, *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout


def uplift(*args: str, database: Path, input: str | None = None, **environment: str) -> Result:
    """The command called in-process, with UPLIFT_* variables set only while it runs."""
    env = {"UPLIFT_DATABASE_URL": f"sqlite:///{database}", **environment}
    get_settings.cache_clear()  # the settings are read once per process; here, once per call
    try:
        return CliRunner().invoke(app, list(args), input=input, env=env)
    finally:
        get_settings.cache_clear()


def test_a_newcomer_migrates_and_seeds(tmp_path: Path) -> None:
    database = tmp_path / "nested" / "uplift.db"  # the folder does not exist yet
    assert "database at head" in run("db", "upgrade", database=database)
    first = run("seed", database=database)
    assert "6 created" in first
    assert "plans created: MOEACA 2018" in first


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with the 107 plan loaded, made once for the module."""
    path = tmp_path_factory.mktemp("cli") / "seeded.db"
    migrations.upgrade(f"sqlite:///{path}")
    loaded = uplift("seed", database=path)
    assert loaded.exit_code == 0, loaded.output
    return path


@pytest.fixture
def database(seeded: Path, tmp_path: Path) -> Path:
    """This test's own copy of the seeded database."""
    copy = tmp_path / "uplift.db"
    shutil.copyfile(seeded, copy)
    return copy


def test_seeding_again_changes_nothing(database: Path) -> None:
    again = uplift("seed", database=database)
    assert again.exit_code == 0, again.output
    assert "0 created, 0 updated" in again.stdout
    assert "already there: MOEACA 2018" in again.stdout


def test_models_and_migrations_agree(database: Path) -> None:
    checked = uplift("db", "check", database=database)
    assert checked.exit_code == 0, checked.output
    assert "agree" in checked.stdout


def test_seed_loads_units_from_another_data_file(database: Path, tmp_path: Path) -> None:
    units = tmp_path / "units.yaml"
    units.write_text(
        "organizations:\n"
        "  - {code: TAIWATER-R1, kind: unit, parent: TAIWATER, name_zh: 第一區管理處,\n"
        "     name_en: First Branch, short_name_zh: 一區處, short_name_en: Branch 1}\n",
        encoding="utf-8",
    )
    loaded = uplift("seed", "--file", str(units), database=database)
    assert loaded.exit_code == 0, loaded.output
    assert "1 created" in loaded.stdout
    assert "already there: none" in loaded.stdout


def test_seed_rejects_a_file_naming_an_unknown_parent(database: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "organizations:\n"
        "  - {code: X, kind: unit, parent: NOPE, name_zh: 甲, name_en: A,\n"
        "     short_name_zh: 甲, short_name_en: A}\n",
        encoding="utf-8",
    )
    refused = uplift("seed", "--file", str(bad), database=database)
    assert refused.exit_code == 1
    assert "unknown organisation code 'NOPE'" in refused.stderr


def test_the_first_administrator_comes_from_standard_input(database: Path) -> None:
    created = uplift(
        "users", "create-admin", "chief", "--password-stdin",
        input="a-long-admin-password\n",
        database=database,
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    assert "administrator 'chief' created" in created.stdout
    weak = uplift(
        "users", "create-admin", "other", "--password-stdin", input="short\n", database=database
    )
    assert weak.exit_code == 1
    assert "at least 10 characters" in weak.stderr
    without_stdin = uplift("users", "create-admin", "third", database=database)
    assert without_stdin.exit_code == 2
    assert "--password-stdin" in without_stdin.stderr


def test_demo_accounts_are_listed_and_never_loaded_in_production(database: Path) -> None:
    demo = uplift("seed", "--demo", database=database)
    assert demo.exit_code == 0, demo.output
    assert "reviewer" in demo.stdout and "demo-reviewer-107" in demo.stdout
    # The plan names no unit: the demo makes some up, and says so (the plain seed adds none).
    assert "demo units (made up: the plan names none): 8" in demo.stdout
    assert "reporter-taiwater-unit" in demo.stdout
    again = uplift("seed", "--demo", database=database)
    assert again.exit_code == 0, again.output
    refused = uplift(
        "seed",
        "--demo",
        database=database,
        UPLIFT_ENVIRONMENT="production",
        UPLIFT_SECRET_KEY="s" * 40,
    )
    assert refused.exit_code == 1
    assert "never loaded in production" in refused.stderr


def test_storage_sweep_removes_what_nothing_names_and_says_what_it_freed(
    database: Path, tmp_path: Path
) -> None:
    import hashlib
    import sqlite3

    storage = tmp_path / "storage"
    rows = []
    for data, hours_ago in ((b"%PDF-1.4 old\n", 30), (b"%PDF-1.4 new\n", 1)):
        sha = hashlib.sha256(data).hexdigest()
        (storage / sha[:2]).mkdir(parents=True, exist_ok=True)
        (storage / sha[:2] / sha).write_bytes(data)
        rows.append((sha, len(data), "application/pdf", "x.pdf", hours_ago, "test"))
    with sqlite3.connect(database) as connection:
        connection.executemany(
            "INSERT INTO stored_files (sha256, size, media_type, filename, uploaded_at,"
            " uploaded_by) VALUES (?, ?, ?, ?, datetime('now', '-' || ? || ' hours'), ?)",
            rows,
        )
    old, new = (storage / sha[:2] / sha for sha, *_ in rows)
    # A partial upload a dead process left behind two days ago, and one arriving right now
    incoming = storage / "incoming"
    incoming.mkdir()
    (incoming / "tmp-dead").write_bytes(b"%PDF-1.4 half")
    os.utime(incoming / "tmp-dead", (time.time() - 48 * 3600,) * 2)
    (incoming / "tmp-live").write_bytes(b"%PDF-1.4")
    env = {"UPLIFT_STORAGE_DIR": str(storage)}
    dry = uplift("storage", "sweep", "--dry-run", database=database, **env)
    assert dry.exit_code == 0, dry.output
    assert "would remove 1 unnamed stored file rows and 1 files, 13 bytes freed" in dry.stdout
    assert "would remove 1 abandoned partial uploads, 13 bytes" in dry.stdout
    assert old.exists() and (incoming / "tmp-dead").exists()
    swept = uplift("storage", "sweep", database=database, **env)
    assert swept.exit_code == 0, swept.output
    assert "removed 1 unnamed stored file rows and 1 files, 13 bytes freed" in swept.stdout
    assert "removed 1 abandoned partial uploads, 13 bytes" in swept.stdout
    assert not old.exists() and new.exists()
    assert not (incoming / "tmp-dead").exists() and (incoming / "tmp-live").exists()
    closer = uplift("storage", "sweep", "--older-than", "0", database=database, **env)
    assert "removed 1 unnamed stored file rows and 1 files, 13 bytes freed" in closer.stdout
    assert not new.exists()


def test_rebuild_standings_sums_up_reports_written_past_the_application(database: Path) -> None:
    """A report restored or written by hand has no standing until the command sums the plan
    up again; then the matrix's row is there, saying what the report says."""
    import sqlite3

    with sqlite3.connect(database) as connection:
        plan, year = connection.execute("SELECT id, year FROM plans").fetchone()
        measure = connection.execute("SELECT key FROM measures LIMIT 1").fetchone()[0]
        organization = connection.execute(
            "SELECT id FROM organizations WHERE parent_id IS NOT NULL LIMIT 1"
        ).fetchone()[0]
        connection.execute(
            "INSERT INTO progress_reports (plan_id, measure_key, organization_id, period, "
            "current_status, submitted_status, state, version, submitted_version, created_at, "
            "updated_at, submitted_at) VALUES (?, ?, ?, ?, 'delayed', 'delayed', 'submitted', "
            "1, 1, ?, ?, ?)",
            (plan, measure, organization, f"{year}-H1", *[f"{year}-07-20 02:00:00.000000"] * 3),
        )
    kept = "SELECT current_reports, submitted_late FROM progress_standings WHERE measure_key = ?"
    with sqlite3.connect(database) as connection:
        assert connection.execute(kept, (measure,)).fetchall() == []
    rebuilt = uplift("progress", "rebuild-standings", database=database)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "standings of 1 plan summed up" in rebuilt.stdout
    with sqlite3.connect(database) as connection:
        assert connection.execute(kept, (measure,)).fetchall() == [(1, 1)]  # due 30 June
