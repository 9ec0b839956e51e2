"""Units under an enterprise: created and renamed by administrators; every change audited.

The plan names an enterprise's units only by category (各區營業處…), so they are data an
administrator enters; an enterprise or the commission is loaded from the seed, never here.
"""

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.audit import service as audit
from uplift.auth.subject import Subject
from uplift.kit.errors import ConflictError, InvalidParameter
from uplift.kit.if_match import IfMatch
from uplift.models import Organization, OrganizationKind
from uplift.organizations.queries import by_code
from uplift.organizations.schemas import Organization as OrganizationSchema
from uplift.organizations.schemas import OrganizationUpdate, UnitCreate


async def create_unit(session: AsyncSession, subject: Subject, data: UnitCreate) -> Organization:
    parent = await by_code(session, data.parent, parameter="parent", location="body")
    if parent.kind != OrganizationKind.enterprise:
        raise InvalidParameter(
            "parent",
            "body",
            "A unit is created under an enterprise",
            "所屬單位須設於事業之下",
        )
    if await session.scalar(select(Organization.id).where(Organization.code == data.code)):
        raise ConflictError(f"The code {data.code!r} is taken", f"代碼「{data.code}」已有機關使用")
    position = data.position
    if position is None:
        # Positions order the whole list (the seed numbers every organisation): last of all.
        last = await session.scalar(select(func.max(Organization.position)))
        position = (last or 0) + 1
    unit = Organization(
        code=data.code,
        kind=OrganizationKind.unit,
        parent_id=parent.id,
        position=position,
        name_zh=data.name_zh,
        name_en=data.name_en,
        short_name_zh=data.short_name_zh,
        short_name_en=data.short_name_en,
    )
    session.add(unit)
    await session.flush()
    after = OrganizationSchema.model_validate(unit)
    await audit.record(session, subject, "create", "organization", unit.id, after=after)
    return unit


async def update_organization(
    session: AsyncSession,
    subject: Subject,
    organization: Organization,
    data: OrganizationUpdate,
    if_match: IfMatch,
) -> Organization:
    """Rename a unit (or move it among its siblings); the seed owns the other kinds. The
    organisation comes locked: state (409) → If-Match (428/412) → change → audit."""
    if organization.kind != OrganizationKind.unit:
        raise ConflictError(
            "Only a unit is renamed here: the enterprises and the commission come from the "
            "plan's data",
            "此處僅能修改所屬單位；事業與本會的名稱來自計畫資料",
        )
    before = OrganizationSchema.model_validate(organization)
    if_match.check(before)
    for name, value in data.changes().items():
        setattr(organization, name, value)
    await session.flush()
    after = OrganizationSchema.model_validate(organization)
    await audit.record(
        session, subject, "update", "organization", organization.id, before=before, after=after
    )
    return organization
