"""What is wrong with an imported plan file, and where; the checks JSON and workbook share.

A problem names a sheet cell or a JSON path. `validated` runs the schema and the rules it
cannot say (a key or code used twice) and raises PlanImportError with every problem found.
"""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import column_index_from_string
from pydantic import ValidationError

from uplift.kit.errors import ProblemFieldError, UpliftError
from uplift.kit.i18n import Language
from uplift.plans.document import PlanRecord

Path = tuple[str | int, ...]  # a place in the record: ("dimensions", 0, "code")
Place = tuple[str, int | None, str | None]  # a place in the workbook: sheet, row, column


# ── Problems ────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with an imported file, and where: a sheet cell or a JSON path."""

    sheet: str | None  # None for JSON
    row: int | None  # 1-based Excel row
    column: str | None  # Excel column letter, or the JSON path
    message: str
    message_zh: str
    kind: str = "import"  # or the limit it goes beyond: max_rows, max_depth…

    @property
    def field(self) -> str:
        """`具體推動作法!F7` for a cell, the dotted path for JSON."""
        if self.sheet is None:
            return self.column or ""
        if self.row is None:
            return f"{self.sheet}!{self.column}:{self.column}" if self.column else self.sheet
        if self.column is None:
            return f"{self.sheet}!{self.row}:{self.row}"  # a whole row, e.g. the header
        return f"{self.sheet}!{self.column}{self.row}"


class PlanImportError(UpliftError):
    """The file cannot be imported; `problems` lists every reason."""

    status = 422
    slug = "validation"

    def __init__(self, problems: list[ImportProblem]) -> None:
        fields = [p.field for p in problems[:10]] + (["…"] if len(problems) > 10 else [])
        super().__init__(
            f"The plan cannot be imported: {len(problems)} problem(s) at {', '.join(fields)}",
            f"計畫無法匯入：共 {len(problems)} 個問題，位置：{'、'.join(fields)}",
        )
        self.problems = problems

    def field_errors(self, language: Language) -> list[ProblemFieldError]:
        return [
            ProblemFieldError(
                field=problem.field,
                location="body",
                type=problem.kind,
                message=problem.message_zh if language == "zh-TW" else problem.message,
            )
            for problem in self.problems
        ]


class ImportLimitError(PlanImportError):
    """The file goes beyond what an import may cost; it is refused before it is read further."""

    status = 413
    slug = "content-too-large"

    def __init__(self, problem: ImportProblem) -> None:
        super().__init__([problem])
        self.messages = {"en": problem.message, "zh-TW": problem.message_zh}  # names the limit


class NestingLimitError(ImportLimitError):
    """A JSON document nested deeper than any plan is: malformed rather than large."""

    status = 422
    slug = "validation"


@dataclass(frozen=True)
class SourceMap:
    """Where each part of an imported record came from, to point problems at it.

    `cells` maps a record path (`dimensions.0.strategies.1.measures.3.text`) to a sheet cell;
    without cells (a JSON import) a problem names the path itself.
    """

    cells: dict[Path, Place] | None = None
    default_sheet: str | None = None

    def problem(self, path: Path, message: str, message_zh: str) -> ImportProblem:
        if self.cells is None:
            return ImportProblem(None, None, _dotted(path) or None, message, message_zh)
        for end in range(len(path), -1, -1):
            place = self.cells.get(path[:end])
            if place is not None:
                return ImportProblem(*place, message, message_zh)
        return ImportProblem(self.default_sheet, None, None, message, message_zh)


JSON_SOURCE = SourceMap()


def _dotted(path: Path) -> str:
    return ".".join(str(part) for part in path)


# ── Validation ────────────────────────────────────────────────────────────────────────────


def validated(
    document: Any,
    source: SourceMap,
    problems: list[ImportProblem],
    sheet_order: Sequence[str] = (),
) -> PlanRecord:
    """Validate with the schema and the rules it cannot say; raise with all problems found.

    `sheet_order` is the workbook's sheets in order, to list a workbook's problems as they sit.
    """
    problems = problems + [found.problem(source) for found in _duplicates(document)]
    try:
        record = PlanRecord.model_validate(document)
    except ValidationError as invalid:
        problems += [source.problem(*_explained(error)) for error in invalid.errors()]
        record = None
    if problems or record is None:
        raise PlanImportError(_in_reading_order(_unique(problems), sheet_order))
    return record


_VALIDATION_ZH = {
    "missing": "此欄位為必填",
    "int_parsing": "必須是整數",
    "int_from_float": "必須是整數",
    "int_type": "必須是整數",
    "decimal_parsing": "必須是數字",
    "decimal_type": "必須是數字",
    "greater_than_equal": "必須大於或等於 {ge}",
    "less_than_equal": "必須小於或等於 {le}",
    "string_too_short": "長度至少 {min_length} 個字元",
    "string_too_long": "長度最多 {max_length} 個字元",
    "too_short": "至少要有 {min_length} 項",
    "enum": "必須是下列之一：{expected}",
    "date_parsing": "日期格式錯誤",
    "date_from_datetime_parsing": "日期格式錯誤",
    "date_type": "日期格式錯誤",
    "string_type": "必須是文字",
    "list_type": "必須是清單",
    "model_type": "必須是物件",
    "dict_type": "必須是物件",
    "extra_forbidden": "不允許此欄位",
    "decimal_max_digits": "數字最多 {max_digits} 位",
    "decimal_max_places": "小數最多 {decimal_places} 位",
    "decimal_whole_digits": "整數部分最多 {whole_digits} 位",
    "finite_number": "必須是有限的數字",
    "date_out_of_range": "日期須介於 1912-01-01（民國元年）與 9999-12-31 之間",
}


def _explained(error: Any) -> tuple[Path, str, str]:
    context = error.get("ctx") or {}
    zh = _VALIDATION_ZH.get(error["type"])
    message_zh = zh.format(**context) if zh else f"內容有誤（{error['msg']}）"
    return tuple(error["loc"]), str(error["msg"]), message_zh


def _unique(problems: list[ImportProblem]) -> list[ImportProblem]:
    return list(dict.fromkeys(problems))


def _in_reading_order(
    problems: list[ImportProblem], sheet_order: Sequence[str]
) -> list[ImportProblem]:
    """Sheet by sheet, row by row, left to right; JSON problems keep the schema's order."""
    order = list(sheet_order)

    def position(p: ImportProblem) -> tuple[int, int, int]:
        if p.sheet is None:
            return (0, 0, 0)
        sheet = order.index(p.sheet) if p.sheet in order else len(order)
        return (sheet, p.row or 0, column_index_from_string(p.column) if p.column else 0)

    return sorted(problems, key=position)


@dataclass(frozen=True)
class _Duplicate:
    path: Path
    first: Path
    value: Any
    what: tuple[str, str]  # English, zh-TW

    def problem(self, source: SourceMap) -> ImportProblem:
        at = source.problem(self.first, "", "").field
        en, zh = self.what
        if at == source.problem(self.path, "", "").field:  # twice in one cell: owners
            return source.problem(
                self.path, f"The {en} {self.value} is listed twice", f"{zh}「{self.value}」重複"
            )
        return source.problem(
            self.path,
            f"The {en} {self.value} is used twice; first at {at}",
            f"{zh}「{self.value}」重複，第一次出現於 {at}",
        )


_CATEGORY_CODE = ("category code", "類別代碼")
_MEMBER = ("member organisation", "實施對象機關")
_SECTION_KEY = ("section key", "章節代碼")
_ROUND_KIND = ("review round kind", "查證類別")
_DIMENSION_KEY = ("dimension key", "面向識別碼")
_STRATEGY_KEY = ("strategy key", "策略識別碼")
_OWNER = ("owner", "主辦機關")
_MEASURE_KEY = ("measure key", "作法識別碼")
_INDICATOR_KEY = ("indicator key", "指標識別碼")


def _duplicates(document: Any) -> Iterator[_Duplicate]:
    """What the database would refuse: a key, code or organisation used twice where it is one."""
    if not isinstance(document, dict):
        return
    # (what, where it must be unique) -> the values in document order
    groups: dict[tuple[tuple[str, str], Path], list[tuple[Path, Any]]] = defaultdict(list)
    for path, item in _items(document, "target_categories"):
        groups[_CATEGORY_CODE, ()].append(((*path, "code"), item.get("code")))
        for m_path, member in _items(item, "members", path):
            groups[_MEMBER, path].append(((*m_path, "organization"), member.get("organization")))
    for path, item in _items(document, "sections"):
        groups[_SECTION_KEY, ()].append(((*path, "key"), item.get("key")))
    for path, item in _items(document, "review_rounds"):
        groups[_ROUND_KIND, ()].append(((*path, "kind"), item.get("kind")))
    for d_path, dimension in _items(document, "dimensions"):
        groups[_DIMENSION_KEY, ()].append(((*d_path, "key"), dimension.get("key")))
        for s_path, strategy in _items(dimension, "strategies", d_path):
            groups[_STRATEGY_KEY, ()].append(((*s_path, "key"), strategy.get("key")))
            for m_path, measure in _items(strategy, "measures", s_path):
                owners = measure.get("owners")
                for i, owner in enumerate(owners if isinstance(owners, list) else []):
                    groups[_OWNER, m_path].append(((*m_path, "owners", i), owner))
                for path, item in [(m_path, measure), *_items(measure, "sub_items", m_path)]:
                    groups[_MEASURE_KEY, ()].append(((*path, "key"), item.get("key")))
                    for i_path, indicator in _items(item, "indicators", path):
                        groups[_INDICATOR_KEY, ()].append(((*i_path, "key"), indicator.get("key")))
    for (what, _), values in groups.items():
        first: dict[Any, Path] = {}
        for path, value in values:
            if not isinstance(value, str | int):
                continue
            if value in first:
                yield _Duplicate(path, first[value], value, what)
            else:
                first[value] = path


def _items(
    parent: dict[str, Any], name: str, at: Path = ()
) -> Iterator[tuple[Path, dict[str, Any]]]:
    children = parent.get(name)
    if isinstance(children, list):
        for i, child in enumerate(children):
            if isinstance(child, dict):
                yield (*at, name, i), child
