"""Load a seed data file into the database; loading the same file twice changes nothing."""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.models import (
    Dimension,
    Indicator,
    Measure,
    MeasureOwner,
    Organization,
    Plan,
    PlanBasis,
    PlanSection,
    PlanStatus,
    ReviewRound,
    Strategy,
    TargetCategory,
    TargetCategoryMember,
)
from uplift.plans.publication import record_publication
from uplift.seed.schema import (
    IndicatorRecord,
    MeasureRecord,
    OrganizationRecord,
    PlanRecord,
    SeedFile,
    SubItemRecord,
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
    plan, measures = _build_plan(record, _organization(organizations, record.issuer), organizations)
    session.add(plan)
    session.add_all(measures)  # measures point at their strategy; nothing cascades to them
    await session.flush()
    return plan


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


def _build_plan(
    record: PlanRecord, issuer: Organization, organizations: dict[str, Organization]
) -> tuple[Plan, list[Measure]]:
    plan = Plan(
        year=record.year,
        issuer=issuer,
        title=record.title,
        status=record.status,
        objectives=record.objectives,
        principles=list(record.principles),
        report_due_date=record.report_due_date,
    )
    plan.bases = [
        PlanBasis(position=i, **basis.model_dump()) for i, basis in enumerate(record.bases)
    ]
    plan.target_categories = [
        TargetCategory(
            position=i,
            code=category.code,
            name_zh=category.name_zh,
            name_en=category.name_en,
            members=[
                TargetCategoryMember(
                    position=j,
                    organization=_organization(organizations, member.organization),
                    scope=member.scope,
                )
                for j, member in enumerate(category.members)
            ],
        )
        for i, category in enumerate(record.target_categories)
    ]
    plan.sections = [
        PlanSection(position=i, **section.model_dump()) for i, section in enumerate(record.sections)
    ]
    plan.review_rounds = [
        ReviewRound(position=i, **round_.model_dump())
        for i, round_ in enumerate(record.review_rounds)
    ]
    plan.dimensions = []
    measures = []
    for i, dimension_record in enumerate(record.dimensions):
        dimension = Dimension(
            position=i,
            code=dimension_record.code,
            name=dimension_record.name,
            **_stable_key(dimension_record.key),
        )
        for j, strategy_record in enumerate(dimension_record.strategies):
            strategy = Strategy(
                position=j,
                code=strategy_record.code,
                name=strategy_record.name,
                **_stable_key(strategy_record.key),
            )
            dimension.strategies.append(strategy)
            measures += [
                _build_measure(strategy, measure_record, k, organizations)
                for k, measure_record in enumerate(strategy_record.measures)
            ]
        plan.dimensions.append(dimension)
    return plan, measures


def _build_measure(
    strategy: Strategy,
    record: MeasureRecord,
    position: int,
    organizations: dict[str, Organization],
) -> Measure:
    measure = _measure(strategy, record, position)
    measure.owners = [
        MeasureOwner(position=i, organization=_organization(organizations, code))
        for i, code in enumerate(record.owners)
    ]
    measure.sub_items = [_measure(strategy, sub, i) for i, sub in enumerate(record.sub_items)]
    return measure


def _measure(strategy: Strategy, record: SubItemRecord, position: int) -> Measure:
    measure = Measure(
        code=record.code, position=position, text=record.text, **_stable_key(record.key)
    )
    measure.strategy = strategy
    measure.indicators = [_indicator(ind, i) for i, ind in enumerate(record.indicators)]
    return measure


def _indicator(record: IndicatorRecord, position: int) -> Indicator:
    return Indicator(
        position=position, **record.model_dump(exclude={"key"}), **_stable_key(record.key)
    )


def _stable_key(key: str | None) -> dict[str, str]:
    """The key to keep, or nothing so that the model makes a new one."""
    return {} if key is None else {"key": key}
