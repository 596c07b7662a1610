#!/usr/bin/env bash
# HTTP benchmark of asta against nginx, measured side by side in the same run.
#
# For each database backend (SQLite always; PostgreSQL when ASTA_BENCH_PG_URL is set) it
# creates a fresh database, fills it with `asta demo`, creates an API token, starts
# `asta serve` on a free loopback port and checks that both endpoints answer 200 with
# the expected JSON (so a benchmark of 401s cannot pass). nginx serves, as static files,
# the exact bytes asta returned for each endpoint: it is the ceiling for moving that
# many bytes over keep-alive HTTP/1.1 on this machine. wrk then drives asta and nginx
# alternately, RUNS times each, and the script prints medians and asta's ratio to nginx.
#
# Usage: bench/http/run.sh                (after `make build`)
# Environment:
#   RUNS=3            measured runs per server and endpoint (medians are reported)
#   DURATION=10s      length of one wrk run;  WARMUP=2s  unmeasured run before the first
#   CONNECTIONS=64    keep-alive connections;  WRK_THREADS=2  wrk threads
#   ASTA_THREADS=     asta serve --threads (empty: asta's default)
#   NGINX_WORKERS=auto  nginx worker_processes (auto = one per core, like asta's pool)
#   SERVER_CPUS=, WRK_CPUS=   taskset CPU lists for the servers (asta and nginx alike) and
#                     for wrk, e.g. SERVER_CPUS=1 WRK_CPUS=0 NGINX_WORKERS=1 keeps the load
#                     generator off the servers' core; empty: no pinning
#   ASTA_BENCH_PG_URL=postgresql://user:pw@127.0.0.1:5432/postgres   an admin URL; the
#                     script creates its own database next to it and drops it on exit
#   ASTA_BIN=build/asta   KEEP=1 keeps the temporary directory (logs, raw wrk output)
#   STRICT=1          exit 1 when the SQLite target is missed
# Target (SQLite, 2 cores): >= 5,000 req/s, p99 <= 20 ms, zero errors.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
asta=${ASTA_BIN:-$root/build/asta}
runs=${RUNS:-3}
duration=${DURATION:-10s}
warmup=${WARMUP:-2s}
connections=${CONNECTIONS:-64}
wrk_threads=${WRK_THREADS:-2}
asta_threads=${ASTA_THREADS:-}
nginx_workers=${NGINX_WORKERS:-auto}
pg_admin_url=${ASTA_BENCH_PG_URL:-}
server_pin=()
wrk_pin=()
if [ -n "${SERVER_CPUS:-}" ]; then server_pin=(taskset -c "$SERVER_CPUS"); fi
if [ -n "${WRK_CPUS:-}" ]; then wrk_pin=(taskset -c "$WRK_CPUS"); fi
target_rps=5000
target_p99_ms=20

case "$asta" in /*) ;; *) asta="$PWD/$asta" ;; esac
if [ ! -x "$asta" ]; then
  echo "bench/http: $asta not found; run \`make build\` first" >&2
  exit 2
fi
for tool in wrk nginx curl; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "bench/http: $tool not found; run \`scripts/install-deps.sh bench\`" >&2
    exit 2
  fi
done
nginx_bin=$(command -v nginx)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/asta-bench.XXXXXX")
chmod 755 "$tmp"  # nginx workers may run as another user
pids=()
pg_db=""
status=0

cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "$pg_db" ]; then
    psql "$pg_admin_url" -qAt -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 ||
      echo "bench/http: could not drop database $pg_db" >&2
  fi
  if [ "${KEEP:-0}" = 1 ]; then
    echo "bench/http: kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "bench/http: $*" >&2; }

# A loopback TCP port nobody listens on now.
free_port() {
  local port i
  for i in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    if ! (: <>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "bench/http: no free port found" >&2
  return 1
}

wait_for_http() {  # url pid logfile
  local i
  for i in $(seq 1 100); do
    if curl -s -o /dev/null "$1"; then return 0; fi
    if ! kill -0 "$2" 2>/dev/null; then
      log "server exited; its log:"
      cat "$3" >&2
      return 1
    fi
    sleep 0.1
  done
  log "server did not answer at $1; its log:"
  cat "$3" >&2
  return 1
}

# --- nginx: one process for the whole run, serving $tmp/www -------------------------
mkdir -p "$tmp/nginx" "$tmp/www"
nginx_port=$(free_port)
nginx_user=""
if [ "$(id -u)" -eq 0 ]; then nginx_user="user root;"; fi
# worker_processes auto = one worker per core: nginx may use every core, as asta's
# thread pool may. Logging off and a large keepalive_requests so that every wrk
# connection stays open for the whole run, as it does against asta.
cat >"$tmp/nginx/nginx.conf" <<EOF
$nginx_user
worker_processes $nginx_workers;
error_log $tmp/nginx/error.log warn;
pid $tmp/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  charset_types application/json;
  charset utf-8;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  keepalive_timeout 65;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $tmp/www;
    location / { }
  }
}
EOF
echo ok >"$tmp/www/ping"
"${server_pin[@]}" "$nginx_bin" -e "$tmp/nginx/error.log" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" \
  -g 'daemon off;' 2>"$tmp/nginx/stderr.log" &
pids+=($!)
wait_for_http "http://127.0.0.1:$nginx_port/ping" "${pids[-1]}" "$tmp/nginx/error.log"

# --- helpers -------------------------------------------------------------------------
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Runs wrk once; prints "req_per_s p99_ms errors detail".
run_wrk() {  # url seconds outfile
  "${wrk_pin[@]}" wrk -t"$wrk_threads" -c"$connections" -d"$2" --latency -s "$here/auth.lua" "$1" >"$3" 2>&1 || true
  local line
  line=$(grep '^BENCH ' "$3" || true)
  if [ -z "$line" ]; then
    log "wrk produced no result for $1:"
    cat "$3" >&2
    echo "0 0 1 wrk-failed"
    return
  fi
  echo "$line" | awk '{
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    errors = f["connect"] + f["read"] + f["write"] + f["timeout"] + f["status"]
    printf "%.0f %.2f %d connect=%d,read=%d,write=%d,timeout=%d,status>=400=%d\n",
      f["requests"] * 1e6 / f["duration_us"], f["p99_us"] / 1000, errors,
      f["connect"], f["read"], f["write"], f["timeout"], f["status"] }'
}

table_rows=()
target_missed=0

# Measures one endpoint: asta at $1, nginx at $2, alternating which goes first.
bench_endpoint() {  # name slug backend asta_url nginx_url
  local name=$1 slug=$2 backend=$3 asta_url=$4 nginx_url=$5 i r server url out
  local -a a_rps=() a_p99=() n_rps=() n_p99=()
  local a_err=0 n_err=0
  run_wrk "$asta_url" "$warmup" "$tmp/warmup.out" >/dev/null
  run_wrk "$nginx_url" "$warmup" "$tmp/warmup.out" >/dev/null
  for i in $(seq 1 "$runs"); do
    local order="asta nginx"
    if [ $((i % 2)) -eq 0 ]; then order="nginx asta"; fi
    for server in $order; do
      if [ "$server" = asta ]; then url=$asta_url; else url=$nginx_url; fi
      out="$tmp/wrk-$backend-$slug-$server-$i.out"
      read -r -a r <<<"$(run_wrk "$url" "$duration" "$out")"
      log "$backend $name run $i $server: ${r[0]} req/s, p99 ${r[1]} ms, errors ${r[2]} (${r[3]})"
      if [ "$server" = asta ]; then
        a_rps+=("${r[0]}") a_p99+=("${r[1]}") a_err=$((a_err + r[2]))
      else
        n_rps+=("${r[0]}") n_p99+=("${r[1]}") n_err=$((n_err + r[2]))
      fi
    done
  done
  local am ap nm np ratio verdict
  am=$(printf '%s\n' "${a_rps[@]}" | median)
  ap=$(printf '%s\n' "${a_p99[@]}" | median)
  nm=$(printf '%s\n' "${n_rps[@]}" | median)
  np=$(printf '%s\n' "${n_p99[@]}" | median)
  ratio=$(awk -v a="$am" -v n="$nm" 'BEGIN { printf "%.2f", (n > 0 ? a / n : 0) }')
  verdict="-"
  if [ "$backend" = sqlite ]; then
    if awk -v r="$am" -v p="$ap" -v e="$a_err" -v tr="$target_rps" -v tp="$target_p99_ms" \
      'BEGIN { exit !(r >= tr && p <= tp && e == 0) }'; then
      verdict="met"
    else
      verdict="MISSED"
      target_missed=1
    fi
  fi
  table_rows+=("$(printf '| %s | %s | %.0f | %.2f | %d | %.0f | %.2f | %d | %s | %s |' \
    "$name" "$backend" "$am" "$ap" "$a_err" "$nm" "$np" "$n_err" "$ratio" "$verdict")")
}

# Fetches $2 from asta into $3 (with the token); fails unless 200.
fetch() {  # token url outfile
  local code
  code=$(curl -s -o "$3" -w '%{http_code}' -H "Authorization: Bearer $1" "$2")
  if [ "$code" != 200 ]; then
    log "GET $2 returned $code, expected 200:"
    cat "$3" >&2
    echo >&2
    return 1
  fi
}

# Sets up a database, starts asta on it, checks it and measures both endpoints.
bench_backend() {  # backend db_url
  local backend=$1 db_url=$2 token asta_log port asta_pid base code
  local -a thread_flag=()
  if [ -n "$asta_threads" ]; then thread_flag=(--threads "$asta_threads"); fi
  mkdir -p "$tmp/$backend" "$tmp/www/$backend"
  # Run from the temporary directory so that no asta.ini or web/dist of the caller's
  # working directory changes what is measured.
  (cd "$tmp/$backend" && "$asta" demo --db "$db_url" >"$tmp/$backend/demo.log" 2>&1) || {
    log "asta demo failed:"
    cat "$tmp/$backend/demo.log" >&2
    return 1
  }
  token=$(cd "$tmp/$backend" &&
    "$asta" token create --db "$db_url" --email admin@asta.example --name bench 2>"$tmp/$backend/token.log" |
    tail -n 1)
  if [ -z "$token" ]; then
    log "asta token create printed nothing:"
    cat "$tmp/$backend/token.log" >&2
    return 1
  fi
  asta_log="$tmp/$backend/serve.log"
  (cd "$tmp/$backend" && exec "${server_pin[@]}" "$asta" serve --db "$db_url" --listen 127.0.0.1:0 --no-access-log \
    "${thread_flag[@]}" >"$asta_log" 2>&1) &
  asta_pid=$!
  pids+=("$asta_pid")
  port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's|.*serving on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$asta_log" | head -n 1)
    if [ -n "$port" ] || ! kill -0 "$asta_pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  if [ -z "$port" ]; then
    log "asta serve did not start:"
    cat "$asta_log" >&2
    return 1
  fi
  base="http://127.0.0.1:$port"
  wait_for_http "$base/healthz" "$asta_pid" "$asta_log"

  # Correctness before load: 401 without the token, 200 and the right JSON with it.
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/users/1")
  if [ "$code" != 401 ]; then
    log "GET /api/v1/users/1 without a token returned $code, expected 401"
    return 1
  fi
  fetch "$token" "$base/api/v1/users/1" "$tmp/www/$backend/user.json"
  if ! grep -q '"id":1[,}]' "$tmp/www/$backend/user.json" ||
    ! grep -q '"email":"admin@asta.example"' "$tmp/www/$backend/user.json"; then
    log "GET /api/v1/users/1 is not user 1:"
    cat "$tmp/www/$backend/user.json" >&2
    return 1
  fi
  fetch "$token" "$base/api/v1/users?limit=50" "$tmp/www/$backend/users50.json"
  local n
  n=$(grep -o '"email":"[^"]*"' "$tmp/www/$backend/users50.json" | wc -l)
  if ! grep -q '^{"items":\[' "$tmp/www/$backend/users50.json" || [ "$n" -ne 50 ]; then
    log "GET /api/v1/users?limit=50 listed $n users, expected 50"
    return 1
  fi
  local user_bytes list_bytes
  user_bytes=$(wc -c <"$tmp/www/$backend/user.json")
  list_bytes=$(wc -c <"$tmp/www/$backend/users50.json")
  log "$backend: asta on $base (pid $asta_pid), nginx on port $nginx_port; bodies: user $user_bytes B, list $list_bytes B"
  # nginx must return the same number of bytes.
  for f in user users50; do
    local got want
    got=$(curl -s "http://127.0.0.1:$nginx_port/$backend/$f.json" | wc -c)
    want=$(wc -c <"$tmp/www/$backend/$f.json")
    if [ "$got" != "$want" ]; then
      log "nginx returned $got bytes for $f.json, expected $want"
      return 1
    fi
  done

  export ASTA_BENCH_TOKEN=$token
  bench_endpoint "GET /api/v1/users/1 (${user_bytes} B)" user "$backend" \
    "$base/api/v1/users/1" "http://127.0.0.1:$nginx_port/$backend/user.json"
  bench_endpoint "GET /api/v1/users?limit=50 (${list_bytes} B)" list "$backend" \
    "$base/api/v1/users?limit=50" "http://127.0.0.1:$nginx_port/$backend/users50.json"
  unset ASTA_BENCH_TOKEN

  kill "$asta_pid" 2>/dev/null || true
  wait "$asta_pid" 2>/dev/null || true
}

# --- run -----------------------------------------------------------------------------
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "$(nproc) cores ($cpu_model); load average before: $load_before"
pin_note=""
if [ -n "${SERVER_CPUS:-}${WRK_CPUS:-}" ]; then
  pin_note="; servers on CPUs ${SERVER_CPUS:-any}, wrk on CPUs ${WRK_CPUS:-any}"
fi
log "wrk -t$wrk_threads -c$connections -d$duration --latency, $runs runs per server, alternating$pin_note"

bench_backend sqlite "sqlite:$tmp/sqlite/asta.db"

pg_note="PostgreSQL skipped (set ASTA_BENCH_PG_URL to an admin URL to measure it)"
if [ -n "$pg_admin_url" ]; then
  if ! command -v psql >/dev/null 2>&1; then
    echo "bench/http: psql not found; run \`scripts/install-deps.sh bench\`" >&2
    exit 2
  fi
  pg_db="asta_bench_$$"
  pg_base=${pg_admin_url%%\?*}
  pg_query=""
  if [[ "$pg_admin_url" == *\?* ]]; then pg_query="?${pg_admin_url#*\?}"; fi
  if [[ "$pg_base" =~ ^(postgres(ql)?://[^/]+)(/.*)?$ ]]; then
    pg_url="${BASH_REMATCH[1]}/$pg_db$pg_query"
  else
    echo "bench/http: ASTA_BENCH_PG_URL must look like postgresql://user:pw@host:port/db" >&2
    exit 2
  fi
  psql "$pg_admin_url" -v ON_ERROR_STOP=1 -qAt -c "CREATE DATABASE $pg_db" >/dev/null
  bench_backend postgresql "$pg_url"
  pg_note=""
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "asta vs nginx (same body bytes as a static file), $(nproc) cores, $cpu_model"
echo "wrk -t$wrk_threads -c$connections -d$duration --latency; medians of $runs runs; errors summed over runs$pin_note"
echo "nginx worker_processes $nginx_workers; asta --threads ${asta_threads:-default}"
echo "load average before: $load_before, after: $load_after"
echo
echo "| endpoint | backend | asta req/s | asta p99 ms | asta errors | nginx req/s | nginx p99 ms | nginx errors | asta/nginx | target (SQLite) |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${table_rows[@]}"
echo
echo "target on SQLite: >= $target_rps req/s, p99 <= $target_p99_ms ms, 0 errors"
if [ -n "$pg_note" ]; then echo "$pg_note"; fi
if [ "$target_missed" = 1 ] && [ "${STRICT:-0}" = 1 ]; then status=1; fi
exit "$status"
