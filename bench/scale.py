"""Plan-scoped reads at scale: per-request latency with 50,000 and 500,000 measures.

Builds, once, a database holding the 107 plan and as many published copies of it (other
issuers, other years) as make the number of measure rows asked for, bulk-inserted as rows
rather than through the ORM; a later run reuses it (a SQLite file under var/, a PostgreSQL
database named uplift_bench_scale_<n>). Then serves it with one uvicorn worker and sends
requests one at a time, printing p50 and p99 per request: the tree of one plan (built, a
different plan each time), the tree again (kept by content version), a list page, a deep
page by cursor, and `q` searches (long and short terms, common and in no plan).

Usage: python bench/scale.py [--sizes 50000,500000] [--postgres URL] [--requests N]
                             [--only sqlite|postgresql]
The PostgreSQL run is skipped when none answers at --postgres.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Connection, create_engine, func, select, text
from sqlalchemy.engine import make_url

from uplift.kit.db_url import sync_url
from uplift.kit.pagination import encode_cursor
from uplift.models import Dimension, Indicator, Measure, MeasureOwner, Organization, Plan, Strategy

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
YEARS_PER_ISSUER = 900  # 2019 … 2918: plans are unique per issuer and year


def uplift(*args: str, url: str) -> None:
    env = {**os.environ, "UPLIFT_DATABASE_URL": url}
    subprocess.run(
        [sys.executable, "-m", "uplift", *args], env=env, check=True, capture_output=True
    )


# ── Building the database ──────────────────────────────────────────────────────────────────


def _rows(connection: Connection, statement: Any) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in connection.execute(statement)]


def _bulk(connection: Connection, table: Any, rows: Sequence[dict[str, Any]]) -> None:
    """Rows in as few round trips as the driver allows: COPY on PostgreSQL, executemany on
    SQLite."""
    if not rows:
        return
    columns = list(rows[0])
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        names = ", ".join(columns)
        with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([_copyable(row[c]) for c in columns])
        return
    # sqlite3's own executemany, each value turned into what the column stores by the
    # column type's own bind processor: SQLAlchemy's executemany costs several times more.
    dialect = connection.dialect
    processors = [table.c[c].type._cached_bind_processor(dialect) for c in columns]
    marks = ", ".join("?" for _ in columns)
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.executemany(
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})",
        [
            tuple(
                row[c] if p is None or row[c] is None else p(row[c])
                for c, p in zip(columns, processors, strict=True)
            )
            for row in rows
        ],
    )


def _copyable(value: Any) -> Any:
    """JSON columns go to COPY as JSON text."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def _chunks(items: Iterable[dict[str, Any]], size: int = 50_000) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def build(url: str, measures_wanted: int) -> int:
    """Migrate, seed and copy the 107 plan until the measures table holds `measures_wanted`
    rows; does nothing when an earlier run built it. Returns the number of plans."""
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as connection:
            try:
                have = connection.scalar(select(func.count()).select_from(Measure))
                plans = connection.scalar(select(func.count()).select_from(Plan)) or 0
            except Exception:  # a database not migrated yet
                connection.rollback()
                have, plans = 0, 0
        if have and have >= measures_wanted:
            return plans
        uplift("db", "upgrade", url=url)
        uplift("seed", url=url)
        with engine.begin() as connection:
            plans = _copy_plans(connection, measures_wanted)
        if engine.dialect.name == "postgresql":
            # The rows COPY wrote wait in the GIN indexes' pending lists, which every search
            # would read, until a vacuum moves them into the index.
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
    finally:
        engine.dispose()
    return plans


def _copy_plans(connection: Connection, measures_wanted: int) -> int:
    plan = _rows(connection, select(Plan.__table__).order_by(Plan.id).limit(1))[0]
    dimensions = _rows(
        connection, select(Dimension.__table__).where(Dimension.plan_id == plan["id"])
    )
    dimension_ids = [d["id"] for d in dimensions]
    strategies = _rows(
        connection, select(Strategy.__table__).where(Strategy.dimension_id.in_(dimension_ids))
    )
    strategy_ids = [s["id"] for s in strategies]
    measures = _rows(
        connection,
        select(Measure.__table__)
        .where(Measure.strategy_id.in_(strategy_ids))
        .order_by(Measure.parent_id.is_not(None), Measure.id),
    )
    measure_ids = [m["id"] for m in measures]
    owners = _rows(
        connection, select(MeasureOwner.__table__).where(MeasureOwner.measure_id.in_(measure_ids))
    )
    indicators = _rows(
        connection, select(Indicator.__table__).where(Indicator.measure_id.in_(measure_ids))
    )
    issuers = list(connection.scalars(select(Organization.id).order_by(Organization.id)))
    copies = max(0, -(-measures_wanted // len(measures)) - 1)
    next_id = {
        table: (connection.scalar(select(func.max(table.c.id))) or 0) + 1
        for table in (
            t.__table__ for t in (Plan, Dimension, Strategy, Measure, MeasureOwner, Indicator)
        )
    }
    now = datetime.now(UTC)
    started = time.perf_counter()
    template = {
        "plan": plan,
        "d": dimensions,
        "s": strategies,
        "m": measures,
        "o": owners,
        "i": indicators,
    }
    for batch_start in range(0, copies, 200):
        rows: dict[Any, list[dict[str, Any]]] = {table: [] for table in next_id}
        for k in range(batch_start, min(copies, batch_start + 200)):
            issuer = issuers[(k // YEARS_PER_ISSUER) % len(issuers)]
            _copy(template, _Ids(next_id), rows, issuer, 2019 + k % YEARS_PER_ISSUER, now)
        for table, table_rows in rows.items():
            for chunk in _chunks(table_rows):
                _bulk(connection, table, chunk)
    if connection.dialect.name == "postgresql":
        for table in next_id:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"(SELECT max(id) FROM {table.name}))"
                )
            )
    connection.execute(text("ANALYZE"))
    print(
        f"  built {copies + 1} plans, {(copies + 1) * len(measures):,} measures "
        f"in {time.perf_counter() - started:.0f} s"
    )
    return copies + 1


class _Ids:
    """New ids for one copy, and which old id each replaced."""

    def __init__(self, next_id: dict[Any, int]) -> None:
        self.next_id = next_id
        self.replaced: dict[tuple[str, int], int] = {}

    def new(self, table: Any, kind: str, old: int) -> int:
        self.replaced[(kind, old)] = self.next_id[table]
        self.next_id[table] += 1
        return self.replaced[(kind, old)]

    def of(self, kind: str, old: int | None) -> int | None:
        return None if old is None else self.replaced[(kind, old)]


def _copy(
    template: dict[str, Any],
    ids: _Ids,
    rows: dict[Any, list[dict[str, Any]]],
    issuer: int,
    year: int,
    now: datetime,
) -> None:
    plan_id = ids.new(Plan.__table__, "plan", template["plan"]["id"])
    rows[Plan.__table__].append(
        {
            **template["plan"],
            "id": plan_id,
            "issuer_id": issuer,
            "year": year,
            "previous_plan_id": None,
            "content_version": f"bench{plan_id}",
            "created_at": now,
            "updated_at": now,
        }
    )
    for d in template["d"]:
        rows[Dimension.__table__].append(
            {**d, "id": ids.new(Dimension.__table__, "d", d["id"]), "plan_id": plan_id}
        )
    for s in template["s"]:
        new_id = ids.new(Strategy.__table__, "s", s["id"])
        rows[Strategy.__table__].append(
            {**s, "id": new_id, "dimension_id": ids.of("d", s["dimension_id"])}
        )
    for m in template["m"]:  # top-level first, so a sub-item's parent has its new id
        new_id = ids.new(Measure.__table__, "m", m["id"])
        rows[Measure.__table__].append(
            {
                **m,
                "id": new_id,
                "strategy_id": ids.of("s", m["strategy_id"]),
                "parent_id": ids.of("m", m["parent_id"]),
            }
        )
    for o in template["o"]:
        new_id = ids.new(MeasureOwner.__table__, "o", o["id"])
        rows[MeasureOwner.__table__].append(
            {**o, "id": new_id, "measure_id": ids.of("m", o["measure_id"])}
        )
    for i in template["i"]:
        new_id = ids.new(Indicator.__table__, "i", i["id"])
        rows[Indicator.__table__].append(
            {**i, "id": new_id, "measure_id": ids.of("m", i["measure_id"])}
        )


# ── Measuring ──────────────────────────────────────────────────────────────────────────────


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def timed(client: httpx.Client, paths: Sequence[str]) -> list[float]:
    latencies = []
    for path in paths:
        started = time.perf_counter()
        response = client.get(path)
        latencies.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return latencies


def report(name: str, latencies: list[float]) -> None:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, round(len(ordered) * 0.99) - 1)]
    print(f"  {name:<34}{statistics.median(ordered):>9.1f}{p99:>9.1f}")


def forget_kept_reads(url: str) -> None:
    """Trees kept by an earlier run would be served, not built."""
    engine = create_engine(sync_url(url))
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM plan_snapshots"))
    engine.dispose()


def measure_requests(url: str, plans: int, requests: int) -> None:
    forget_kept_reads(url)
    port = free_port()
    # Nothing kept in the worker's memory (plans/page_cache.py): each list page and search is
    # built, as after a write, and a kept tree is read from the database.
    env = {**os.environ, "UPLIFT_DATABASE_URL": url, "UPLIFT_PAGE_CACHE_BYTES": "0"}
    server = subprocess.Popen(
        [sys.executable, "-m", "uplift", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            for _ in range(200):
                try:
                    client.get("/api/v1/healthz").raise_for_status()
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            last = client.get("/api/v1/measures", params={"sort": "-id", "page_size": 1}).json()
            deep_id = last["items"][0]["id"] - 1000
            late_plan = plans - 5
            late = client.get(
                "/api/v1/measures", params={"plan_id": late_plan, "page_size": 1}
            ).json()["items"][0]
            document_key = (late["plan_id"], 0, 0, late["position"], late["id"])
            by_id = encode_cursor("id", (deep_id,))
            by_document = encode_cursor("document", document_key)
            print(f"  {'request (ms)':<34}{'p50':>9}{'p99':>9}")
            # A different plan each time, so every tree is built rather than kept.
            first = max(1, plans - requests)
            report(
                "tree of one plan, built",
                timed(client, [f"/api/v1/plans/{p}/tree" for p in range(first, first + requests)]),
            )
            kept = f"/api/v1/plans/{late_plan}/tree"
            client.get(kept)
            report("tree of one plan, kept", timed(client, [kept] * requests))
            etag = client.get(kept).headers["etag"]
            latencies = []
            for _ in range(requests):
                started = time.perf_counter()
                assert client.get(kept, headers={"If-None-Match": etag}).status_code == 304
                latencies.append((time.perf_counter() - started) * 1000)
            report("tree, If-None-Match (304)", latencies)
            report("list page (20, first)", timed(client, ["/api/v1/measures"] * requests))
            report(
                "list page of one plan (100)",
                timed(client, [f"/api/v1/measures?plan_id={late_plan}&page_size=100"] * requests),
            )
            report(
                "deep page by cursor (id)",
                timed(
                    client,
                    [f"/api/v1/measures?sort=id&cursor={by_id}"] * requests,
                ),
            )
            report(
                "deep page by cursor (document)",
                timed(
                    client,
                    [f"/api/v1/measures?cursor={by_document}"] * requests,
                ),
            )
            report(
                "q=電子發票 (trigram index)",
                timed(client, ["/api/v1/measures?q=電子發票"] * requests),
            )
            report(
                "q=電子發票 in one plan",
                timed(client, [f"/api/v1/measures?q=電子發票&plan_id={late_plan}"] * requests),
            )
            for term, kind in (
                ("發票", "2 characters"),
                ("電費", "2 characters"),
                ("網", "1 character"),
                ("鱷魚", "2, in no plan"),
                ("不存在的詞語", "in no plan"),
            ):
                report(
                    f"q={term} ({kind})", timed(client, [f"/api/v1/measures?q={term}"] * requests)
                )
    finally:
        server.terminate()
        server.wait()


def postgres_answers(url: str) -> bool:
    try:
        engine = create_engine(sync_url(url))
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


def postgres_database(server: str, size: int | str, prefix: str = "uplift_bench_scale") -> str:
    """A database of its own per size, created when missing (and kept for the next run)."""
    base = make_url(server)
    name = f"{prefix}_{size}"
    admin = create_engine(
        sync_url(base.set(database="postgres").render_as_string(False)),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            connection.execute(text(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="50000,500000", help="measure rows, comma-separated")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="a server to build on")
    parser.add_argument("--requests", type=int, default=50, help="per request kind")
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="one database only")
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    databases: list[tuple[str, int, str]] = []
    if options.only != "postgresql":
        (ROOT / "var").mkdir(exist_ok=True)
        databases += [
            ("SQLite", size, f"sqlite:///{ROOT / 'var' / f'bench-scale-{size}.db'}")
            for size in sizes
        ]
    if options.only == "sqlite":
        pass
    elif postgres_answers(options.postgres):
        databases += [
            ("PostgreSQL", size, postgres_database(options.postgres, size)) for size in sizes
        ]
    else:
        print(f"PostgreSQL does not answer at {options.postgres}: SQLite only")
    for label, size, url in databases:
        print(f"{label}, {size:,} measures (one uvicorn worker, one request at a time)")
        plans = build(url, size)
        measure_requests(url, plans, options.requests)


if __name__ == "__main__":
    main()
