"""The verification rounds a loaded plan calls for, and the demo panel.

The 107 plan's 陸 一 names two rounds (期中查證, 期末查證) and whom they verify (the plan's
實施對象, the enterprises of its target categories) and nothing else: no date, place,
panel or follow-up deadline. So the plain seed opens each as `planned` with those empty;
the commission fills them in. `uplift seed --demo` adds a made-up panel to try the loop.
"""

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.models import (
    Organization,
    PanelAssignment,
    PanelMember,
    PanelMemberKind,
    Plan,
    ReviewRound,
    ReviewRoundKind,
    User,
    VerificationRound,
)
from uplift.rounds.service import new_round


async def open_rounds(session: AsyncSession) -> int:
    """A planned verification round for every review round of every plan that has none of
    its kind yet, covering the plan's target enterprises (rounds.service.new_round, as POST
    /rounds opens one); how many were opened."""
    wanted = (
        await session.execute(
            select(ReviewRound.plan_id, ReviewRound.kind)
            .outerjoin(
                VerificationRound,
                (VerificationRound.plan_id == ReviewRound.plan_id)
                & (VerificationRound.kind == ReviewRound.kind),
            )
            .where(VerificationRound.id.is_(None))
            .order_by(ReviewRound.plan_id, ReviewRound.position)
        )
    ).all()
    for plan_id, kind in wanted:
        await new_round(session, plan_id, kind)
    await session.flush()
    return len(wanted)


class PanelSeat(BaseModel):
    """A demo panel member's seat (demo-accounts.yaml `panel:`): who, as what, delegated by
    which enterprise, assigned to which, on which kinds of round (all when empty)."""

    model_config = ConfigDict(extra="forbid")

    username: str
    kind: PanelMemberKind
    delegated_by: str | None = None
    assigned: list[str]
    rounds: list[ReviewRoundKind] = []


def read_panel(path: Path) -> list[PanelSeat]:
    with path.open(encoding="utf-8") as stream:
        data = yaml.safe_load(stream) or {}
    return [PanelSeat.model_validate(seat) for seat in data.get("panel", [])]


async def seat_panel(session: AsyncSession, seats: list[PanelSeat], year: int = 2018) -> int:
    """Seat panel members on the year's rounds (once); how many seats were made."""
    codes = {o.code: o.id for o in (await session.scalars(select(Organization))).all()}
    rounds = (
        await session.scalars(
            select(VerificationRound)
            .join(Plan, Plan.id == VerificationRound.plan_id)
            .where(Plan.year == year)
        )
    ).all()
    seated = 0
    for seat in seats:
        user = await session.scalar(select(User).where(User.username == seat.username))
        if user is None:
            continue
        for round_ in rounds:
            if seat.rounds and round_.kind not in seat.rounds:
                continue
            exists = await session.scalar(
                select(PanelMember.id).where(
                    PanelMember.round_id == round_.id, PanelMember.user_id == user.id
                )
            )
            if exists is not None:
                continue
            member = PanelMember(
                round_id=round_.id,
                kind=seat.kind,
                user_id=user.id,
                name=user.display_name,
                delegated_by_id=codes[seat.delegated_by] if seat.delegated_by else None,
            )
            session.add(member)
            await session.flush()
            session.add_all(
                PanelAssignment(member_id=member.id, organization_id=codes[code])
                for code in seat.assigned
            )
            seated += 1
    await session.flush()
    return seated
