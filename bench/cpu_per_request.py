"""CPU time per request, in process, without HTTP: the figure that machine load barely moves.

Throughput on a shared machine swings with what else runs; the processor time one request
costs this process does not. This calls the ASGI app directly (the whole middleware stack,
routing, dependencies, SQL and encoding; not uvicorn's HTTP parsing) a fixed number of times
per endpoint and prints milliseconds of CPU per request. With --profile NAME it prints the
cProfile of that endpoint instead, sorted by own time.

Usage: python bench/cpu_per_request.py [--database-url URL] [--requests 200] [--profile healthz]
       [--sort tottime|cumulative]
"""

import argparse
import cProfile
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import uvloop

from uplift.config import Settings
from uplift.main import create_app
from uplift.plans.page_cache import PageCache

BUILT = "-built"  # measured with nothing kept (plans/page_cache.py)


async def call(
    app: Any, path: str, headers: dict[str, str] | None = None
) -> tuple[int, bytes, dict[str, str]]:
    raw_path, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": raw_path,
        "raw_path": raw_path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "headers": [(b"host", b"127.0.0.1")]
        + [(k.encode(), v.encode()) for k, v in (headers or {}).items()],
    }
    answer: dict[str, Any] = {"body": b""}

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
            answer["headers"] = {k.decode(): v.decode() for k, v in message["headers"]}
        else:
            answer["body"] += message.get("body", b"")

    await app(scope, receive, send)
    return answer["status"], answer["body"], answer["headers"]


async def endpoints(app: Any) -> list[tuple[str, str, dict[str, str]]]:
    page = json.loads((await call(app, "/api/v1/measures?page_size=1"))[1])
    plan = json.loads((await call(app, "/api/v1/plans"))[1])["items"][0]["id"]
    tree, detail = f"/api/v1/plans/{plan}/tree", f"/api/v1/plans/{plan}"
    return [
        ("healthz", "/api/v1/healthz", {}),
        ("measure", f"/api/v1/measures/{page['items'][0]['id']}", {}),
        ("plan", detail, {}),
        ("measures", "/api/v1/measures", {}),
        ("tree", tree, {}),
        ("search", "/api/v1/measures?q=" + quote("電子發票"), {}),
        ("plan-304", detail, {"if-none-match": (await call(app, detail))[2]["etag"]}),
        ("tree-304", tree, {"if-none-match": (await call(app, tree))[2]["etag"]}),
        # Built on every request, as after each write: nothing kept in memory.
        (f"measure{BUILT}", f"/api/v1/measures/{page['items'][0]['id']}", {}),
        (f"measures{BUILT}", "/api/v1/measures", {}),
        (f"search{BUILT}", "/api/v1/measures?q=" + quote("電子發票"), {}),
    ]


async def run(url: str, requests: int, profile: str | None, sort: str) -> None:
    app = create_app(Settings(database_url=url, frontend_dist=Path("/nonexistent")))
    async with app.router.lifespan_context(app):
        kept = app.state.page_cache
        for name, path, headers in await endpoints(app):
            if profile and name != profile:
                continue
            app.state.page_cache = PageCache(0) if name.endswith(BUILT) else kept
            for _ in range(10):  # warm caches
                await call(app, path, headers)
            # Timed by processor time, as the figure is: a wall clock would charge the waits for the
            # database to whatever coroutine the event loop resumes next.
            profiler = cProfile.Profile(time.process_time) if profile else None
            started = time.process_time()
            if profiler:
                profiler.enable()
            for _ in range(requests):
                status, _, _ = await call(app, path, headers)
                assert status in (200, 304), (path, status)
            if profiler:
                profiler.disable()
                pstats.Stats(profiler).sort_stats(sort).print_stats(35)
            spent = (time.process_time() - started) / requests * 1000
            print(f"{name:<16}{spent:>8.2f} ms CPU/request")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile")
    parser.add_argument(
        "--sort", default="tottime", help="the profile's order: tottime (own time) or cumulative"
    )
    options = parser.parse_args()
    url = options.database_url
    if not url:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='uplift-cpu-'))}/cpu.db"
        env = {**os.environ, "UPLIFT_DATABASE_URL": url}
        for command in (["db", "upgrade"], ["seed", "--demo"]):
            subprocess.run(
                [sys.executable, "-m", "uplift", *command], env=env, check=True, capture_output=True
            )
    uvloop.run(run(url, options.requests, options.profile, options.sort))


if __name__ == "__main__":
    main()
