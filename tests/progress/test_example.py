"""The README's script for enterprise systems works: it is run, as it is, against a live
server (uvicorn on a free port, a freshly migrated and seeded database of its own)."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import DEMO_PASSWORDS, REPO_ROOT
from tests.fixtures.committed import _drop_database as drop_database
from tests.fixtures.database import recreate_database, sibling_database_url

SCRIPT = REPO_ROOT / "docs" / "examples" / "post_progress.py"
UPLIFT = Path(sys.executable).with_name("uplift")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def live_server(database_url: str, tmp_path: Path) -> Iterator[str]:
    url = sibling_database_url(database_url, "example")
    recreate_database(url)
    env = {**os.environ, "UPLIFT_DATABASE_URL": url, "UPLIFT_FRONTEND_DIST": str(tmp_path)}
    subprocess.run([UPLIFT, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([UPLIFT, "seed", "--demo"], env=env, check=True, capture_output=True)
    port = _free_port()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [UPLIFT, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(f"{base}/api/v1/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, (tmp_path / "server.log").read_text()
            time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
        drop_database(url)


def _reporter_token(base: str) -> str:
    with httpx.Client(base_url=f"{base}/api/v1") as http:
        login = http.post(
            "/auth/login",
            json={"username": "reporter-taiwater", "password": DEMO_PASSWORDS["reporter-taiwater"]},
        )
        login.raise_for_status()
        made = http.post(
            "/tokens",
            json={"name": "ERP", "scopes": ["plans:read", "progress:read", "progress:write"]},
            headers={"X-CSRF-Token": login.json()["csrf_token"]},
        )
        made.raise_for_status()
        return str(made.json()["token"])


def test_the_readme_script_posts_a_batch_and_reads_it_back(live_server: str) -> None:
    env = {**os.environ, "UPLIFT_URL": live_server, "UPLIFT_TOKEN": _reporter_token(live_server)}
    first = subprocess.run(
        [sys.executable, SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert first.returncode == 0, first.stdout + first.stderr
    assert "batch: {'created': 43, 'updated': 0, 'unchanged': 0, 'rejected': 0}" in first.stdout
    assert "read back: 43 reports" in first.stdout
    again = subprocess.run(
        [sys.executable, SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert "'created': 0, 'updated': 0, 'unchanged': 43" in again.stdout, again.stderr
    assert "read back: 43 reports" in again.stdout


def test_the_readme_shows_that_very_script() -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    assert f"```python\n{SCRIPT.read_text()}```" in readme
