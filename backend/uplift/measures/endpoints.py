from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from uplift.auth.policy import ANYONE
from uplift.auth.subject import Subject
from uplift.kit.db import SessionDep
from uplift.kit.errors import problem_responses
from uplift.kit.pagination import PageDep
from uplift.kit.responses import json_response
from uplift.measures import service
from uplift.measures.schemas import Measure, MeasurePage

router = APIRouter(prefix="/measures", tags=["measures"])


@router.get(
    "",
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
    session: SessionDep,
    page: PageDep,
    subject: Annotated[Subject, Depends(ANYONE)],
    plan_id: Annotated[int | None, Query(ge=1, description="Only this plan's measures.")] = None,
    organization: Annotated[
        str | None,
        Query(max_length=64, description="Only measures this organisation (code) owns."),
    ] = None,
    dimension: Annotated[int | None, Query(ge=1, description="Only this dimension (id).")] = None,
    strategy: Annotated[int | None, Query(ge=1, description="Only this strategy (id).")] = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=100, description="Text to search for.")
    ] = None,
    sort: Annotated[
        service.MeasureSort, Query(description="`document` is the plan's own order.")
    ] = "document",
) -> Response:
    rows, total = await service.list_measures(
        session,
        subject,
        page,
        plan_id=plan_id,
        organization=organization,
        dimension=dimension,
        strategy=strategy,
        q=q,
        sort=sort,
    )
    return json_response(
        MeasurePage(items=rows, total=total, page=page.page, page_size=page.page_size)
    )


@router.get(
    "/{measure_id}",
    summary="Get a measure",
    response_model=Measure,
    responses=problem_responses(404, 422),
)
async def get_measure(
    session: SessionDep, measure_id: int, subject: Annotated[Subject, Depends(ANYONE)]
) -> Response:
    return json_response(await service.get_measure(session, subject, measure_id))
