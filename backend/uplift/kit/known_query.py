"""A query parameter the operation does not take is refused, not ignored.

FastAPI reads the parameters a route declares and drops the rest, so a script that writes
`?organisation=…` for `?organization=…`, or `?plan=1` for `?plan_id=1`, is
answered as if it had asked for everything, and cannot tell. Every API route depends on
`KNOWN_QUERY` (the API router's own dependency, main.py): a name the route does not declare
is a 422 problem that names it and lists the names it does take. The OpenAPI document lists
422 on every operation (contract.py).
"""

import weakref

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from uplift.kit.errors import InvalidParameter

# Per route, the query parameter names it declares (by alias), its dependencies' included.
# By id, with a weak reference that tells a route from a later one given the same id (an
# APIRoute is not hashable).
_TAKEN: dict[int, tuple["weakref.ref[APIRoute]", frozenset[str]]] = {}


def _taken_by(route: APIRoute) -> frozenset[str]:
    kept = _TAKEN.get(id(route))
    if kept is not None and kept[0]() is route:
        return kept[1]
    taken = frozenset(_query_names(route.dependant))
    _TAKEN[id(route)] = (weakref.ref(route), taken)
    return taken


def _query_names(dependant: Dependant) -> set[str]:
    names = {field.alias for field in dependant.query_params}
    for dependency in dependant.dependencies:
        names |= _query_names(dependency)
    return names


async def _known_query_only(request: Request) -> None:
    if not request.scope.get("query_string"):
        return
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    taken = _taken_by(route)
    for given in request.query_params:
        if given not in taken:
            name = given if len(given) <= 64 else given[:64] + "…"  # echoed, so bounded
            takes = ", ".join(sorted(taken)) or "none"
            zh_takes = "、".join(sorted(taken)) or "無"
            raise InvalidParameter(
                name,
                "query",
                f"This operation takes no query parameter '{name}' (it takes: {takes})",
                f"此作業沒有「{name}」查詢參數（可用參數：{zh_takes}）",
            )


KNOWN_QUERY = Depends(_known_query_only)
