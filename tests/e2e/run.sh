#!/usr/bin/env bash
# Serve a freshly migrated and seeded Uplift (API + built SPA) on a free port, then run the
# browser tests in frontend/e2e against it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/.venv/bin"
work=$(mktemp -d)
port=$("$bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export UPLIFT_DATABASE_URL="sqlite:///$work/e2e.db"
export UPLIFT_STORAGE_DIR="$work/storage"
"$bin/uplift" db upgrade >/dev/null
"$bin/uplift" seed --demo >/dev/null
# The jobs are the worker's alone (not the server's in-process runner): it gives each one try.
UPLIFT_JOBS_IN_PROCESS=false "$bin/uplift" serve --port "$port" >"$work/server.log" 2>&1 &
server=$!
# A worker beside it: in-app notifications and e-mails are written after their requests commit.
# One try per delivery: a receiver that fails is given up at once (webhooks.e2e.ts replays it).
UPLIFT_WORKER_POLL_SECONDS=0.5 UPLIFT_DELIVERY_MAX_ATTEMPTS=1 "$bin/uplift" worker >"$work/worker.log" 2>&1 &
worker=$!
cleanup() {
  local status=$?
  kill "$server" "$worker" 2>/dev/null || true
  wait "$server" "$worker" 2>/dev/null || true
  if [ "$status" -ne 0 ]; then
    # What the server said about the requests that failed: the log goes with $work.
    echo "== the server's log, last 80 lines" >&2
    tail -n 80 "$work/server.log" >&2 || true
  fi
  # Last, where a CI log's tail shows it: the tests that failed, and those that passed only
  # on their second try (vitest.e2e.config.ts), each with its file.
  if [ -f "$work/e2e.log" ]; then
    sed 's/\x1b\[[0-9;]*m//g' "$work/e2e.log" >"$work/plain.log"
    { grep -E '\(retry x[0-9]+\)' "$work/plain.log"; grep -E -A4 '^ *FAIL ' "$work/plain.log"; } >"$work/summary" || true
    if [ -s "$work/summary" ]; then
      echo "== tests that failed or needed a second try" >&2
      cat "$work/summary" >&2
    fi
  fi
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  if curl -fsS "http://127.0.0.1:$port/api/v1/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then cat "$work/server.log" >&2; exit 1; fi
  sleep 0.2
done
echo "== end-to-end tests against http://127.0.0.1:$port"
cd "$root/frontend"
E2E_BASE_URL="http://127.0.0.1:$port" npm run e2e -- "$@" 2>&1 | tee "$work/e2e.log"  # e.g. e2e/evidence.e2e.ts
