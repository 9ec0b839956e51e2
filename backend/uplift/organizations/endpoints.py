from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response

from uplift.auth.policy import ANYONE, MANAGE_ORGANIZATIONS
from uplift.auth.subject import Subject
from uplift.kit.bounds import Text
from uplift.kit.db import SessionDep
from uplift.kit.errors import problem_responses
from uplift.kit.if_match import IfMatchDep
from uplift.kit.pagination import PageDep
from uplift.kit.responses import json_response, resource_response
from uplift.models import OrganizationKind
from uplift.organizations import queries, service
from uplift.organizations.schemas import (
    Organization,
    OrganizationPage,
    OrganizationUpdate,
    UnitCreate,
)

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


CodePath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[!-~]+$")]
AUTH_ERRORS = (401, 403)


@router.get(
    "/{code}",
    summary="Get an organisation",
    description="Answers an ETag, which a rename sends back as If-Match.",
    response_model=Organization,
    responses=problem_responses(404, 422),
)
async def get_organization(
    session: SessionDep, code: CodePath, _: Annotated[Subject, Depends(ANYONE)]
) -> Response:
    found = await queries.get_organization(session, code)
    return resource_response(Organization.model_validate(found))


@router.post(
    "",
    summary="Create a unit under an enterprise",
    description=(
        "A unit (e.g. a regional office) reports its progress to its enterprise's head "
        "office, which reviews it and submits the enterprise's own report (督導所屬). "
        "Administrators only; audited."
    ),
    status_code=201,
    response_model=Organization,
    responses=problem_responses(*AUTH_ERRORS, 409, 422),
)
async def create_unit(
    session: SessionDep,
    data: UnitCreate,
    subject: Annotated[Subject, Depends(MANAGE_ORGANIZATIONS)],
) -> Response:
    unit = await service.create_unit(session, subject, data)
    return resource_response(Organization.model_validate(unit), status_code=201)


@router.patch(
    "/{code}",
    summary="Rename a unit",
    description=(
        "Its names or its place among its siblings; the code stays. Only a unit (409 for an "
        "enterprise, the commission or the ministry, which come from the plan's data). Needs "
        "If-Match; administrators only; audited."
    ),
    response_model=Organization,
    responses=problem_responses(*AUTH_ERRORS, 404, 409, 422),
)
async def update_organization(
    session: SessionDep,
    code: CodePath,
    data: OrganizationUpdate,
    subject: Annotated[Subject, Depends(MANAGE_ORGANIZATIONS)],
    if_match: IfMatchDep,
) -> Response:
    organization = await queries.get_organization(session, code, for_update=True)
    organization = await service.update_organization(session, subject, organization, data, if_match)
    return resource_response(Organization.model_validate(organization))
