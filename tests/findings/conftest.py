"""A published plan of 2018 whose measures an enterprise (with a unit) owns, one measure
another enterprise's; a year-end round covering both; a panel member assigned to the first
only, a reviewer, the enterprises' reporters (and a token without findings:read), each as a
bearer."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures import factories, loop
from uplift.kit.clock import taipei_today
from uplift.models import (
    Dimension,
    Measure,
    MeasureOwner,
    Organization,
    Plan,
    PlanStatus,
    ReviewRoundKind,
    Role,
    RoundStatus,
    Strategy,
    User,
    VerificationRound,
)

YEAR = 2018
TODAY = date(2018, 12, 28)  # a Friday, a working day
SCOPES = {
    Role.enterprise_reporter: ["findings:read", "responses:write"],
    Role.reviewer: ["findings:read", "findings:write"],
    Role.panel_member: ["findings:read", "findings:write"],
    Role.administrator: ["findings:read"],
}


@dataclass
class World:
    plan: Plan
    round: VerificationRound
    enterprise: Organization
    unit: Organization
    other: Organization
    measures: list[str]  # keys of the enterprise's measures
    other_measure: str  # a key of the other enterprise's
    panel_user: User
    panel: dict[str, str]
    reviewer: dict[str, str]
    reporter: dict[str, str]
    unit_reporter: dict[str, str]
    other_reporter: dict[str, str]
    reporter_without_scope: dict[str, str]

    def body(self, **changes: Any) -> dict[str, Any]:
        return {
            "round_id": self.round.id,
            "organization": self.enterprise.code,
            "kind": "recommendation",
            "text_zh": "建議強化用戶意見回饋機制。",
            "measures": [self.measures[0]],
            **changes,
        }


async def bearer(
    session: AsyncSession,
    role: Role,
    organization: Organization | None,
    *,
    user: User | None = None,
    scopes: list[str] | None = None,
) -> dict[str, str]:
    owner = user or await factories.user(
        session, role=role, organization_id=organization.id if organization else None
    )
    _, secret = await factories.token(session, owner, scopes or SCOPES[role])
    return {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}


@pytest.fixture(autouse=True)
def on_today(app: FastAPI) -> None:
    app.dependency_overrides[taipei_today] = lambda: TODAY


@pytest.fixture
async def world(session: AsyncSession) -> World:
    tree = await factories.enterprise_with_units(session, units=1, sub_units=0)
    other = await factories.organization(session)
    plan = await factories.plan(
        session, owner=tree.enterprise, dimensions=1, strategies=1, measures=3, year=YEAR
    )
    plan.status = PlanStatus.published
    rows = list(
        await session.scalars(
            select(Measure)
            .join(Strategy, Strategy.id == Measure.strategy_id)
            .join(Dimension, Dimension.id == Strategy.dimension_id)
            .where(Dimension.plan_id == plan.id)
            .order_by(Measure.position)
        )
    )
    owner = await session.scalar(select(MeasureOwner).where(MeasureOwner.measure_id == rows[-1].id))
    assert owner is not None
    owner.organization_id = other.id
    round_ = await loop.verification_round(
        session,
        plan,
        [tree.enterprise, other],
        kind=ReviewRoundKind.year_end,
        status=RoundStatus.drafting,
        follow_up_working_days=10,
    )
    _, panel_user = await loop.panel_member(session, round_, [tree.enterprise])
    await session.flush()
    return World(
        plan=plan,
        round=round_,
        enterprise=tree.enterprise,
        unit=tree.units[0],
        other=other,
        measures=[m.key for m in rows[:-1]],
        other_measure=rows[-1].key,
        panel_user=panel_user,
        panel=await bearer(session, Role.panel_member, None, user=panel_user),
        reviewer=await bearer(session, Role.reviewer, None),
        reporter=await bearer(session, Role.enterprise_reporter, tree.enterprise),
        unit_reporter=await bearer(session, Role.enterprise_reporter, tree.units[0]),
        other_reporter=await bearer(session, Role.enterprise_reporter, other),
        reporter_without_scope=await bearer(
            session, Role.enterprise_reporter, tree.enterprise, scopes=["responses:write"]
        ),
    )


def guarded(headers: dict[str, str], read: Response) -> dict[str, str]:
    return {**headers, "If-Match": read.headers["ETag"]}


async def act(
    client: AsyncClient,
    finding_id: int,
    action: str,
    headers: dict[str, str],
    body: dict[str, Any] | None = None,
) -> Response:
    """POST /findings/{id}/{action} with the ETag of a fresh read."""
    read = await client.get(f"/api/v1/findings/{finding_id}", headers=headers)
    assert read.status_code == 200, read.text
    return await client.post(
        f"/api/v1/findings/{finding_id}/{action}", json=body or {}, headers=guarded(headers, read)
    )


async def drafted(client: AsyncClient, world: World, **changes: Any) -> dict[str, Any]:
    body = world.body(**changes)
    response = await client.post("/api/v1/findings", json=body, headers=world.panel)
    assert response.status_code == 201, response.text
    return dict(response.json())


LETTER = {"issued_on": "107年12月20日", "issue_number": "經國字第10700012340號"}


async def issued(client: AsyncClient, world: World, **changes: Any) -> dict[str, Any]:
    """A finding drafted by the panel member, approved and issued by the reviewer."""
    finding = await drafted(client, world, **changes)
    approved = await act(client, finding["id"], "approve", world.reviewer)
    assert approved.status_code == 200, approved.text
    response = await act(client, finding["id"], "issue", world.reviewer, LETTER)
    assert response.status_code == 200, response.text
    return dict(response.json())
