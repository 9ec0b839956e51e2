"""Load a seed data file into the database; loading the same file twice changes nothing."""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.models import (
    Organization,
    Plan,
    PlanStatus,
)
from uplift.plans.publication import record_publication
from uplift.plans.rows import insert_plan
from uplift.seed.schema import (
    OrganizationRecord,
    PlanRecord,
    SeedFile,
)

BUILT_IN = Path(__file__).parent / "data" / "moeaca-107.yaml"


class SeedError(ValueError):
    """The data file refers to something that does not exist."""


@dataclass
class SeedReport:
    organizations_created: int = 0
    organizations_updated: int = 0
    plans_created: list[str] = field(default_factory=list)
    plans_skipped: list[str] = field(default_factory=list)


def read_seed_file(path: Path) -> SeedFile:
    with path.open(encoding="utf-8") as stream:
        return SeedFile.model_validate(yaml.safe_load(stream) or {})


async def load(session: AsyncSession, data: SeedFile) -> SeedReport:
    report = SeedReport()
    organizations = {o.code: o for o in (await session.scalars(select(Organization))).all()}
    for position, record in enumerate(data.organizations):
        _upsert_organization(organizations, record, position, report)
        session.add(organizations[record.code])
        await session.flush()  # a child later in the file needs its parent's id
    for plan_record in data.plans:
        issuer = _organization(organizations, plan_record.issuer)
        label = f"{plan_record.issuer} {plan_record.year}"
        existing = await session.scalar(
            select(Plan.id).where(Plan.issuer_id == issuer.id, Plan.year == plan_record.year)
        )
        if existing is not None:
            report.plans_skipped.append(label)
            continue
        plan = await add_plan(session, plan_record, organizations)
        if plan.status == PlanStatus.published:
            plan.status = PlanStatus.draft
            await record_publication(session, plan, user_id=None, reason="載入時已公布")
        report.plans_created.append(label)
    return report


async def add_plan(
    session: AsyncSession,
    record: PlanRecord,
    organizations: dict[str, Organization] | None = None,
) -> Plan:
    """A new plan from a record (seed file, import, copy), keeping the keys it carries."""
    if organizations is None:
        organizations = {o.code: o for o in (await session.scalars(select(Organization))).all()}
    for code in _codes(record):
        _organization(organizations, code)  # SeedError before anything is written
    return await insert_plan(session, record, organizations)


def _codes(record: PlanRecord) -> list[str]:
    """Every organisation code the plan names."""
    return [
        record.issuer,
        *(m.organization for c in record.target_categories for m in c.members),
        *(
            code
            for d in record.dimensions
            for s in d.strategies
            for m in s.measures
            for code in m.owners
        ),
    ]


def _organization(organizations: dict[str, Organization], code: str) -> Organization:
    try:
        return organizations[code]
    except KeyError:
        raise SeedError(f"unknown organisation code {code!r}") from None


def _upsert_organization(
    organizations: dict[str, Organization],
    record: OrganizationRecord,
    position: int,
    report: SeedReport,
) -> None:
    parent = _organization(organizations, record.parent) if record.parent else None
    values = record.model_dump(exclude={"code", "parent"})
    values["parent_id"] = parent.id if parent else None
    organization = organizations.get(record.code)
    if organization is None:
        organizations[record.code] = Organization(code=record.code, position=position, **values)
        report.organizations_created += 1
    elif any(getattr(organization, name) != value for name, value in values.items()):
        for name, value in values.items():
            setattr(organization, name, value)
        report.organizations_updated += 1
