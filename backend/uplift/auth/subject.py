"""Who is asking: a signed-in person, a machine with an API token, or the public."""

import hmac
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from ipaddress import IPv4Network, IPv6Network, ip_address
from typing import Literal

from fastapi import BackgroundTasks, Request
from fastapi.security import HTTPBearer
from sqlalchemy import or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from uplift.auth.secrets import digest
from uplift.config import Settings
from uplift.kit.db import SAFE_METHODS, SessionDep, utcnow
from uplift.kit.errors import UpliftError
from uplift.models import ApiToken, Role, User, UserSession

logger = logging.getLogger(__name__)

SESSION_COOKIE = "uplift_session"
CSRF_COOKIE = "uplift_csrf"
CSRF_HEADER = "X-CSRF-Token"
# last_used_at is a hint, not a log: write it at most this often per token.
LAST_USED_RESOLUTION = timedelta(minutes=1)

# What each role may do; a token may carry any subset of its creator's role's scopes.
ROLE_SCOPES: dict[Role, frozenset[str]] = {
    Role.administrator: frozenset(
        {
            "users:read",
            "users:write",
            "tokens:read",
            "tokens:write",
            "audit:read",
            "organizations:write",
            "plans:read",
            "progress:read",
            "findings:read",
            "notifications:read",
            "notifications:write",
            "webhooks:read",
            "webhooks:write",
            "deliveries:read",
            "deliveries:write",
        }
    ),
    Role.reviewer: frozenset(
        {
            "plans:read",
            "plans:write",
            "audit:read",
            "progress:read",
            "progress:review",
            "findings:read",
            "findings:write",
            "notifications:read",
            "notifications:write",
        }
    ),
    Role.panel_member: frozenset(
        {
            "plans:read",
            "findings:read",
            "findings:write",
            "notifications:read",
            "notifications:write",
        }
    ),
    Role.enterprise_reporter: frozenset(
        {
            "plans:read",
            "progress:read",
            "progress:write",
            "progress:review",  # a head office reviews its units' reports
            "findings:read",
            "responses:write",
            "tokens:read",
            "tokens:write",
            "notifications:read",
            "notifications:write",  # its inbox and its organisation's contacts
            "webhooks:read",
            "webhooks:write",  # its organisation's subscriptions
        }
    ),
}


class NotAuthenticatedError(UpliftError):
    status = 401
    slug = "not-authenticated"


class NotPermittedError(UpliftError):
    status = 403
    slug = "forbidden"


@dataclass(frozen=True)
class Subject:
    kind: Literal["anonymous", "user", "token", "system"]
    role: Role | None = None
    user_id: int | None = None
    token_id: int | None = None
    organization_id: int | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    label: str = "anonymous"
    address: str | None = None
    session_id: int | None = None
    csrf_token: str | None = None  # the session's, which unsafe requests must echo

    @property
    def is_staff(self) -> bool:
        """Commission staff see drafts and everything unpublished."""
        return self.role in (Role.administrator, Role.reviewer)


ProxyNetworks = Sequence[IPv4Network | IPv6Network]


def client_address(request: Request, trusted_proxies: ProxyNetworks) -> str:
    """The peer, or, when the peer is a trusted proxy, the nearest hop in X-Forwarded-For
    that is not one: anything further left was written by the client and proves nothing."""
    address = request.client.host if request.client else "unknown"
    forwarded = ",".join(request.headers.getlist("x-forwarded-for")).split(",")
    for hop in reversed([hop.strip() for hop in forwarded if hop.strip()]):
        if not _is_trusted(address, trusted_proxies):
            break
        try:
            address = str(ip_address(hop))
        except ValueError:  # a garbled hop: keep the last address a trusted proxy vouched for
            break
    return address


def _is_trusted(address: str, trusted_proxies: ProxyNetworks) -> bool:
    try:
        peer = ip_address(address)
    except ValueError:
        return False
    return any(peer in network for network in trusted_proxies)


# The scheme the OpenAPI declares (contract.py), so Swagger UI's Authorize button takes a
# token; get_subject reads the header itself, as this would, one dependency fewer to solve.
bearer = HTTPBearer(
    auto_error=False,
    scheme_name="APIToken",
    description="An API token (upl_…) from POST /api/v1/tokens.",
)


async def get_subject(
    request: Request, session: SessionDep, after_response: BackgroundTasks
) -> Subject:
    """Resolve the caller once per request: Bearer token first, then the session cookie.
    Every request resolves one, so the settings are read from the app rather than through
    one more dependency to solve."""
    settings: Settings = request.app.state.settings
    address = client_address(request, settings.trusted_proxies)
    secret = settings.secret_key
    authorization = request.headers.get("authorization")
    if authorization:
        token = _bearer_token(authorization)
        if token is None:
            raise NotAuthenticatedError(
                "Use 'Authorization: Bearer <token>'", "請使用「Authorization: Bearer <權杖>」"
            )
        return await _token_subject(session, digest(secret, token), address, after_response)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        subject = await _session_subject(session, digest(secret, cookie), address)
        if subject is not None:
            if request.method not in SAFE_METHODS:
                _check_csrf(subject, request.headers.get(CSRF_HEADER))
            return subject
    return Subject(kind="anonymous", address=address)


def _bearer_token(authorization: str) -> str | None:
    """The token of `Bearer <token>` (the scheme in any case), read as HTTPBearer reads it."""
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


async def _token_subject(
    session: SessionDep, token_hash: str, address: str, after_response: BackgroundTasks
) -> Subject:
    now = utcnow()
    parent = aliased(ApiToken)
    row = (
        await session.execute(
            select(ApiToken, User, parent.revoked_at)
            .join(User, User.id == ApiToken.created_by_id)
            .outerjoin(parent, parent.id == ApiToken.parent_id)
            .where(ApiToken.token_hash == token_hash)
        )
    ).one_or_none()
    if row is None or not _token_usable(row[0], row[1], row[2], now):
        raise NotAuthenticatedError(
            "The API token is unknown, expired or revoked", "API 權杖不存在、已過期或已撤銷"
        )
    token: ApiToken = row[0]
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        # The request's session is closed by then: the hint gets a transaction of its own.
        after_response.add_task(record_last_use, session, token.id, now)
    return Subject(
        kind="token",
        role=token.role,
        token_id=token.id,
        user_id=token.created_by_id,
        organization_id=token.organization_id,
        scopes=frozenset(token.scopes) & ROLE_SCOPES[token.role],
        label=f"token {token.prefix} ({token.name})",
        address=address,
    )


def _token_usable(
    token: ApiToken, owner: User, parent_revoked_at: datetime | None, now: datetime
) -> bool:
    """Revocation is the rule (a changed owner's tokens are revoked with the change); these
    checks keep a token within its owner's current powers should a change slip past it.
    A child's expiry is never later than its parent's, so the parent's revocation is the
    one thing to look up; revoking a parent also revokes its descendants."""
    expired = token.expires_at is not None and token.expires_at <= now
    live = token.revoked_at is None and parent_revoked_at is None and not expired
    return live and owner.is_active and _within_owner_role(token.role, owner.role)


def _within_owner_role(token_role: Role, owner_role: Role) -> bool:
    # An administrator may set up an enterprise system's token, which acts as its reporter.
    return token_role == owner_role or (
        owner_role == Role.administrator and token_role == Role.enterprise_reporter
    )


async def record_last_use(session: AsyncSession, token_id: int, used_at: datetime) -> None:
    """Run after the response, in a transaction of its own: "last used" is a hint, so it
    must never turn a read into a write that can fail or wait. A row another request is
    already updating is skipped, and a busy database only costs the hint."""
    since = used_at - LAST_USED_RESOLUTION
    row = aliased(ApiToken)
    unlocked = (
        select(row.id)
        .where(row.id == token_id, or_(row.last_used_at.is_(None), row.last_used_at < since))
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    try:
        await session.execute(
            update(ApiToken).where(ApiToken.id == unlocked).values(last_used_at=used_at)
        )
        await session.commit()
    except SQLAlchemyError:
        await session.rollback()
        logger.warning("Could not record the last use of API token %s", token_id, exc_info=True)


async def _session_subject(session: SessionDep, token_hash: str, address: str) -> Subject | None:
    row = (
        await session.execute(
            select(UserSession, User)
            .join(User, User.id == UserSession.user_id)
            .where(UserSession.token_hash == token_hash, UserSession.ended_at.is_(None))
        )
    ).one_or_none()
    if row is None:
        return None
    user_session, user = row
    if not user.is_active or user_session.expires_at <= utcnow():
        return None
    return user_subject(user, address, user_session)


def user_subject(user: User, address: str, signed_in: UserSession | None = None) -> Subject:
    return Subject(
        kind="user",
        role=user.role,
        user_id=user.id,
        organization_id=user.organization_id,
        scopes=ROLE_SCOPES[user.role],
        label=user.username,
        address=address,
        session_id=signed_in.id if signed_in else None,
        csrf_token=signed_in.csrf_token if signed_in else None,
    )


def _check_csrf(subject: Subject, header: str | None) -> None:
    expected = subject.csrf_token or ""
    if not header or not hmac.compare_digest(header, expected):
        raise NotPermittedError(
            f"A signed-in change needs the {CSRF_HEADER} header from sign-in",
            f"已登入的異動需附上登入時取得的 {CSRF_HEADER} 標頭",
        )
