from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError

from uplift.auth.policy import ANYONE
from uplift.auth.subject import Subject
from uplift.kit.db import ProbeDep
from uplift.kit.errors import UpliftError, problem_responses
from uplift.kit.responses import encode_json

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok"]
    database: Literal["ok"]


# The one answer a healthy service gives, encoded once.
HEALTHY = encode_json(Health(status="ok", database="ok"))


class DatabaseUnreachable(UpliftError):
    status = 503
    slug = "database-unreachable"


@router.get(
    "/healthz",
    summary="Check health",
    description="200 when the service answers and its database is reachable; 503 otherwise.",
    response_model=Health,
    responses=problem_responses(503),
)
async def healthz(probe: ProbeDep, _: Annotated[Subject, Depends(ANYONE)]) -> Response:
    try:
        await probe()
    except (SQLAlchemyError, OSError):
        raise DatabaseUnreachable("The database does not answer", "資料庫沒有回應") from None
    return Response(HEALTHY, media_type="application/json")
