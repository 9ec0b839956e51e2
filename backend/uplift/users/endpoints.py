from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from uplift.auth.policy import MANAGE_USERS, READ_USERS
from uplift.auth.subject import Subject
from uplift.kit.bounds import Id, Text
from uplift.kit.db import SessionDep
from uplift.kit.errors import problem_responses
from uplift.kit.if_match import IfMatchDep
from uplift.kit.pagination import PageDep
from uplift.kit.responses import json_response, resource_response
from uplift.models import Role
from uplift.users import queries, service
from uplift.users.schemas import PasswordReset, User, UserCreate, UserPage, UserUpdate

router = APIRouter(prefix="/users", tags=["users"])
AUTH_ERRORS = (401, 403)


@router.get(
    "",
    summary="List users",
    response_model=UserPage,
    responses=problem_responses(*AUTH_ERRORS, 422),
)
async def list_users(
    session: SessionDep,
    page: PageDep,
    _: Annotated[Subject, Depends(READ_USERS)],
    role: Role | None = None,
    organization: Annotated[Text | None, Query(max_length=64)] = None,
    active: bool | None = None,
) -> Response:
    rows, total = await queries.list_users(
        session, page, role=role, organization=organization, active=active
    )
    return json_response(UserPage.of(rows, total, page))


@router.post(
    "",
    summary="Create a user",
    status_code=201,
    response_model=User,
    responses=problem_responses(*AUTH_ERRORS, 409, 422),
)
async def create_user(
    session: SessionDep, data: UserCreate, subject: Annotated[Subject, Depends(MANAGE_USERS)]
) -> Response:
    user = await service.create_user(session, subject, data)
    return resource_response(User.model_validate(user), status_code=201)


@router.get(
    "/{user_id}",
    summary="Get a user",
    response_model=User,
    responses=problem_responses(*AUTH_ERRORS, 404, 422),
)
async def get_user(
    session: SessionDep, user_id: Id, _: Annotated[Subject, Depends(READ_USERS)]
) -> Response:
    return json_response(User.model_validate(await queries.get_user(session, user_id)))


@router.patch(
    "/{user_id}",
    summary="Change a user",
    description="Role, organisation, name or active flag. Needs If-Match; disabling signs the "
    "user out everywhere; changing the role or organisation, or disabling, revokes the user's "
    "API tokens (enabling again brings none back).",
    response_model=User,
    responses=problem_responses(*AUTH_ERRORS, 404, 409, 422),
)
async def update_user(
    session: SessionDep,
    user_id: Id,
    data: UserUpdate,
    subject: Annotated[Subject, Depends(MANAGE_USERS)],
    if_match: IfMatchDep,
) -> Response:
    user = await queries.get_user(session, user_id, for_update=True)
    if_match.check(User.model_validate(user))
    user = await service.update_user(session, subject, user, data)
    return resource_response(User.model_validate(user))


@router.post(
    "/{user_id}/password",
    summary="Reset a user's password",
    description="Sets a new password, signs the user out everywhere and revokes their API tokens.",
    status_code=204,
    responses=problem_responses(*AUTH_ERRORS, 404, 422),
)
async def reset_password(
    session: SessionDep,
    user_id: Id,
    data: PasswordReset,
    subject: Annotated[Subject, Depends(MANAGE_USERS)],
) -> Response:
    user = await queries.get_user(session, user_id, for_update=True)
    await service.reset_password(session, subject, user, data.password)
    return Response(status_code=204)
