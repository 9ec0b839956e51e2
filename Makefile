# Uplift: `make run` serves the 107 plan and the web app; `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/uplift_test

PY_STAMP := $(VENV)/.installed
NODE_STAMP := frontend/node_modules/.installed
SPA := frontend/dist/index.html
SPA_SOURCES := $(shell find frontend/src frontend/index.html frontend/public -type f 2>/dev/null) \
	frontend/package.json frontend/vite.config.ts

.PHONY: help install run test lint typecheck backend-suites test-backend test-postgres \
	migrations-check test-frontend api-types-check e2e browser openapi bench clean

help:
	@echo "make run   install, migrate, load the 107 plan, build the web app, serve http://$(HOST):$(PORT)"
	@echo "make test  every check: lint, types, backend on SQLite and PostgreSQL, frontend, end to end"

# --- installation -------------------------------------------------------------------------

$(PY_STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Uplift needs Python 3.11 or newer (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[dev]"
	@touch $@

$(NODE_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(SPA): $(NODE_STAMP) $(SPA_SOURCES)
	cd frontend && npm run build

install: $(PY_STAMP) $(NODE_STAMP)

# --- running ------------------------------------------------------------------------------

run: $(PY_STAMP) $(SPA)
	$(BIN)/uplift db upgrade
	$(BIN)/uplift seed --demo
	@echo "Uplift: http://$(HOST):$(PORT)/  (API: /api/v1, Swagger UI: /docs)"
	$(BIN)/uplift serve --host $(HOST) --port $(PORT) --with-worker

openapi: $(PY_STAMP) $(NODE_STAMP)
	$(BIN)/uplift openapi
	cd frontend && npm run gen:api

# Throughput against a bare FastAPI app (SQLite and PostgreSQL), then the scale run if present;
# progress at scale; e-mails delivered per second by the workers.
bench: $(PY_STAMP)
	$(BIN)/python bench/throughput.py
	@if [ -f bench/scale.py ]; then $(BIN)/python bench/scale.py; fi
	$(BIN)/python bench/progress.py
	$(BIN)/python bench/deliveries.py

# --- checks -------------------------------------------------------------------------------

test: lint typecheck backend-suites migrations-check test-frontend e2e
	@echo "make test: every check passed"

lint: $(PY_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: $(PY_STAMP)
	$(BIN)/mypy

# The two backend runs share nothing (a temporary SQLite file; PostgreSQL databases of their
# own), so they run side by side, a core each; each run's output is printed when it ends.
backend-suites: $(PY_STAMP)
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-backend test-postgres

test-backend: $(PY_STAMP)
	@echo "== backend tests on SQLite"
	$(BIN)/pytest

test-postgres: $(PY_STAMP)
	@if $(BIN)/python -c 'import socket; socket.create_connection(("127.0.0.1", 5432), 2).close()' 2>/dev/null; then \
		echo "== backend tests on PostgreSQL ($(PG_TEST_URL))"; \
		UPLIFT_TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest; \
	else \
		echo "== PostgreSQL does not answer on 127.0.0.1:5432: its run is skipped"; \
	fi

migrations-check: $(PY_STAMP)
	@echo "== migrations agree with the models on a fresh database"
	@tmp=$$(mktemp -d) && UPLIFT_DATABASE_URL=sqlite:///$$tmp/check.db $(BIN)/uplift db upgrade \
		&& UPLIFT_DATABASE_URL=sqlite:///$$tmp/check.db $(BIN)/uplift db check; \
		status=$$?; rm -rf $$tmp; exit $$status

api-types-check: $(NODE_STAMP)
	@echo "== frontend API types match openapi/openapi.json"
	@cd frontend && tmp=$$(mktemp --suffix=.d.ts) && npx openapi-typescript ../openapi/openapi.json -o $$tmp >/dev/null \
		&& diff -q src/api/schema.d.ts $$tmp \
		|| { echo "frontend/src/api/schema.d.ts is stale: run 'make openapi'"; exit 1; }

test-frontend: $(NODE_STAMP) api-types-check
	cd frontend && npm run typecheck
	cd frontend && npm run lint
	cd frontend && npm test

browser:
	@tests/e2e/ensure-browser.sh

e2e: $(PY_STAMP) $(SPA) browser
	tests/e2e/run.sh

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist var
