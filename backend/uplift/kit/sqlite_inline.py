"""SQLite for the async engine, run in-line on the event loop through the standard sqlite3.

A statement on a local SQLite file takes microseconds. aiosqlite hands each one to a thread
and back, three or four times per statement, and those threads queue for the GIL: that
costs more than the SQL. Here SQLAlchemy's async engine drives a plain sqlite3 connection;
its greenlet runs each call to completion without ever switching to the loop.

The one thing that must not block is a wait for SQLite's write lock. A writer that slept in
SQLite's busy handler would freeze the whole server, and the request holding the lock
(another coroutine on the same loop, perhaps awaiting a password hash in a thread) could
then never finish: a deadlock. So SQLite's own wait is off (timeout 0) and a statement
refused with SQLITE_BUSY is retried after an asyncio sleep, with the busy handler's own
backoff, for as long as that handler would have waited (LOCK_WAIT_SECONDS).
"""

import asyncio
import sqlite3
import time
from collections.abc import Callable
from itertools import chain, repeat
from typing import Any, TypeVar

from sqlalchemy import pool
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import URL
from sqlalchemy.engine.interfaces import ConnectArgsType
from sqlalchemy.util.concurrency import await_, in_greenlet

# How long a statement waits for another connection's lock before "database is locked".
LOCK_WAIT_SECONDS = 5.0
# SQLite's busy handler sleeps these many milliseconds between tries, then 100 each time.
_BACKOFF_MS = (1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100)
# SQLITE_BUSY and SQLITE_BUSY_RECOVERY go away by waiting; SQLITE_BUSY_SNAPSHOT (a read
# transaction that cannot become a write one) never does, and SQLite's handler skips it too.
_WORTH_WAITING = frozenset({sqlite3.SQLITE_BUSY, 261})

T = TypeVar("T")


def _locked(error: sqlite3.OperationalError) -> bool:
    return getattr(error, "sqlite_errorcode", None) in _WORTH_WAITING


def _pause(seconds: float) -> None:
    """Give the loop back while waiting: other requests go on, the lock holder finishes."""
    if in_greenlet():
        await_(asyncio.sleep(seconds))
    else:  # a synchronous caller outside the async engine has no loop to give back
        time.sleep(seconds)


def _retry_while_locked(attempt: Callable[[], T]) -> T:
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    for step_ms in chain(_BACKOFF_MS, repeat(100)):
        _pause(step_ms / 1000)
        try:
            return attempt()
        except sqlite3.OperationalError as error:
            if not _locked(error) or time.monotonic() >= deadline:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


class WaitingCursor(sqlite3.Cursor):
    """Tries once at full speed; only a refused statement takes the slow path."""

    def execute(self, sql: str, parameters: Any = (), /) -> "WaitingCursor":
        try:
            return super().execute(sql, parameters)
        except sqlite3.OperationalError as error:
            if not _locked(error):
                raise
        return _retry_while_locked(lambda: super(WaitingCursor, self).execute(sql, parameters))

    def executemany(self, sql: str, parameters: Any, /) -> "WaitingCursor":
        rows = list(parameters)  # an iterator could not be sent twice
        try:
            return super().executemany(sql, rows)
        except sqlite3.OperationalError as error:
            if not _locked(error):
                raise
        return _retry_while_locked(lambda: super(WaitingCursor, self).executemany(sql, rows))

    async def _async_soft_close(self) -> None:
        """AsyncConnection.execute calls this to detach an async driver's cursor; an
        sqlite3 cursor is read synchronously as it is, so there is nothing to do."""


class WaitingConnection(sqlite3.Connection):
    def cursor(self, factory: Any = WaitingCursor) -> Any:
        return super().cursor(factory)

    def commit(self) -> None:
        try:
            super().commit()
            return
        except sqlite3.OperationalError as error:
            if not _locked(error):
                raise
        _retry_while_locked(super().commit)


class _Ready:
    """An awaitable that is done at once: awaiting it never reaches the event loop."""

    def __await__(self) -> Any:
        return iter(())


_READY = _Ready()


def _mark_awaited() -> None:
    """AsyncConnection.execute refuses a driver that never awaited (a guard against a
    blocking driver used by mistake); this one is blocking on purpose, and says so with an
    await that costs a greenlet switch and nothing else."""
    if in_greenlet():
        await_(_READY)


class SQLiteDialect_inline(SQLiteDialect_pysqlite):  # noqa: N801 (SQLAlchemy's naming)
    """pysqlite, declared async so that create_async_engine takes it; URL `sqlite+inline`."""

    driver = "inline"
    is_async = True
    supports_statement_cache = True

    @classmethod
    def get_pool_class(cls, url: URL) -> type[pool.Pool]:
        # One pool of open connections that asyncio waiters queue for, as aiosqlite has.
        return pool.AsyncAdaptedQueuePool if cls._is_url_file_db(url) else pool.StaticPool

    def create_connect_args(self, url: URL) -> ConnectArgsType:
        args, options = super().create_connect_args(url)
        options["timeout"] = 0  # no busy handler: lock waits happen in _retry_while_locked
        options["factory"] = WaitingConnection
        return args, options

    def get_driver_connection(self, connection: Any) -> Any:
        return connection

    def do_execute(self, cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        _mark_awaited()
        cursor.execute(statement, parameters)

    def do_execute_no_params(self, cursor: Any, statement: str, context: Any = None) -> None:
        _mark_awaited()
        cursor.execute(statement)

    def do_executemany(
        self, cursor: Any, statement: str, parameters: Any, context: Any = None
    ) -> None:
        _mark_awaited()
        cursor.executemany(statement, parameters)


dialect = SQLiteDialect_inline
