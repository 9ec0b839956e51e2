"""Evidence files, in process: how long an upload (parse the form, copy, hash, sniff, place,
row, audit) and a download take for a 1 MB and a 20 MB PDF, and the process's peak memory
growth over the run (an upload must not be held in memory whole).

A fresh SQLite database is migrated and seeded with the demo accounts; the files go to a
temporary storage directory. Each upload has different bytes, so each is a new file on disk.

Usage: python bench/evidence_upload.py [--rounds 5]
"""

import argparse
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import uvloop

from uplift.config import Settings
from uplift.main import create_app

SIZES_MB = (1, 20)


def pdf_of(megabytes: int) -> bytes:
    return b"%PDF-1.4\n" + secrets.token_bytes(megabytes * 1024 * 1024 - 9)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


async def run(url: str, storage: Path, rounds: int) -> None:
    settings = Settings(database_url=url, storage_dir=storage, frontend_dist=storage / "none")
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://bench") as http,
    ):
        login = await http.post(
            "/api/v1/auth/login",
            json={"username": "reporter-taiwater", "password": "demo-reporter-107"},
        )
        login.raise_for_status()
        http.headers["X-CSRF-Token"] = login.json()["csrf_token"]
        for megabytes in SIZES_MB:
            files = [pdf_of(megabytes) for _ in range(rounds)]
            before = peak_rss_mb()
            uploads, downloads = [], []
            for data in files:
                started = time.perf_counter()
                answer = await http.post(
                    "/api/v1/evidence-files", files={"file": ("bench.pdf", data, "application/pdf")}
                )
                uploads.append(time.perf_counter() - started)
                answer.raise_for_status()
                started = time.perf_counter()
                got = await http.get(answer.json()["download_url"])
                downloads.append(time.perf_counter() - started)
                assert got.content == data
            grown = peak_rss_mb() - before
            up, down = statistics.median(uploads), statistics.median(downloads)
            rate = megabytes / up
            print(
                f"{megabytes:>3} MB: upload median {up * 1000:7.1f} ms ({rate:6.1f} MB/s), "
                f"download median {down * 1000:7.1f} ms; peak RSS grew {grown:6.1f} MB "
                "(the client's copies of body and answer included)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="uplift-evidence-"))
    url = f"sqlite:///{work}/bench.db"
    env = {**os.environ, "UPLIFT_DATABASE_URL": url}
    for command in (["db", "upgrade"], ["seed", "--demo"]):
        subprocess.run(
            [sys.executable, "-m", "uplift", *command], env=env, check=True, capture_output=True
        )
    uvloop.run(run(url, work / "storage", options.rounds))


if __name__ == "__main__":
    main()
