"""A published plan of 2030 with two dimensions, its measures owned by an enterprise (with a
unit) and one by another enterprise; a reporter for each, and a reviewer; each as a bearer."""

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures import factories
from uplift.config import Settings
from uplift.models import (
    Dimension,
    Measure,
    MeasureOwner,
    Organization,
    Plan,
    PlanStatus,
    Role,
    Strategy,
)

YEAR = 2030
SCOPES = {
    Role.enterprise_reporter: ["progress:read", "progress:write"],
    Role.reviewer: ["progress:read", "progress:review"],
    Role.administrator: ["progress:read"],
}


@dataclass
class World:
    plan: Plan
    dimensions: list[Dimension]
    enterprise: Organization
    unit: Organization
    other: Organization
    reporter: dict[str, str]
    unit_reporter: dict[str, str]
    other_reporter: dict[str, str]
    reviewer: dict[str, str]
    admin: dict[str, str]

    def url(self, code: str | None = None, action: str = "") -> str:
        base = f"/api/v1/plans/{self.plan.id}/results-reports/{code or self.enterprise.code}"
        return f"{base}/{action}" if action else base

    @property
    def due_url(self) -> str:
        return f"/api/v1/plans/{self.plan.id}/results-due-date"

    @property
    def list_url(self) -> str:
        return f"/api/v1/plans/{self.plan.id}/results-reports"

    def body(self, *, dimensions: int | None = None) -> dict[str, object]:
        """A draft with a summary for the first `dimensions` (all by default)."""
        chosen = self.dimensions[: len(self.dimensions) if dimensions is None else dimensions]
        return {
            "summaries": [
                {
                    "dimension_key": d.key,
                    "performance": f"{d.name}：全年完成預定作法。",
                    "results": f"{d.name}：申辦時間縮短。",
                    "key_figures": [{"name": "滿意度", "value": "92.5", "unit": "%"}],
                }
                for d in chosen
            ]
        }


async def bearer(
    session: AsyncSession, role: Role, organization: Organization | None
) -> dict[str, str]:
    owner = await factories.user(
        session, role=role, organization_id=organization.id if organization else None
    )
    _, secret = await factories.token(session, owner, SCOPES[role])
    return {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}


@pytest.fixture
async def world(session: AsyncSession) -> World:
    tree = await factories.enterprise_with_units(session, units=1, sub_units=0)
    other = await factories.organization(session)
    plan = await factories.plan(
        session, owner=tree.enterprise, dimensions=2, strategies=1, measures=2, year=YEAR
    )
    dimensions = list(
        await session.scalars(
            select(Dimension).where(Dimension.plan_id == plan.id).order_by(Dimension.position)
        )
    )
    last = await session.scalar(
        select(MeasureOwner)
        .join(Measure, Measure.id == MeasureOwner.measure_id)
        .join(Strategy, Strategy.id == Measure.strategy_id)
        .where(Strategy.dimension_id == dimensions[-1].id)
        .order_by(Measure.position.desc())
        .limit(1)
    )
    assert last is not None
    last.organization_id = other.id
    plan.status = PlanStatus.published
    await session.flush()
    return World(
        plan=plan,
        dimensions=dimensions,
        enterprise=tree.enterprise,
        unit=tree.units[0],
        other=other,
        reporter=await bearer(session, Role.enterprise_reporter, tree.enterprise),
        unit_reporter=await bearer(session, Role.enterprise_reporter, tree.units[0]),
        other_reporter=await bearer(session, Role.enterprise_reporter, other),
        reviewer=await bearer(session, Role.reviewer, None),
        admin=await bearer(session, Role.administrator, None),
    )


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """A storage directory of the test's own, for the report's document."""
    return Settings(
        database_url=database_url,
        frontend_dist=tmp_path / "no-frontend",
        storage_dir=tmp_path / "storage",
    )
