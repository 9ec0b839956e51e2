from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from uplift.auth.policy import ANYONE
from uplift.auth.subject import Subject
from uplift.kit.db import SessionDep
from uplift.kit.errors import problem_responses
from uplift.kit.pagination import PageDep
from uplift.kit.responses import json_response
from uplift.models import PlanStatus
from uplift.plans import service
from uplift.plans.schemas import Plan, PlanContent, PlanPage, PlanTree

router = APIRouter(prefix="/plans", tags=["plans"])


@router.get(
    "",
    summary="List plans",
    description="Newest year first. `year` is Gregorian; each plan also gives its `roc_year`.",
    response_model=PlanPage,
    responses=problem_responses(422),
)
async def list_plans(
    session: SessionDep,
    page: PageDep,
    subject: Annotated[Subject, Depends(ANYONE)],
    year: Annotated[int | None, Query(ge=1912, le=2999, description="Gregorian year.")] = None,
    status: Annotated[PlanStatus | None, Query()] = None,
) -> Response:
    rows, total = await service.list_plans(session, subject, page, year=year, status=status)
    return json_response(PlanPage.of(rows, total, page))


@router.get(
    "/{plan_id}",
    summary="Get a plan",
    description="Basis, objectives, target categories, sections, review rounds and counts.",
    response_model=Plan,
    responses=problem_responses(404, 422),
)
async def get_plan(
    session: SessionDep, plan_id: int, subject: Annotated[Subject, Depends(ANYONE)]
) -> Response:
    plan = await service.get_plan(session, subject, plan_id)
    counts = await service.plan_counts(session, plan_id)
    return json_response(Plan(**dict(PlanContent.model_validate(plan)), counts=counts))


@router.get(
    "/{plan_id}/tree",
    summary="Get a plan's whole tree",
    description=(
        "Dimensions → strategies → measures (with owners, indicators and sub-items) "
        "in one response."
    ),
    response_model=PlanTree,
    responses=problem_responses(404, 422),
)
async def get_plan_tree(
    session: SessionDep, plan_id: int, subject: Annotated[Subject, Depends(ANYONE)]
) -> Response:
    return json_response(await service.get_plan_tree(session, subject, plan_id))
