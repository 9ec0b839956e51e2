"""Who hears of an enterprise's finding or follow-up: the people who may read it, as
auth/visibility.py says, and the contacts (聯絡窗口) of the organisations it concerns.

A head office's reporters read its own findings and follow-ups; a unit's reporters (and
those of the units above it, short of the head office) a finding naming their unit and a
follow-up handed to it. Contacts are kept per organisation: the enterprise's always hear,
a unit's when the finding names it or the follow-up was handed to it.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from uplift.models import Contact, Organization, Role, UnitHandling, User


@dataclass
class Audience:
    parents: dict[int, int | None]
    reporters: dict[int, list[int]] = field(default_factory=dict)  # organisation → user ids
    contacts: dict[int, list[Contact]] = field(default_factory=dict)  # receiving contacts

    def chain(self, unit_id: int, enterprise_id: int) -> list[int]:
        """The unit and the units above it, up to (not past) the enterprise."""
        found: list[int] = []
        at: int | None = unit_id
        while at is not None and at != enterprise_id and at not in found:
            found.append(at)
            at = self.parents.get(at)
        return found

    def organizations(self, enterprise_id: int, unit_ids: Iterable[int]) -> set[int]:
        """The enterprise and every unit (with the units between) the matter concerns."""
        reached = {enterprise_id}
        for unit_id in unit_ids:
            reached.update(self.chain(unit_id, enterprise_id))
        return reached

    def users(self, organization_ids: Iterable[int]) -> set[int]:
        return {u for o in organization_ids for u in self.reporters.get(o, [])}

    def receiving(self, organization_ids: Iterable[int]) -> list[Contact]:
        found = {c.id: c for o in organization_ids for c in self.contacts.get(o, [])}
        return [found[i] for i in sorted(found)]


async def load(session: AsyncSession, enterprise_ids: Iterable[int]) -> Audience:
    """The reporters and receiving contacts of these enterprises and all their units: three
    statements, however many enterprises."""
    parents = dict((await session.execute(select(Organization.id, Organization.parent_id))).all())
    wanted = set(enterprise_ids)
    children: dict[int, list[int]] = defaultdict(list)
    for child, parent in parents.items():
        if parent is not None:
            children[parent].append(child)
    every, todo = set(wanted), list(wanted)
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in every:
                every.add(child)
                todo.append(child)
    audience = Audience(parents)
    if not every:
        return audience
    reporters = await session.execute(
        select(User.organization_id, User.id)
        .where(
            User.role == Role.enterprise_reporter,
            User.is_active.is_(True),
            User.organization_id.in_(every),
        )
        .order_by(User.id)
    )
    for organization_id, user_id in reporters:
        if organization_id is not None:
            audience.reporters.setdefault(organization_id, []).append(user_id)
    contacts = await session.scalars(
        select(Contact)
        .where(
            Contact.organization_id.in_(every),
            Contact.is_active.is_(True),
            Contact.receives_reminders.is_(True),
        )
        .order_by(Contact.id)
    )
    for contact in contacts:
        audience.contacts.setdefault(contact.organization_id, []).append(contact)
    return audience


async def handed_units(session: AsyncSession, follow_up_ids: Iterable[int]) -> dict[int, list[int]]:
    """follow-up id → the units it was handed to (督導所屬)."""
    ids = list(follow_up_ids)
    found: dict[int, list[int]] = defaultdict(list)
    for start in range(0, len(ids), 5_000):
        rows = await session.execute(
            select(UnitHandling.follow_up_id, UnitHandling.organization_id).where(
                UnitHandling.follow_up_id.in_(ids[start : start + 5_000])
            )
        )
        for follow_up_id, unit_id in rows:
            found[follow_up_id].append(unit_id)
    return found
