"""An imported plan's organisation codes checked against the database, each problem placed
where the person can find it: a JSON path, or the workbook cell the code came from."""

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.models import Organization
from uplift.plans.document import MeasureRecord, PlanRecord
from uplift.plans.transfer.problems import JSON_SOURCE, ImportProblem, Path, SourceMap


async def check_references(
    session: AsyncSession, record: PlanRecord, source: SourceMap = JSON_SOURCE
) -> list[ImportProblem]:
    """Organisation codes (issuer, members, owners) that are not in the database."""
    uses: list[tuple[Path, str]] = [(("issuer",), record.issuer)]
    for c, category in enumerate(record.target_categories):
        for m, member in enumerate(category.members):
            uses.append(
                (("target_categories", c, "members", m, "organization"), member.organization)
            )
    for d, s, m, measure in _measures(record):
        for o, owner in enumerate(measure.owners):
            uses.append((("dimensions", d, "strategies", s, "measures", m, "owners", o), owner))
    known = set(
        await session.scalars(
            select(Organization.code).where(Organization.code.in_({code for _, code in uses}))
        )
    )
    return [
        source.problem(
            path, f"There is no organisation with the code {code}", f"沒有代碼為「{code}」的機關"
        )
        for path, code in uses
        if code not in known
    ]


def _measures(record: PlanRecord) -> Iterable[tuple[int, int, int, MeasureRecord]]:
    for d, dimension in enumerate(record.dimensions):
        for s, strategy in enumerate(dimension.strategies):
            for m, measure in enumerate(strategy.measures):
                yield d, s, m, measure
