"""Engine, sessions and the declarative base every model shares."""

import select as socket_select
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any
from uuid import uuid4

from fastapi import Depends, Request
from psycopg.pq import Format
from sqlalchemy import (
    DateTime,
    Dialect,
    Engine,
    Executable,
    MetaData,
    Row,
    String,
    TypeDecorator,
    event,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship
from sqlalchemy.util import greenlet_spawn

from uplift.kit.db_url import async_url

# Predictable names for every index and constraint, so migrations can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (savepoints work).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # Setting WAL again takes a lock: a connection opened while another holds the write lock
    # would wait for it, though the file is in WAL mode since its first connection.
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        cursor.execute("PRAGMA journal_mode=WAL")
    # No busy_timeout: waits for the write lock give the event loop back (kit/sqlite_inline).
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # A writing request takes the write lock up front, so a second writer waits and then
    # reads what the first committed (and gets 412), instead of failing half-way.
    immediate = connection.get_execution_options().get(WRITE_INTENT, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def ensure_sqlite_directory(url: str) -> None:
    """A default SQLite file lives under ./var/, which a fresh checkout does not have yet."""
    parsed = async_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def _drop_closed_by_server(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """A pooled PostgreSQL connection is idle: the server has nothing to say on it unless it
    has closed it (a restart, pg_terminate_backend, an idle timeout), when its goodbye or
    the end of the stream is waiting on the socket. One non-blocking look at the socket finds
    that without the round trip a pre-ping costs on every checkout; DisconnectionError makes
    the pool open a fresh connection instead. A connection dropped silently on the way (no
    goodbye) is caught by pool_recycle and by SQLAlchemy's disconnect handling."""
    socket = dbapi_connection.driver_connection.pgconn.socket
    readable, _, _ = socket_select.select([socket], [], [], 0)
    if readable:
        raise DisconnectionError("the server closed this pooled connection")


# psycopg prepares a statement it has run five times on a connection, and after five more
# PostgreSQL may plan it once for any parameters (plan_cache_mode=auto): a hot read then skips
# planning, which had cost the server more than running it (a measures page, planned anew
# each time: 2.9 ms of the server's processor time per page, 1.4 ms with plans kept). A
# generic plan cannot use the trigram index for `LIKE '%' || $1 || '%'`, so a search writes
# its pattern into the statement instead (kit/search.py `contains`): a `q` search that took
# 0.4 s at 500,000 measures had taken over a minute from its eleventh run on.
# No JIT compilation: short reads never repay it, and the progress matrix of a plan with
# 500,000 reports (estimated dear enough to compile) spent 280-490 ms of 1.1-2.0 s compiling.
POSTGRES_SESSION = {"options": "-c jit=off"}


BINARY_RESULTS = "uplift_binary_results"
BINARY = Format.BINARY


def _binary_results(
    _connection: Any, cursor: Any, _statement: str, _parameters: Any, context: Any, _many: bool
) -> None:
    """A statement with the execution option BINARY_RESULTS (a kept body of 100 kB) is read
    in PostgreSQL's binary format: its bytea arrives as it is stored, not as hex text twice
    its size that the server encodes and the client decodes."""
    if context is not None and context.execution_options.get(BINARY_RESULTS):
        cursor._cursor.format = BINARY  # the psycopg cursor inside SQLAlchemy's async adapter


def create_engine(
    url: str,
    *,
    pool_size: int = 16,
    max_overflow: int = 4,
    pool_timeout: float = 5.0,
    pool_recycle: int = 1800,
    autocommit: bool = False,
) -> AsyncEngine:
    """`pool_timeout`: how long a request waits for a free connection before it is told to
    retry (503), rather than queueing behind a burst for SQLAlchemy's default 30 s.
    `pool_size`: as many as the requests a worker serves at once, so that connections are
    kept rather than opened and closed under load; `pool_recycle`: seconds after which a
    connection is replaced, before a proxy or firewall drops it silently. `autocommit`: every
    connection of the pool runs each statement on its own (PostgreSQL; see create_engines)."""
    ensure_sqlite_directory(url)
    parsed = async_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    engine = create_async_engine(
        parsed,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=pool_timeout,
        pool_recycle=pool_recycle,
        connect_args={} if sqlite else POSTGRES_SESSION,
        # In autocommit no transaction is left to roll back when a connection is returned.
        **(
            {"isolation_level": "AUTOCOMMIT", "pool_reset_on_return": None}
            if autocommit and not sqlite
            else {}
        ),
    )
    if sqlite:
        event.listen(engine.sync_engine, "connect", _sqlite_connect)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
    else:
        event.listen(engine.sync_engine.pool, "checkout", _drop_closed_by_server)
        event.listen(engine.sync_engine, "before_cursor_execute", _binary_results)
    return engine


def create_engines(url: str, **pool: Any) -> tuple[AsyncEngine, AsyncEngine]:
    """The engine writing requests go through, and the one safe-method requests read through.
    On PostgreSQL the readers' is a pool of its own whose connections are in autocommit from
    the day they open: no BEGIN and COMMIT round trips around a read, which at READ COMMITTED
    sees the same rows statement by statement as it would inside a transaction. A pool of its
    own rather than the writers' pool switched per checkout: switching to autocommit on
    checkout and back on return cost 0.2 ms of a health check's 0.6 ms in the database layer
    (bench/cpu_per_request.py). A worker may so hold twice `pool_size` (+ overflow)
    connections to PostgreSQL. SQLite keeps one engine, and its reads their transaction: a
    BEGIN costs nothing there and gives one snapshot."""
    engine = create_engine(url, **pool)
    if engine.dialect.name == "sqlite":
        return engine, engine
    return engine, create_engine(url, autocommit=True, **pool)


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


WRITE_INTENT = "uplift_write_intent"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One transaction per writing request: commit on success, roll back on any error.
    A read goes through the read engine (see create_engines)."""
    if request.method in SAFE_METHODS:
        sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.read_sessionmaker
    else:
        sessionmaker = request.app.state.sessionmaker
    session = sessionmaker()
    try:
        if request.method not in SAFE_METHODS:
            await session.connection(execution_options={WRITE_INTENT: True})
        yield session
        # A session the request never used (an anonymous subject, a health check's own
        # ping) holds nothing to commit or close: two hops to its greenlet saved.
        if session.in_transaction() or session.identity_map:
            await greenlet_spawn(_commit_and_close, session.sync_session)
    except BaseException:
        async with session:  # closed even when the request is cancelled meanwhile
            await session.rollback()
            undo_outside_database(session)
        raise
    session.info.pop(ROLLBACK_CALLBACKS, None)


def _commit_and_close(session: Session) -> None:
    """Both in one hop to the greenlet, where AsyncSession spends one on each."""
    session.commit()
    session.close()


async def plain_rows(
    session: AsyncSession, statement: Executable, parameters: dict[str, Any]
) -> Sequence[Row[Any]]:
    """A statement's rows in one hop to the session's greenlet, past the ORM's execution and
    result machinery, which rows of columns do not need (pending changes are flushed first,
    as session.execute would)."""

    def read(sync_session: Session) -> Sequence[Row[Any]]:
        sync_session.flush()
        return sync_session.connection().execute(statement, parameters).all()

    return await session.run_sync(read)


Probe = Callable[[], Awaitable[object]]


async def database_probe(request: Request) -> Probe:
    """How a health check asks the database to answer: SELECT 1 on a pooled connection of
    the read engine, in one hop to its greenlet, past the session, its transaction and the
    ORM that a request's reads go through. Tests replace it with their own session's."""
    engine: AsyncEngine = request.app.state.read_engine
    return partial(greenlet_spawn, _select_one, engine.sync_engine)


def _select_one(engine: Engine) -> None:
    """On the pool's own connection, past SQLAlchemy's Connection, its events and its result
    (a third of the probe's processor time). A failure to connect or to answer is raised as
    SQLAlchemy's OperationalError, as a Connection would raise it."""
    try:
        connection = engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute("SELECT 1")
            cursor.fetchall()
            cursor.close()
        finally:
            connection.close()
    except engine.dialect.loaded_dbapi.Error as error:
        raise OperationalError("SELECT 1", None, error) from error


ProbeDep = Annotated[Probe, Depends(database_probe)]


ROLLBACK_CALLBACKS = "uplift_on_rollback"


def on_rollback(session: AsyncSession, callback: Callable[[], object]) -> None:
    """Undo, should this request's transaction roll back, something done outside the
    database (a file written to disk for a row of the transaction)."""
    session.info.setdefault(ROLLBACK_CALLBACKS, []).append(callback)


def undo_outside_database(session: AsyncSession) -> None:
    """Run what `on_rollback` registered, newest first; called once the rollback is done."""
    for callback in reversed(session.info.pop(ROLLBACK_CALLBACKS, [])):
        callback()


# "function" scope: the commit happens before the response leaves, so a client that was
# told "201 Created" can read what it wrote, and a failed commit is a 500, never a lost write.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return None if value is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


def str_enum(enum: type[StrEnum]) -> SAEnum:
    """Store an enum as its value in a VARCHAR (no database-specific ENUM type to migrate)."""
    return SAEnum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [member.value for member in members],
    )


def new_key() -> str:
    return str(uuid4())


class StableKeyMixin:
    """An identity that survives amendments and the copy into the next year, so a measure
    can be followed across revisions and years while its row id changes."""

    key: Mapped[str] = mapped_column(String(36), default=new_key, index=True)


def owned_children(order_by: str) -> Any:
    """A one-to-many of parts that live and die with their parent: loaded only on purpose,
    deleted by the database's ON DELETE CASCADE rather than one by one."""
    return relationship(
        lazy="raise", order_by=order_by, cascade="all, delete-orphan", passive_deletes=True
    )
