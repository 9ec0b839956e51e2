"""Load a seed data file (organisations, then plans) into the database; loading the same file
twice changes nothing.

A plan in the file is a plan document (plans/document.py) and is built by plans'
own code; this module only adds the organisations and skips plans that are there already.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.models import Organization, OrganizationKind, Plan, PlanStatus
from uplift.plans.document import PlanRecord
from uplift.plans.publication import record_publication
from uplift.plans.transfer.builder import add_plan, organization_with_code

BUILT_IN = Path(__file__).parent / "data" / "moeaca-107.yaml"


class OrganizationRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=64)
    kind: OrganizationKind
    parent: str | None = None
    name_zh: str
    name_en: str
    short_name_zh: str
    short_name_en: str


class SeedFile(BaseModel):
    """A data file: organisations (parents before their units), then plan documents."""

    model_config = ConfigDict(extra="forbid")

    organizations: list[OrganizationRecord] = []
    plans: list[PlanRecord] = []


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
        issuer = organization_with_code(organizations, plan_record.issuer)
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


def _upsert_organization(
    organizations: dict[str, Organization],
    record: OrganizationRecord,
    position: int,
    report: SeedReport,
) -> None:
    parent = organization_with_code(organizations, record.parent) if record.parent else None
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
