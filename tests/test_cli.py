"""The `uplift` command as a newcomer runs it: migrate, seed twice, nothing doubles."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

UPLIFT = [sys.executable, "-m", "uplift"]

# Each test makes its own SQLite file; running them again beside PostgreSQL proves nothing new.
pytestmark = pytest.mark.skipif(
    os.environ.get("UPLIFT_TEST_DATABASE_URL", "").startswith("postgres"),
    reason="the command-line tests use their own SQLite files; the SQLite run covers them",
)


def run(*args: str, database: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "UPLIFT_DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run(
        [*UPLIFT, *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=check
    )


def test_upgrade_and_seed_are_idempotent(tmp_path: Path) -> None:
    database = tmp_path / "nested" / "uplift.db"  # the folder does not exist yet
    assert "database at head" in run("db", "upgrade", database=database).stdout
    first = run("seed", database=database).stdout
    assert "6 created" in first
    assert "plans created: MOEACA 2018" in first
    second = run("seed", database=database).stdout
    assert "0 created, 0 updated" in second
    assert "already there: MOEACA 2018" in second
    assert "agree" in run("db", "check", database=database).stdout


def test_seed_loads_units_from_another_data_file(tmp_path: Path) -> None:
    database = tmp_path / "uplift.db"
    run("db", "upgrade", database=database)
    run("seed", database=database)
    units = tmp_path / "units.yaml"
    units.write_text(
        "organizations:\n"
        "  - {code: TAIWATER-R1, kind: unit, parent: TAIWATER, name_zh: 第一區管理處,\n"
        "     name_en: First Branch, short_name_zh: 一區處, short_name_en: Branch 1}\n",
        encoding="utf-8",
    )
    assert "1 created" in run("seed", "--file", str(units), database=database).stdout


def test_seed_rejects_a_file_naming_an_unknown_parent(tmp_path: Path) -> None:
    database = tmp_path / "uplift.db"
    run("db", "upgrade", database=database)
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "organizations:\n"
        "  - {code: X, kind: unit, parent: NOPE, name_zh: 甲, name_en: A,\n"
        "     short_name_zh: 甲, short_name_en: A}\n",
        encoding="utf-8",
    )
    result = run("seed", "--file", str(bad), database=database, check=False)
    assert result.returncode != 0
    assert "unknown organisation code 'NOPE'" in result.stderr


def test_the_first_administrator_comes_from_standard_input(tmp_path: Path) -> None:
    database = tmp_path / "uplift.db"
    run("db", "upgrade", database=database)
    env = {**os.environ, "UPLIFT_DATABASE_URL": f"sqlite:///{database}"}
    created = subprocess.run(
        [*UPLIFT, "users", "create-admin", "chief", "--password-stdin"],
        input="a-long-admin-password\n",
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert created.returncode == 0, created.stderr
    assert "administrator 'chief' created" in created.stdout
    weak = subprocess.run(
        [*UPLIFT, "users", "create-admin", "other", "--password-stdin"],
        input="short\n",
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert weak.returncode == 1
    assert "at least 10 characters" in weak.stderr


def test_demo_accounts_are_listed_and_never_loaded_in_production(tmp_path: Path) -> None:
    database = tmp_path / "uplift.db"
    run("db", "upgrade", database=database)
    demo = run("seed", "--demo", database=database).stdout
    assert "reviewer" in demo and "demo-reviewer-107" in demo
    env = {
        **os.environ,
        "UPLIFT_DATABASE_URL": f"sqlite:///{database}",
        "UPLIFT_ENVIRONMENT": "production",
        "UPLIFT_SECRET_KEY": "s" * 40,
    }
    refused = subprocess.run(
        [*UPLIFT, "seed", "--demo"], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )
    assert refused.returncode == 1
    assert "never loaded in production" in refused.stderr
