"""The application's API routes as they are served, with their full paths.

FastAPI keeps an included router as one entry in `app.routes`; walking `app.routes` for
APIRoute finds none of ours, so every walk over the routes goes through here.
"""

from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts


@dataclass(frozen=True)
class ServedRoute:
    path: str  # as in the OpenAPI document: /api/v1/plans/{plan_id}
    methods: frozenset[str]
    dependant: Dependant


def api_routes(app: FastAPI, path_prefix: str = "/api/") -> list[ServedRoute]:
    return [
        ServedRoute(context.path_format, frozenset(context.methods or ()), context.dependant)
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute)
        and context.path_format
        and context.path_format.startswith(path_prefix)
    ]
