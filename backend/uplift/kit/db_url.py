"""Turn the plain database URLs people write into the ones SQLAlchemy's drivers need."""

from sqlalchemy.dialects import registry
from sqlalchemy.engine import URL, make_url

# sqlite3 on the event loop (kit/sqlite_inline.py), imported when an engine first needs it.
registry.register("sqlite.inline", "uplift.kit.sqlite_inline", "SQLiteDialect_inline")

_ASYNC_DRIVERS = {"sqlite": "sqlite+inline", "postgresql": "postgresql+psycopg"}
_SYNC_DRIVERS = {"sqlite": "sqlite", "postgresql": "postgresql+psycopg"}


def _backend(url: str) -> URL:
    parsed = make_url(url.replace("postgres://", "postgresql://", 1))
    if parsed.get_backend_name() not in _ASYNC_DRIVERS:
        raise ValueError(
            f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql"
        )
    return parsed


def async_url(url: str) -> URL:
    """``sqlite:///x.db`` → sqlite3 in-line, ``postgresql://…`` → psycopg (async)."""
    parsed = _backend(url)
    return parsed.set(drivername=_ASYNC_DRIVERS[parsed.get_backend_name()])


def sync_url(url: str) -> URL:
    """The same database through a synchronous driver, for migrations and scripts."""
    parsed = _backend(url)
    return parsed.set(drivername=_SYNC_DRIVERS[parsed.get_backend_name()])
