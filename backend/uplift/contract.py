"""The OpenAPI document completed from what each route declares, in one place: who may call
it (its Policy), what its method means for caching, and whether it is guarded by If-Match
(it asks for kit/if_match.py's IfMatchDep, which also declares the header). A route states
only what is its own (its summary, its 404 or 409); this adds what every route of its kind
shares, and claims 412 and 428 exactly where the code can answer them.
"""

from typing import Any

from fastapi import FastAPI

from uplift.auth.policy import Policy, Unconditional, policies_of
from uplift.auth.subject import bearer
from uplift.kit.db import SAFE_METHODS
from uplift.kit.errors import PROBLEM_JSON, problem_response_doc
from uplift.kit.if_match import guards_with_if_match
from uplift.kit.routes import ServedRoute, api_routes

ETAG_HEADER = {
    "description": "The version of what was read; send it back as If-Match to change it.",
    "schema": {"type": "string"},
}


def _optional_header(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "header",
        "required": False,
        "description": description,
        "schema": {"type": "string"},
    }


IF_NONE_MATCH = _optional_header(
    "If-None-Match", "The ETag of the copy you hold: 304 Not Modified while it is current."
)
NOT_MODIFIED = {
    "description": "Not modified: your copy is current.",
    "headers": {"ETag": ETAG_HEADER},
}


def install_contract(app: FastAPI, path_prefix: str) -> None:
    """Complete the document FastAPI builds, once, before anyone reads it."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = build()
            _declare_token_scheme(document)
            for route in api_routes(app, path_prefix):
                _complete_route(document["paths"][route.path], route)
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]


def _declare_token_scheme(document: dict[str, Any]) -> None:
    """The API token scheme every operation names (`_declare_who`), as FastAPI would declare
    it for a route depending on `bearer`."""
    schemes = document.setdefault("components", {}).setdefault("securitySchemes", {})
    schemes[bearer.scheme_name] = bearer.model.model_dump(
        mode="json", by_alias=True, exclude_none=True
    )


def _complete_route(operations: dict[str, Any], route: ServedRoute) -> None:
    (policy,) = policies_of(route.dependant)
    for method in sorted(route.methods):
        operation = operations[method.lower()]
        _declare_who(operation, policy, method)
        _add_problems(operation, [422])  # a query parameter it does not take (kit/known_query)
        if "requestBody" in operation:
            _add_problems(operation, [400])  # a body that is not JSON at all
        if method in SAFE_METHODS:
            _declare_conditional_read(operation)
        elif guards_with_if_match(route.dependant):
            _declare_guarded_write(operation)
        _problems_only_as_problem_json(operation)
        operation["responses"] = dict(sorted(operation["responses"].items()))


def _declare_who(operation: dict[str, Any], policy: Policy, method: str) -> None:
    if isinstance(policy, Unconditional):  # no credentials read, none refused
        _set_security(operation, [{}])
        return
    token: dict[str, list[str]] = {bearer.scheme_name: []}
    # Any request may carry a token, and an unknown or expired one is refused even where none
    # is needed; a signed-in change without its CSRF header is refused wherever it goes.
    problems = [401]
    if policy.public:
        _set_security(operation, [{}, token])
        if method not in SAFE_METHODS:
            problems.append(403)
    else:
        _set_security(operation, [token])
        problems.append(403)
    _add_problems(operation, problems)


def _set_security(operation: dict[str, Any], security: list[dict[str, list[str]]]) -> None:
    """Where FastAPI puts it: after the summary and operation id, before the parameters."""
    entries = list(operation.items())
    operation.clear()
    for name, value in entries:
        if name in ("parameters", "requestBody", "responses") and "security" not in operation:
            operation["security"] = security
        operation[name] = value
    operation["security"] = security


def _declare_conditional_read(operation: dict[str, Any]) -> None:
    _add_parameter(operation, IF_NONE_MATCH)
    for status, response in operation["responses"].items():
        if status == "200":
            response.setdefault("headers", {})["ETag"] = ETAG_HEADER
    operation["responses"].setdefault("304", NOT_MODIFIED)


def _declare_guarded_write(operation: dict[str, Any]) -> None:
    """IfMatchDep declared the header; a header is a string or absent, never null."""
    for parameter in operation["parameters"]:
        if parameter["name"] == "If-Match":
            parameter["schema"] = {"type": "string"}
    _add_problems(operation, [412, 428])


def _add_parameter(operation: dict[str, Any], parameter: dict[str, Any]) -> None:
    parameters = operation.setdefault("parameters", [])
    if not any(p["name"].lower() == parameter["name"].lower() for p in parameters):
        parameters.append(parameter)


def _add_problems(operation: dict[str, Any], statuses: list[int]) -> None:
    for status in statuses:
        operation["responses"].setdefault(str(status), problem_response_doc(status))


def _problems_only_as_problem_json(operation: dict[str, Any]) -> None:
    """FastAPI lists a problem model under application/json too; errors are never sent so."""
    for response in operation["responses"].values():
        content = response.get("content", {})
        if PROBLEM_JSON in content:
            content.pop("application/json", None)
