"""Signing in and out: password checks, throttling, sessions."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.auth.passwords import hash_password, needs_rehash, verify_password
from uplift.auth.secrets import digest, new_csrf_token, new_session_token
from uplift.config import Settings
from uplift.kit.db import utcnow
from uplift.models import LoginAttempt, User, UserSession


def normalize_username(username: str) -> str:
    return username.strip().casefold()


async def retry_after(
    session: AsyncSession, settings: Settings, username: str, address: str
) -> int:
    """Seconds to wait before another attempt is allowed; 0 when one may try now.

    Failures count per account *from this address*, and per address in all: a stranger
    guessing an administrator's password throttles only themselves, never the owner.
    """
    await _one_attempt_at_a_time(session, address)
    now = utcnow()
    window = timedelta(minutes=settings.login_window_minutes)
    pair = (LoginAttempt.username == username) & (LoginAttempt.address == address)
    last_success = await session.scalar(
        select(func.max(LoginAttempt.attempted_at)).where(pair, LoginAttempt.succeeded.is_(True))
    )
    pair_since = max(now - window, last_success) if last_success else now - window
    waits = [
        await _wait(session, pair, pair_since, settings.login_failures_per_account, window, now),
        await _wait(
            session,
            LoginAttempt.address == address,
            now - window,
            settings.login_failures_per_address,
            window,
            now,
        ),
    ]
    return max(waits)


async def _one_attempt_at_a_time(session: AsyncSession, address: str) -> None:
    """Attempts from one address queue here until the one before is counted; otherwise
    parallel guesses all read the count before any adds to it. PostgreSQL holds the lock
    until the sign-in's transaction ends. SQLite needs none: a sign-in is a write, and its
    transaction takes the database's one write lock up front."""
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        await session.execute(select(func.pg_advisory_xact_lock(_lock_key(address))))


def _lock_key(address: str) -> int:
    hashed = hashlib.blake2b(f"uplift sign-in {address}".encode(), digest_size=8).digest()
    return int.from_bytes(hashed, "big", signed=True)


async def _wait(
    session: AsyncSession,
    who: object,
    since: datetime,
    limit: int,
    window: timedelta,
    now: datetime,
) -> int:
    # The limit-th most recent failure: once it leaves the window, one more try is allowed.
    pivot = await session.scalar(
        select(LoginAttempt.attempted_at)
        .where(who, LoginAttempt.succeeded.is_(False), LoginAttempt.attempted_at > since)  # type: ignore[arg-type]
        .order_by(LoginAttempt.attempted_at.desc())
        .offset(limit - 1)
        .limit(1)
    )
    if pivot is None:
        return 0
    return max(1, int((pivot + window - now).total_seconds()) + 1)


async def authenticate(
    session: AsyncSession, username: str, password: str, address: str
) -> User | None:
    """The active user these credentials name, or None; records the attempt either way."""
    user = await session.scalar(select(User).where(User.username == username))
    valid = await verify_password(user.password_hash if user else None, password)
    succeeded = bool(user and user.is_active and valid)
    session.add(LoginAttempt(username=username, address=address, succeeded=succeeded))
    if not succeeded or user is None:
        await session.flush()
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = await hash_password(password)
    await session.flush()
    return user


@dataclass(frozen=True)
class NewSession:
    token: str  # for the cookie; the database keeps only its digest
    user_session: UserSession


async def start_session(
    session: AsyncSession, settings: Settings, user: User, address: str
) -> NewSession:
    token = new_session_token()
    user_session = UserSession(
        token_hash=digest(settings.secret_key, token),
        csrf_token=new_csrf_token(),
        user_id=user.id,
        expires_at=utcnow() + timedelta(hours=settings.session_hours),
        address=address,
    )
    session.add(user_session)
    await session.flush()
    return NewSession(token, user_session)


async def end_session(session: AsyncSession, session_id: int) -> None:
    await session.execute(
        update(UserSession).where(UserSession.id == session_id).values(ended_at=utcnow())
    )


async def end_all_sessions(session: AsyncSession, user_id: int) -> None:
    """Disabling an account or resetting its password signs it out everywhere."""
    await session.execute(
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )
