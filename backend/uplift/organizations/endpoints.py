from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from uplift.auth.policy import ANYONE
from uplift.auth.subject import Subject
from uplift.kit.bounds import Text
from uplift.kit.db import SessionDep
from uplift.kit.errors import problem_responses
from uplift.kit.pagination import PageDep
from uplift.kit.responses import json_response
from uplift.models import OrganizationKind
from uplift.organizations import queries
from uplift.organizations.schemas import OrganizationPage

router = APIRouter(prefix="/organizations", tags=["organizations"])


@router.get(
    "",
    summary="List organisations",
    description="The ministry, the commission, the enterprises and their units, in tree order.",
    response_model=OrganizationPage,
    responses=problem_responses(422),
)
async def list_organizations(
    session: SessionDep,
    page: PageDep,
    _: Annotated[Subject, Depends(ANYONE)],
    kind: Annotated[OrganizationKind | None, Query(description="Only this kind.")] = None,
    parent: Annotated[
        Text | None, Query(max_length=64, description="Only the children of this code.")
    ] = None,
) -> Response:
    rows, total = await queries.list_organizations(session, page, kind=kind, parent=parent)
    return json_response(OrganizationPage.of(rows, total, page))
