"""RFC 9457 problem+json: every error the API answers, in one shape and two languages."""

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from uplift.kit.bounds import WITHOUT_NUL
from uplift.kit.i18n import Language, request_language
from uplift.kit.roc_date import RocDateError
from uplift.kit.routes import api_routes

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

_TITLES: dict[int, tuple[str, str]] = {
    400: ("請求格式錯誤", "Bad request"),
    401: ("需要登入", "Authentication required"),
    403: ("沒有權限", "Forbidden"),
    404: ("找不到資源", "Not found"),
    405: ("不允許的方法", "Method not allowed"),
    406: ("無法提供要求的格式", "Not acceptable"),
    409: ("資料衝突", "Conflict"),
    412: ("資料已被他人修改", "Precondition failed"),
    413: ("內容過大", "Content too large"),
    415: ("不支援的媒體類型", "Unsupported media type"),
    422: ("輸入內容有誤", "Invalid input"),
    428: ("需要先決條件", "Precondition required"),
    429: ("請求過於頻繁", "Too many requests"),
    500: ("伺服器內部錯誤", "Internal server error"),
    503: ("服務暫時無法使用", "Service unavailable"),
}

# zh-TW wording for the validation errors people meet most; others keep pydantic's English.
_VALIDATION_ZH: dict[str, str] = {
    "missing": "此欄位為必填",
    "int_parsing": "必須是整數",
    "int_type": "必須是整數",
    "float_parsing": "必須是數字",
    "bool_parsing": "必須是 true 或 false",
    "greater_than_equal": "必須大於或等於 {ge}",
    "less_than_equal": "必須小於或等於 {le}",
    "greater_than": "必須大於 {gt}",
    "less_than": "必須小於 {lt}",
    "string_too_short": "長度至少 {min_length} 個字元",
    "string_too_long": "長度最多 {max_length} 個字元",
    "string_pattern_mismatch": "格式不符",
    "too_short": "至少需要 {min_length} 項",
    "list_type": "必須是清單",
    "string_type": "必須是文字",
    "datetime_from_date_parsing": "日期時間格式錯誤",
    "datetime_parsing": "日期時間格式錯誤",
    "decimal_max_digits": "數字位數過多",
    "model_attributes_type": "必須是物件",
    "literal_error": "必須是下列之一：{expected}",
    "enum": "必須是下列之一：{expected}",
    "date_from_datetime_parsing": "日期格式錯誤",
    "date_parsing": "日期格式錯誤",
    "json_invalid": "JSON 格式錯誤",
    "extra_forbidden": "不允許此欄位",
    "too_long": "最多 {max_length} 項",
    "nul_character": "不可包含 NUL 字元",
    "timezone_aware": "須註明時區，例如 +08:00",
    "timestamp_out_of_range": "須介於 1912-01-01 與 9999-12-30 之間",
    "timestamp_not_iso": "須為 ISO 8601 日期時間，例如 2026-11-27T08:00:00+08:00",
}


class ProblemFieldError(BaseModel):
    field: str = Field(description="The parameter or body field at fault, e.g. `page_size`.")
    location: str = Field(description="Where it was sent: query, path, header or body.")
    type: str = Field(description="A machine-readable error type, e.g. `less_than_equal`.")
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = Field(examples=["urn:uplift:problem:not-found"])
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[ProblemFieldError] = Field(default_factory=list)


class UpliftError(Exception):
    """An error the API explains to its caller; subclasses set status and wording."""

    status = 400
    slug = "bad-request"

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.messages: dict[Language, str] = {"en": en, "zh-TW": zh}
        self.headers: dict[str, str] = {}

    def field_errors(self, language: Language) -> list["ProblemFieldError"]:
        """The fields at fault, for `errors[]`; none unless a subclass knows them."""
        return []


class InvalidParameter(UpliftError):
    """A parameter that parses but names nothing that exists, e.g. an unknown organisation."""

    status = 422
    slug = "validation"

    def __init__(self, field: str, location: str, en: str, zh: str) -> None:
        super().__init__(f"{field}: {en}", f"{field}：{zh}")
        self.field = field
        self.location = location
        self.reasons: dict[Language, str] = {"en": en, "zh-TW": zh}

    def field_errors(self, language: Language) -> list["ProblemFieldError"]:
        return [
            ProblemFieldError(
                field=self.field,
                location=self.location,
                type="invalid",
                message=self.reasons[language],
            )
        ]


class ConflictError(UpliftError):
    """The request is well-formed but clashes with the state of things (a taken name…)."""

    status = 409
    slug = "conflict"


class ResourceNotFound(UpliftError):
    status = 404
    slug = "not-found"

    def __init__(self, resource_en: str, resource_zh: str, identifier: object) -> None:
        super().__init__(
            f"{resource_en} {identifier} does not exist",
            f"找不到{resource_zh} {identifier}",
        )


class BodyTooLargeError(StarletteHTTPException):
    """A request body over its route's limit, raised while it arrives (kit/body_limit.py): an
    HTTPException, because FastAPI hands those from the body reader on to the handlers."""

    def __init__(self, limit: int) -> None:
        super().__init__(413)
        self.limit = limit


def title_for(status: int, language: Language) -> str:
    zh, en = _TITLES.get(status, (HTTPStatus(status).phrase, HTTPStatus(status).phrase))
    return zh if language == "zh-TW" else en


def _slug(status: int) -> str:
    return HTTPStatus(status).phrase.lower().replace(" ", "-")


def problem_response(
    request: Request,
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    errors: list[ProblemFieldError] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    language = request_language(request)
    problem = Problem(
        type=f"urn:uplift:problem:{slug or _slug(status)}",
        title=title_for(status, language),
        status=status,
        detail=detail,
        instance=request.url.path,
        errors=errors or [],
    )
    return JSONResponse(
        problem.model_dump(mode="json"),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers={"Content-Language": language, **(headers or {})},
    )


def _field_error(error: dict[str, Any], language: Language) -> ProblemFieldError:
    if (error.get("ctx") or {}).get("pattern") == WITHOUT_NUL:
        error = {**error, "type": "nul_character", "msg": "Text must not contain NUL characters"}
    location, *path = [str(part) for part in error["loc"]] or ["body"]
    message = error["msg"]
    if language == "zh-TW":
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, RocDateError):
            message = cause.zh
        elif error["type"] in _VALIDATION_ZH:
            message = _VALIDATION_ZH[error["type"]].format(**(error.get("ctx") or {}))
    elif message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    return ProblemFieldError(
        field=".".join(path) or location, location=location, type=error["type"], message=message
    )


async def _validation_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    language = request_language(request)
    errors = [_field_error(error, language) for error in exc.errors()]
    fields = (
        "、".join(e.field for e in errors)
        if language == "zh-TW"
        else ", ".join(e.field for e in errors)
    )
    detail = f"請修正：{fields}" if language == "zh-TW" else f"Please correct: {fields}"
    return problem_response(request, 422, detail, slug="validation", errors=errors)


def too_large_response(request: Request, limit: int) -> JSONResponse:
    megabytes = f"{limit / 1024 / 1024:g} MB"
    detail = (
        f"請求內容超過此網址接受的 {megabytes}"
        if request_language(request) == "zh-TW"
        else f"The request body is larger than the {megabytes} this address accepts"
    )
    return problem_response(request, 413, detail, slug="content-too-large")


async def _http_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if isinstance(exc, BodyTooLargeError):
        return too_large_response(request, exc.limit)
    language = request_language(request)
    if exc.status_code == 404 and exc.detail == "Not Found":
        detail = (
            f"沒有 {request.url.path} 這個網址"
            if language == "zh-TW"
            else f"There is nothing at {request.url.path}"
        )
    elif exc.status_code == 405:
        detail = (
            f"{request.url.path} 不接受 {request.method}"
            if language == "zh-TW"
            else f"{request.url.path} does not accept {request.method}"
        )
    else:
        detail = str(exc.detail)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = _allowed_methods(request)
    return problem_response(request, exc.status_code, detail, headers=headers)


def _allowed_methods(request: Request) -> str:
    """Every method some route serves at this path; the router names only the first route's.
    A path a route names literally (/plans/featured) is its own resource, not an id of the
    route beside it (/plans/{plan_id}), so then only literal routes count."""
    path = request.url.path
    matching = [route for route in _route_patterns(request.app) if route.pattern.match(path)]
    literal = [route for route in matching if route.literal]
    served = {method for route in literal or matching for method in route.methods}
    if "GET" in served:
        served.add("HEAD")  # HeadAsGetMiddleware answers HEAD wherever GET is served
    return ", ".join(method for method in _METHODS if method in served)


@dataclass(frozen=True)
class _RoutePattern:
    pattern: re.Pattern[str]
    literal: bool
    methods: frozenset[str]


def _route_patterns(app: FastAPI) -> list[_RoutePattern]:
    patterns: list[_RoutePattern] | None = getattr(app.state, "route_patterns", None)
    if patterns is None:
        patterns = []
        for route in api_routes(app):
            regex, _, convertors = compile_path(route.path)
            patterns.append(_RoutePattern(regex, not convertors, route.methods))
        app.state.route_patterns = patterns
    return patterns


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


async def _uplift_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, UpliftError)
    language = request_language(request)
    return problem_response(
        request,
        exc.status,
        exc.messages[language],
        slug=exc.slug,
        errors=exc.field_errors(language),
        headers=exc.headers,
    )


async def _integrity_handler(request: Request, exc: Exception) -> JSONResponse:
    # Checked first in the services; this catches the race where two requests pass the
    # check together and the database's constraint stops the second.
    english = request_language(request) == "en"
    detail = (
        "This clashes with data saved a moment ago: reload and try again"
        if english
        else "與剛儲存的資料衝突，請重新載入後再試"
    )
    return problem_response(request, 409, detail, slug="conflict")


async def _busy_handler(request: Request, exc: Exception) -> JSONResponse:
    logger.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc)
    english = request_language(request) == "en"
    detail = (
        "The database is busy or unreachable: try again shortly"
        if english
        else ("資料庫忙碌或無法連線，請稍後再試")
    )
    return problem_response(request, 503, detail, headers={"Retry-After": "2"})


async def _unexpected_handler(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    language = request_language(request)
    detail = (
        "發生未預期的錯誤，已記錄。" if language == "zh-TW" else "An unexpected error was logged."
    )
    return problem_response(request, 500, detail)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
    app.add_exception_handler(UpliftError, _uplift_handler)
    app.add_exception_handler(IntegrityError, _integrity_handler)
    app.add_exception_handler(OperationalError, _busy_handler)
    app.add_exception_handler(PoolTimeoutError, _busy_handler)  # every connection is in use
    app.add_exception_handler(Exception, _unexpected_handler)


def problem_response_doc(status: int) -> dict[str, Any]:
    """The OpenAPI response object of a problem: problem+json, never plain JSON."""
    return {
        "description": title_for(status, "en"),
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI documentation of the problem responses a route may give."""
    return {status: {"model": Problem, **problem_response_doc(status)} for status in statuses}
