from typing import Annotated

from fastapi import APIRouter, Depends, Path

from uplift.auth.policy import ANYONE
from uplift.auth.subject import Subject
from uplift.kit.db import SessionDep
from uplift.kit.errors import problem_responses
from uplift.office_calendar import queries
from uplift.office_calendar.schemas import CalendarYearView, LoadedYears

router = APIRouter(prefix="/office-calendar", tags=["office calendar"])


@router.get(
    "",
    summary="List the loaded years of the office calendar",
    description="The years of the government office calendar (行政機關辦公日曆表) loaded, "
    "which deadlines in working days count by; a deadline past them is provisional.",
    response_model=LoadedYears,
)
async def list_years(session: SessionDep, _: Annotated[Subject, Depends(ANYONE)]) -> LoadedYears:
    return LoadedYears(items=await queries.loaded_years(session))


@router.get(
    "/{year}",
    summary="Read a year of the office calendar",
    description="Its holidays on weekdays, its make-up working Saturdays and its notes.",
    response_model=CalendarYearView,
    responses=problem_responses(404, 422),
)
async def read_year(
    session: SessionDep,
    _: Annotated[Subject, Depends(ANYONE)],
    year: Annotated[int, Path(ge=1912, le=9999, description="The Gregorian year, e.g. 2018.")],
) -> CalendarYearView:
    return await queries.year_view(session, year)
