"""Input types bounded to what both databases can store, so a value either database would
refuse (a NUL, an id past INTEGER, a year past 9999) is a 422 naming the field, alike on
SQLite and PostgreSQL, instead of a database error. Every schema and parameter uses them."""

import re
from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

# PostgreSQL's INTEGER, which every id and position column is; SQLite would take up to
# 2^63 - 1, so the smaller bound keeps the two databases answering alike.
MAX_INTEGER = 2**31 - 1


def _whole_number(value: object) -> object:
    """pydantic would read `false` as 0 and 2.0 as 2; a caller who sends them has a bug."""
    if isinstance(value, bool | float):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


WholeNumber = BeforeValidator(_whole_number)

Id = Annotated[int, Field(ge=1, le=MAX_INTEGER), WholeNumber]
"""A row id or revision number, in a path, a query or a body."""

Position = Annotated[int, Field(ge=0, le=MAX_INTEGER), WholeNumber]
"""A 0-based place among siblings."""


# PostgreSQL refuses NUL in text; SQLite would store it. A pattern rather than a validator
# function, so a field's max_length still reads "string_too_long" and the contract shows it.
WITHOUT_NUL = r"^[^\x00]*$"

Text = Annotated[str, StringConstraints(pattern=WITHOUT_NUL)]
"""Any text from a caller; give it a `max_length` that fits its column. A field with a pattern
of its own keeps `str` (the field's pattern would replace this one) and leaves NUL out."""

FIRST_TIMESTAMP = datetime(1912, 1, 1, tzinfo=UTC)  # the ROC calendar's first year
LAST_TIMESTAMP = datetime(9999, 12, 30, tzinfo=UTC)  # a day short: any offset still fits


def _within_calendar(moment: datetime) -> datetime:
    if not FIRST_TIMESTAMP <= moment <= LAST_TIMESTAMP:
        raise PydanticCustomError(
            "timestamp_out_of_range", "Must be between 1912-01-01 and 9999-12-30"
        )
    return moment


_ISO_8601 = re.compile(r"\d{4}-\d{2}-\d{2}([T ].*)?")


def _iso_8601(value: object) -> object:
    """pydantic would read `until=0.5` as a Unix time; the contract promises ISO 8601."""
    is_number = isinstance(value, int | float)
    if is_number or (isinstance(value, str) and not _ISO_8601.fullmatch(value)):
        raise PydanticCustomError(
            "timestamp_not_iso",
            "Expected an ISO 8601 date and time, e.g. 2026-11-27T08:00:00+08:00",
        )
    return value


Timestamp = Annotated[AwareDatetime, BeforeValidator(_iso_8601), AfterValidator(_within_calendar)]
"""An ISO 8601 timestamp with its offset, from 1912 to 9999."""
