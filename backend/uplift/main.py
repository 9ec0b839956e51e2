"""The application: routers, error handlers, the ETag layer and the single-page app."""

import gc
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute
from starlette.types import ASGIApp

from uplift.audit.endpoints import router as audit_router
from uplift.auth.endpoints import router as auth_router
from uplift.config import Settings, get_settings
from uplift.contract import install_contract
from uplift.deliveries.endpoints import router as deliveries_router
from uplift.evidence.endpoints import router as evidence_router
from uplift.findings.endpoints import router as findings_router
from uplift.follow_ups.endpoints import router as follow_ups_router
from uplift.health.endpoints import router as health_router
from uplift.kit.body_limit import BodyLimitMiddleware
from uplift.kit.db import create_engines, create_sessionmaker
from uplift.kit.errors import install_error_handlers
from uplift.kit.etag import ETagMiddleware
from uplift.kit.head import HeadAsGetMiddleware
from uplift.kit.known_query import KNOWN_QUERY
from uplift.kit.route_index import install_route_index
from uplift.kit.security_headers import SecurityHeadersMiddleware, page_sources
from uplift.kit.spa import SinglePageApp
from uplift.kit.storage import UPLOAD_OVERHEAD_BYTES
from uplift.measures.endpoints import router as measures_router
from uplift.notifications.endpoints import router as notifications_router
from uplift.office_calendar.endpoints import router as office_calendar_router
from uplift.organizations.endpoints import router as organizations_router
from uplift.plans.endpoints import router as plans_router
from uplift.plans.page_cache import PageCache
from uplift.progress.endpoints import router as progress_router
from uplift.results.endpoints import router as results_router
from uplift.rounds.endpoints import router as rounds_router
from uplift.structure.endpoints import router as structure_router
from uplift.tokens.endpoints import router as tokens_router
from uplift.users.endpoints import router as users_router
from uplift.workers import in_process

API_PREFIX = "/api/v1"

TAGS = [
    {"name": "plans", "description": "Yearly service-efficiency improvement plans (計畫)."},
    {"name": "structure", "description": "Dimensions (面向) and strategies (執行策略)."},
    {"name": "measures", "description": "Concrete measures (具體推動作法) and indicators."},
    {"name": "progress", "description": "Progress reports (執行進度) on each measure."},
    {
        "name": "results",
        "description": "The year-end results report (執行績效與成果報告) of each enterprise, "
        "its due date and who is late.",
    },
    {
        "name": "rounds",
        "description": "Verification rounds (查證): the verification plan, status and notice, "
        "the panel with its assignments and conflicts (迴避), and the visits.",
    },
    {
        "name": "follow-ups",
        "description": "Follow-ups (管考) of issued recommendations: answers, decisions, "
        "extensions and units' handling, on working-day deadlines.",
    },
    {"name": "organizations", "description": "The commission, enterprises and their units."},
    {"name": "auth", "description": "Signing in and out; who am I."},
    {"name": "users", "description": "Accounts and roles (administrators)."},
    {"name": "tokens", "description": "API tokens for machines and scripts."},
    {"name": "audit", "description": "The append-only log of every write."},
    {"name": "health", "description": "Whether the service and its database answer."},
    {
        "name": "office calendar",
        "description": "The government office calendar that working-day deadlines count by.",
    },
]


def _operation_id(route: APIRoute) -> str:
    """Readable operation ids (list_measures), which become the generated client's names."""
    return route.name


def api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX, dependencies=[KNOWN_QUERY])
    for domain in (
        plans_router,
        structure_router,
        measures_router,
        progress_router,
        results_router,
        rounds_router,
        evidence_router,
        organizations_router,
        auth_router,
        users_router,
        tokens_router,
        audit_router,
        health_router,
        office_calendar_router,
        follow_ups_router,
        findings_router,
        deliveries_router,
        notifications_router,
    ):
        router.include_router(domain)
    return router


GC_THRESHOLDS = (50_000, 20, 100)  # gen 0 allocations, then gen 1 and 2 collections


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine, reader = create_engines(
            settings.database_url,
            pool_size=settings.database_pool_size,
            max_overflow=settings.database_max_overflow,
            pool_timeout=settings.database_pool_timeout_seconds,
            pool_recycle=settings.database_pool_recycle_seconds,
        )
        app.state.sessionmaker = create_sessionmaker(engine)
        app.state.read_engine = reader
        app.state.read_sessionmaker = create_sessionmaker(reader)
        # What start-up made (routes, models, compiled schemas) lives as long as the process:
        # moved out of the collector's reach, a full collection no longer walks it.
        gc.collect()
        gc.freeze()
        # A young collection every 700 new containers walked a page's rows many times over:
        # a measures page and a measure cost 13-15% less CPU, and a progress matrix at
        # 500 enterprises a quarter less, collecting every 50,000 (bench/cpu_per_request.py).
        gc.set_threshold(*GC_THRESHOLDS)
        async with in_process(settings, app.state.sessionmaker):  # SQLite: the outbox's jobs
            yield
        await engine.dispose()
        await reader.dispose()

    app = FastAPI(
        title="Uplift",
        summary="Service-efficiency improvement plans, from plan to verified result.",
        description=(
            "Plans, measures and indicators of Taiwan's state-owned enterprises' "
            "service-efficiency improvement plans. Errors are RFC 9457 problem+json in "
            "zh-TW or English (`Accept-Language`); reads carry an ETag and honour "
            "If-None-Match."
        ),
        version="0.1.0",
        openapi_tags=TAGS,
        generate_unique_id_function=_operation_id,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,  # it would load its script from a CDN; Swagger UI is served locally
    )
    app.state.settings = settings
    app.state.page_cache = PageCache(settings.page_cache_bytes)
    install_error_handlers(app)
    app.add_middleware(ETagMiddleware, path_prefix=f"{API_PREFIX}/")
    app.add_middleware(HeadAsGetMiddleware)
    app.add_middleware(  # outermost: a body too large is refused before anything else runs
        BodyLimitMiddleware,
        default_bytes=settings.max_body_bytes,
        by_path={
            f"{API_PREFIX}/plans/import": settings.import_max_bytes,
            f"{API_PREFIX}/evidence-files": settings.evidence_max_bytes + UPLOAD_OVERHEAD_BYTES,
        },
    )
    app.include_router(api_router())
    install_contract(app, path_prefix=f"{API_PREFIX}/")
    install_route_index(app, path_prefix=f"{API_PREFIX}/")
    swagger_ui = _add_swagger_ui(app, settings)
    _outermost(app, SecurityHeadersMiddleware, page_sources=page_sources(swagger_ui))
    if (settings.frontend_dist / "index.html").is_file():
        # The router's fallback rather than a mount at /: a mount would match every path first,
        # so a wrong method on an API route would get the app's 404 instead of a 405.
        app.router.default = SinglePageApp(settings.frontend_dist)
    return app


def _outermost(app: FastAPI, middleware: Callable[..., ASGIApp], **options: Any) -> None:
    """Wrap even Starlette's server-error layer, which add_middleware stays inside, so that a
    500 carries the headers too."""
    build = app.build_middleware_stack
    app.build_middleware_stack = lambda: middleware(build(), **options)  # type: ignore[method-assign]


def _add_swagger_ui(app: FastAPI, settings: Settings) -> str:
    """Swagger UI at /docs, from the copy the frontend build ships when there is one: a
    government network often has no route to a public CDN. Returns the page, which the
    Content-Security-Policy is fitted to."""
    assets: dict[str, Any] = {}
    if (settings.frontend_dist / "swagger-ui" / "swagger-ui-bundle.js").is_file():
        assets = {
            "swagger_js_url": "/swagger-ui/swagger-ui-bundle.js",
            "swagger_css_url": "/swagger-ui/swagger-ui.css",
            "swagger_favicon_url": "/swagger-ui/favicon-32x32.png",
        }

    html = get_swagger_ui_html(
        openapi_url=app.openapi_url or "/openapi.json",
        title="Uplift API",
        swagger_ui_parameters={"persistAuthorization": True, "displayRequestDuration": True},
        **assets,
    ).body
    page = bytes(html).decode()

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return HTMLResponse(page)

    return page


def openapi_json(app: FastAPI) -> str:
    """The OpenAPI document as committed in openapi/openapi.json (stable formatting)."""
    return json.dumps(app.openapi(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
