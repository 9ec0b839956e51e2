"""API tokens for machines and scripts: created with scopes, shown once, revocable."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from uplift.audit import service as audit
from uplift.auth.secrets import digest, new_api_token
from uplift.auth.subject import Subject
from uplift.kit.db import utcnow
from uplift.kit.errors import InvalidParameter
from uplift.models import ENTERPRISE_KINDS, ApiToken, Organization, Role
from uplift.tokens.auth import check_scopes, grantable_scopes, organization_for
from uplift.tokens.schemas import ApiToken as ApiTokenSchema
from uplift.tokens.schemas import TokenCreate


def _token_role(creator: Role, organization: Organization | None) -> Role:
    """A token bound to an enterprise acts as that enterprise's reporter, whoever made it:
    so an administrator can set up an enterprise system's token."""
    if organization is not None and organization.kind in ENTERPRISE_KINDS:
        return Role.enterprise_reporter
    return creator


def _expiry(requested: datetime | None, parent: ApiToken | None) -> datetime | None:
    """A token minted by a token never outlives it: without an expiry it takes its parent's."""
    if requested is not None and (requested.tzinfo is None or requested <= utcnow()):
        raise InvalidParameter(
            "expires_at",
            "body",
            "Give a future time with its offset, e.g. 2027-01-01T00:00:00+08:00",
            "請填寫未來的時間並含時區，例如 2027-01-01T00:00:00+08:00",
        )
    ceiling = parent.expires_at if parent is not None else None
    if ceiling is None:
        return requested
    if requested is None:
        return ceiling
    if requested > ceiling:
        raise InvalidParameter(
            "expires_at",
            "body",
            f"A token cannot outlive the token that creates it ({ceiling.isoformat()})",
            f"權杖的到期時間不能晚於建立它的權杖（{ceiling.isoformat()}）",
        )
    return requested


async def create_token(
    session: AsyncSession, subject: Subject, data: TokenCreate, secret_key: str
) -> tuple[ApiToken, str]:
    assert subject.role is not None and subject.user_id is not None
    organization = await organization_for(session, subject, data.organization)
    role = _token_role(subject.role, organization)
    check_scopes(data.scopes, grantable_scopes(subject, role))
    parent = await session.get(ApiToken, subject.token_id) if subject.token_id else None
    expires_at = _expiry(data.expires_at, parent)
    prefix, secret = new_api_token()
    token = ApiToken(
        name=data.name,
        prefix=prefix,
        token_hash=digest(secret_key, secret),
        scopes=sorted(set(data.scopes)),
        role=role,
        organization=organization,
        created_by_id=subject.user_id,
        parent_id=subject.token_id,
        expires_at=expires_at,
    )
    session.add(token)
    await session.flush()
    await audit.record(
        session,
        subject,
        "create",
        "api_token",
        token.id,
        after=ApiTokenSchema.model_validate(token),
    )
    return token, secret


async def revoke_token(session: AsyncSession, subject: Subject, token: ApiToken) -> None:
    """Revokes the token and every token minted from it, however deep."""
    await _revoke(session, subject, [token])
    generation = [token.id]
    while generation:
        children = await _live(session, ApiToken.parent_id.in_(generation))
        await _revoke(session, subject, children)
        generation = [child.id for child in children]


async def revoke_tokens_of(session: AsyncSession, subject: Subject, user_id: int) -> None:
    """A user's changed powers end every token they made (minted ones included: the owner
    is the same person); re-enabling the user later does not bring them back."""
    await _revoke(session, subject, await _live(session, ApiToken.created_by_id == user_id))


async def _live(session: AsyncSession, which: object) -> Sequence[ApiToken]:
    statement = (
        select(ApiToken)
        .options(joinedload(ApiToken.organization))
        .where(which, ApiToken.revoked_at.is_(None))  # type: ignore[arg-type]
        .order_by(ApiToken.id)
    )
    return (await session.scalars(statement)).all()


async def _revoke(session: AsyncSession, subject: Subject, tokens: Sequence[ApiToken]) -> None:
    for token in tokens:
        if token.revoked_at is not None:
            continue
        before = ApiTokenSchema.model_validate(token)
        token.revoked_at = utcnow()
        await session.flush()
        after = ApiTokenSchema.model_validate(token)
        await audit.record(
            session, subject, "revoke", "api_token", token.id, before=before, after=after
        )
