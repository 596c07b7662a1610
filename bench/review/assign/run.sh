#!/usr/bin/env bash
# The assignment benchmark (issue 6): builds bench_assign and asta (release, under the
# shared build lock), then, for 10,000 × 10,000 and 20,000 × 20,000 (top 200 affinities
# per proposal, k = 3, load <= 6, 50,000 / 100,000 conflicts), runs 3 times:
#   bench_assign — asta's engine API and plain LEMON on the same data (JSON line each);
#   asta assign  — end to end from the CSV files, under /usr/bin/time -v, its output's
#                  total checked against the bench's optimum.
# Prints every run, then the medians. Usage: bench/review/assign/run.sh [RUNS]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
RUNS=${1:-3}
cd "$ROOT"
if [ ! -f build/CMakeCache.txt ]; then flock /tmp/asta-build.lock cmake --preset release >/dev/null; fi
flock /tmp/asta-build.lock cmake --build --preset release -j2 --target bench_assign >/dev/null
CLI=1
if ! flock /tmp/asta-build.lock cmake --build --preset release -j2 --target asta >/dev/null 2>&1; then
  echo "asta (release) does not build: asta assign end to end skipped" >&2
  CLI=0
fi
BENCH=build/bench/review/assign/bench_assign
ASTA=build/asta
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
field() { sed -n "s/.*\"$1\":\([^,}]*\).*/\1/p"; }

for size in "10000 50000" "20000 100000"; do
  set -- $size
  n=$1 conflicts=$2
  : >"$TMP/bench.jsonl"
  : >"$TMP/cli.txt"
  for run in $(seq 1 "$RUNS"); do
    "$BENCH" --n "$n" --conflicts "$conflicts" --csv "$TMP" | tee -a "$TMP/bench.jsonl"
    [ "$CLI" = 1 ] || continue
    /usr/bin/time -v "$ASTA" assign --scores "$TMP/scores.csv" --conflicts "$TMP/conflicts.csv" \
      --k 3 --max-load 6 --out "$TMP/assignment.csv" 2>"$TMP/time.txt" >/dev/null
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$TMP/time.txt" |
      awk -F: '{s=0; for (i=1;i<=NF;i++) s=s*60+$i; print s}')
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$TMP/time.txt")
    total=$(awk -F, 'NR>1 {s+=$3} END {printf "%.6f", s}' "$TMP/assignment.csv")
    want=$(tail -1 "$TMP/bench.jsonl" | field lemon_total)
    same=$(awk -v a="$total" -v b="$want" 'BEGIN {d=a-b; if (d<0) d=-d; print (d<1e-3 ? "true" : "false")}')
    echo "{\"n\":$n,\"cli_s\":$wall,\"cli_rss_mb\":$(awk -v k="$rss" 'BEGIN {printf "%.1f", k/1024}'),\"cli_total\":$total,\"cli_total_equal\":$same}" | tee -a "$TMP/cli.txt"
  done
  echo "== $n x $n, top 200, k 3, load <= 6, $conflicts conflicts: medians of $RUNS runs"
  for f in lemon_s lemon_build_s api_s ratio lemon_rss_mb api_rss_mb; do
    printf '  %-14s %s\n' "$f" "$(field "$f" <"$TMP/bench.jsonl" | median)"
  done
  for f in csv_s csv_read_s csv_rss_mb; do
    printf '  %-14s %s\n' "$f" "$(field "$f" <"$TMP/bench.jsonl" | median)"
  done
  if [ "$CLI" = 0 ]; then continue; fi
  for f in cli_s cli_rss_mb; do
    printf '  %-14s %s\n' "$f" "$(field "$f" <"$TMP/cli.txt" | median)"
  done
  lemon=$(field lemon_s <"$TMP/bench.jsonl" | median)
  cli=$(field cli_s <"$TMP/cli.txt" | median)
  printf '  %-14s %s\n' "cli/lemon" "$(awk -v a="$cli" -v b="$lemon" 'BEGIN {printf "%.2f", a/b}')"
  printf '  %-14s %s\n' "totals equal" "$(cat <(field totals_equal <"$TMP/bench.jsonl") <(field cli_total_equal <"$TMP/cli.txt") | sort -u | tr '\n' ' ')"
done
