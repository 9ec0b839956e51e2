"""Text search that works for Chinese on SQLite and PostgreSQL alike.

Full-text engines split words on spaces, which Chinese does not have; a substring match on a
normalised copy of the text finds 電子發票 wherever it stands, and the normalisation makes
full-width and half-width forms, letter case and the stray spaces of the source equal.

The substring match runs on an index of three-character pieces (trigrams): an FTS5 table
with the trigram tokenizer on SQLite (kept in step by triggers, see the migration
20261127_reads_plan_versions_and_search), a pg_trgm GIN index on PostgreSQL, which
`LIKE '%…%'` uses. Neither can look up fewer than three characters (two-character Chinese
words are common), so a shorter key has an index of its own (migration
20261128_short_search_terms): on SQLite a contentless FTS5 table of the text with a space
between characters, where the key is a phrase of its characters; on PostgreSQL a GIN index
on every character and pair of characters of the text (`search_grams`). A key searched
within one plan is matched by reading its few hundred rows.
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
    Text,
    any_,
    bindparam,
    column,
    func,
    select,
    table,
)
from sqlalchemy.dialects.postgresql import ARRAY

TRIGRAM = 3  # the shortest key the trigram indexes can look up


def search_key(text: str) -> str:
    """NFKC (full-width → half-width), case-folded, with all white space removed."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def search_values(dialect: str, key: str) -> dict[str, Any]:
    """The parameters `containing` and `contains` take for `key`: statements built once
    serve every key."""
    escaped = key.replace("/", "//").replace("%", "/%").replace("_", "/_")
    if dialect != "sqlite":
        return {"search_like": f"%{escaped}%", "search_gram": [key]}
    characters = " ".join(key) if len(key) < TRIGRAM else key
    return {"search_like": f"%{escaped}%", "search_phrase": _phrase(characters)}


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def containing(
    dialect: str,
    statement: Select[Any],
    search_table: str,
    id_column: Any,
    text_column: Any,
    *,
    short: bool,
) -> Select[Any]:
    """`statement` (which reads the table of `id_column` and `text_column`) narrowed to the
    rows whose normalised text contains the key of `search_values`, through an index: the
    trigram one for a key of at least TRIGRAM characters, the short terms' one (`short`)
    below that.

    On SQLite the FTS5 table leads the join, so a statement with a LIMIT stops reading the
    index when it has enough rows. The characters' tokenizer folds case and drops what is
    neither letter, number, mark, punctuation nor symbol, so its rows are checked against the
    text."""
    if dialect != "sqlite":
        if not short:
            return statement.where(contains(text_column))
        grams = func.search_grams(text_column, type_=ARRAY(Text))
        gram = bindparam("search_gram", type_=ARRAY(Text), literal_execute=True)
        return statement.where(grams.contains(gram))
    name = f"{search_table}_short" if short else search_table
    fts = table(name, column("rowid"), column(name))
    found = statement.join_from(fts, id_column.table, id_column == fts.c.rowid).where(
        fts.c[name].op("MATCH")(bindparam("search_phrase", type_=String))
    )
    return found.where(contains(text_column)) if short else found


def contains(text_column: Any) -> ColumnElement[bool]:
    """`text_column` holds the key of `search_values` (`LIKE '%…%'`, its wildcards escaped).

    The pattern, like the gram of `containing`, is written into the statement when it runs
    (`literal_execute`), not sent as a parameter: PostgreSQL then plans each search for its
    own key even when it keeps a statement's generic plan, which for `LIKE $1` cannot use
    the trigram index (kit/db.py)."""
    pattern = bindparam("search_like", type_=String, literal_execute=True)
    return text_column.like(pattern, escape="/")  # type: ignore[no-any-return]


def among(
    dialect: str,
    id_column: Any,
    ids: Sequence[int] | None = None,
    name: str = "among_ids",
    *,
    driving: bool = False,
) -> ColumnElement[bool]:
    """`id_column` is one of `ids`, however many: the ids travel as one parameter (an array
    on PostgreSQL, a JSON list on SQLite), so the statement stays the same, cached, and a
    long list never runs into a database's limit on parameters. Without `ids`, the statement
    can be built once and the parameter `name` given at execution as `ids_value(…)`.

    `driving`: on PostgreSQL the ids are a set the joins start from (`IN (SELECT unnest(…))`),
    each row of the other tables looked up by its key, where `= ANY` led the planner to hash
    a whole joined table (29,260 strategies, to place a thousand search hits: 14 → 7 ms)."""
    value = {} if ids is None else {"value": ids_value(dialect, ids)}
    if dialect == "sqlite":
        listed = bindparam(name, type_=String, **value)
        return id_column.in_(select(column("value")).select_from(func.json_each(listed)))  # type: ignore[no-any-return]
    array = bindparam(name, type_=ARRAY(Integer), **value)
    if driving:
        return id_column.in_(select(func.unnest(array)))  # type: ignore[no-any-return]
    return id_column == any_(array)  # type: ignore[no-any-return]


def ids_value(dialect: str, ids: Sequence[int]) -> Any:
    """The value of an `among` parameter."""
    return json.dumps(list(ids)) if dialect == "sqlite" else list(ids)
