"""One module says what a subject may read: plans by status and role, tokens by the
organisation (and its units) they belong to."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures import factories
from uplift.auth.subject import Subject
from uplift.auth.visibility import readable_plans, readable_rows, readable_tokens, subtree
from uplift.models import ApiToken, Organization, Plan, PlanStatus, Role


def _subject(role: Role, organization_id: int | None = None) -> Subject:
    return Subject(kind="user", role=role, user_id=1, organization_id=organization_id)


async def test_staff_read_drafts_and_changing_rows_others_only_what_is_published(
    session: AsyncSession,
) -> None:
    draft = await factories.plan(session, dimensions=0)
    amending = await factories.plan(session, dimensions=0, year=2031)
    amending.status = PlanStatus.amending
    await session.flush()
    ids = [draft.id, amending.id]

    async def seen(subject: Subject) -> set[int]:
        statement = select(Plan.id).where(Plan.id.in_(ids), readable_plans(subject))
        return set((await session.scalars(statement)).all())

    async def rows_seen(subject: Subject) -> set[int]:
        statement = select(Plan.id).where(Plan.id.in_(ids), readable_rows(subject))
        return set((await session.scalars(statement)).all())

    reviewer, reporter = _subject(Role.reviewer), _subject(Role.enterprise_reporter, 1)
    assert await seen(reviewer) == {draft.id, amending.id}
    assert await seen(reporter) == {amending.id}
    assert await seen(Subject(kind="anonymous")) == {amending.id}
    assert await rows_seen(reviewer) == {draft.id, amending.id}
    assert amending.id not in await rows_seen(reporter)  # read as last adopted instead


async def test_an_enterprise_reads_its_own_and_its_units_tokens_only(
    session: AsyncSession,
) -> None:
    tree = await factories.enterprise_with_units(session, units=1, sub_units=1)
    neighbour = await factories.enterprise_with_units(session, units=0, sub_units=0)
    owners = [tree.enterprise, tree.sub_units[0], neighbour.enterprise]
    tokens = []
    for organization in owners:
        owner = await factories.user(
            session, role=Role.enterprise_reporter, organization_id=organization.id
        )
        tokens.append((await factories.token(session, owner, ["plans:read"]))[0].id)

    async def seen(subject: Subject) -> set[int]:
        statement = select(ApiToken.id).where(ApiToken.id.in_(tokens), readable_tokens(subject))
        return set((await session.scalars(statement)).all())

    assert await seen(_subject(Role.enterprise_reporter, tree.enterprise.id)) == set(tokens[:2])
    assert await seen(_subject(Role.enterprise_reporter, tree.sub_units[0].id)) == {tokens[1]}
    assert await seen(_subject(Role.administrator)) == set(tokens)
    assert await seen(_subject(Role.reviewer)) == set()  # no organisation, no tokens


async def test_two_subtrees_meet_in_one_statement(session: AsyncSession) -> None:
    """A reader's own subtree and a filter's (an enterprise asking for one of its units)."""
    tree = await factories.enterprise_with_units(session, units=2, sub_units=1)
    unit = tree.units[0]
    both = select(Organization.id).where(
        Organization.id.in_(subtree(tree.enterprise.id)), Organization.id.in_(subtree(unit.id))
    )
    found = set((await session.scalars(both)).all())
    assert unit.id in found and tree.enterprise.id not in found
    assert found == set((await session.scalars(subtree(unit.id))).all())
