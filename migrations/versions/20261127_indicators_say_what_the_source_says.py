"""indicators say only what the source says: unspecified frequency, exactly, increase over a
baseline, completion; inferred values with their reason; untitled sections; the plan's
核心精神 are its objectives' core values

Revision ID: 4c8d2e6f1b37
Revises: 9e4b2c7d1a05
Create Date: 2026-11-27 14:00:00

Comparison and frequency are VARCHAR(32) without a CHECK constraint (kit.db.str_enum), so the
new values need no change of type on either database. The columns are added; the CHECK that
an inferred value gives its reason needs a table rebuild on SQLite, which drops the FTS
triggers on `indicators`; they are made again afterwards.

The 107 plan as loaded by `uplift seed` (which skips a plan that is there) is corrected in
place: each indicator only where it still holds exactly what the old seed wrote, so nothing a
person edited since is touched. Revision snapshots keep the values they were adopted with.

`plans.principles` becomes `core_values` (貳 計畫目標's 核心精神; the source has no 推動原則),
renamed in place (ALTER TABLE … RENAME COLUMN, on both databases, so SQLite does not copy a
table others refer to). The documents kept as JSON follow: each revision's snapshot and the view
an open amendment keeps (whose tree's indicators gain the new fields); the cached reads
(plan_snapshots) are dropped and every plan gets a new content version, so nothing is served
from before.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import uuid4

import sqlalchemy as sa
from alembic import op

revision: str = "4c8d2e6f1b37"
down_revision: str | None = "9e4b2c7d1a05"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH = "indicator_search"

# source_phrase as seeded -> (old values, new values); values: unit, target, comparison,
# frequency, due_date, and for the new ones the extra columns.
_OLD = ("unit", "target", "comparison", "frequency", "due_date")
_UNSPECIFIED_REPORT = ("report_only", "half_yearly")
CORRECTIONS: tuple[tuple[str, tuple[object, ...], dict[str, object]], ...] = (
    (
        "確保於處理時限內完成",
        ("%", None, *_UNSPECIFIED_REPORT, None),
        {"target": 100, "comparison": "completion", "frequency": "unspecified"},
    ),
    (
        "處理時限內完成之案件比率",
        ("%", None, *_UNSPECIFIED_REPORT, None),
        {
            "target": 100,
            "comparison": "completion",
            "frequency": "unspecified",
            "source_phrase": "確保於處理時限內完成，並提供申辦案件於處理時限內完成之案件比率",
        },
    ),
    (
        "各區營業處網站通過無障礙檢測，並取得認證標章",
        (None, None, "by_date", "once", date(2018, 12, 31)),
        {
            "unit": "%",
            "target": 100,
            "comparison": "completion",
            "frequency": "unspecified",
            "due_date": None,
        },
    ),
    (
        "提升用戶對於線上服務的認知與使用率",
        ("%", None, *_UNSPECIFIED_REPORT, None),
        {"comparison": "increase_over_baseline", "frequency": "unspecified"},
    ),
    (
        "得以受理數量、縮短民眾往返辦理時間呈現績效",
        ("件", None, *_UNSPECIFIED_REPORT, None),
        {
            "frequency": "unspecified",
            "inferred": True,
            "inferred_reason": "原文「受理數量」未寫單位；以「件」計為轉錄時推定。",
        },
    ),
    (
        "提高各單位使用跨機關(單位)電子認證(含網路 e櫃台使用憑證申辦業務)之使用比例",
        ("%", None, *_UNSPECIFIED_REPORT, None),
        {"comparison": "increase_over_baseline", "frequency": "unspecified"},
    ),
    (
        "於每半年提出工作簡化執行情形",
        ("份", 1, "at_least", "half_yearly", None),
        {
            "inferred": True,
            "inferred_reason": "原文「於每半年提出工作簡化執行情形」未寫份數；"
            "每半年至少提出1份為轉錄時推定。",
        },
    ),
    (
        "提出其提案情形及採行率",
        ("%", None, *_UNSPECIFIED_REPORT, None),
        {"frequency": "unspecified"},
    ),
    (
        "每年辦理 1次「直銷客戶滿意度調查」",
        ("次", 1, "at_least", "yearly", None),
        {"comparison": "exactly"},
    ),
    (
        "每年自行辦理顧客滿意度問卷調查",
        ("次", 1, "at_least", "yearly", None),
        {
            "inferred": True,
            "inferred_reason": "原文「每年自行辦理顧客滿意度問卷調查」未寫次數；"
            "每年至少1次為轉錄時推定。",
        },
    ),
    ("提供辦理次數及成果", ("次", None, *_UNSPECIFIED_REPORT, None), {"frequency": "unspecified"}),
    ("提供訪查戶數及成果", ("戶", None, *_UNSPECIFIED_REPORT, None), {"frequency": "unspecified"}),
    (
        "於標準期限內處理完成",
        ("%", None, *_UNSPECIFIED_REPORT, None),
        {
            "target": 100,
            "comparison": "completion",
            "frequency": "unspecified",
            "source_phrase": "用戶陳情申訴案件於標準期限內處理完成",
        },
    ),
    (
        "要求於期限內處理完成",
        ("%", None, *_UNSPECIFIED_REPORT, None),
        {"target": 100, "comparison": "completion", "frequency": "unspecified"},
    ),
    (
        "在 72小時內將處理結果以電話、傳真或書面等方式，迅速回復當事人",
        ("小時", 72, "at_most", "per_case", None),
        {
            "source_phrase": "處理民眾客訴案件，由專人登錄列管，隨時掌控處理進度，並在 72小時內"
            "將處理結果以電話、傳真或書面等方式，迅速回復當事人"
        },
    ),
    (
        "受理數據",
        ("件", None, *_UNSPECIFIED_REPORT, None),
        {
            "frequency": "unspecified",
            "inferred": True,
            "inferred_reason": "原文「受理數據」未寫單位；陳情案件以「件」計為轉錄時推定。",
        },
    ),
    ("滿意度成長率", ("%", None, *_UNSPECIFIED_REPORT, None), {"frequency": "unspecified"}),
    ("調查表回收率", ("%", None, *_UNSPECIFIED_REPORT, None), {"frequency": "unspecified"}),
)

indicators = sa.table(
    "indicators",
    sa.column("id", sa.Integer),
    sa.column("measure_id", sa.Integer),
    sa.column("unit", sa.String),
    sa.column("target", sa.Numeric(14, 4)),
    sa.column("comparison", sa.String),
    sa.column("frequency", sa.String),
    sa.column("due_date", sa.Date),
    sa.column("source_phrase", sa.Text),
    sa.column("inferred", sa.Boolean),
    sa.column("inferred_reason", sa.Text),
)
measures = sa.table(
    "measures",
    sa.column("id", sa.Integer),
    sa.column("strategy_id", sa.Integer),
    sa.column("parent_id", sa.Integer),
)
strategies = sa.table("strategies", sa.column("id", sa.Integer), sa.column("dimension_id"))
dimensions = sa.table("dimensions", sa.column("id", sa.Integer), sa.column("plan_id"))
plans = sa.table(
    "plans",
    sa.column("id", sa.Integer),
    sa.column("year", sa.Integer),
    sa.column("issuer_id", sa.Integer),
    sa.column("content_version", sa.String),
)
organizations = sa.table("organizations", sa.column("id", sa.Integer), sa.column("code"))
revisions = sa.table(
    "plan_revisions",
    sa.column("id", sa.Integer),
    sa.column("snapshot", sa.JSON),
    sa.column("adopted_view", sa.JSON),
)
sections = sa.table(
    "plan_sections",
    sa.column("plan_id", sa.Integer),
    sa.column("key", sa.String),
    sa.column("heading", sa.String),
    sa.column("title", sa.String),
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:  # the rebuild below drops them with the old table
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER {SEARCH}_{trigger}")
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("baseline", sa.Numeric(precision=14, scale=4)))
        batch_op.add_column(
            sa.Column("inferred", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("inferred_reason", sa.Text(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_indicators_inferred_has_reason"),
            "inferred = false OR length(trim(coalesce(inferred_reason, ''))) > 0",
        )
    if sqlite:
        _create_triggers()
    with op.batch_alter_table("plan_sections", schema=None) as batch_op:
        batch_op.alter_column("title", existing_type=sa.String(length=200), nullable=True)
    op.execute("ALTER TABLE plans RENAME COLUMN principles TO core_values")
    _rewrite_kept_documents("principles", "core_values")
    _correct_107()
    _forget_cached_reads()


def _renamed(document: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    return {new if name == old else name: value for name, value in document.items()}


def _with_indicator_fields(node: Any) -> Any:
    """A kept tree with every indicator carrying the fields this revision adds."""
    if isinstance(node, list):
        return [_with_indicator_fields(item) for item in node]
    if not isinstance(node, dict):
        return node
    done = {name: _with_indicator_fields(value) for name, value in node.items()}
    for indicator in done.get("indicators", []):
        indicator.setdefault("baseline", None)
        indicator.setdefault("inferred", False)
        indicator.setdefault("inferred_reason", None)
    return done


def _rewrite_kept_documents(old: str, new: str) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(revisions.c.id, revisions.c.snapshot, revisions.c.adopted_view))
    for row_id, snapshot, view in rows.all():
        values: dict[str, Any] = {}
        if snapshot is not None:
            values["snapshot"] = _renamed(snapshot, old, new)
        if view is not None:
            values["adopted_view"] = {
                **view,
                "plan": _renamed(view["plan"], old, new),
                "tree": _with_indicator_fields(view["tree"]),
            }
        if values:
            bind.execute(revisions.update().where(revisions.c.id == row_id).values(**values))


def _forget_cached_reads() -> None:
    bind = op.get_bind()
    bind.execute(sa.text("DELETE FROM plan_snapshots"))
    for (plan_id,) in bind.execute(sa.select(plans.c.id)).all():
        bind.execute(
            plans.update().where(plans.c.id == plan_id).values(content_version=uuid4().hex)
        )


def _create_triggers() -> None:
    op.execute(
        f"CREATE TRIGGER {SEARCH}_insert AFTER INSERT ON indicators BEGIN "
        f"INSERT INTO {SEARCH}(rowid, search_text) VALUES (new.id, new.search_text); END"
    )
    op.execute(
        f"CREATE TRIGGER {SEARCH}_delete AFTER DELETE ON indicators BEGIN "
        f"INSERT INTO {SEARCH}({SEARCH}, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); END"
    )
    op.execute(
        f"CREATE TRIGGER {SEARCH}_update AFTER UPDATE OF search_text ON indicators BEGIN "
        f"INSERT INTO {SEARCH}({SEARCH}, rowid, search_text) "
        "VALUES ('delete', old.id, old.search_text); "
        f"INSERT INTO {SEARCH}(rowid, search_text) VALUES (new.id, new.search_text); END"
    )
    op.execute(f"INSERT INTO {SEARCH}({SEARCH}) VALUES ('rebuild')")


def _correct_107() -> None:
    bind = op.get_bind()
    plan_id = bind.scalar(
        sa.select(plans.c.id)
        .join(organizations, organizations.c.id == plans.c.issuer_id)
        .where(organizations.c.code == "MOEACA", plans.c.year == 2018)
    )
    if plan_id is None:
        return
    strategy_ids = (
        sa.select(strategies.c.id)
        .join(dimensions, dimensions.c.id == strategies.c.dimension_id)
        .where(dimensions.c.plan_id == plan_id)
    )
    top = sa.select(measures.c.id).where(measures.c.strategy_id.in_(strategy_ids))
    measure_ids = sa.select(measures.c.id).where(
        sa.or_(measures.c.id.in_(top), measures.c.parent_id.in_(top))
    )
    for phrase, old, new in CORRECTIONS:
        unchanged = [
            indicators.c[name].is_(None) if value is None else indicators.c[name] == value
            for name, value in zip(_OLD, old, strict=True)
        ]
        bind.execute(
            indicators.update()
            .where(
                indicators.c.measure_id.in_(measure_ids),
                indicators.c.source_phrase == phrase,
                *unchanged,
            )
            .values(**new)
        )
    bind.execute(
        sections.update()
        .where(
            sections.c.plan_id == plan_id,
            sections.c.key == "amendment",
            sections.c.heading == "捌",
            sections.c.title == "補充規定",
        )
        .values(title=None)
    )


def downgrade() -> None:
    bind = op.get_bind()
    _rewrite_kept_documents("core_values", "principles")
    op.execute("ALTER TABLE plans RENAME COLUMN core_values TO principles")
    _forget_cached_reads()
    bind.execute(sections.update().where(sections.c.title.is_(None)).values(title=""))
    # the values the old enums do not know become the nearest they did
    bind.execute(
        indicators.update()
        .where(indicators.c.frequency == "unspecified")
        .values(frequency="half_yearly")
    )
    bind.execute(
        indicators.update()
        .where(indicators.c.comparison == "exactly")
        .values(comparison="at_least")
    )
    bind.execute(
        indicators.update()
        .where(indicators.c.comparison.in_(("increase_over_baseline", "completion")))
        .values(comparison="report_only")
    )
    with op.batch_alter_table("plan_sections", schema=None) as batch_op:
        batch_op.alter_column("title", existing_type=sa.String(length=200), nullable=False)
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER {SEARCH}_{trigger}")
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_indicators_inferred_has_reason"), type_="check")
        batch_op.drop_column("inferred_reason")
        batch_op.drop_column("inferred")
        batch_op.drop_column("baseline")
    if sqlite:
        _create_triggers()
