"""不予評分: the plan says findings are never scored. No column, no API schema property or
parameter, and no string of the web app (zh-TW or English) is a score, grade, rank, rating
or points (評分, 分數, 等第, 排名); the plan's own phrase 不予評分 may be quoted."""

import json
import re
from pathlib import Path

import uplift.models  # noqa: F401  (every table registered on Base.metadata)
from uplift.kit.db import Base

ROOT = Path(__file__).resolve().parents[2]
WORDS = {
    "score", "scores", "scoring", "scored", "grade", "grades", "grading", "graded", "rank",
    "ranks", "ranking", "ranked", "rating", "ratings", "points",
}  # fmt: skip
CHINESE = re.compile("評分|分數|等第|排名")
QUOTED = "不予評分"  # the plan's own phrase: findings are NOT scored


def _words(name: str) -> set[str]:
    """The words of an identifier or a text: snake_case, kebab-case and camelCase split."""
    parts = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", name)
    return {part.lower() for part in parts}


def _scored(text: str) -> list[str]:
    found = sorted(_words(text) & WORDS)
    found += CHINESE.findall(text.replace(QUOTED, ""))
    return found


def test_the_words_are_found_where_they_would_be() -> None:
    assert _scored("finding_score") == ["score"]
    assert _scored("gradeLabel: '等第'") == ["grade", "等第"]
    assert _scored("upgrade endpoints generating frank") == []
    assert _scored("查證結果不予評分") == []


def test_no_column_or_table_is_a_score() -> None:
    found = {
        f"{table.name}.{column.name}": _scored(f"{table.name} {column.name}")
        for table in Base.metadata.tables.values()
        for column in table.columns
    }
    assert {name: words for name, words in found.items() if words} == {}


def test_no_api_schema_property_or_parameter_is_a_score() -> None:
    document = json.loads((ROOT / "openapi" / "openapi.json").read_text(encoding="utf-8"))
    names: set[str] = set()
    for name, schema in document["components"]["schemas"].items():
        names.add(name)
        names.update(schema.get("properties", {}))
        names.update(str(value) for value in schema.get("enum", []))
    for path, operations in document["paths"].items():
        names.add(path)
        for operation in operations.values():
            if isinstance(operation, dict):
                names.update(p["name"] for p in operation.get("parameters", []))
    assert {name: _scored(name) for name in names if _scored(name)} == {}


def test_no_string_of_the_web_app_is_a_score() -> None:
    found = {}
    for path in sorted((ROOT / "frontend" / "src" / "i18n").glob("*.ts")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if words := _scored(line):
                found[f"{path.name}:{number}"] = words
    assert found == {}
