"""Accounts from data: the first administrator, and the demo accounts (with the demo units
they report for) of a development machine."""

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.audit import service as audit
from uplift.auth.subject import Subject
from uplift.models import Organization, Role, User
from uplift.organizations.schemas import UnitCreate
from uplift.organizations.service import create_unit
from uplift.seed.rounds import read_panel, seat_panel
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


def read_units(path: Path) -> list[UnitCreate]:
    with path.open(encoding="utf-8") as stream:
        data = yaml.safe_load(stream) or {}
    return [UnitCreate.model_validate(unit) for unit in data.get("units", [])]


async def load_units(session: AsyncSession, units: list[UnitCreate]) -> list[str]:
    """Create the units that do not exist yet (the accounts may be bound to them); returns
    the codes created."""
    created = []
    for unit in units:
        if await session.scalar(select(Organization.id).where(Organization.code == unit.code)):
            continue
        await create_unit(session, SYSTEM, unit)
        created.append(unit.code)
    return created


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


async def load_demo(session: AsyncSession) -> tuple[list[str], list[str]]:
    """`uplift seed --demo`: the demo units, then the demo accounts (some bound to them),
    then the demo panel seated on the 107 plan's rounds."""
    units = await load_units(session, read_units(DEMO_ACCOUNTS))
    accounts = await load_accounts(session, read_accounts(DEMO_ACCOUNTS))
    await seat_panel(session, read_panel(DEMO_ACCOUNTS))
    return units, accounts
