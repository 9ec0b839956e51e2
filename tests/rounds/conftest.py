"""The 107 plan's two seeded rounds (planned, covering TAIPOWER, CPC, TAISUGAR, TAIWATER;
the demo panel seated), and helpers for guarded writes. Each test's changes roll back."""

from dataclasses import dataclass
from typing import Any

import pytest
from httpx import AsyncClient, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.models import Organization, Plan, ReviewRoundKind, RoundStatus, VerificationRound

EN = {"Accept-Language": "en"}


@dataclass
class Rounds:
    mid: VerificationRound
    year_end: VerificationRound
    codes: dict[str, int]

    def url(self, row: VerificationRound, rest: str = "") -> str:
        return f"/api/v1/rounds/{row.id}{rest}"


@pytest.fixture
async def rounds(session: AsyncSession) -> Rounds:
    rows = {
        row.kind: row
        for row in await session.scalars(
            select(VerificationRound)
            .join(Plan, Plan.id == VerificationRound.plan_id)
            .where(Plan.year == 2018)
        )
    }
    codes = {o.code: o.id for o in await session.scalars(select(Organization))}
    return Rounds(rows[ReviewRoundKind.mid_year], rows[ReviewRoundKind.year_end], codes)


async def guarded(
    http: AsyncClient, method: str, url: str, read_url: str | None = None, **body: Any
) -> Response:
    """A write with If-Match from a fresh read (of `read_url`, else of `url`)."""
    read = await http.get(read_url or url)
    assert read.status_code == 200, read.text
    return await http.request(
        method, url, json=body, headers={**EN, "If-Match": read.headers["ETag"]}
    )


def field_of(response: Response) -> str:
    assert response.headers["content-type"].startswith("application/problem+json")
    return str(response.json()["errors"][0]["field"])


async def set_status(session: AsyncSession, row: VerificationRound, status: RoundStatus) -> None:
    row.status = status
    await session.flush()
