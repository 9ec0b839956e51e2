"""A 2018 plan's mid-year round covering an enterprise (with a unit) and another; an issued
recommendation of each, tracked; a reporter of each, the unit's reporter, a reviewer and a
panel member assigned to the first enterprise; each as a bearer token."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures import factories, loop
from uplift.auth.subject import Subject
from uplift.config import Settings
from uplift.follow_ups.deadlines import open_follow_up
from uplift.models import FindingStatus, FollowUp, Organization, Role, VerificationRound

SCOPES = {
    Role.enterprise_reporter: [
        "findings:read",
        "responses:write",
        "progress:read",
        "progress:write",
    ],
    Role.reviewer: ["findings:read", "findings:write", "progress:read"],
    Role.administrator: ["findings:read"],
    Role.panel_member: ["findings:read", "findings:write"],
}
ISSUED_ON = date(2018, 7, 2)  # a Monday; 20 working days later is 2018-07-30
REVIEWER = Subject(kind="user", role=Role.reviewer, user_id=None, label="審查人員")


@dataclass
class World:
    round: VerificationRound
    enterprise: Organization
    unit: Organization
    other: Organization
    follow_up: FollowUp
    other_follow_up: FollowUp
    reporter: dict[str, str]
    unit_reporter: dict[str, str]
    other_reporter: dict[str, str]
    reviewer: dict[str, str]
    panel: dict[str, str]
    admin: dict[str, str]

    def url(self, action: str = "", follow_up: FollowUp | None = None) -> str:
        base = f"/api/v1/follow-ups/{(follow_up or self.follow_up).id}"
        return f"{base}/{action}" if action else base


async def bearer(session: AsyncSession, role: Role, organization_id: int | None) -> dict[str, str]:
    owner = await factories.user(session, role=role, organization_id=organization_id)
    _, secret = await factories.token(session, owner, SCOPES[role])
    return {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}


async def tracked(
    session: AsyncSession, round_: VerificationRound, enterprise: Organization, number: int = 1
) -> FollowUp:
    finding = await loop.finding(
        session,
        round_,
        enterprise,
        status=FindingStatus.issued,
        issued_on=ISSUED_ON,
        number=number,
        text_zh=f"建議事項 {number}：強化用戶意見回饋機制。",
    )
    return await open_follow_up(session, REVIEWER, finding, round_)


@pytest.fixture
async def world(session: AsyncSession) -> World:
    tree = await factories.enterprise_with_units(session, units=1, sub_units=0)
    other = await factories.organization(session)
    plan = await factories.plan(session, owner=tree.enterprise, year=2018)
    round_ = await loop.verification_round(session, plan, [tree.enterprise, other])
    panel_user = await factories.user(session, role=Role.panel_member)
    await loop.panel_member(session, round_, [tree.enterprise], user=panel_user)
    _, panel_secret = await factories.token(session, panel_user, SCOPES[Role.panel_member])
    return World(
        round=round_,
        enterprise=tree.enterprise,
        unit=tree.units[0],
        other=other,
        follow_up=await tracked(session, round_, tree.enterprise),
        other_follow_up=await tracked(session, round_, other),
        reporter=await bearer(session, Role.enterprise_reporter, tree.enterprise.id),
        unit_reporter=await bearer(session, Role.enterprise_reporter, tree.units[0].id),
        other_reporter=await bearer(session, Role.enterprise_reporter, other.id),
        reviewer=await bearer(session, Role.reviewer, None),
        panel={"Authorization": f"Bearer {panel_secret}", "Accept-Language": "en"},
        admin=await bearer(session, Role.administrator, None),
    )


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """A storage directory of the test's own, for evidence files."""
    return Settings(
        database_url=database_url,
        frontend_dist=tmp_path / "no-frontend",
        storage_dir=tmp_path / "storage",
    )
