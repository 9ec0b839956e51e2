"""Throughput of the read path against the framework's own ceiling, in one run.

Starts, one after another and each with ONE uvicorn worker on a free loopback port:
  - a bare FastAPI app answering {"status":"ok"} (same virtual environment, same uvicorn
    settings as `uplift serve`): the ceiling every ratio is taken against;
  - Uplift on a fresh SQLite file; then Uplift on PostgreSQL (database `uplift_bench`,
    recreated), both migrated and seeded with the 107 plan and the demo accounts.
A measure, the measures page and the search are driven again against a server that keeps no
answer in memory (UPLIFT_PAGE_CACHE_BYTES=0), as they cost after a write.
Each endpoint is driven for a fixed time by 16 keep-alive connections from a load client in
a process of its own (raw asyncio HTTP/1.1 on uvloop: an httpx client tops out near the bare
app's rate and would measure itself). Before anything else the client is pointed at a server
that answers a canned response without parsing anything, so the output says how far above
the bare app the client's own ceiling is.

Usage: python bench/throughput.py [--seconds 2] [--connections 16] [--postgres-url URL]
       [--no-postgres]. The whole run takes about a minute and a half.
"""

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote
from urllib.request import Request, urlopen

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/uplift_bench"
WARM_UP_SECONDS = 0.5
# What `uplift serve` passes to uvicorn, so the bare app pays the same server costs.
UVICORN_OPTIONS: dict[str, Any] = {"proxy_headers": True, "server_header": False}


# --- the servers --------------------------------------------------------------------------


def serve_bare(port: int) -> None:
    import uvicorn
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/")
    async def ok() -> dict[str, str]:
        return {"status": "ok"}

    uvicorn.run(app, host="127.0.0.1", port=port, **UVICORN_OPTIONS)


def serve_canned(port: int) -> None:
    """The cheapest possible HTTP server: it answers every request without reading it, so a
    run against it measures the load client alone."""
    import uvloop

    answer = b"HTTP/1.1 200 OK\r\ncontent-length: 15\r\n\r\n" + b'{"status":"ok"}'

    class Canned(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            self.transport = transport

        def data_received(self, data: bytes) -> None:
            self.transport.write(answer * data.count(b"\r\n\r\n"))  # type: ignore[attr-defined]

    async def run() -> None:
        server = await asyncio.get_running_loop().create_server(Canned, "127.0.0.1", port)
        await server.serve_forever()

    uvloop.run(run())


# --- the load client ----------------------------------------------------------------------


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    lower = head.lower()
    at = lower.find(b"\r\ncontent-length:")
    if at >= 0:
        end = lower.index(b"\r\n", at + 2)
        await reader.readexactly(int(lower[at + 17 : end]))
    elif b"\r\ntransfer-encoding: chunked" in lower:
        while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    return status


async def _connection(
    port: int, request: bytes, start: float, stop: float, latencies: list[float]
) -> int:
    """Send requests one after another on one keep-alive connection until `stop`; keep the
    latency of those that began after `start`. Returns how many answers were not 2xx/304."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    failures = 0
    clock = time.perf_counter
    while (began := clock()) < stop:
        writer.write(request)
        status = await _read_response(reader)
        if began >= start:
            latencies.append(clock() - began)
            failures += not (200 <= status < 300 or status == 304)
    writer.close()
    return failures


async def _drive(
    port: int, job: dict[str, Any], connections: int, seconds: float
) -> dict[str, Any]:
    headers = "".join(f"{name}: {value}\r\n" for name, value in job.get("headers", {}).items())
    request = f"GET {job['path']} HTTP/1.1\r\nhost: 127.0.0.1\r\n{headers}\r\n".encode()
    now = time.perf_counter()
    start, stop = now + WARM_UP_SECONDS, now + WARM_UP_SECONDS + seconds
    latencies: list[float] = []
    failures = await asyncio.gather(
        *(_connection(port, request, start, stop, latencies) for _ in range(connections))
    )
    # Requests that began in the window and ended after it are counted: a slight overcount
    # of at most `connections` requests, the same for every server.
    return {
        "name": job["name"],
        "rps": len(latencies) / seconds,
        "p50": statistics.median(latencies) * 1000,
        "p99": statistics.quantiles(latencies, n=100)[98] * 1000,
        "failures": sum(failures),
    }


def load(spec: str) -> None:
    """Run as a process of its own: one core for the client, one for the server."""
    import uvloop

    options = json.loads(spec)

    async def run() -> list[dict[str, Any]]:
        return [
            await _drive(options["port"], job, options["connections"], options["seconds"])
            for job in options["jobs"]
        ]

    print(json.dumps(uvloop.run(run())))


# --- orchestration ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(port: int, path: str) -> tuple[bytes, dict[str, str]]:
    with urlopen(Request(f"http://127.0.0.1:{port}{path}"), timeout=30) as answer:
        return answer.read(), dict(answer.headers.items())


@contextmanager
def server(args: list[str], env: dict[str, str] | None = None) -> Iterator[int]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, *args, str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                if process.poll() is not None:
                    raise SystemExit(f"server {args} exited with {process.returncode}") from None
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait()


def drive(port: int, jobs: list[dict[str, Any]], options: argparse.Namespace) -> list[Any]:
    spec = {
        "port": port,
        "jobs": jobs,
        "connections": options.connections,
        "seconds": options.seconds,
    }
    out = subprocess.run(
        [sys.executable, __file__, "load", json.dumps(spec)],
        check=True,
        capture_output=True,
        text=True,
    )
    results: list[Any] = json.loads(out.stdout)
    return results


def prepare_database(url: str) -> dict[str, str]:
    env = {**os.environ, "UPLIFT_DATABASE_URL": url, "UPLIFT_ENVIRONMENT": "development"}
    for command in (["db", "upgrade"], ["seed", "--demo"]):
        subprocess.run(
            [sys.executable, "-m", "uplift", *command], env=env, check=True, capture_output=True
        )
    return env


def recreate_postgres(url: str) -> bool:
    """Drop and create the benchmark's own database; False when PostgreSQL does not answer."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres")
    try:
        with psycopg.connect(
            admin.render_as_string(hide_password=False), autocommit=True, connect_timeout=3
        ) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
            connection.execute(f"CREATE DATABASE \"{parsed.database}\" ENCODING 'UTF8'")
    except psycopg.OperationalError:
        return False
    return True


def uplift_jobs(port: int) -> list[dict[str, Any]]:
    """The endpoints, with ids and ETags read from the running server."""
    page = json.loads(get(port, "/api/v1/measures?page_size=1")[0])
    measure = page["items"][0]["id"]
    plan = json.loads(get(port, "/api/v1/plans")[0])["items"][0]["id"]
    tree = f"/api/v1/plans/{plan}/tree"
    detail = f"/api/v1/plans/{plan}"
    tree_tag = get(port, tree)[1]["etag"]
    plan_tag = get(port, detail)[1]["etag"]
    return [
        {"name": "healthz", "path": "/api/v1/healthz"},
        {"name": "a measure", "path": f"/api/v1/measures/{measure}"},
        {"name": "a plan", "path": detail},
        {"name": "measures page (20)", "path": "/api/v1/measures"},
        {"name": "plan tree", "path": tree},
        {"name": "search (q)", "path": "/api/v1/measures?q=" + quote("電子發票")},
        {"name": "plan, If-None-Match", "path": detail, "headers": {"if-none-match": plan_tag}},
        {"name": "tree, If-None-Match", "path": tree, "headers": {"if-none-match": tree_tag}},
    ]


# Built on every request, as after a write: the same reads from a server that keeps no answer in
# memory (plans/page_cache.py).
BUILT = ("a measure", "measures page (20)", "search (q)")


def built_jobs(port: int) -> list[dict[str, Any]]:
    return [
        {**job, "name": f"{job['name']}, built"}
        for job in uplift_jobs(port)
        if job["name"] in BUILT
    ]


def report(title: str, results: list[dict[str, Any]], bare_rps: float) -> None:
    print(f"\n{title}")
    print(f"  {'endpoint':<24}{'req/s':>9}{'of bare':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for row in results:
        print(
            f"  {row['name']:<24}{row['rps']:>9.0f}{row['rps'] / bare_rps:>9.1%}"
            f"{row['p50']:>9.2f}{row['p99']:>9.2f}{row['failures']:>8}"
        )


def machine() -> str:
    model = "unknown processor"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    load_average = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores ({model}); load average before the run: {load_average}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="measured time per endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--no-postgres", action="store_true")
    options = parser.parse_args()
    print(f"machine: {machine()}")
    print(
        f"one uvicorn worker per server; {options.connections} keep-alive connections; "
        f"{options.seconds:g} s per endpoint after {WARM_UP_SECONDS:g} s of warm-up"
    )
    ok = [{"name": "{status: ok}", "path": "/"}]
    with server([__file__, "serve-canned"]) as port:
        ceiling = drive(port, ok, options)[0]
    with server([__file__, "serve-bare"]) as port:
        bare = drive(port, ok, options)[0]
    print(
        f"load client alone (a canned-answer server): {ceiling['rps']:.0f} req/s; "
        f"bare FastAPI: {bare['rps']:.0f} req/s, p50 {bare['p50']:.2f} ms, "
        f"p99 {bare['p99']:.2f} ms = {bare['rps'] / ceiling['rps']:.0%} of what the client "
        "can send"
    )
    databases = [("SQLite", f"sqlite:///{Path(tempfile.mkdtemp(prefix='uplift-bench-'))}/b.db")]
    if not options.no_postgres:
        if recreate_postgres(options.postgres_url):
            databases.append(("PostgreSQL", options.postgres_url))
        else:
            print(f"PostgreSQL does not answer at {options.postgres_url}: skipped")
    for title, url in databases:
        env = prepare_database(url)
        with server(["-m", "uplift", "serve", "--port"], env=env) as port:
            results = drive(port, uplift_jobs(port), options)
        unkept = {**env, "UPLIFT_PAGE_CACHE_BYTES": "0"}
        with server(["-m", "uplift", "serve", "--port"], env=unkept) as port:
            results += drive(port, built_jobs(port), options)
        report(
            f"Uplift on {title} (ratio to the bare app's {bare['rps']:.0f} req/s)",
            results,
            bare["rps"],
        )


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "serve-bare":
        serve_bare(int(sys.argv[2]))
    elif command == "serve-canned":
        serve_canned(int(sys.argv[2]))
    elif command == "load":
        load(sys.argv[2])
    else:
        main()
