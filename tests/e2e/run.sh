#!/usr/bin/env bash
# Runs the browser test (e2e.mjs) against a fresh asta server with the demo data.
#
#   tests/e2e/run.sh [ASTA_BINARY]     # default: build-debug/asta (relative to the repo root)
#   tests/e2e/run.sh --mock            # against mock-server.mjs instead (UI development)
#
# Creates a temporary database, runs `asta demo` and `asta serve` on a free port with the
# built UI (web/dist, built first if missing), waits for /healthz, runs the test and
# stops the server. Screenshots and the server log go to a temporary directory whose
# path is printed. Exits non-zero when any check fails.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
MOCK=0
if [[ "${1:-}" == "--mock" ]]; then
  MOCK=1
else
  ASTA="${1:-build-debug/asta}"
  if [[ "$ASTA" != /* ]]; then
    if [[ -x "$PWD/$ASTA" ]]; then ASTA="$PWD/$ASTA"; else ASTA="$ROOT/$ASTA"; fi
  fi
  if [[ ! -x "$ASTA" ]]; then
    echo "run.sh: asta binary not found or not executable: $ASTA" >&2
    exit 2
  fi
fi

export ASTA_E2E_EMAIL="${ASTA_E2E_EMAIL:-admin@asta.example}"
export ASTA_E2E_PASSWORD="${ASTA_E2E_PASSWORD:-asta-demo-2026}"

if [[ ! -f "$ROOT/web/dist/index.html" ]]; then
  echo "run.sh: building the web UI (web/dist is missing)"
  (cd "$ROOT/web" && npm ci --no-audit --no-fund && npm run build)
fi
if [[ ! -d "$HERE/node_modules/playwright-core" ]]; then
  (cd "$HERE" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/asta-e2e-db-XXXXXX")"
ARTIFACTS="$(mktemp -d "${TMPDIR:-/tmp}/asta-e2e-XXXXXX")"
export ASTA_E2E_SHOTS="${ASTA_E2E_SHOTS:-$ARTIFACTS/screenshots}"
LOG="$ARTIFACTS/server.log"
SERVER_PID=""

cleanup() {
  local status=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
  if [[ $status -ne 0 && -s "$LOG" ]]; then
    echo "---- last lines of the server log ($LOG) ----"
    tail -n 40 "$LOG"
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
BASE="http://127.0.0.1:$PORT"

if [[ $MOCK -eq 1 ]]; then
  node "$HERE/mock-server.mjs" --listen "127.0.0.1:$PORT" --web-root "$ROOT/web/dist" >"$LOG" 2>&1 &
  SERVER_PID=$!
else
  echo "run.sh: $ASTA demo --db sqlite:$TMP/asta.db"
  "$ASTA" demo --db "sqlite:$TMP/asta.db" >"$ARTIFACTS/demo.log" 2>&1 || {
    echo "run.sh: 'asta demo' failed:" >&2
    tail -n 40 "$ARTIFACTS/demo.log" >&2
    exit 1
  }
  "$ASTA" serve --db "sqlite:$TMP/asta.db" --listen "127.0.0.1:$PORT" --web-root "$ROOT/web/dist" >"$LOG" 2>&1 &
  SERVER_PID=$!
fi

for i in $(seq 150); do
  if curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "run.sh: the server exited before becoming healthy" >&2
    exit 1
  fi
  if [[ $i -eq 150 ]]; then
    echo "run.sh: $BASE/healthz did not answer within 15 s" >&2
    exit 1
  fi
  sleep 0.1
done
echo "run.sh: server up at $BASE (log: $LOG)"

cd "$HERE"
node e2e.mjs "$BASE"
