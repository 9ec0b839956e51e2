# syntax=docker/dockerfile:1
# Uplift in one image: the SPA built by node, served with the API by uvicorn as a non-root user.
# Configure it with the same UPLIFT_* variables as a local run (see README.md).

FROM node:20-bookworm-slim AS frontend
WORKDIR /src
COPY openapi/ openapi/
COPY frontend/package.json frontend/package-lock.json frontend/
RUN cd frontend && npm ci --no-audit --no-fund
COPY frontend/ frontend/
RUN cd frontend && npm run build

FROM python:3.11-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UPLIFT_ENVIRONMENT=production \
    UPLIFT_DATABASE_URL=sqlite:////app/var/uplift.db \
    UPLIFT_FRONTEND_DIST=/app/frontend/dist \
    UPLIFT_MIGRATIONS_DIR=/app/migrations
WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
COPY backend/ backend/
RUN pip install -c requirements.lock . \
    && useradd --system --uid 10001 --home-dir /app uplift \
    && mkdir -p /app/var && chown uplift /app/var
COPY migrations/ migrations/
COPY --from=frontend /src/frontend/dist/ frontend/dist/
USER uplift
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/v1/healthz', timeout=2)"]
# Migrating and seeding are idempotent; with several replicas run `uplift db upgrade` once as a
# release step and start the replicas with `uplift serve --host 0.0.0.0 --workers N` instead.
CMD ["sh", "-c", "uplift db upgrade && uplift seed && exec uplift serve --host 0.0.0.0 --port 8000"]
