from typing import Literal

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError

from uplift.auth.policy import CHECK_HEALTH
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
    description="200 when the service answers and its database is reachable; 503 otherwise. "
    "Credentials are not read: the answer is the same for every caller.",
    response_model=Health,
    dependencies=[Depends(CHECK_HEALTH)],
    responses=problem_responses(503),
)
async def healthz(probe: ProbeDep) -> Response:
    try:
        await probe()
    except (SQLAlchemyError, OSError):
        raise DatabaseUnreachable("The database does not answer", "資料庫沒有回應") from None
    return Response(HEALTHY, media_type="application/json")
