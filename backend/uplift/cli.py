"""The ``uplift`` command: database, seed data and the server."""

import asyncio
import signal
import subprocess
import sys
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, TypeVar

import typer
import uvicorn
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.config import get_settings
from uplift.evidence.sweep import Sweep, remove_abandoned_uploads, remove_files, sweep_rows
from uplift.kit import migrations, outbox, queue
from uplift.kit.clock import today_in_taipei
from uplift.kit.db import create_engine, create_sessionmaker, utcnow
from uplift.kit.errors import UpliftError
from uplift.kit.idempotency import purge_expired
from uplift.kit.storage import FileStore
from uplift.notifications.reminders import SweepResult, sweep
from uplift.plans.transfer.builder import UnknownOrganization
from uplift.progress import standings
from uplift.seed.accounts import (
    DEMO_ACCOUNTS,
    create_admin,
    load_demo,
    read_accounts,
    read_units,
)
from uplift.seed.calendars import SHIPPED, load_calendars
from uplift.seed.loader import BUILT_IN, load, read_seed_file
from uplift.seed.rounds import open_rounds
from uplift.workers import load_tasks, on_postgres, retry_policy

T = TypeVar("T")

app = typer.Typer(
    help="Uplift: service-efficiency improvement plans.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)
app.add_typer(db, name="db")
users = typer.Typer(help="Accounts.", no_args_is_help=True)
app.add_typer(users, name="users")
calendar = typer.Typer(
    help="The government office calendar that working-day deadlines count by.",
    no_args_is_help=True,
)
app.add_typer(calendar, name="office-calendar")
storage = typer.Typer(help="The storage directory (UPLIFT_STORAGE_DIR).", no_args_is_help=True)
app.add_typer(storage, name="storage")
reminders = typer.Typer(
    help="Follow-up reminders and reviewers' digests (notifications/reminders.py).",
    no_args_is_help=True,
)
app.add_typer(reminders, name="reminders")
progress = typer.Typer(help="Progress reports (progress/).", no_args_is_help=True)
app.add_typer(progress, name="progress")


def _run_in_transaction(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run one unit of work against the configured database and commit it."""

    async def run() -> T:
        engine = create_engine(get_settings().database_url)
        try:
            async with create_sessionmaker(engine).begin() as session:
                return await work(session)
        finally:
            await engine.dispose()

    return asyncio.run(run())


@db.command()
def upgrade(revision: str = "head") -> None:
    """Migrate the database up to REVISION (default: the newest)."""
    migrations.upgrade(revision=revision)
    typer.echo(f"database at {revision}")


@db.command()
def downgrade(revision: str = "-1") -> None:
    """Migrate the database down to REVISION (default: one step)."""
    migrations.downgrade(revision=revision)
    typer.echo(f"database at {revision}")


@db.command()
def check() -> None:
    """Fail when the models and the migrations disagree."""
    migrations.check()
    typer.echo("models and migrations agree")


@app.command()
def seed(
    file: Annotated[
        Path, typer.Option(help="A data file (YAML); default: the built-in 107 plan.")
    ] = BUILT_IN,
    demo: Annotated[
        bool,
        typer.Option(
            help="Also create one demo account per role and demo units (never in production)."
        ),
    ] = False,
) -> None:
    """Load organisations and plans from a data file. Loading twice changes nothing."""
    data = read_seed_file(file)
    try:
        report = _run_in_transaction(lambda session: load(session, data))
    except UnknownOrganization as error:
        typer.echo(f"cannot load {file}: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"organisations: {report.organizations_created} created, "
        f"{report.organizations_updated} updated; "
        f"plans created: {', '.join(report.plans_created) or 'none'}; "
        f"already there: {', '.join(report.plans_skipped) or 'none'}"
    )
    rounds = _run_in_transaction(open_rounds)
    typer.echo(f"verification rounds opened (planned): {rounds}")
    calendars = _run_in_transaction(lambda session: load_calendars(session, SHIPPED))
    typer.echo(f"office calendar years loaded: {', '.join(map(str, calendars)) or 'none new'}")
    if demo:
        if get_settings().production:
            typer.echo("demo accounts are never loaded in production", err=True)
            raise typer.Exit(1)
        _run_in_transaction(load_demo)
        units = read_units(DEMO_ACCOUNTS)
        accounts = read_accounts(DEMO_ACCOUNTS)
        typer.echo(f"demo units (made up: the plan names none): {len(units)}")
        typer.echo("demo accounts (development only): sign in at /login as")
        for account in accounts:
            typer.echo(f"  {account.username:<20} {account.password:<20} {account.role.value}")


@calendar.command("load")
def load_office_calendar(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Yearly files as published (中華民國政府行政機關辦公日曆表, data.gov.tw 14718)."
        ),
    ],
) -> None:
    """Load years of the office calendar, each in place of an earlier edition of it (a
    corrected 修正版). A file that is refused loads nothing, and says where it is wrong."""
    try:
        loaded = _run_in_transaction(lambda session: load_calendars(session, files))
    except UpliftError as error:
        typer.echo(f"cannot load the office calendar: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"office calendar years loaded: {', '.join(map(str, loaded)) or 'none new'}")


@storage.command("sweep")
def sweep_storage(
    older_than: Annotated[
        float,
        typer.Option(
            "--older-than", min=0, help="Only files uploaded more than this many hours ago."
        ),
    ] = 24,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would go; remove nothing.")
    ] = False,
) -> None:
    """Remove stored files that no progress report version, results report or follow-up
    answer names, uploaded before the cut-off: each row (audited), and its file unless
    another row has the same bytes; and partial uploads a dead process left in incoming/."""
    cutoff = utcnow() - timedelta(hours=older_than)
    store = FileStore(get_settings().storage_dir)
    swept = _run_in_transaction(lambda session: sweep_rows(session, cutoff, dry_run=dry_run))
    if not dry_run and swept.unnamed_files:

        async def files(session: AsyncSession) -> Sweep:
            return await remove_files(session, store, swept)

        swept = _run_in_transaction(files)
    partial, partial_bytes = asyncio.run(remove_abandoned_uploads(store, cutoff, dry_run=dry_run))
    verb = "would remove" if dry_run else "removed"
    typer.echo(
        f"{verb} {swept.rows} unnamed stored file rows and {swept.files} files, "
        f"{swept.bytes_freed} bytes freed{' (dry run)' if dry_run else ''}"
    )
    if partial:
        typer.echo(f"{verb} {partial} abandoned partial uploads, {partial_bytes} bytes")


@progress.command("rebuild-standings")
def rebuild_standings() -> None:
    """Sum up every plan's progress reports afresh into the standings the progress matrix
    reads (progress/standings.py): after reports were loaded past the application, such as
    a restore of that one table or rows written by hand. Writes through Uplift keep them."""

    async def rebuild(session: AsyncSession) -> int:
        return await session.run_sync(lambda sync: standings.rebuild(sync.connection()))

    plans = _run_in_transaction(rebuild)
    typer.echo(f"standings of {plans} plan{'' if plans == 1 else 's'} summed up")


@reminders.command("sweep")
def sweep_reminders(
    today: Annotated[
        str | None,
        typer.Option(
            "--today", help="Sweep as of this day (YYYY-MM-DD); default: today in Taipei."
        ),
    ] = None,
) -> None:
    """Mark and queue every reminder stage reached and not yet sent, and the reviewers'
    digests; run it twice and the second sends nothing. The workers send what it queues."""
    try:
        day = date.fromisoformat(today) if today else today_in_taipei()
    except ValueError:
        typer.echo(f"--today: not a date (YYYY-MM-DD): {today}", err=True)
        raise typer.Exit(2) from None
    load_tasks()  # the tasks the sweep enqueues
    done: SweepResult = _run_in_transaction(lambda s: sweep(s, day, get_settings()))
    stages = ", ".join(f"{name} {count}" for name, count in sorted(done.stages.items()))
    typer.echo(
        f"reminders {day.isoformat()}: {done.sent} sent ({stages or 'none'}), "
        f"{done.passed_over} passed over, {done.notifications} notifications, "
        f"{done.mail_jobs} e-mail jobs, {done.deadlines_passed} deadlines passed, "
        f"{done.digests} digests"
    )


@users.command("create-admin")
def create_first_admin(
    username: str,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create an administrator (the first one, typically)."""
    if not password_stdin:
        typer.echo("pass the password on standard input with --password-stdin", err=True)
        raise typer.Exit(2)
    password = sys.stdin.readline().rstrip("\n")
    try:
        user = _run_in_transaction(lambda session: create_admin(session, username, password))
    except (ValidationError, UpliftError) as error:
        typer.echo(f"cannot create {username!r}: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"administrator {user.username!r} created")


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    reload: bool = False,
    with_worker: Annotated[
        bool,
        typer.Option(
            "--with-worker",
            help="On PostgreSQL, also start `uplift worker` beside the server (on SQLite "
            "the server runs the jobs itself).",
        ),
    ] = False,
) -> None:
    """Serve the API and the web app on one port."""
    worker_process = None
    if with_worker and on_postgres(get_settings()):
        worker_process = subprocess.Popen([sys.executable, "-m", "uplift", "worker"])
        # uvicorn raises the SIGTERM it stopped on again once it is done: exit through
        # `finally` then, so the worker is stopped too rather than left behind.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        uvicorn.run(
            "uplift.main:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            reload=reload,
            proxy_headers=True,
            server_header=False,  # no version banner for whoever probes the service
        )
    finally:
        if worker_process is not None:
            worker_process.terminate()  # it lets its running jobs finish
            worker_process.wait()


@app.command()
def worker(
    once: Annotated[
        bool, typer.Option("--once", help="Run the jobs due now, then exit (for cron, tests).")
    ] = False,
) -> None:
    """Run the outbox's jobs after their requests commit; as many workers as you like, on
    any machine. PostgreSQL: procrastinate's worker; SQLite: polls the outbox."""
    settings = get_settings()
    policy = retry_policy(settings)
    load_tasks()

    async def run() -> None:
        # A job on PostgreSQL holds two connections: its outbox row's lock, and its task's.
        engine = create_engine(settings.database_url, pool_size=2 * settings.worker_concurrency + 2)
        sessionmaker = create_sessionmaker(engine)
        try:
            async with sessionmaker.begin() as session:  # housekeeping, once per start
                purged = await purge_expired(session)
            typer.echo(f"worker: {purged} expired idempotency keys removed")
            if once:
                typer.echo(f"worker: {await outbox.run_due(sessionmaker, policy)} jobs run")
                return
            if on_postgres(settings):
                typer.echo(
                    f"worker: procrastinate, {settings.worker_concurrency} jobs at once "
                    "(SIGINT or SIGTERM stops)"
                )
                await queue.run_worker(settings, sessionmaker, policy)
                return
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for signal_number in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signal_number, stop.set)
            typer.echo("worker: waiting for jobs (Ctrl-C stops)")
            await outbox.work(sessionmaker, policy, settings.worker_poll_seconds, stop)
        finally:
            await engine.dispose()

    asyncio.run(run())


@app.command()
def openapi(
    output: Annotated[Path, typer.Option(help="Where to write it.")] = Path("openapi/openapi.json"),
) -> None:
    """Write the OpenAPI document, the contract the frontend's types are generated from."""
    from uplift.main import create_app, openapi_json

    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(openapi_json(create_app()), encoding="utf-8")
    typer.echo(f"wrote {output}")
