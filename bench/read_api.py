"""Benchmark the read API as a browser or a script uses it; prints requests/s and latency.

Starts a real uvicorn server (one worker) on a free loopback port against a freshly migrated
and seeded database, then sends a bounded number of requests per endpoint with fixed
concurrency. Usage: python bench/read_api.py [--database-url URL] [--requests N] [--concurrency C]
"""

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ENDPOINTS = [
    ("plan tree", "/api/v1/plans/1/tree"),
    ("plan detail", "/api/v1/plans/1"),
    ("measures page (100)", "/api/v1/measures?page_size=100"),
    ("search 電子發票", "/api/v1/measures?q=電子發票"),
    ("filter one enterprise", "/api/v1/measures?organization=TAIWATER&page_size=50"),
    ("healthz", "/api/v1/healthz"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def uplift(*args: str, env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "uplift", *args], env=env, check=True, capture_output=True
    )


async def measure(
    client: httpx.AsyncClient, path: str, total: int, concurrency: int
) -> list[float]:
    latencies: list[float] = []
    remaining = iter(range(total))

    async def worker() -> None:
        for _ in remaining:
            started = time.perf_counter()
            response = await client.get(path)
            response.raise_for_status()
            latencies.append(time.perf_counter() - started)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies


async def run(base_url: str, total: int, concurrency: int) -> None:
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:
        print(f"{'endpoint':<24}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'bytes':>9}")
        for name, path in ENDPOINTS:
            size = len((await client.get(path)).content)
            await measure(client, path, concurrency * 2, concurrency)  # warm up
            started = time.perf_counter()
            latencies = await measure(client, path, total, concurrency)
            elapsed = time.perf_counter() - started
            quantiles = statistics.quantiles(latencies, n=20)
            print(
                f"{name:<24}{total / elapsed:>9.0f}{quantiles[9] * 1000:>9.1f}"
                f"{quantiles[18] * 1000:>9.1f}{size:>9}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=16)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="uplift-bench-"))
    url = options.database_url or f"sqlite:///{work / 'bench.db'}"
    env = {**os.environ, "UPLIFT_DATABASE_URL": url}
    uplift("db", "upgrade", env=env)
    uplift("seed", env=env)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uplift", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base_url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                httpx.get(f"{base_url}/api/v1/healthz").raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        print(
            f"database: {url.split('@')[-1]}; {options.requests} requests per endpoint, "
            f"{options.concurrency} at a time, one uvicorn worker"
        )
        asyncio.run(run(base_url, options.requests, options.concurrency))
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
