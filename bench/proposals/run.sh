#!/usr/bin/env bash
# Proposal submission benchmark (issue 5): N proposals submitted through the API on
# SQLite and on PostgreSQL, none lost, p99 per submission under 100 ms on 2 cores.
#
# For each backend (SQLite always; PostgreSQL when ASTA_BENCH_PG_URL is set) and each of
# RUNS runs it creates a fresh database with `asta demo`, starts `asta serve` on a free
# loopback port and runs bench_proposals.py against it: applicant accounts and one open
# multilateral call created through the API, N drafts, a baseline of N authenticated
# requests that do no work (GET /api/v1/session), then N submissions, all on the same
# CONCURRENCY keep-alive connections, then a check that the call lists exactly the N
# proposals as submitted with distinct receipt numbers. See bench/proposals/README.md.
#
# Usage: bench/proposals/run.sh           (after `make build`)
# Environment:
#   N=10000           proposals per run;  CONCURRENCY=8  keep-alive connections
#   APPLICANTS=50     applicant accounts owning the drafts (proposal i: applicant i mod 50)
#   RUNS=1            runs per backend, each on a fresh database (medians are reported)
#   ASTA_THREADS=     asta serve --threads (empty: asta's default)
#   SERVER_CPUS=, CLIENT_CPUS=   taskset CPU lists for asta serve and for the client
#   ASTA_BENCH_PG_URL=postgresql://user:pw@127.0.0.1:5432/postgres   an admin URL of a
#                     role that may create databases; each run creates its own database
#                     next to it and drops it afterwards
#   ASTA_BIN=build/asta   ASTA_COMMIT= the commit it was built from (default: HEAD)
#   OUT=bench/out/proposals.json   KEEP=1 keeps the temporary
#                     directory (server logs, per-run JSON)
#   STRICT=1          exit 1 when a backend loses a proposal, has an error, or has a
#                     submission p99 >= 100 ms
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
asta=${ASTA_BIN:-$root/build/asta}
n=${N:-10000}
concurrency=${CONCURRENCY:-8}
applicants=${APPLICANTS:-50}
runs=${RUNS:-1}
asta_threads=${ASTA_THREADS:-}
pg_admin_url=${ASTA_BENCH_PG_URL:-}
out=${OUT:-$root/bench/out/proposals.json}
server_pin=()
client_pin=()
if [ -n "${SERVER_CPUS:-}" ]; then server_pin=(taskset -c "$SERVER_CPUS"); fi
if [ -n "${CLIENT_CPUS:-}" ]; then client_pin=(taskset -c "$CLIENT_CPUS"); fi

case "$asta" in /*) ;; *) asta="$PWD/$asta" ;; esac
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac
if [ ! -x "$asta" ]; then
  echo "bench/proposals: $asta not found; run \`make build\` first" >&2
  exit 2
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "bench/proposals: python3 not found" >&2
  exit 2
fi
if [ -n "$pg_admin_url" ] && ! command -v psql >/dev/null 2>&1; then
  echo "bench/proposals: psql not found; run \`scripts/install-deps.sh bench\`" >&2
  exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/asta-bench-proposals.XXXXXX")
asta_pid=""
pg_db=""

log() { echo "bench/proposals: $*" >&2; }

drop_pg_db() {
  if [ -n "$pg_db" ]; then
    psql "$pg_admin_url" -qAt -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 ||
      log "could not drop database $pg_db"
    pg_db=""
  fi
}

stop_asta() {
  if [ -n "$asta_pid" ]; then
    kill "$asta_pid" 2>/dev/null || true
    wait "$asta_pid" 2>/dev/null || true
    asta_pid=""
  fi
}

# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  stop_asta
  drop_pg_db
  if [ "${KEEP:-0}" = 1 ]; then
    log "kept $tmp"
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The PostgreSQL URL of database $2 on the server of admin URL $1.
pg_url_for() {  # admin_url db
  local base=${1%%\?*} query=""
  if [[ "$1" == *\?* ]]; then query="?${1#*\?}"; fi
  if [[ "$base" =~ ^(postgres(ql)?://[^/]+)(/.*)?$ ]]; then
    echo "${BASH_REMATCH[1]}/$2$query"
  else
    log "ASTA_BENCH_PG_URL must look like postgresql://user:pw@host:port/db"
    return 1
  fi
}

run_files=()
failed_runs=0

# One run: fresh database, demo data, asta serve, the client. Failures of the client are
# recorded in its JSON (and counted); failures to set up the server stop the script.
one_run() {  # backend db_url run_number
  local backend=$1 db_url=$2 run=$3 dir port rc
  local -a thread_flag=()
  if [ -n "$asta_threads" ]; then thread_flag=(--threads "$asta_threads"); fi
  dir="$tmp/$backend-$run"
  mkdir -p "$dir"
  # From the temporary directory so that no asta.ini of the caller's directory applies.
  local t0=$SECONDS
  (cd "$dir" && "$asta" demo --db "$db_url" >"$dir/demo.log" 2>&1) || {
    log "asta demo failed:"
    cat "$dir/demo.log" >&2
    return 1
  }
  log "$backend run $run: demo database in $((SECONDS - t0)) s"
  (cd "$dir" && exec "${server_pin[@]}" "$asta" serve --db "$db_url" --listen 127.0.0.1:0 \
    --no-access-log "${thread_flag[@]}" >"$dir/serve.log" 2>&1) &
  asta_pid=$!
  port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's|.*serving on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$dir/serve.log" | head -n 1)
    if [ -n "$port" ] || ! kill -0 "$asta_pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ -z "$port" ]; then
    log "asta serve did not start:"
    cat "$dir/serve.log" >&2
    return 1
  fi
  log "$backend run $run: asta serve on 127.0.0.1:$port (pid $asta_pid)"
  rc=0
  "${client_pin[@]}" python3 "$here/bench_proposals.py" run --port "$port" --backend "$backend" \
    --n "$n" --concurrency "$concurrency" --applicants "$applicants" --seed "$((4 + run))" \
    --server-pid "$asta_pid" \
    --out "$dir/result.json" || rc=$?
  if ! kill -0 "$asta_pid" 2>/dev/null; then
    log "$backend run $run: asta serve exited during the run; the end of its log:"
    tail -n 40 "$dir/serve.log" >&2
    rc=1
  fi
  stop_asta
  if [ -f "$dir/result.json" ]; then
    run_files+=("$dir/result.json")
  fi
  if [ "$rc" -ne 0 ]; then
    failed_runs=$((failed_runs + 1))
    log "$backend run $run: the client reported a failure (exit $rc); server log: $dir/serve.log"
    if grep -qiE 'error|fatal|abort' "$dir/serve.log"; then
      grep -iE 'error|fatal|abort' "$dir/serve.log" | head -n 20 >&2
    fi
  fi
  return 0
}

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# The commit the binary was built from; by default the checkout's HEAD (set ASTA_COMMIT
# when ASTA_BIN was built elsewhere).
commit=${ASTA_COMMIT:-$(git -C "$root" log -1 --format='%h %s' 2>/dev/null | cut -c1-100 || true)}
log "$(nproc) cores ($cpu_model); load average before: $load_before"
log "N=$n, $concurrency connections, $applicants applicants, $runs run(s) per backend"

for run in $(seq 1 "$runs"); do
  one_run sqlite "sqlite:$tmp/sqlite-$run/asta.db" "$run"
done
if [ -n "$pg_admin_url" ]; then
  for run in $(seq 1 "$runs"); do
    pg_db="asta_bench_proposals_$$_$run"
    psql "$pg_admin_url" -v ON_ERROR_STOP=1 -qAt -c "CREATE DATABASE $pg_db" >/dev/null
    one_run postgresql "$(pg_url_for "$pg_admin_url" "$pg_db")" "$run"
    drop_pg_db
  done
else
  log "PostgreSQL skipped (set ASTA_BENCH_PG_URL to an admin URL to measure it)"
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

strict=()
if [ "${STRICT:-0}" = 1 ]; then strict=(--strict); fi
status=0
python3 "$here/bench_proposals.py" report --out "$out" --cpu "$cpu_model" --commit "$commit" \
  --load-before "$load_before" --load-after "$load_after" "${strict[@]}" "${run_files[@]}" ||
  status=$?
echo "load average before: $load_before, after: $load_after"
if [ "$failed_runs" -gt 0 ]; then
  log "$failed_runs run(s) failed; see the messages above"
  if [ "${STRICT:-0}" = 1 ]; then status=1; fi
fi
exit "$status"
