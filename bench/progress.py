"""Progress reporting at scale: the batch rate, the progress matrix and the report list.

Builds (once per size; a later run reuses it) a database of `--years` published plans, each
with `--measures` measures (one monthly '%' indicator each) owned by `--organizations`
enterprises, and `--reports` progress reports spread over them (each a report, its version
and one value; four in five submitted), bulk-inserted: SQLAlchemy Core executemany on
SQLite, COPY through psycopg on PostgreSQL. Then serves it with one uvicorn worker and, one
request at a time, prints beside a bare healthz of the same run:
  - the batch rate: 1,000-item batches POSTed by an enterprise token (items/s);
  - the progress matrix of one plan, as a reviewer (p50/p95 ms);
  - the report list (first page, a page of one plan, an `updated_since` sync page and a
    deep page by cursor), as a reviewer (p50/p95 ms).

Usage: python bench/progress.py [--years 2] [--organizations 50] [--measures 400]
       [--reports 100000] [--requests 20] [--batches 3] [--postgres URL]
       [--only sqlite|postgresql]
The issue's full size: --years 10 --organizations 500 --measures 2000 --reports 5000000
(hours to build on SQLite; build PostgreSQL alone with --only postgresql).
"""

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from sqlalchemy import Connection, create_engine, event, func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import (
    DEFAULT_POSTGRES,
    ROOT,
    _bulk,
    _chunks,
    free_port,
    postgres_answers,
    postgres_database,
    uplift,
)

from uplift.auth.secrets import digest, new_api_token
from uplift.config import DEFAULT_SECRET
from uplift.kit.db_url import sync_url
from uplift.kit.pagination import encode_cursor
from uplift.models import (
    ApiToken,
    Dimension,
    Indicator,
    Measure,
    MeasureOwner,
    Organization,
    Plan,
    ProgressReport,
    ProgressValue,
    ProgressVersion,
    Role,
    Strategy,
    User,
)
from uplift.progress import standings

UNUSABLE_PASSWORD = "!"  # matches no password: the bench only uses tokens

FIRST_YEAR = 2040  # clear of the seeded plan's year
STRATEGIES = (5, 4)  # dimensions, strategies in each
STATUSES = ("on_track", "on_track", "done", "delayed", "not_started")


def _next_ids(connection: Connection, tables: list[Any]) -> dict[Any, int]:
    return {t: (connection.scalar(select(func.max(t.c.id))) or 0) + 1 for t in tables}


def build(url: str, size: argparse.Namespace) -> dict[str, Any]:
    """The data set, built when missing; returns the plan ids and the tokens' secrets."""
    engine = create_engine(sync_url(url))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _unjournaled)
    # A database kept from an earlier run gets the migrations that came since.
    uplift("db", "upgrade", url=url)
    try:
        with engine.connect() as connection:
            try:
                plans = list(
                    connection.scalars(
                        select(Plan.id).where(Plan.year >= FIRST_YEAR).order_by(Plan.id)
                    )
                )
            except Exception:  # not migrated yet
                connection.rollback()
                plans = []
        if not plans:
            uplift("seed", url=url)
            engine.dispose()  # connect afresh: the pragmas again, after the app chose WAL
            with engine.begin() as connection:
                _generate(connection, size)
            # The rows went in past the ORM, so no flush kept their standings: sum them up.
            started = time.perf_counter()
            with engine.begin() as connection:
                standings.rebuild(connection)
            print(f"  standings summed up in {time.perf_counter() - started:.0f} s")
        with engine.begin() as connection:
            plans = list(
                connection.scalars(select(Plan.id).where(Plan.year >= FIRST_YEAR).order_by(Plan.id))
            )
            return {"plans": plans, "deep": _deep_key(connection), **_tokens(connection)}
    finally:
        engine.dispose()


def _deep_key(connection: Connection) -> tuple[str, int]:
    """The list's sort key four fifths of the way through the reports: a deep page's cursor
    (the generated reports share one updated_at, so ids order them)."""
    last = connection.scalar(select(func.max(ProgressReport.id))) or 0
    at = connection.scalar(
        select(ProgressReport.updated_at).where(ProgressReport.id == last * 4 // 5)
    )
    assert at is not None
    return at.isoformat(), last * 4 // 5


def _unjournaled(dbapi_connection: Any, _: Any) -> None:
    """A bench build only: no rollback journal, no waiting for the disk (a crash leaves a
    file to delete and build again)."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=OFF")
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.close()


@contextmanager
def _loading(connection: Connection, tables: list[Any]) -> Iterator[None]:
    """The tables' plain indexes dropped while rows go in and built once afterwards, and on
    PostgreSQL no foreign-key trigger per row (the generator makes only ids that exist)."""
    postgres = connection.dialect.name == "postgresql"
    names = [t.name for t in tables]
    if postgres:
        found = connection.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(:t) "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
            ),
            {"t": names},
        ).all()
        connection.execute(text("SET session_replication_role = replica"))
    else:
        found = connection.execute(
            text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "AND tbl_name IN (" + ", ".join(f"'{n}'" for n in names) + ")"
            )
        ).all()
    for name, _ in found:
        connection.execute(text(f"DROP INDEX {name}"))
    yield
    started = time.perf_counter()
    for _, definition in found:
        connection.execute(text(definition))
    if postgres:
        connection.execute(text("SET session_replication_role = origin"))
    print(f"  {len(found)} indexes built in {time.perf_counter() - started:.0f} s")


def _tokens(connection: Connection) -> dict[str, Any]:
    """A reviewer's token and the first enterprise's, made afresh for this run."""
    return make_tokens(
        connection, "bench-org-0", ["progress:read"], ["progress:read", "progress:write"]
    )


def make_tokens(
    connection: Connection, enterprise_code: str, reviewer: list[str], enterprise: list[str]
) -> dict[str, Any]:
    """A reviewer's token with the `reviewer` scopes and one of the enterprise
    `enterprise_code` with the `enterprise` scopes, each with its own user, made afresh: the
    secrets by role, and the enterprise's id."""
    enterprise_id = connection.scalar(
        select(Organization.id).where(Organization.code == enterprise_code)
    )
    secrets: dict[str, Any] = {"enterprise": enterprise_id}
    for role, organization, scopes in (
        (Role.reviewer, None, reviewer),
        (Role.enterprise_reporter, enterprise_id, enterprise),
    ):
        stamp = f"{role.value}-{time.time_ns()}"
        user_id = connection.execute(
            User.__table__.insert().returning(User.__table__.c.id),
            {
                "username": f"bench-{stamp}",
                "display_name": "bench",
                "role": role,
                "password_hash": UNUSABLE_PASSWORD,
                "organization_id": organization,
                "is_active": True,
            },
        ).scalar_one()
        prefix, secret = new_api_token()
        connection.execute(
            ApiToken.__table__.insert(),
            {
                "name": f"bench-{stamp}",
                "prefix": prefix,
                "token_hash": digest(DEFAULT_SECRET, secret),
                "scopes": scopes,
                "role": role,
                "organization_id": organization,
                "created_by_id": user_id,
            },
        )
        secrets[role.value] = secret
    return secrets


def _generate(connection: Connection, size: argparse.Namespace) -> None:
    started = time.perf_counter()
    now = datetime.now(UTC)
    tables = [
        t.__table__
        for t in (Organization, Plan, Dimension, Strategy, Measure, MeasureOwner, Indicator)
    ]
    ids = _next_ids(connection, tables)
    rows: dict[Any, list[dict[str, Any]]] = {t: [] for t in tables}

    def add(model: Any, **row: Any) -> int:
        table = model.__table__
        row["id"] = ids[table]
        ids[table] += 1
        rows[table].append(row)
        return int(row["id"])

    organizations = [
        add(
            Organization,
            code=f"bench-org-{n}",
            kind="enterprise",
            parent_id=None,
            position=n,
            name_zh=f"測試事業 {n}",
            name_en=f"Bench enterprise {n}",
            short_name_zh=f"測{n}",
            short_name_en=f"B{n}",
            created_at=now,
            updated_at=now,
        )
        for n in range(size.organizations)
    ]
    measures: list[tuple[int, int, str, list[int]]] = []  # plan id, year, key, owners
    per_measure = max(1, -(-size.reports // (size.years * size.measures * 12)))
    per_strategy = max(1, size.measures // (STRATEGIES[0] * STRATEGIES[1]))
    for y in range(size.years):
        year = FIRST_YEAR + y
        plan = add(
            Plan, year=year, issuer_id=organizations[0], title=f"測試計畫 {year}",
            status="published", objectives="", core_values=[], report_due_date=None,
            revision=1, previous_plan_id=None, content_version=f"bench{year}",
            created_at=now, updated_at=now,
        )  # fmt: skip
        made = 0
        for d in range(STRATEGIES[0]):
            dimension = add(
                Dimension, key=f"b{year}-d{d}", plan_id=plan, code=str(d + 1), position=d,
                name=f"面向 {d + 1}",
            )  # fmt: skip
            for s in range(STRATEGIES[1]):
                strategy = add(
                    Strategy, key=f"b{year}-d{d}-s{s}", dimension_id=dimension,
                    code=f"({s + 1})", position=s, name=f"策略 {s + 1}",
                )  # fmt: skip
                last = d == STRATEGIES[0] - 1 and s == STRATEGIES[1] - 1
                count = size.measures - made if last else per_strategy
                for m in range(count):
                    key = f"b{year}-m{made}"
                    measure = add(
                        Measure, key=key, strategy_id=strategy, parent_id=None,
                        code=f"({m + 1})", position=m, text=f"作法 {made}",
                        search_text=f"作法 {made}",
                    )  # fmt: skip
                    # The first enterprise owns every measure: the batches report as it.
                    owners = [organizations[0]] + [
                        organizations[(made + k) % len(organizations)] for k in range(per_measure)
                    ]
                    for position, owner in enumerate(dict.fromkeys(owners)):
                        add(
                            MeasureOwner,
                            measure_id=measure,
                            organization_id=owner,
                            position=position,
                        )
                    add(
                        Indicator, key=f"{key}-i", measure_id=measure, position=0,
                        name="測試成功率", search_text="測試成功率", unit="%", target=95,
                        comparison="at_least", frequency="monthly", due_date=None,
                        source_phrase=None, baseline=None, inferred=False, inferred_reason=None,
                    )  # fmt: skip
                    measures.append((plan, year, key, list(dict.fromkeys(owners))))
                    made += 1
    for table in tables:
        for chunk in _chunks(rows[table]):
            _bulk(connection, table, chunk)
    progress = [ProgressReport.__table__, ProgressVersion.__table__, ProgressValue.__table__]
    with _loading(connection, progress):
        _reports(connection, measures, size.reports, now)
    if connection.dialect.name == "postgresql":
        for table in [
            *tables,
            ProgressReport.__table__,
            ProgressVersion.__table__,
            ProgressValue.__table__,
        ]:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"(SELECT max(id) FROM {table.name}))"
                )
            )
    connection.execute(text("ANALYZE"))
    print(
        f"  built {size.years} plans, {size.years * size.measures:,} measures, "
        f"{size.reports:,} reports in {time.perf_counter() - started:.0f} s"
    )


def _reports(
    connection: Connection, measures: list[tuple[int, int, str, list[int]]], wanted: int,
    now: datetime,
) -> None:  # fmt: skip
    """`wanted` reports: month by month, owner by owner, measure by measure."""
    tables = [ProgressReport.__table__, ProgressVersion.__table__, ProgressValue.__table__]
    ids = _next_ids(connection, tables)
    indicator_of = dict(
        connection.execute(
            select(Indicator.key, Indicator.id).where(Indicator.key.like("b%-i"))
        ).all()
    )
    made = 0
    batch: dict[Any, list[dict[str, Any]]] = {t: [] for t in tables}

    def flush() -> None:
        for table in tables:
            _bulk(connection, table, batch[table])
            batch[table] = []

    for month in range(1, 13):
        for owner_index in range(max(len(m[3]) for m in measures)):
            for plan, year, key, owners in measures:
                if made == wanted:
                    flush()
                    return
                if owner_index >= len(owners):
                    continue
                submitted = made % 5 != 0
                due = datetime(year, month, 28, tzinfo=UTC)
                at = due + timedelta(days=made % 7) if submitted else None
                report_id, version_id = ids[tables[0]], ids[tables[1]]
                status = STATUSES[made % len(STATUSES)]
                batch[tables[0]].append({
                    "id": report_id, "plan_id": plan, "measure_key": key,
                    "organization_id": owners[owner_index], "period": f"{year}-M{month:02d}",
                    "external_id": None, "state": "submitted" if submitted else "draft",
                    "review_comment": None, "version": 1,
                    "submitted_version": 1 if submitted else None, "current_status": status,
                    "submitted_status": status if submitted else None, "created_at": now,
                    "updated_at": now, "submitted_at": at, "reviewed_at": None,
                })  # fmt: skip
                batch[tables[1]].append({
                    "id": version_id, "report_id": report_id, "number": 1, "work_status": status,
                    "delay_reason": "人力不足" if status == "delayed" else None,
                    "remedy": "增派人力" if status == "delayed" else None,
                    "not_applicable_reason": None, "narrative": "本月依計畫執行。",
                    "written_by": "bench", "written_by_user_id": None,
                    "written_by_token_id": None, "created_at": now, "updated_at": now,
                })  # fmt: skip
                batch[tables[2]].append({
                    "id": ids[tables[2]], "version_id": version_id, "position": 0,
                    "indicator_id": indicator_of[f"{key}-i"], "indicator_key": f"{key}-i",
                    "value": 90 + made % 10, "unit": "%",
                })  # fmt: skip
                for table in tables:
                    ids[table] += 1
                made += 1
                if len(batch[tables[0]]) == 50_000:
                    flush()
    flush()


def _percentiles(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, round(len(ordered) * 0.95) - 1)]
    return f"{statistics.median(ordered):>9.1f}{p95:>9.1f}"


def _timed(client: httpx.Client, path: str, requests: int, headers: dict[str, str]) -> list[float]:
    latencies = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path, headers=headers)
        latencies.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return latencies


def _batch(
    client: httpx.Client, measures: int, plan_year: int, n: int, headers: dict[str, str]
) -> float:
    """A 1,000-item batch for the first enterprise (drafts, or new versions of what it
    submitted; each batch changes every narrative): the seconds it took."""
    items = [
        {
            "plan_year": plan_year,
            "measure_key": f"b{plan_year}-m{k % measures}",
            "organization": "bench-org-0",
            "period": f"{plan_year}-M{(k // measures) % 12 + 1:02d}",
            "status": "on_track",
            "narrative": f"批次填報 {n}",
        }
        for k in range(1000)
    ]
    started = time.perf_counter()
    answer = client.post(
        "/api/v1/progress-reports/batch",
        json={"items": items},
        headers={**headers, "Idempotency-Key": f"bench-{time.time_ns()}"},
    )
    elapsed = time.perf_counter() - started
    answer.raise_for_status()
    summary = answer.json()["summary"]
    if summary["rejected"]:
        raise SystemExit(f"the batch rejected items: {summary}")
    return elapsed


def measure(url: str, made: dict[str, Any], options: argparse.Namespace) -> None:
    port = free_port()
    env = {**os.environ, "UPLIFT_DATABASE_URL": url, "UPLIFT_SECRET_KEY": DEFAULT_SECRET}
    server = subprocess.Popen(
        [sys.executable, "-m", "uplift", "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    reviewer = {"Authorization": f"Bearer {made['reviewer']}"}
    reporter = {"Authorization": f"Bearer {made['enterprise_reporter']}"}
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=300) as client:
            for _ in range(300):
                try:
                    client.get("/api/v1/healthz").raise_for_status()
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            plan = made["plans"][-1]
            print(
                "  load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg())
            )
            print(f"  {'request (ms)':<40}{'p50':>9}{'p95':>9}")
            listed = "/api/v1/progress-reports"
            since = quote(made["deep"][0])
            for label, path, headers in (
                ("healthz (bare)", "/api/v1/healthz", {}),
                ("progress matrix of one plan", f"/api/v1/plans/{plan}/progress", reviewer),
                ("report list, first page", listed, reviewer),
                ("report list, one plan (100)", f"{listed}?plan_id={plan}&page_size=100", reviewer),
                (
                    "report list, updated_since sync (100)",
                    f"{listed}?updated_since={since}&page_size=100",
                    reviewer,
                ),
                (
                    "report list, deep cursor page (100)",
                    f"{listed}?cursor={encode_cursor('updated', made['deep'])}&page_size=100",
                    reviewer,
                ),
                ("healthz (bare), again", "/api/v1/healthz", {}),
            ):
                print(
                    f"  {label:<40}" + _percentiles(_timed(client, path, options.requests, headers))
                )
            year = client.get(f"/api/v1/plans/{plan}", headers=reviewer).json()["year"]
            seconds = [
                _batch(client, options.measures, year, n, reporter) for n in range(options.batches)
            ]
            rate = 1000 / statistics.median(seconds)
            print(
                f"  1,000-item batch: median {statistics.median(seconds):.2f} s, "
                f"{rate:,.0f} items/s "
                f"(of {len(seconds)}: {', '.join(f'{s:.2f}' for s in seconds)} s)"
            )
            print(
                "  load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg())
            )
    finally:
        server.terminate()
        server.wait()


def matrix_on_days(url: str, plan: int, requests: int) -> None:
    """The matrix of the same plan judged on other days, in process (the server judges by
    today's date, and the generated plans' years lie ahead of it, so nothing is due there and
    only delayed measures are listed): mid-year, when half the months are due, and after the
    year, when all are and nearly every pair is listed with its missing months."""
    from datetime import date

    from uplift.auth.subject import Subject
    from uplift.kit.db import create_engines, create_sessionmaker
    from uplift.kit.responses import encode_json
    from uplift.progress.standing import plan_progress

    reviewer = Subject(kind="user", role=Role.reviewer, user_id=0, label="bench")

    async def run() -> None:
        writer, engine = create_engines(url)
        try:
            async with create_sessionmaker(engine)() as session:
                year = (await session.get_one(Plan, plan)).year
                for label, day in (
                    ("mid-year (July 15)", date(year, 7, 15)),
                    ("after the year (January 15)", date(year + 1, 1, 15)),
                ):
                    latencies, size = [], 0
                    for _ in range(requests):
                        started = time.perf_counter()
                        size = len(encode_json(await plan_progress(session, reviewer, plan, day)))
                        latencies.append((time.perf_counter() - started) * 1000)
                    print(
                        f"  {'matrix in process, ' + label:<40}{_percentiles(latencies)}"
                        f"   ({size / 1e6:.1f} MB)"
                    )
        finally:
            await engine.dispose()
            await writer.dispose()

    asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--years", type=int, default=2, help="plan years")
    parser.add_argument("--organizations", type=int, default=50)
    parser.add_argument("--measures", type=int, default=400, help="measures a year")
    parser.add_argument("--reports", type=int, default=100_000, help="progress reports in all")
    parser.add_argument("--requests", type=int, default=20, help="per read kind")
    parser.add_argument("--batches", type=int, default=3, help="1,000-item batches")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="a server to build on")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument(
        "--sqlite-dir", type=Path, default=ROOT / "var", help="where the SQLite file is built"
    )
    options = parser.parse_args()
    if options.measures < 1000 // 12 + 1:
        parser.error("--measures must be at least 84: a batch names 1,000 (measure, month) pairs")
    name = f"{options.years}y-{options.organizations}o-{options.measures}m-{options.reports}r"
    databases: list[tuple[str, str]] = []
    if options.only != "postgresql":
        options.sqlite_dir.mkdir(parents=True, exist_ok=True)
        databases.append(
            ("SQLite", f"sqlite:///{options.sqlite_dir / f'bench-progress-{name}.db'}")
        )
    if options.only != "sqlite":
        if postgres_answers(options.postgres):
            databases.append(
                (
                    "PostgreSQL",
                    postgres_database(
                        options.postgres, name.replace("-", "_"), prefix="uplift_bench_progress"
                    ),
                )
            )
        else:
            print(f"PostgreSQL does not answer at {options.postgres}: SQLite only")
    for label, url in databases:
        print(
            f"{label}: {options.years} plans × {options.measures:,} measures, "
            f"{options.organizations} enterprises, {options.reports:,} reports"
        )
        made = build(url, options)
        measure(url, made, options)
        matrix_on_days(url, made["plans"][-1], options.requests)


if __name__ == "__main__":
    main()
