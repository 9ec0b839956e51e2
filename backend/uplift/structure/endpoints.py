from typing import Annotated

from fastapi import APIRouter, Depends, Response

from uplift.auth.policy import ANYONE, AUTHOR_PLANS
from uplift.auth.subject import Subject
from uplift.kit.bounds import Id
from uplift.kit.db import SessionDep
from uplift.kit.errors import problem_responses
from uplift.kit.if_match import IfMatchDep
from uplift.kit.responses import json_response, resource_response
from uplift.structure import queries, service
from uplift.structure.schemas import (
    Dimension,
    DimensionCreate,
    DimensionUpdate,
    Strategy,
    StrategyCreate,
    StrategyUpdate,
)

router = APIRouter(tags=["structure"])
READ_ERRORS = problem_responses(404, 422)
WRITE_ERRORS = problem_responses(401, 403, 404, 409, 422)
Author = Annotated[Subject, Depends(AUTHOR_PLANS)]
Reader = Annotated[Subject, Depends(ANYONE)]


@router.post(
    "/plans/{plan_id}/dimensions",
    summary="Add a dimension",
    status_code=201,
    response_model=Dimension,
    responses=WRITE_ERRORS,
)
async def create_dimension(
    session: SessionDep, plan_id: Id, data: DimensionCreate, subject: Author
) -> Response:
    dimension = await service.create_dimension(session, subject, plan_id, data)
    return resource_response(queries.dimension_schema(dimension), status_code=201)


@router.get(
    "/dimensions/{dimension_id}",
    summary="Get a dimension",
    response_model=Dimension,
    responses=READ_ERRORS,
)
async def get_dimension(session: SessionDep, dimension_id: Id, subject: Reader) -> Response:
    dimension = await queries.get_dimension(session, subject, dimension_id)
    return json_response(queries.dimension_schema(dimension))


@router.patch(
    "/dimensions/{dimension_id}",
    summary="Change a dimension",
    description="Code, name or place (`position`). Needs If-Match.",
    response_model=Dimension,
    responses=WRITE_ERRORS,
)
async def update_dimension(
    session: SessionDep,
    dimension_id: Id,
    data: DimensionUpdate,
    subject: Author,
    if_match: IfMatchDep,
) -> Response:
    dimension = await service.locked_dimension(session, subject, dimension_id, if_match)
    await service.update_dimension(session, subject, dimension, data)
    return resource_response(queries.dimension_schema(dimension))


@router.delete(
    "/dimensions/{dimension_id}",
    summary="Delete an empty dimension",
    status_code=204,
    responses=WRITE_ERRORS,
)
async def delete_dimension(
    session: SessionDep, dimension_id: Id, subject: Author, if_match: IfMatchDep
) -> Response:
    dimension = await service.locked_dimension(session, subject, dimension_id, if_match)
    await service.delete_dimension(session, subject, dimension)
    return Response(status_code=204)


@router.post(
    "/dimensions/{dimension_id}/strategies",
    summary="Add a strategy",
    status_code=201,
    response_model=Strategy,
    responses=WRITE_ERRORS,
)
async def create_strategy(
    session: SessionDep, dimension_id: Id, data: StrategyCreate, subject: Author
) -> Response:
    dimension = await queries.get_dimension(session, subject, dimension_id)
    strategy = await service.create_strategy(session, subject, dimension, data)
    return resource_response(queries.strategy_schema(strategy, dimension), status_code=201)


@router.get(
    "/strategies/{strategy_id}",
    summary="Get a strategy",
    response_model=Strategy,
    responses=READ_ERRORS,
)
async def get_strategy(session: SessionDep, strategy_id: Id, subject: Reader) -> Response:
    strategy, dimension = await queries.get_strategy(session, subject, strategy_id)
    return json_response(queries.strategy_schema(strategy, dimension))


@router.patch(
    "/strategies/{strategy_id}",
    summary="Change a strategy",
    description="Code, name or place (`position`). Needs If-Match.",
    response_model=Strategy,
    responses=WRITE_ERRORS,
)
async def update_strategy(
    session: SessionDep,
    strategy_id: Id,
    data: StrategyUpdate,
    subject: Author,
    if_match: IfMatchDep,
) -> Response:
    strategy, dimension = await service.locked_strategy(session, subject, strategy_id, if_match)
    await service.update_strategy(session, subject, strategy, dimension, data)
    return resource_response(queries.strategy_schema(strategy, dimension))


@router.delete(
    "/strategies/{strategy_id}",
    summary="Delete an empty strategy",
    status_code=204,
    responses=WRITE_ERRORS,
)
async def delete_strategy(
    session: SessionDep, strategy_id: Id, subject: Author, if_match: IfMatchDep
) -> Response:
    strategy, dimension = await service.locked_strategy(session, subject, strategy_id, if_match)
    await service.delete_strategy(session, subject, strategy, dimension)
    return Response(status_code=204)
