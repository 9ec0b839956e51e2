"""Send an API request straight to the routes its path can match.

FastAPI keeps each included router as one entry and matches a request by walking the tree of
included routers, at every level asking each router whether its routes changed since the last
request, and it does it twice (once to choose, once to handle): for /api/v1/healthz that cost
more than the health check itself. The API's paths start with a few known words (/plans,
/measures, /healthz, …), so the served routes are indexed once by that first word and a request
is matched only against the routes that share it, in FastAPI's own order, and handed to the
route exactly as FastAPI's router hands it.

Anything the index does not answer with a full match (an unknown path, a wrong method, a
trailing slash to redirect, a route added after the first request) goes to FastAPI's router
unchanged, so every answer (404, 405, the redirect) stays FastAPI's own.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.routing import (  # the router's own steps, so a route runs as if FastAPI chose it
    _FASTAPI_EFFECTIVE_ROUTE_CONTEXT_KEY,
    APIRoute,
    _get_fastapi_scope,
    _iter_routes_with_context,
    _update_scope,
)
from fastapi.telemetry._api import _route_selected
from starlette._utils import get_route_path
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send


class RouteIndex:
    def __init__(self, app: FastAPI, fallback: ASGIApp, path_prefix: str) -> None:
        self.router = app.router
        self.fallback = fallback
        self.path_prefix = path_prefix
        self.by_first_segment: Mapping[str, Sequence[Any]] | None = None

    def _build(self) -> Mapping[str, Sequence[Any]]:
        """The served routes under the prefix by their path's first segment; an empty index
        (everything to the router) when one starts with a parameter or is not a plain route."""
        index: dict[str, list[Any]] = {}
        for route, context in _iter_routes_with_context(self.router.routes):
            path = context.path_format if context is not None else getattr(route, "path", "")
            if not path.startswith(self.path_prefix):
                continue
            first = path[len(self.path_prefix) :].split("/")[0]
            if context is None or not isinstance(route, APIRoute) or not first or "{" in first:
                return {}
            index.setdefault(first, []).append(context)
        return index

    def candidates(self, path: str) -> Sequence[Any]:
        if self.by_first_segment is None:
            self.by_first_segment = self._build()
        if not path.startswith(self.path_prefix):
            return ()
        first = path[len(self.path_prefix) :].split("/", 1)[0]
        return self.by_first_segment.get(first, ())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            for context in self.candidates(get_route_path(scope)):
                match, child_scope = context.matches(scope)
                if match == Match.FULL:
                    await self._handle(context, child_scope, scope, receive, send)
                    return
        await self.fallback(scope, receive, send)

    async def _handle(
        self, context: Any, child_scope: Scope, scope: Scope, receive: Receive, send: Send
    ) -> None:
        scope.setdefault("router", self.router)
        _update_scope(scope, child_scope)
        _route_selected(scope=scope, path=context.path_format)
        _get_fastapi_scope(scope)[_FASTAPI_EFFECTIVE_ROUTE_CONTEXT_KEY] = context
        scope["route"] = context.original_route
        await context.original_route.handle(scope, receive, send)


def install_route_index(app: FastAPI, path_prefix: str) -> None:
    """Put the index in front of the app's router (inside every middleware)."""
    router = app.router
    if router.middleware_stack != router.app:  # router-level middleware the index would skip
        return
    router.middleware_stack = RouteIndex(app, router.middleware_stack, path_prefix)
