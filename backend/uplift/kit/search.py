"""Text search that works for Chinese on SQLite and PostgreSQL alike.

Full-text engines split words on spaces, which Chinese does not have; a substring match on a
normalised copy of the text finds 電子發票 wherever it stands, and the normalisation makes
full-width and half-width forms, letter case and the stray spaces of the source equal.

The substring match runs on an index of three-character pieces (trigrams): an FTS5 table
with the trigram tokenizer on SQLite (kept in step by triggers, see the migration
20261127_reads_plan_versions_and_search), a pg_trgm GIN index on PostgreSQL, which
`LIKE '%…%'` uses. Neither can look up fewer than three characters (two-character Chinese
words are common), so a shorter key is matched by reading the rows the other filters leave,
as is a key searched within one plan, whose rows are few.
"""

import json
import unicodedata
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    any_,
    bindparam,
    column,
    func,
    select,
    table,
)
from sqlalchemy.dialects.postgresql import ARRAY

TRIGRAM = 3


def search_key(text: str) -> str:
    """NFKC (full-width → half-width), case-folded, with all white space removed."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def ids_containing(
    dialect: str, search_table: str, id_column: Any, text_column: Any, key: str
) -> Select[Any]:
    """Ids of the rows whose normalised text contains `key`, through the trigram index
    (`key` of at least TRIGRAM characters)."""
    if dialect == "sqlite":
        fts = table(search_table, column("rowid"), column(search_table))
        phrase = '"' + key.replace('"', '""') + '"'
        return select(fts.c.rowid).where(fts.c[search_table].op("MATCH")(phrase))
    return select(id_column).where(contains(text_column, key))


def contains(text_column: Any, key: str) -> ColumnElement[bool]:
    """`text_column LIKE '%key%'`, the pattern written into the statement when it runs (a
    literal SQLAlchemy renders and escapes), not sent as a parameter: PostgreSQL plans each
    search for its own pattern even when psycopg has prepared the statement, where a generic
    plan for `LIKE '%' || $1 || '%'` cannot use the trigram index (kit/db.py)."""
    escaped = key.replace("/", "//").replace("%", "/%").replace("_", "/_")
    pattern = bindparam(None, f"%{escaped}%", type_=String, literal_execute=True)
    return text_column.like(pattern, escape="/")  # type: ignore[no-any-return]


def among(
    dialect: str, id_column: Any, ids: Sequence[int] | None = None, name: str = "among_ids"
) -> ColumnElement[bool]:
    """`id_column` is one of `ids`, however many: the ids travel as one parameter (an array
    on PostgreSQL, a JSON list on SQLite), so the statement stays the same, cached, and a
    long list never runs into a database's limit on parameters. Without `ids`, the statement
    can be built once and the parameter `name` given at execution as `ids_value(…)`."""
    value = {} if ids is None else {"value": ids_value(dialect, ids)}
    if dialect == "sqlite":
        listed = bindparam(name, type_=String, **value)
        return id_column.in_(select(column("value")).select_from(func.json_each(listed)))  # type: ignore[no-any-return]
    return id_column == any_(bindparam(name, type_=ARRAY(Integer), **value))  # type: ignore[no-any-return]


def ids_value(dialect: str, ids: Sequence[int]) -> Any:
    """The value of an `among` parameter."""
    return json.dumps(list(ids)) if dialect == "sqlite" else list(ids)
