"""Accounts from data: the first administrator, and the demo accounts of a development machine."""

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.audit import service as audit
from uplift.auth.subject import Subject
from uplift.models import Role, User
from uplift.users.schemas import UserCreate
from uplift.users.service import create_user

DEMO_ACCOUNTS = Path(__file__).parent / "data" / "demo-accounts.yaml"
SYSTEM = Subject(kind="system", label="uplift command")


class AccountRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str
    display_name: str
    role: Role
    password: str
    organization: str | None = None


def read_accounts(path: Path) -> list[AccountRecord]:
    with path.open(encoding="utf-8") as stream:
        data = yaml.safe_load(stream) or {}
    return [AccountRecord.model_validate(user) for user in data.get("users", [])]


async def load_accounts(session: AsyncSession, accounts: list[AccountRecord]) -> list[str]:
    """Create the accounts that do not exist yet; returns the usernames created."""
    created = []
    for account in accounts:
        if await session.scalar(select(User.id).where(User.username == account.username)):
            continue
        await create_user(session, SYSTEM, UserCreate.model_validate(account.model_dump()))
        created.append(account.username)
    return created


async def create_admin(session: AsyncSession, username: str, password: str) -> User:
    user = await create_user(
        session,
        SYSTEM,
        UserCreate(
            username=username, display_name=username, password=password, role=Role.administrator
        ),
    )
    await audit.record(session, SYSTEM, "create_first_admin", "user", user.id)
    return user
