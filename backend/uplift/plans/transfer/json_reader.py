"""A JSON document from an untrusted import, read within the import's limits.

Python's json recurses once per level of nesting (RecursionError deep down) and converts
every number it meets (ValueError past 4,300 digits, quadratic time below that). So the
text is measured before it is parsed, and numbers are judged by their length before any
conversion; every refusal is a 413 or 422 that names the limit.
"""

import json
import re
from array import array
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import Any

from uplift.plans.transfer.limits import MAX_NUMBER_LENGTH, ImportLimits, long_number, too_large
from uplift.plans.transfer.problems import (
    JSON_SOURCE,
    ImportProblem,
    NestingLimitError,
    Path,
    PlanImportError,
)

# A string, also one left open at the end, so that matching it never backtracks.
_STRING = re.compile(r'"(?:[^"\\]|\\.|\\\Z)*+(?:"|\Z)', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_LEVELS = str.maketrans({"[": "\x01", "{": "\x01", "]": "\xff", "}": "\xff"})  # +1 / -1


@dataclass(frozen=True)
class _LongNumber:
    """Stands in for a number too long to convert, so its path can be reported."""

    length: int


def read_json(data: bytes, limits: ImportLimits) -> Any:
    """The document in `data`; raise PlanImportError (or a limit's error) instead."""
    text = _decoded(data)
    skeleton = _STRING.sub('""', text)  # brackets and commas inside strings are text
    _check_size_and_depth(skeleton, limits)
    try:
        document = json.loads(text, parse_int=_int, parse_float=_float)
    except json.JSONDecodeError as error:
        raise _not_json(f" ({error})") from None
    except RecursionError:  # the depth check above should have stopped it; never a 500
        raise _too_deep(limits) from None
    problems = [_long_number_problem(path, n) for path, n in _long_numbers(document)]
    if problems:
        raise PlanImportError(problems)
    return document


def _decoded(data: bytes) -> str:
    try:
        return data.decode(json.detect_encoding(data), "surrogatepass")
    except UnicodeDecodeError:
        raise _not_json("") from None


def _not_json(reason: str) -> PlanImportError:
    return PlanImportError(
        [
            ImportProblem(
                None, None, None, f"The file is not a JSON document{reason}", "檔案不是 JSON 文件"
            )
        ]
    )


def _check_size_and_depth(skeleton: str, limits: ImportLimits) -> None:
    """Count values and nesting from the text without strings, at the speed of C loops."""
    values = skeleton.count(",") + skeleton.count("[") + skeleton.count("{") + 1
    if values > limits.max_cells:
        raise too_large(
            "max_cells",
            f"The document has more than the import limit of {limits.max_cells:,} values",
            f"文件的值超過匯入上限 {limits.max_cells:,} 個",
        )
    levels = _NOT_BRACKET.sub("", skeleton).translate(_LEVELS).encode("latin-1")
    if max(accumulate(array("b", levels)), default=0) > limits.max_depth:
        raise _too_deep(limits)


def _too_deep(limits: ImportLimits) -> NestingLimitError:
    return NestingLimitError(
        ImportProblem(
            None,
            None,
            None,
            f"The document is nested deeper than the import limit of {limits.max_depth} levels "
            "(a plan needs 11)",
            f"文件巢狀層數超過匯入上限 {limits.max_depth} 層（計畫只需 11 層）",
            kind="max_depth",
        )
    )


def _int(text: str) -> int | _LongNumber:
    return int(text) if len(text) <= MAX_NUMBER_LENGTH else _LongNumber(len(text))


def _float(text: str) -> float | _LongNumber:
    return float(text) if len(text) <= MAX_NUMBER_LENGTH else _LongNumber(len(text))


def _long_numbers(document: Any) -> list[tuple[Path, int]]:
    """Where the stand-ins sit, in document order."""
    found: list[tuple[Path, int]] = []
    stack: list[tuple[Path, Any]] = [((), document)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, _LongNumber):
            found.append((path, value.length))
        elif isinstance(value, dict):
            stack += [((*path, k), v) for k, v in reversed(value.items())]
        elif isinstance(value, list):
            stack += [((*path, i), v) for i, v in reversed(list(enumerate(value)))]
    return found


def _long_number_problem(path: Path, length: int) -> ImportProblem:
    return replace(JSON_SOURCE.problem(path, *long_number(length)), kind="max_number_length")
