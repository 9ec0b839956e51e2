"""The verification loop at scale: the findings feed and the follow-up board.

Builds (once per size; a later run reuses it) `--years` published plans, each with its two
verification rounds covering `--organizations` enterprises, and `--findings` findings over
them (a third strengths, the rest recommendations), of which `--follow-ups`
recommendations are issued with their follow-up (a deadline each; answered, decided or
released as a real year leaves them). Old years' findings are published, the last year's
issued, a few drafts remain. Bulk-inserted like bench/progress.py (COPY on PostgreSQL).
Then serves it with one uvicorn worker and, one request at a time, prints beside a bare
healthz of the same run the p50/p95 of:
  - the findings feed: first page, one enterprise and year, an `updated_since` sync page,
    a deep page (following `next` links), as a reviewer, an enterprise's token and the public;
  - the follow-up board: first page, one enterprise, overdue only, and the summary.

Usage: python bench/loop.py [--years 10] [--organizations 500] [--findings 75000]
       [--follow-ups 50000] [--requests 30] [--postgres URL] [--only sqlite|postgresql]
"""

import argparse
import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from sqlalchemy import Connection, create_engine, event, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from progress import _next_ids, _percentiles, _timed, _unjournaled, make_tokens
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

from uplift.config import DEFAULT_SECRET
from uplift.kit.db_url import sync_url
from uplift.models import (
    Finding,
    FollowUp,
    FollowUpAnswer,
    FollowUpDeadline,
    FollowUpDecision,
    Organization,
    Plan,
    RoundEnterprise,
    VerificationRound,
)

UNUSABLE_PASSWORD = "!"  # matches no password: the bench only uses tokens
FIRST_YEAR = 2040  # clear of the seeded plan's year
KINDS = ("mid_year", "year_end")


def build(url: str, size: argparse.Namespace) -> dict[str, Any]:
    """The data set, built when missing; returns the tokens' secrets and a sync point."""
    engine = create_engine(sync_url(url))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _unjournaled)
    # A database kept from an earlier run gets the migrations that came since.
    uplift("db", "upgrade", url=url)
    try:
        with engine.connect() as connection:
            try:
                built = connection.scalar(select(Finding.id).limit(1)) is not None
            except Exception:  # not migrated yet
                connection.rollback()
                built = False
        if not built:
            uplift("seed", url=url)
            engine.dispose()
            with engine.begin() as connection:
                _generate(connection, size)
        with engine.begin() as connection:
            since = connection.scalar(
                select(Finding.updated_at).order_by(Finding.updated_at.desc()).offset(500)
            )
            assert since is not None
            return {"since": since.isoformat(), **_tokens(connection)}
    finally:
        engine.dispose()


def _tokens(connection: Connection) -> dict[str, Any]:
    """A reviewer's token and the first enterprise's, made afresh for this run."""
    return make_tokens(connection, "loop-org-0", ["findings:read"], ["findings:read"])


def _generate(connection: Connection, size: argparse.Namespace) -> None:
    started = time.perf_counter()
    now = datetime.now(UTC)
    frame = [Organization, Plan, VerificationRound, RoundEnterprise]
    loop = [Finding, FollowUp, FollowUpDeadline, FollowUpAnswer, FollowUpDecision]
    tables = [m.__table__ for m in frame + loop]
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
            code=f"loop-org-{n}",
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
    rounds: list[tuple[int, int, int]] = []  # round id, year, kind index
    for y in range(size.years):
        year = FIRST_YEAR + y
        plan = add(
            Plan, year=year, issuer_id=organizations[0], title=f"測試計畫 {year}",
            status="published", objectives="", core_values=[], report_due_date=None,
            revision=1, previous_plan_id=None, content_version=f"loop{year}",
            created_at=now, updated_at=now,
        )  # fmt: skip
        last_year = y == size.years - 1
        for k, kind in enumerate(KINDS):
            status = "issued" if last_year else "published"
            round_id = add(
                VerificationRound, plan_id=plan, kind=kind, status=status, items=[],
                starts_on=date(year, 6 if k == 0 else 12, 1), ends_on=None, place="",
                agenda="", participants="", notified_on=date(year, 5 if k == 0 else 11, 1),
                notice_number=f"經國字第{year - 1911}0000{k}號", follow_up_working_days=20,
                status_history={}, created_at=now, updated_at=now,
            )  # fmt: skip
            rounds.append((round_id, year, k))
            for organization in organizations:
                add(RoundEnterprise, round_id=round_id, organization_id=organization)
    # Findings spread evenly over (round, enterprise) pairs, a third strengths
    pairs = [(r, o) for r in rounds for o in organizations]
    recommendations_left = size.follow_ups
    numbers: dict[tuple[int, int, str], int] = {}
    for n in range(size.findings):
        (round_id, year, k), organization = pairs[n % len(pairs)]
        recommendation = n % 3 != 0 and recommendations_left > 0
        kind = "recommendation" if recommendation else "strength"
        numbers[(round_id, organization, kind)] = number = (
            numbers.get((round_id, organization, kind), 0) + 1
        )
        issued_on = date(year, 7 if k == 0 else 12, 15)
        draft = n % 97 == 0 and not recommendation
        status = (
            "draft" if draft else ("issued" if year == FIRST_YEAR + size.years - 1 else "published")
        )
        touched = now - timedelta(minutes=size.findings - n)
        text_zh = (
            f"建議事項 {n}：持續強化服務流程。" if recommendation else f"優點 {n}：服務品質提升。"
        )
        finding = add(
            Finding, round_id=round_id, organization_id=organization, unit_id=None, kind=kind,
            status=status, number=number, text_zh=text_zh, text_en=None,
            issued_text_zh=None if draft else text_zh, issued_text_en=None,
            drafted_by="bench", drafted_by_user_id=None,
            approved_at=None if draft else touched, approved_by=None if draft else "bench",
            issued_on=None if draft else issued_on,
            issue_number=None if draft else f"經國字第{year - 1911}{n:06d}號",
            issued_at=None if draft else touched,
            published_at=touched if status == "published" else None,
            created_at=touched, updated_at=touched,
        )  # fmt: skip
        if recommendation:
            recommendations_left -= 1
            _follow_up(add, n, finding, round_id, organization, issued_on, touched)
    for table in tables:
        for chunk in _chunks(rows[table]):
            if chunk:
                _bulk(connection, table, chunk)
    if connection.dialect.name == "postgresql":
        for table in tables:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"(SELECT max(id) FROM {table.name}))"
                )
            )
    connection.execute(text("ANALYZE"))
    print(
        f"  built {size.years} plans, {len(rounds)} rounds, {size.findings:,} findings, "
        f"{size.follow_ups - recommendations_left:,} follow-ups "
        f"in {time.perf_counter() - started:.0f} s"
    )


def _follow_up(
    add: Any, n: int, finding: int, round_id: int, organization: int, issued_on: date,
    touched: datetime,
) -> None:  # fmt: skip
    """A recommendation's tracking as a year leaves it: three in five released, the rest
    tracking (some overdue) or awaiting the commission's decision."""
    due_on = issued_on + timedelta(days=28)
    fate = n % 5
    state = "released" if fate < 3 else ("tracking" if fate == 3 else "awaiting_decision")
    follow_up = add(
        FollowUp, finding_id=finding, round_id=round_id, organization_id=organization,
        state=state, due_on=due_on, due_provisional=False,
        release="implemented" if state == "released" else None,
        released_at=touched if state == "released" else None, opened_on=issued_on,
        created_at=touched, updated_at=touched,
    )  # fmt: skip
    add(
        FollowUpDeadline, follow_up_id=follow_up, number=1, due_on=due_on, provisional=False,
        working_days=20, cause="opened", set_by="bench", set_at=touched,
    )  # fmt: skip
    if state == "tracking":
        return
    answer = add(
        FollowUpAnswer, follow_up_id=follow_up, number=1, text="已完成改善。",
        progress_percent=100, asks_release=True, submitted_at=touched, late=False,
        written_by="bench", written_by_user_id=None, written_by_token_id=None,
        created_at=touched, updated_at=touched,
    )  # fmt: skip
    if state == "released":
        add(
            FollowUpDecision, answer_id=answer, outcome="release_implemented", reason="",
            decided_by="bench", decided_by_user_id=None, decided_at=touched,
        )  # fmt: skip


def _deep(client: httpx.Client, path: str, headers: dict[str, str], pages: int) -> str:
    """The address of the page `pages` pages in, by following each answer's next link."""
    for _ in range(pages):
        answer = client.get(path, headers=headers)
        answer.raise_for_status()
        following = answer.json().get("next")
        if not following:
            break
        path = following
    return path


def measure(url: str, made: dict[str, Any], options: argparse.Namespace) -> None:
    port = free_port()
    env = {**os.environ, "UPLIFT_DATABASE_URL": url, "UPLIFT_SECRET_KEY": DEFAULT_SECRET}
    server = subprocess.Popen(
        [sys.executable, "-m", "uplift", "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    reviewer = {"Authorization": f"Bearer {made['reviewer']}"}
    enterprise = {"Authorization": f"Bearer {made['enterprise_reporter']}"}
    year = FIRST_YEAR + options.years - 1
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=300) as client:
            for _ in range(300):
                try:
                    client.get("/api/v1/healthz").raise_for_status()
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            feed, board = "/api/v1/findings", "/api/v1/follow-ups"
            deep = _deep(client, f"{feed}?page_size=100", reviewer, 50)
            print(
                "  load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg())
            )
            print(f"  {'request (ms)':<44}{'p50':>9}{'p95':>9}{'p95 ÷ bare p95':>16}")
            bare: float | None = None
            for label, path, headers in (
                ("healthz (bare)", "/api/v1/healthz", {}),
                ("findings feed, first page (reviewer)", feed, reviewer),
                (
                    "findings feed, one enterprise and year",
                    f"{feed}?organization=loop-org-7&year={year}",
                    reviewer,
                ),
                (
                    "findings feed, updated_since sync (100)",
                    f"{feed}?updated_since={quote(made['since'])}&page_size=100",
                    reviewer,
                ),
                ("findings feed, 50 pages deep (100)", deep, reviewer),
                ("findings feed, enterprise token", feed, enterprise),
                ("findings feed, public", feed, {}),
                ("follow-up board, first page", board, reviewer),
                ("follow-up board, one enterprise", f"{board}?organization=loop-org-7", reviewer),
                ("follow-up board, overdue", f"{board}?overdue=true", reviewer),
                ("follow-up board, enterprise token", board, enterprise),
                ("follow-up summary of a year", f"{board}/summary?year={year}", reviewer),
                ("healthz (bare), again", "/api/v1/healthz", {}),
            ):
                latencies = _timed(client, path, options.requests, headers)
                ordered = sorted(latencies)
                p95 = ordered[min(len(ordered) - 1, round(len(ordered) * 0.95) - 1)]
                bare = bare or p95  # the first row is the bare healthz
                print(f"  {label:<44}" + _percentiles(latencies) + f"{p95 / bare:>15.1f}×")
            print(
                "  load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg())
            )
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--years", type=int, default=10, help="plan years")
    parser.add_argument("--organizations", type=int, default=500)
    parser.add_argument("--findings", type=int, default=75_000)
    parser.add_argument("--follow-ups", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=30, help="per read kind")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="a server to build on")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument(
        "--sqlite-dir", type=Path, default=ROOT / "var", help="where the SQLite file is built"
    )
    options = parser.parse_args()
    if options.follow_ups > options.findings * 2 // 3:
        parser.error("--follow-ups: at most two thirds of --findings are recommendations")
    name = f"{options.years}y-{options.organizations}o-{options.findings}f-{options.follow_ups}u"
    databases: list[tuple[str, str]] = []
    if options.only != "postgresql":
        options.sqlite_dir.mkdir(parents=True, exist_ok=True)
        databases.append(("SQLite", f"sqlite:///{options.sqlite_dir / f'bench-loop-{name}.db'}"))
    if options.only != "sqlite":
        if postgres_answers(options.postgres):
            databases.append(
                (
                    "PostgreSQL",
                    postgres_database(
                        options.postgres, name.replace("-", "_"), prefix="uplift_bench_loop"
                    ),
                )
            )
        else:
            print(f"PostgreSQL does not answer at {options.postgres}: SQLite only")
    for label, url in databases:
        print(
            f"{label}: {options.years} plans, {options.organizations} enterprises, "
            f"{options.findings:,} findings, {options.follow_ups:,} follow-ups"
        )
        made = build(url, options)
        measure(url, made, options)


if __name__ == "__main__":
    main()
