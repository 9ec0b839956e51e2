"""If-Match compares as RFC 9110 says: `*` matches anything, a list matches any of its
tags, and a W/ prefix is compared by its opaque part (what browsers and proxies send)."""

import pytest
from pydantic import BaseModel

from uplift.kit.if_match import (
    IfMatch,
    PreconditionFailedError,
    PreconditionRequiredError,
    etag_of,
)


class Thing(BaseModel):
    name: str


CURRENT = Thing(name="甲")
TAG = etag_of(CURRENT)


@pytest.mark.parametrize("header", [TAG, "*", f'"other", {TAG}', f"W/{TAG}", f' W/{TAG} ,"x"'])
def test_a_header_naming_the_current_version_passes(header: str) -> None:
    IfMatch(header).check(CURRENT)


@pytest.mark.parametrize("header", ['"other"', "", etag_of(Thing(name="乙"))])
def test_a_header_naming_another_version_is_412(header: str) -> None:
    with pytest.raises(PreconditionFailedError):
        IfMatch(header).check(CURRENT)


def test_no_header_is_428() -> None:
    with pytest.raises(PreconditionRequiredError):
        IfMatch(None).check(CURRENT)
