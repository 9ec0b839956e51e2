"""Accounts: created, changed and disabled by administrators; every change audited."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.audit import service as audit
from uplift.auth.passwords import hash_password
from uplift.auth.service import end_all_sessions, normalize_username
from uplift.auth.subject import Subject
from uplift.kit.errors import ConflictError, InvalidParameter
from uplift.models import ENTERPRISE_KINDS, Organization, Role, User
from uplift.organizations.queries import by_code
from uplift.tokens.service import revoke_tokens_of
from uplift.users.schemas import User as UserSchema
from uplift.users.schemas import UserCreate, UserUpdate

# Roles that act for one organisation and need it named.
BOUND_ROLES = {Role.enterprise_reporter}


def _check_binding(role: Role, organization: Organization | None) -> None:
    if role in BOUND_ROLES and (organization is None or organization.kind not in ENTERPRISE_KINDS):
        raise InvalidParameter(
            "organization",
            "body",
            "An enterprise reporter must belong to an enterprise or one of its units",
            "事業填報人員須隸屬於事業或其所屬單位",
        )


async def create_user(session: AsyncSession, subject: Subject, data: UserCreate) -> User:
    username = normalize_username(data.username)
    if await session.scalar(select(User.id).where(User.username == username)) is not None:
        raise ConflictError(f"The username {username!r} is taken", f"帳號「{username}」已有人使用")
    organization = (
        await by_code(session, data.organization, parameter="organization", location="body")
        if data.organization
        else None
    )
    _check_binding(data.role, organization)
    user = User(
        username=username,
        display_name=data.display_name,
        password_hash=await hash_password(data.password),
        role=data.role,
        organization=organization,
        is_active=True,
    )
    session.add(user)
    await session.flush()
    await audit.record(
        session, subject, "create", "user", user.id, after=UserSchema.model_validate(user)
    )
    return user


async def update_user(
    session: AsyncSession, subject: Subject, user: User, data: UserUpdate
) -> User:
    before = UserSchema.model_validate(user)
    changes = data.changes()
    if user.id == subject.user_id and (
        changes.get("is_active") is False or changes.get("role", user.role) != user.role
    ):
        raise ConflictError(
            "You cannot disable your own account or change your own role",
            "不能停用自己的帳號或變更自己的角色",
        )
    if "organization" in changes:
        code = changes.pop("organization")
        user.organization = (
            await by_code(session, code, parameter="organization", location="body")
            if code
            else None
        )
    for name, value in changes.items():
        setattr(user, name, value)
    _check_binding(user.role, user.organization)
    if user.is_active is False:
        await end_all_sessions(session, user.id)
    await session.flush()
    after = UserSchema.model_validate(user)
    await audit.record(session, subject, "update", "user", user.id, before=before, after=after)
    if _powers_change(before, after):
        await revoke_tokens_of(session, subject, user.id)
    return user


def _powers_change(before: UserSchema, after: UserSchema) -> bool:
    """Any change of role or organisation, or disabling: a token never keeps powers its
    owner no longer has (a promotion revokes too, so a token is always what it was made as)."""
    moved = (before.organization.id if before.organization else None) != (
        after.organization.id if after.organization else None
    )
    return before.role != after.role or moved or not after.is_active


async def reset_password(
    session: AsyncSession, subject: Subject, user: User, password: str
) -> None:
    user.password_hash = await hash_password(password)
    await end_all_sessions(session, user.id)
    await session.flush()
    await audit.record(session, subject, "reset_password", "user", user.id)
    # A reset answers a suspected compromise: whatever the old password made goes too.
    await revoke_tokens_of(session, subject, user.id)
