"""Reading API tokens: only those the subject may see (auth/visibility.py)."""

from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from uplift.auth.subject import Subject
from uplift.auth.visibility import readable_tokens
from uplift.kit.errors import ResourceNotFound
from uplift.kit.pagination import PageParams, count
from uplift.models import ApiToken


def _visible(subject: Subject) -> Select[ApiToken]:
    """Tokens with their organisation, those the subject may read only."""
    statement: Select[ApiToken] = select(ApiToken).options(joinedload(ApiToken.organization))
    return statement.where(readable_tokens(subject))


async def list_tokens(
    session: AsyncSession, subject: Subject, page: PageParams, *, active: bool | None = None
) -> tuple[Sequence[ApiToken], int]:
    statement = _visible(subject)
    if active is True:
        statement = statement.where(ApiToken.revoked_at.is_(None))
    elif active is False:
        statement = statement.where(ApiToken.revoked_at.is_not(None))
    total = await count(session, statement)
    rows = await session.scalars(
        statement.order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        .offset(page.offset)
        .limit(page.page_size)
    )
    return rows.all(), total


async def get_token(session: AsyncSession, subject: Subject, token_id: int) -> ApiToken:
    """Another enterprise's token answers 404, as if it did not exist."""
    token = await session.scalar(_visible(subject).where(ApiToken.id == token_id))
    if token is None:
        raise ResourceNotFound("API token", "API 權杖", token_id)
    return token
