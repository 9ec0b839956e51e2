"""search: indexes that answer one- and two-character terms (發票, 電費)

Revision ID: 4d8f2a6c9e13
Revises: 7c2e9a4d1b36
Create Date: 2026-11-28 02:20:00

The trigram indexes cannot look up fewer than three characters, so a short `q` read every
measure. SQLite gets a second FTS5 table per searched table whose text is the normalised text
with a space between characters (unicode61 makes each character a token, and a short term is
a phrase of its characters; punctuation and symbols are tokens too, so 「、」 or 「%」 is found),
contentless and kept in step by triggers; PostgreSQL a GIN index
on every character and pair of adjacent characters of the text (`search_grams`), which
`search_grams(search_text) @> ARRAY[term]` uses. Without GIN's pending list (fastupdate),
a write updates the index at once and no read scans the rows written since the last vacuum:
plans are written seldom and read often. `search_grams` is PARALLEL UNSAFE so that a search
runs in its own process: for a common character the planner chose two parallel workers,
whose start cost 15-25 ms of a 30 ms lookup at 500,000 measures (10 ms without them).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "4d8f2a6c9e13"
down_revision: str | None = "7c2e9a4d1b36"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (search table for short terms, the table it indexes)
SEARCHED = (("measure_search_short", "measures"), ("indicator_search_short", "indicators"))

GRAMS = """
CREATE FUNCTION search_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL UNSAFE AS $$
    SELECT coalesce(array_agg(DISTINCT gram), '{}') FROM (
        SELECT substr(t, i, 1) AS gram FROM generate_series(1, length(t)) AS i
        UNION ALL
        SELECT substr(t, i, 2) FROM generate_series(1, length(t) - 1) AS i
    ) AS grams
$$
"""


def spaced(value: str) -> str:
    """SQL for the characters of `value` with a space between each (no CTE: triggers refuse
    them; json_each over a list as long as the text counts the positions)."""
    positions = f"'[' || substr(replace(hex(zeroblob(length({value}))), '00', ',0'), 2) || ']'"
    return f"(SELECT group_concat(substr({value}, key + 1, 1), ' ') FROM json_each({positions}))"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for search, table in SEARCHED:
            _create_fts(search, table)
        return
    op.execute(GRAMS)
    for _, table in SEARCHED:
        op.execute(
            f"CREATE INDEX ix_{table}_search_text_grams ON {table} "
            "USING gin (search_grams(search_text)) WITH (fastupdate = off)"
        )


def _create_fts(search: str, table: str) -> None:
    op.execute(
        f"CREATE VIRTUAL TABLE {search} USING fts5(characters, content='', "
        "tokenize=\"unicode61 remove_diacritics 0 categories 'L* N* Co M* P* S*'\")"
    )
    insert = f"INSERT INTO {search}(rowid, characters) VALUES (new.id, {spaced('new.search_text')})"
    delete = (
        f"INSERT INTO {search}({search}, rowid, characters) "
        f"VALUES ('delete', old.id, {spaced('old.search_text')})"
    )
    op.execute(f"CREATE TRIGGER {search}_insert AFTER INSERT ON {table} BEGIN {insert}; END")
    op.execute(f"CREATE TRIGGER {search}_delete AFTER DELETE ON {table} BEGIN {delete}; END")
    op.execute(
        f"CREATE TRIGGER {search}_update AFTER UPDATE OF search_text ON {table} BEGIN "
        f"{delete}; {insert}; END"
    )
    op.execute(
        f"INSERT INTO {search}(rowid, characters) SELECT id, {spaced('search_text')} FROM {table}"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for search, _ in SEARCHED:
            for trigger in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER {search}_{trigger}")
            op.execute(f"DROP TABLE {search}")
        return
    for _, table in SEARCHED:
        op.execute(f"DROP INDEX ix_{table}_search_text_grams")
    op.execute("DROP FUNCTION search_grams(text)")
