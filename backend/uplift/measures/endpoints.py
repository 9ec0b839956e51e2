from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from uplift.auth.policy import ANYONE, AUTHOR_PLANS
from uplift.auth.subject import Subject
from uplift.kit.bounds import Id, Text
from uplift.kit.db import SessionDep
from uplift.kit.errors import problem_responses
from uplift.kit.if_match import IfMatchDep
from uplift.kit.pagination import CursorParam, PageDep, decode_cursor
from uplift.kit.responses import resource_response
from uplift.measures import queries, service
from uplift.measures.schemas import (
    IndicatorCreate,
    IndicatorUpdate,
    Measure,
    MeasureCreate,
    MeasurePage,
    MeasureUpdate,
    SubItemCreate,
    SubItemUpdate,
)
from uplift.plans.page_cache import plan_content_answer
from uplift.plans.tree import encode

router = APIRouter(tags=["measures"])


@router.get(
    "/measures",
    summary="List and search measures",
    description=(
        "Top-level measures (具體推動作法) with their owners, indicators and sub-items. "
        "`q` matches any part of a measure's or its sub-items' text, ignoring spaces, "
        "letter case and full-width forms, so 電子發票 or 無障礙 find what they should."
    ),
    response_model=MeasurePage,
    responses=problem_responses(422),
)
async def list_measures(
    request: Request,
    session: SessionDep,
    page: PageDep,
    subject: Annotated[Subject, Depends(ANYONE)],
    plan_id: Annotated[Id | None, Query(description="Only this plan's measures.")] = None,
    organization: Annotated[
        Text | None,
        Query(max_length=64, description="Only measures this organisation (code) owns."),
    ] = None,
    dimension: Annotated[Id | None, Query(description="Only this dimension (id).")] = None,
    strategy: Annotated[Id | None, Query(description="Only this strategy (id).")] = None,
    q: Annotated[
        Text | None, Query(min_length=1, max_length=100, description="Text to search for.")
    ] = None,
    sort: Annotated[
        queries.MeasureSort, Query(description="`document` is the plan's own order.")
    ] = "document",
    cursor: CursorParam = None,
) -> Response:
    after = None
    if cursor is not None:
        after = decode_cursor(cursor, sort, queries.sort_key_length(sort), of=int)

    async def build() -> bytes:
        found = await queries.list_measures(
            session,
            subject,
            page,
            plan_id=plan_id,
            organization=organization,
            dimension=dimension,
            strategy=strategy,
            q=q,
            sort=sort,
            after=after,
        )
        return encode(found.page_fields(request, page, sort))

    return await plan_content_answer(request, session, subject, build)


@router.get(
    "/measures/{measure_id}",
    summary="Get a measure",
    response_model=Measure,
    responses=problem_responses(404, 422),
)
async def get_measure(
    request: Request,
    session: SessionDep,
    measure_id: Id,
    subject: Annotated[Subject, Depends(ANYONE)],
) -> Response:
    async def build() -> bytes:
        return encode(await queries.measure_data(session, subject, measure_id))

    return await plan_content_answer(request, session, subject, build)


Author = Annotated[Subject, Depends(AUTHOR_PLANS)]
WRITE_ERRORS = problem_responses(401, 403, 404, 409, 422)
GUARDED = (
    "Needs If-Match with the measure's ETag: a measure's ETag covers its text, owners, "
    "sub-items and indicators. Answers the measure as it now is."
)


@router.post(
    "/strategies/{strategy_id}/measures",
    summary="Add a measure",
    status_code=201,
    response_model=Measure,
    responses=WRITE_ERRORS,
)
async def create_measure(
    session: SessionDep, strategy_id: Id, data: MeasureCreate, subject: Author
) -> Response:
    measure = await service.create_measure(session, subject, strategy_id, data)
    return resource_response(measure, status_code=201)


@router.patch(
    "/measures/{measure_id}",
    summary="Change a measure",
    description="Code, text, owners or place. " + GUARDED,
    response_model=Measure,
    responses=WRITE_ERRORS,
)
async def update_measure(
    session: SessionDep, measure_id: Id, data: MeasureUpdate, subject: Author, if_match: IfMatchDep
) -> Response:
    row, current = await service.locked_measure(session, subject, measure_id, if_match)
    return resource_response(await service.update_measure(session, subject, row, current, data))


@router.delete(
    "/measures/{measure_id}",
    summary="Delete a measure",
    description="With its sub-items and indicators. " + GUARDED,
    status_code=204,
    responses=WRITE_ERRORS,
)
async def delete_measure(
    session: SessionDep, measure_id: Id, subject: Author, if_match: IfMatchDep
) -> Response:
    row, current = await service.locked_measure(session, subject, measure_id, if_match)
    await service.delete_measure(session, subject, row, current)
    return Response(status_code=204)


@router.post(
    "/measures/{measure_id}/sub-items",
    summary="Add a sub-item",
    description=GUARDED,
    status_code=201,
    response_model=Measure,
    responses=WRITE_ERRORS,
)
async def add_sub_item(
    session: SessionDep, measure_id: Id, data: SubItemCreate, subject: Author, if_match: IfMatchDep
) -> Response:
    row, current = await service.locked_measure(session, subject, measure_id, if_match)
    updated = await service.add_sub_item(session, subject, row, current, data)
    return resource_response(updated, status_code=201)


@router.patch(
    "/measures/{measure_id}/sub-items/{sub_item_id}",
    summary="Change a sub-item",
    description=GUARDED,
    response_model=Measure,
    responses=WRITE_ERRORS,
)
async def update_sub_item(
    session: SessionDep,
    measure_id: Id,
    sub_item_id: Id,
    data: SubItemUpdate,
    subject: Author,
    if_match: IfMatchDep,
) -> Response:
    row, current = await service.locked_measure(
        session, subject, measure_id, if_match, sub_item_id=sub_item_id
    )
    return resource_response(
        await service.update_sub_item(session, subject, row, current, sub_item_id, data)
    )


@router.delete(
    "/measures/{measure_id}/sub-items/{sub_item_id}",
    summary="Delete a sub-item",
    description=GUARDED,
    response_model=Measure,
    responses=WRITE_ERRORS,
)
async def delete_sub_item(
    session: SessionDep, measure_id: Id, sub_item_id: Id, subject: Author, if_match: IfMatchDep
) -> Response:
    row, current = await service.locked_measure(
        session, subject, measure_id, if_match, sub_item_id=sub_item_id
    )
    return resource_response(
        await service.delete_sub_item(session, subject, row, current, sub_item_id)
    )


@router.post(
    "/measures/{measure_id}/indicators",
    summary="Add an indicator",
    description="To the measure, or to one of its sub-items (`sub_item_id`). " + GUARDED,
    status_code=201,
    response_model=Measure,
    responses=WRITE_ERRORS,
)
async def add_indicator(
    session: SessionDep,
    measure_id: Id,
    data: IndicatorCreate,
    subject: Author,
    if_match: IfMatchDep,
) -> Response:
    row, current = await service.locked_measure(session, subject, measure_id, if_match)
    updated = await service.add_indicator(session, subject, row, current, data)
    return resource_response(updated, status_code=201)


@router.patch(
    "/measures/{measure_id}/indicators/{indicator_id}",
    summary="Change an indicator",
    description=GUARDED,
    response_model=Measure,
    responses=WRITE_ERRORS,
)
async def update_indicator(
    session: SessionDep,
    measure_id: Id,
    indicator_id: Id,
    data: IndicatorUpdate,
    subject: Author,
    if_match: IfMatchDep,
) -> Response:
    row, current = await service.locked_measure(
        session, subject, measure_id, if_match, indicator_id=indicator_id
    )
    return resource_response(
        await service.update_indicator(session, subject, row, current, indicator_id, data)
    )


@router.delete(
    "/measures/{measure_id}/indicators/{indicator_id}",
    summary="Delete an indicator",
    description=GUARDED,
    response_model=Measure,
    responses=WRITE_ERRORS,
)
async def delete_indicator(
    session: SessionDep, measure_id: Id, indicator_id: Id, subject: Author, if_match: IfMatchDep
) -> Response:
    row, current = await service.locked_measure(
        session, subject, measure_id, if_match, indicator_id=indicator_id
    )
    return resource_response(
        await service.delete_indicator(session, subject, row, current, indicator_id)
    )
