"""Who may make which API token, beyond the Policy: for which organisation (their own and its
units; an administrator any) and with which scopes (a person grants from the token's role, a
token only what it holds)."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.subject import ROLE_SCOPES, Subject
from uplift.auth.visibility import subtree_ids
from uplift.kit.errors import InvalidParameter
from uplift.models import Organization, Role


async def organization_for(
    session: AsyncSession,
    subject: Subject,
    code: str | None,
    purpose: tuple[str, str] = ("create tokens", "建立權杖"),
) -> Organization | None:
    """The organisation something new acts for: `code`'s when the subject may (its own or
    one of its units; an administrator any), else a 422 naming `organization` and `purpose`
    (en, zh). No code: a reporter's own organisation, anyone else's none."""
    if code is None:
        if subject.role == Role.enterprise_reporter and subject.organization_id is not None:
            return await session.get(Organization, subject.organization_id)
        return None
    organization = await session.scalar(select(Organization).where(Organization.code == code))
    allowed = organization is not None and (
        subject.role == Role.administrator
        or (
            subject.organization_id is not None
            and organization.id in await subtree_ids(session, subject.organization_id)
        )
    )
    if organization is None or not allowed:
        raise InvalidParameter(
            "organization",
            "body",
            f"You cannot {purpose[0]} for {code!r}",
            f"您不能為「{code}」{purpose[1]}",
        )
    return organization


def grantable_scopes(subject: Subject, role: Role) -> frozenset[str]:
    """A person grants from the token's role; a token grants only what it holds itself."""
    if subject.kind == "token":
        return ROLE_SCOPES[role] & subject.scopes
    return ROLE_SCOPES[role]


def check_scopes(requested: list[str], allowed: frozenset[str]) -> None:
    unknown = sorted(set(requested) - allowed)
    if unknown:
        raise InvalidParameter(
            "scopes",
            "body",
            f"Not yours to grant: {', '.join(unknown)}; choose from {', '.join(sorted(allowed))}",
            f"您無法授與：{'、'.join(unknown)}；可選：{'、'.join(sorted(allowed))}",
        )
