"""Send a request only to the domain router whose paths can match it.

FastAPI matches a request by trying every route in order, through every included router,
and does it twice (once to choose, once to handle): about a hundred route matches for
/api/v1/healthz, the last domain, which cost more than the health check itself. A domain's
paths start with a few known words (/plans, /dimensions, …): a gate around each domain
router answers "no match" for any other path with one string comparison, so only the right
domain's routes are tried. Routing, OpenAPI and every answer (404, 405) stay FastAPI's own.
"""

from fastapi import APIRouter
from fastapi.routing import APIRoute
from starlette._utils import get_route_path
from starlette.routing import Match
from starlette.types import Scope


class DomainGate(APIRouter):
    def __init__(self, domain: APIRouter, mounted_at: str) -> None:
        super().__init__()
        self.include_router(domain)
        self.prefixes = _path_prefixes(domain, mounted_at)

    def admits(self, path: str) -> bool:
        if self.prefixes is None:
            return True
        return any(path == prefix or path.startswith(prefix + "/") for prefix in self.prefixes)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if not self.admits(get_route_path(scope)):
            return Match.NONE, {}
        return super().matches(scope)


def _path_prefixes(domain: APIRouter, mounted_at: str) -> tuple[str, ...] | None:
    """The first segments of the domain's paths under `mounted_at`; None (admit everything)
    when a path starts with a parameter or the router holds anything but plain routes."""
    firsts: set[str] = set()
    for route in domain.routes:
        if not isinstance(route, APIRoute):
            return None
        first = route.path.split("/")[1]
        if not first or "{" in first:
            return None
        firsts.add(first)
    return tuple(f"{mounted_at}/{first}" for first in sorted(firsts))
